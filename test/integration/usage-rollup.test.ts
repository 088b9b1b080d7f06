// The admin views read rollups the usage flush keeps, not the raw buckets. Over two months of
// calls at random hours, with flushes at random times, gaps longer than a day and than a month,
// and calls counted late, the rollups must always equal what the raw buckets say.
import { afterEach, describe, expect, it } from 'vitest';
import { createTenant, requireAdmin, unlockTenant, type Space } from '../../src/engine/index.js';
import { adminInsights, adminTenants } from '../../src/engine/space/admin.js';
import { FLUSH_CHUNK } from '../../src/engine/space/usage.js';
import { newHome, PASS_SARAH, removeDir } from '../helpers.js';

const HOUR = 3_600_000;
let dir: string | undefined;
let space: Space | undefined;
afterEach(async () => {
  await space?.close();
  if (dir) await removeDir(dir);
});

/** What the tenants view said before the rollups, straight from the raw rows. */
async function fromRaw(s: Space, now: number) {
  const hourNow = Math.floor(now / HOUR);
  const h = await s.registry.all<{ tenant_id: string; calls: number; errors: number }>(
    'SELECT tenant_id, sum(calls) AS calls, sum(errors) AS errors FROM usage_hourly WHERE hour > ? GROUP BY tenant_id',
    [hourNow - 24],
  );
  const d = await s.registry.all<{ tenant_id: string; calls: number; errors: number; approvals: number; denials: number }>(
    'SELECT tenant_id, sum(calls) AS calls, sum(errors) AS errors, sum(approvals) AS approvals, sum(denials) AS denials FROM usage_daily WHERE day > ? GROUP BY tenant_id',
    [Math.floor(hourNow / 24) - 30],
  );
  const out = new Map<string, { calls24h: number; errors24h: number; calls30d: number; errors30d: number; approvals30d: number; denials30d: number }>();
  const get = (id: string) => out.get(id) ?? out.set(id, { calls24h: 0, errors24h: 0, calls30d: 0, errors30d: 0, approvals30d: 0, denials30d: 0 }).get(id)!;
  for (const r of h) Object.assign(get(r.tenant_id), { calls24h: r.calls, errors24h: r.errors });
  for (const r of d) Object.assign(get(r.tenant_id), { calls30d: r.calls, errors30d: r.errors, approvals30d: r.approvals, denials30d: r.denials });
  return out;
}

/** A space on a clock the test moves, with profiles by these names (the first is its admin). */
async function rollupSpace(clock: () => number, names: string[]) {
  const made = await newHome({ now: clock });
  dir = made.dir;
  await made.home.createSpace('Rollups');
  space = await made.home.openSpace();
  const s = space;
  const ids: string[] = [];
  for (const name of names) ids.push((await createTenant(s, { name, passphrase: PASS_SARAH })).id);
  const admin = await requireAdmin(s, await unlockTenant(s, names[0]!, PASS_SARAH));
  return { s, ids, admin };
}

describe('usage rollups', () => {
  it('equal the raw counters through two months of calls, late counts and long gaps', async () => {
    let now = Date.UTC(2026, 9, 1, 9, 30);
    const { s, ids, admin } = await rollupSpace(() => now, ['Sarah', 'June', 'Emily']);

    // A fixed pseudo-random sequence, so a failure reproduces.
    let seed = 7;
    const rand = (n: number): number => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const connectors = ['slack', 'github', 'notion'];
    let checks = 0;
    for (let step = 0; step < 400; step++) {
      // Mostly a few hours at a time; now and then a gap of more than a day, or more than a month.
      const gap = rand(40) === 0 ? 31 * 24 : rand(12) === 0 ? 30 : rand(7);
      now += gap * HOUR + rand(60) * 60_000;
      for (let c = rand(6); c > 0; c--) {
        const late = rand(5) === 0 ? rand(30) * HOUR : 0; // counted late: from an earlier hour
        const approval = rand(9) === 0 ? 'approved' : rand(9) === 0 ? 'denied' : undefined;
        s.usage.record(ids[rand(3)]!, connectors[rand(3)]!, now - late, rand(4) !== 0, 100 + rand(400), approval);
      }
      if (rand(3) !== 0) continue;
      const view = await adminTenants(s, admin); // flushes and moves the windows first
      const raw = await fromRaw(s, now);
      for (const t of view) {
        const want = raw.get(t.id) ?? { calls24h: 0, errors24h: 0, calls30d: 0, errors30d: 0, approvals30d: 0, denials30d: 0 };
        expect({ step, calls24h: t.calls24h, errors24h: t.errors24h, calls30d: t.calls30d, errors30d: t.errors30d, approvals30d: t.approvals30d, denials30d: t.denials30d }).toEqual({ step, ...want });
      }
      checks++;
    }
    expect(checks).toBeGreaterThan(50);
    expect((await adminTenants(s, admin)).reduce((n, t) => n + t.calls30d, 0)).toBeGreaterThan(0);

    // Insights: per connector, every call of the window; per profile, the same totals here (three profiles).
    const insights = await adminInsights(s, admin, 30);
    const rawByConnector = await s.registry.all<{ calls: number }>('SELECT sum(calls) AS calls FROM usage_daily WHERE day > ? GROUP BY connector_id', [Math.floor(now / HOUR / 24) - 30]);
    const sum = (xs: { calls: number }[]) => xs.reduce((n, x) => n + x.calls, 0);
    expect(sum(insights.byConnector)).toBe(sum(rawByConnector));
    expect(sum(insights.byTenant)).toBe(sum(rawByConnector));
  });

  it('rebuilds from the raw rows when the rollups are missing (a registry from before them)', async () => {
    let now = Date.UTC(2026, 9, 1, 9, 30);
    const { s, ids: [sarah], admin } = await rollupSpace(() => now, ['Sarah']);
    for (let i = 0; i < 10; i++) s.usage.record(sarah!, 'slack', now - i * 3 * HOUR, i % 3 !== 0, 120);
    await s.usage.flush();
    await s.registry.exec('DELETE FROM usage_rollup; DELETE FROM usage_rollup_meta;');
    now += HOUR;
    const [view] = await adminTenants(s, admin);
    expect(view).toMatchObject({ calls24h: 8, errors24h: 3, calls30d: 10, errors30d: 4 });
  });

  it('writes a large flush in chunks, letting the event loop run between them, and loses nothing', async () => {
    const now = Date.UTC(2026, 9, 1, 9, 30);
    const { s, ids, admin } = await rollupSpace(() => now, ['Sarah', 'June', 'Emily']);
    let buckets = 0;
    for (const id of ids) for (const connector of ['slack', 'github', 'notion']) for (let h = 0; h < 40; h++) {
      s.usage.record(id, connector, now - h * HOUR, h % 5 !== 0, 100);
      buckets++;
    }
    expect(buckets).toBeGreaterThan(3 * FLUSH_CHUNK);
    const turns: number[] = [];
    const ticker = setInterval(() => turns.push(Date.now()), 0);
    const timer = setImmediate(() => turns.push(-1));
    await s.usage.flush();
    clearInterval(ticker);
    clearImmediate(timer);
    expect(turns.length).toBeGreaterThan(0); // the loop ran while the flush was under way
    const view = await adminTenants(s, admin);
    const raw = await fromRaw(s, now);
    for (const t of view) expect({ calls24h: t.calls24h, calls30d: t.calls30d, errors30d: t.errors30d }).toEqual({ calls24h: raw.get(t.id)!.calls24h, calls30d: raw.get(t.id)!.calls30d, errors30d: raw.get(t.id)!.errors30d });
    expect(view.reduce((n, t) => n + t.calls30d, 0)).toBe(buckets);
  });
});
