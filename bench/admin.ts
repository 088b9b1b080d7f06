/**
 * The admin tenants view with 1,000 tenants and 1,000,000 activity rows spread across them
 * (1,000 per vault, over 30 days, 3 connectors), with the counters their sessions publish.
 * Tenants use a cheap KDF: the KDF is not what this measures.
 */
import { join } from 'node:path';
import { createTenant, Home, requireAdmin, unlockTenant } from '../src/engine/index.js';
import { adminInsights, adminTenants } from '../src/engine/space/admin.js';
import { row, timeRuns, type Row } from './stats.js';

const PASS = 'correct horse battery staple';
const CONNECTORS = ['slack', 'github', 'notion'];

export async function benchAdmin(root: string): Promise<{ rows: Row[]; notes: string[] }> {
  const home = new Home(join(root, 'admin'), { scryptCost: { N: 2 ** 10, r: 8, p: 1 } });
  await home.createSpace('Bench');
  const space = await home.openSpace();
  const started = performance.now();
  let rows = 0;
  try {
    await createTenant(space, { name: 'admin', passphrase: PASS });
    const now = Date.now();
    for (let t = 0; t < 1000; t++) {
      const name = `tenant-${String(t).padStart(4, '0')}`;
      await createTenant(space, { name, passphrase: PASS });
      const session = await unlockTenant(space, name, PASS);
      await session.vault().transaction(async (tx) => {
        for (let i = 0; i < 1000; i++) {
          const at = now - Math.floor(Math.random() * 30 * 86_400_000);
          const connector = CONNECTORS[i % 3]!;
          const ok = i % 17 !== 0;
          await tx.run('INSERT INTO activity (at, action_id, status, code, duration_ms, via, input) VALUES (?, ?, ?, ?, ?, ?, ?)', [
            at,
            `${connector}.list`,
            ok ? 'ok' : 'error',
            ok ? null : 'UPSTREAM_ERROR',
            120,
            'cli',
            '{}',
          ]);
          space.usage.record(session.tenantId, connector, at, ok, 120);
          rows++;
        }
      });
      await session.lock();
      if (t % 50 === 49) await space.usage.flush();
    }
    await space.usage.flush();
    const seeded = (performance.now() - started) / 1000;
    const admin = await requireAdmin(space, await unlockTenant(space, 'admin', PASS));
    const tenants = await adminTenants(space, admin);
    const calls = tenants.reduce((n, t) => n + t.calls30d, 0);
    const out = [
      row(`admin tenants view, ${tenants.length} tenants, ${rows.toLocaleString('en-US')} activity rows`, await timeRuns(20, () => adminTenants(space, admin)), '< 200 ms', `${calls.toLocaleString('en-US')} calls counted in 30 days`),
      row('admin insights, 30 days', await timeRuns(10, () => adminInsights(space, admin)), '—'),
    ];
    return { rows: out, notes: [`admin bench: seeded 1,000 tenants and ${rows.toLocaleString('en-US')} activity rows in ${seeded.toFixed(0)} s.`] };
  } finally {
    await space.close();
  }
}
