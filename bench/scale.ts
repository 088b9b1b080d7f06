/**
 * The scale rows of `npm run bench` (issue 14's table): calls spread over K tenants against one,
 * K = 1 … 10,000 unlocked in this one process (sequential latency and throughput, side by side);
 * descriptors and memory per unlocked tenant; the first call of a new session at 10,000 tenants;
 * the admin tenants view and insights at 10,000 tenants and ≈ 1.6 M usage rows; and
 * `switchboard exec` as a whole process against `node -e` doing the one request.
 * Tenants are made with a cheap KDF (N = 2^10): the KDF is not what these measure.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { builtinCatalog, connect, createTenant, enableActions, Home, requireAdmin, routerFor, unlockTenant, type TenantSession } from '../src/engine/index.js';
import { adminInsights, adminTenants } from '../src/engine/space/admin.js';
import { VAULT_POOL } from '../src/engine/db/handle-pool.js';
import { median, row, type Row } from './stats.js';
import type { Target } from './targets.js';

const PASS = 'correct horse battery staple';
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };
/** `SWITCHBOARD_BENCH_TENANTS` caps the sweep (a quick look); the table is measured at 10,000. */
const MAX_TENANTS = Number(process.env.SWITCHBOARD_BENCH_TENANTS) || 10_000;
const SWEEP = [1, 10, 100, 1000, 10_000].filter((k) => k <= MAX_TENANTS);

const fds = (): number => readdirSync('/proc/self/fd').length;

export async function benchScale(root: string, base: string, log: (line: string) => void): Promise<{ rows: Row[]; targets: Target[]; notes: string[] }> {
  const rows: Row[] = [];
  const targets: Target[] = [];
  const notes: string[] = [];
  const catalog = builtinCatalog();
  const homeDir = join(root, 'scale');
  const home = new Home(homeDir, { scryptCost: CHEAP });
  await home.createSpace('Scale');
  const space = await home.openSpace();
  const router = routerFor(space);
  const total = SWEEP.at(-1)!;
  try {
    const startedAt = performance.now();
    for (let i = 0; i < total; i++) {
      await createTenant(space, { name: `t${String(i).padStart(5, '0')}`, passphrase: PASS });
      if (i % 2000 === 1999) log(`scale: ${i + 1} tenants created`);
    }
    const createdIn = (performance.now() - startedAt) / 1000;
    const fdsBefore = fds();
    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const sessions: TenantSession[] = [];
    for (let i = 0; i < total; i++) {
      const session = await unlockTenant(space, `t${String(i).padStart(5, '0')}`, PASS);
      await connect(session, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token: `xoxb-scale-${i}-0000000000` }, baseUrl: base });
      await enableActions(session, catalog, ['slack.list_channels']);
      sessions.push(session);
    }
    globalThis.gc?.();
    const fdsAdded = fds() - fdsBefore;
    const fdsPer = fdsAdded / total;
    const rssPer = (process.memoryUsage().rss - rssBefore) / total / 1024;
    log(`scale: ${total} tenants unlocked`);
    targets.push({
      measure: `unlocked tenants in one process (pool of ${VAULT_POOL.max} open vaults)`,
      figure: `${total.toLocaleString('en-US')} unlocked; ${fdsAdded.toLocaleString('en-US')} fds in all (${fdsPer.toFixed(2)} per tenant), ${rssPer.toFixed(0)} KiB RSS per tenant`,
      target: '10,000 and more, with bounded fds and memory',
      met: total >= 10_000 && fdsAdded <= VAULT_POOL.max * 3 + 32,
      note: `created in ${createdIn.toFixed(0)} s; descriptors bounded by the pool (3 per open vault), not the tenant count`,
    });

    const call = (s: TenantSession) => router.execute(s, 'slack.list_channels', {}, { via: 'cli' });
    // Warm every session once (each first call reads its setup), then interleave the K values.
    for (const s of sessions) await call(s);
    const perK = new Map<number, number[]>(SWEEP.map((k) => [k, []]));
    let cursor = 0;
    for (let round = 0; round < 10; round++) {
      for (const k of SWEEP) {
        const samples = perK.get(k)!;
        for (let i = 0; i < 100; i++) {
          const s = sessions[cursor++ % k]!;
          const t = performance.now();
          await call(s);
          samples.push(performance.now() - t);
        }
      }
    }
    const one = median(perK.get(1)!);
    for (const k of SWEEP) rows.push(row(`router call spread over ${k.toLocaleString('en-US')} tenant${k === 1 ? '' : 's'}`, perK.get(k)!, k === 1 ? '—' : '≤ 1.1× one tenant', k === 1 ? undefined : `${(median(perK.get(k)!) / one).toFixed(2)}×`));

    const throughput = async (k: number, calls: number): Promise<number> => {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 100 }, async () => {
          while (next < calls) await call(sessions[next++ % k]!);
        }),
      );
      return calls / ((performance.now() - started) / 1000);
    };
    const tput = new Map<number, number>();
    for (let run = 0; run < 2; run++) for (const k of SWEEP) tput.set(k, Math.max(tput.get(k) ?? 0, await throughput(k, 3000)));
    const worstLatency = Math.max(...SWEEP.slice(1).map((k) => median(perK.get(k)!) / one));
    const worstTput = Math.min(...SWEEP.slice(1).map((k) => tput.get(k)! / tput.get(1)!));
    targets.push({
      measure: 'calls spread over K tenants vs one, K = 10 … 10,000',
      figure: `per call ${SWEEP.slice(1).map((k) => `${(median(perK.get(k)!) / one).toFixed(2)}×`).join(' / ')}; throughput ${SWEEP.slice(1).map((k) => `${(tput.get(k)! / tput.get(1)!).toFixed(2)}×`).join(' / ')}`,
      target: '≤ 1.1× per call, throughput ≥ 0.9×',
      met: worstLatency <= 1.1 && worstTput >= 0.9,
      note: `K = ${SWEEP.slice(1).join(', ')}; one tenant ${one.toFixed(3)} ms, ${tput.get(1)!.toFixed(0)} calls/s (100 in flight)`,
    });

    // The first call of a session just unlocked, with 10,000 tenants in the registry.
    const first: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < 20; i++) {
      const at = Math.floor((i * total) / 20);
      await sessions[at]!.lock();
      const fresh = await unlockTenant(space, `t${String(at).padStart(5, '0')}`, PASS);
      sessions[at] = fresh;
      let t = performance.now();
      await call(fresh);
      first.push(performance.now() - t);
      t = performance.now();
      await call(fresh);
      warm.push(performance.now() - t);
    }
    const extra = median(first) - median(warm);
    rows.push(row(`first call of a session, ${total.toLocaleString('en-US')} tenants`, first, '≤ 0.5 ms over a warm call', `warm call ${median(warm).toFixed(3)} ms`));
    targets.push({
      measure: `first call of a session at ${total.toLocaleString('en-US')} tenants`,
      figure: `${median(first).toFixed(2)} ms (${extra.toFixed(2)} ms over the next call)`,
      target: '≤ 0.5 ms, independent of tenant count',
      met: extra <= 0.5,
    });

    // Admin views over ≈ 1.6 M usage rows: 30 days × 5 connectors per tenant, plus the last 48 hours.
    const dayNow = Math.floor(Date.now() / 86_400_000);
    const hourNow = Math.floor(Date.now() / 3_600_000);
    const seedStart = performance.now();
    await space.registry.transaction(async (tx) => {
      await tx.run(
        `WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < 29), c(name) AS (VALUES ('slack'), ('github'), ('notion'), ('gmail'), ('jira'))
         INSERT OR IGNORE INTO usage_daily (tenant_id, day, connector_id, calls, errors, total_ms, approvals, denials)
         SELECT t.id, ? - d.n, c.name, 10 + (abs(random()) % 50), abs(random()) % 3, 1200, 0, 0 FROM tenant t, d, c`,
        [dayNow],
      );
      await tx.run(
        `WITH RECURSIVE h(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM h WHERE n < 5)
         INSERT OR IGNORE INTO usage_hourly (tenant_id, hour, connector_id, calls, errors, total_ms, approvals, denials)
         SELECT t.id, ? - h.n * 8, 'slack', 3, 0, 360, 0, 0 FROM tenant t, h`,
        [hourNow],
      );
      await tx.run('INSERT OR REPLACE INTO usage_tenant_daily (tenant_id, day, calls, errors, total_ms) SELECT tenant_id, day, sum(calls), sum(errors), sum(total_ms) FROM usage_daily GROUP BY tenant_id, day');
      await tx.run('INSERT OR REPLACE INTO usage_connector_daily (day, connector_id, calls, errors, total_ms) SELECT day, connector_id, sum(calls), sum(errors), sum(total_ms) FROM usage_daily GROUP BY day, connector_id');
      await tx.run('DELETE FROM usage_rollup_meta'); // the next flush rebuilds the windows from these rows
    });
    const usageRows = (await space.registry.get<{ n: number }>('SELECT (SELECT count(*) FROM usage_daily) + (SELECT count(*) FROM usage_hourly) AS n'))!.n;
    log(`scale: seeded ${usageRows} usage rows`);
    const admin = await requireAdmin(space, sessions[0]!);
    const rebuild = performance.now();
    await adminTenants(space, admin);
    const rebuildMs = performance.now() - rebuild;
    const view: number[] = [];
    const insights: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < 10; i++) {
      let t = performance.now();
      await adminTenants(space, admin);
      view.push(performance.now() - t);
      t = performance.now();
      await adminInsights(space, admin, 30);
      insights.push(performance.now() - t);
      t = performance.now();
      await space.registry.all('SELECT tenant_id, sum(calls), sum(errors) FROM usage_daily WHERE day > ? GROUP BY tenant_id', [dayNow - 30]);
      raw.push(performance.now() - t);
    }
    const rowsText = `${total.toLocaleString('en-US')} tenants, ${(usageRows / 1e6).toFixed(2)} M usage rows`;
    rows.push(row(`admin tenants view, ${rowsText}`, view, '≤ 50 ms', `the same 30-day sums from the raw rows: ${median(raw).toFixed(0)} ms`));
    rows.push(row('admin insights, 30 days', insights, '≤ 200 ms'));
    targets.push({ measure: `admin tenants view at ${rowsText}`, figure: `${median(view).toFixed(1)} ms`, target: '≤ 50 ms', met: median(view) <= 50, note: `rollups rebuilt from the raw rows once in ${rebuildMs.toFixed(0)} ms` });
    targets.push({ measure: 'admin insights for 30 days, same space', figure: `${median(insights).toFixed(1)} ms`, target: '≤ 200 ms', met: median(insights) <= 200 });
    notes.push(`scale: seeded ${usageRows.toLocaleString('en-US')} usage rows in ${((performance.now() - seedStart) / 1000).toFixed(1)} s.`);
  } finally {
    await space.close();
  }

  // `switchboard exec` as a whole process against `node -e` doing the same one request.
  {
    const execHome = new Home(join(root, 'exec'), { scryptCost: CHEAP });
    await execHome.createSpace('Exec');
    const s = await execHome.openSpace();
    await createTenant(s, { name: 'Sarah', passphrase: PASS });
    const session = await unlockTenant(s, 'Sarah', PASS);
    await connect(session, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token: 'xoxb-exec-0000000000' }, baseUrl: base });
    await enableActions(session, catalog, ['slack.list_channels']);
    await s.close();
    const cli = join(import.meta.dirname, '..', 'bin', 'switchboard.js');
    const env = { ...process.env, SWITCHBOARD_PASSPHRASE: PASS };
    const script = `fetch(${JSON.stringify(`${base}/conversations.list`)}, { headers: { authorization: 'Bearer xoxb-exec-0000000000' } }).then((r) => r.json()).then((j) => console.log(JSON.stringify(j)))`;
    const node: number[] = [];
    const exec: number[] = [];
    for (let i = 0; i < 8; i++) {
      let t = performance.now();
      execFileSync(process.execPath, ['-e', script]);
      node.push(performance.now() - t);
      t = performance.now();
      execFileSync(process.execPath, [cli, 'exec', 'slack.list_channels', '--tenant', 'Sarah', '--home', join(root, 'exec')], { env });
      exec.push(performance.now() - t);
    }
    rows.push(row('`node -e` doing one fetch (whole process)', node, '—'));
    rows.push(row('`switchboard exec` (whole process, cheap KDF)', exec, '≤ 1.5× node -e', `${(median(exec) / median(node)).toFixed(2)}×`));
    targets.push({ measure: '`switchboard exec` as a whole process vs `node -e` doing one fetch', figure: `${(median(exec) / median(node)).toFixed(2)}× (${median(exec).toFixed(0)} vs ${median(node).toFixed(0)} ms)`, target: '≤ 1.5×', met: median(exec) / median(node) <= 1.5, note: 'the unlock uses the cheap KDF here' });
  }
  return { rows, targets, notes };
}
