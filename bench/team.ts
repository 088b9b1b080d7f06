/**
 * Team spaces against a real PostgreSQL: a policy change reaching N machines (each a home with its
 * own live sync, all in this process, each on its own LISTEN connection), and the admin directory
 * of 10,000 profiles on 1,000 machines with 30 days of counters, read from the database.
 * The server is SWITCHBOARD_TEST_PG_URL (+ _PASSWORD) when set, else a throwaway one from
 * scripts/test-postgres.sh where PostgreSQL is installed; otherwise the rows are skipped with a note.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { createTenant, Home, requireAdmin, unlockTenant, type Space } from '../src/engine/index.js';
import { setPolicy } from '../src/engine/space/policy.js';
import { readDirectory } from '../src/engine/team/directory.js';
import { clientConfig } from '../src/engine/team/pg-config.js';
import { joinSpace, publishSpace, teamSpaces } from '../src/engine/team/index.js';
import { getSync } from '../src/engine/team/team-config.js';
import { row, timeRuns, type Row } from './stats.js';

const PASS = 'correct horse battery staple';
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };
const MACHINES = 10;
const SCRIPT = join(import.meta.dirname, '..', 'scripts', 'test-postgres.sh');

function server(): { url: string; password: string; stop: () => void } | undefined {
  if (process.env.SWITCHBOARD_TEST_PG_URL) return { url: process.env.SWITCHBOARD_TEST_PG_URL, password: process.env.SWITCHBOARD_TEST_PG_PASSWORD ?? '', stop: () => {} };
  try {
    const out = execFileSync(SCRIPT, ['start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const env = Object.fromEntries([...out.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
    return { url: env.SWITCHBOARD_TEST_PG_URL!, password: env.SWITCHBOARD_TEST_PG_PASSWORD!, stop: () => execFileSync(SCRIPT, ['stop', env.SWITCHBOARD_TEST_PG_DIR!]) };
  } catch {
    return undefined;
  }
}

async function query<T extends pg.QueryResultRow>(url: string, password: string, sql: string, params: unknown[] = []): Promise<T[]> {
  // Seeding a million rows takes longer than the app's own statement timeout allows.
  const client = new pg.Client({ ...clientConfig({ url, password }), statement_timeout: 300_000, query_timeout: 301_000 });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function benchTeam(root: string): Promise<{ rows: Row[]; notes: string[] }> {
  const pgServer = server();
  if (!pgServer) return { rows: [], notes: ['Team spaces: skipped (no PostgreSQL: set SWITCHBOARD_TEST_PG_URL, or install postgresql).'] };
  const rows: Row[] = [];
  const name = `sb_bench_${Date.now()}`;
  await query(pgServer.url, pgServer.password, `CREATE DATABASE ${name}`);
  const url = pgServer.url.replace(/\/[^/]*$/, `/${name}`);
  const target = { url, password: pgServer.password };
  const homes: Home[] = [];
  try {
    // The admin's machine and N others, each syncing live.
    const shared = teamSpaces({ live: true, env: { SWITCHBOARD_DB_PASSWORD: pgServer.password } });
    const adminHome = new Home(join(root, 'team-admin'), { scryptCost: CHEAP, shared });
    homes.push(adminHome);
    await adminHome.createSpace('Bench');
    const space = await adminHome.openSpace();
    await createTenant(space, { name: 'admin', passphrase: PASS });
    const session = await unlockTenant(space, 'admin', PASS);
    const admin = await requireAdmin(space, session);
    await publishSpace(space, admin, target, { machineName: 'admin', sync: { live: true } });
    const others: Space[] = [];
    for (let i = 0; i < MACHINES; i++) {
      const home = new Home(join(root, `team-${i}`), { scryptCost: CHEAP, shared });
      homes.push(home);
      others.push(await joinSpace(home, target, { machineName: `m${i}`, sync: { live: true } }));
    }
    const effects = ['deny', 'allow'] as const;
    rows.push(
      row(
        `policy change seen by ${MACHINES} machines (LISTEN/NOTIFY)`,
        await timeRuns(10, async (i) => {
          await setPolicy(space, space.catalog, admin, 'slack', 'member', effects[i % 2]);
          const version = await getSync(space.registry, 'applied:policy');
          for (;;) {
            const seen = await Promise.all(others.map((s) => getSync(s.registry, 'applied:policy')));
            if (seen.every((v) => v === version)) break;
            await new Promise((r) => setTimeout(r, 2));
          }
        }),
        '< 1 s',
        'from the save returning to every machine having verified and applied it',
      ),
    );
    await session.lock();

    // The directory at scale: 10,000 profiles on 1,000 machines, 30 days × 3 connectors of counters each.
    const day = Math.floor(Date.now() / 86_400_000);
    await query(url, pgServer.password, `INSERT INTO sb_machine (space_id, id, name) SELECT $1, 'mc_' || g, 'machine-' || g FROM generate_series(1, 1000) g`, [space.id]);
    await query(
      url,
      pgServer.password,
      `INSERT INTO sb_profile (space_id, id, name, name_key, role, machine_id, created_at)
       SELECT $1, 'tn_bench' || g, 'profile-' || g, 'profile-' || g, 'member', 'mc_' || (g % 1000 + 1), 0 FROM generate_series(1, 10000) g`,
      [space.id],
    );
    await query(
      url,
      pgServer.password,
      `INSERT INTO sb_counter (space_id, tenant_id, day, connector_id, machine_id, calls, errors, total_ms, approvals, denials)
       SELECT $1, 'tn_bench' || g, $2 - d, c, 'mc_' || (g % 1000 + 1), 10, 1, 1200, 0, 0
       FROM generate_series(1, 10000) g, generate_series(0, 29) d, unnest(ARRAY['slack', 'github', 'notion']) c`,
      [space.id, day],
    );
    await query(url, pgServer.password, 'ANALYZE');
    const client = new pg.Client(clientConfig(target));
    await client.connect();
    try {
      rows.push(
        row('admin directory, 10,000 profiles on 1,000 machines', await timeRuns(10, () => readDirectory(client, space.id, Date.now())), '< 1 s', '900,000 counter rows, 30-day rollup'),
      );
      rows.push(row('directory page of 100 (same data)', await timeRuns(20, () => readDirectory(client, space.id, Date.now(), { limit: 100 })), '< 200 ms'));
    } finally {
      await client.end();
    }
    const fresh = new Home(join(root, 'team-fresh'), { scryptCost: CHEAP, shared });
    homes.push(fresh);
    rows.push(row('join: verify the policy and pull a 10,000-profile directory', await timeRuns(1, () => joinSpace(fresh, target, { machineName: 'fresh' })), '—', 'one run'));
    return { rows, notes: [] };
  } finally {
    for (const h of homes) await h.close();
    await query(pgServer.url, pgServer.password, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    pgServer.stop();
  }
}
