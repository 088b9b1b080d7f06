/**
 * `npm run bench`: vault engine timings, medians of repeated runs in one process.
 * Where the KDF is not what a row measures, tenants use a cheap scrypt cost (N = 2^10) and the
 * row says so; the KDF rows use the shipped default (N = 2^17, r = 8, p = 1).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTenant, Home, unlockTenant } from '../src/engine/index.js';
import { openVaultFile } from '../src/engine/vault/open-vault.js';
import {
  DEFAULT_SCRYPT_COST,
  derivePassphraseKey,
  newScryptParams,
  parseScryptParams,
  unwrapKey,
  wrapAad,
} from '../src/engine/vault/vault-keys.js';
import { benchAdmin } from './admin.js';
import { benchMcp } from './mcp.js';
import { benchMcpPeer } from './mcp-peer.js';
import { benchOpenApi } from './openapi.js';
import { benchRouter, startServer } from './router.js';
import { benchScale } from './scale.js';
import { benchTeam } from './team.js';
import { printTargets, type Target } from './targets.js';
import { benchUi } from './ui.js';
import { machine, printTable, row, timeRuns, type Row } from './stats.js';

const PASS = 'correct horse battery staple';
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };
const rows: Row[] = [];
const samplesToClose: { close(): Promise<void> }[] = [];
const root = mkdtempSync(join(tmpdir(), 'sb-bench-'));

try {
  console.log(`Switchboard bench — ${machine()}\n`);

  // --- KDF-bound: the shipped scrypt cost -------------------------------------------------
  {
    const home = new Home(join(root, 'kdf'));
    await home.createSpace('Bench');
    const space = await home.openSpace();
    await createTenant(space, { name: 'warmup', passphrase: PASS }); // builds the strength checker's dictionaries
    rows.push(row('tenant create (default KDF)', await timeRuns(5, (i) => createTenant(space, { name: `t${i}`, passphrase: PASS })), '—'));
    const params = newScryptParams(DEFAULT_SCRYPT_COST);
    rows.push(row('scrypt alone (N=2^17, r=8, p=1)', await timeRuns(5, () => derivePassphraseKey(PASS, params)), '0.2–0.7 s'));
    rows.push(
      row('unlock (default KDF)', await timeRuns(5, async (i) => (await unlockTenant(space, `t${i}`, PASS)).lock()), '≈ KDF', 'includes lock'),
    );
    await space.close();
  }

  // --- Not KDF-bound: cheap scrypt --------------------------------------------------------
  {
    const home = new Home(join(root, 'many'), { scryptCost: CHEAP });
    await home.createSpace('Bench');
    const space = await home.openSpace();
    const created = await createTenant(space, { name: 'Sarah', passphrase: PASS });
    const tenantRow = await space.tenantRow('Sarah');
    const wrapping = await derivePassphraseKey(PASS, parseScryptParams(tenantRow.kdf));
    const dataKey = unwrapKey(wrapping, tenantRow.wrap_passphrase, wrapAad('passphrase', space.id, created.id))!;
    const file = space.vaultPath(created.id);
    const identity = { spaceId: space.id, tenantId: created.id };
    rows.push(
      row(
        'raw vault open (key in hand)',
        await timeRuns(50, async () => {
          const db = await openVaultFile(file, dataKey, identity);
          samplesToClose.push(db);
        }),
        '< 10 ms',
        'SQLCipher raw key + schema check',
      ),
    );
    await Promise.all(samplesToClose.splice(0).map((db) => db.close()));

    const sessions: Awaited<ReturnType<typeof unlockTenant>>[] = [];
    for (let i = 0; i < 50; i++) sessions.push(await unlockTenant(space, 'Sarah', PASS));
    rows.push(row('lock (close vault, zero key)', await timeRuns(50, (i) => sessions[i]!.lock()), '—'));

    const start = performance.now();
    for (let i = 1; i < 1000; i++) await createTenant(space, { name: `tenant-${String(i).padStart(4, '0')}`, passphrase: PASS });
    const createAll = performance.now() - start;
    rows.push(row('tenant list, 1,000 tenants (engine)', await timeRuns(30, () => space.listTenants()), '< 50 ms', `1,000 created in ${(createAll / 1000).toFixed(1)} s, cheap KDF`));
    await space.close();

    const cli = join(import.meta.dirname, '..', 'bin', 'switchboard.js');
    rows.push(
      row(
        'switchboard tenant list --json, 1,000 tenants',
        await timeRuns(5, async () => execFileSync(process.execPath, [cli, 'tenant', 'list', '--json', '--home', join(root, 'many')])),
        '—',
        'whole process, Node start included',
      ),
    );
  }

  const targets: Target[] = [];
  const router = await benchRouter(root);
  rows.push(...router.rows);
  targets.push({ measure: '`Router.execute` vs a direct undici request (same keep-alive loopback provider)', figure: `${router.ratio.toFixed(2)}×`, target: '≤ 1.2×', met: router.ratio <= 1.2 });
  const provider = await startServer();
  const base = `http://127.0.0.1:${provider.port}/api`;
  const notes: string[] = [];
  try {
    const peer = await benchMcpPeer(root, base);
    rows.push(...peer.rows);
    targets.push(...peer.targets);
    const mcp = await benchMcp(root);
    rows.push(...mcp.rows);
    notes.push(...mcp.notes);
    targets.push({
      measure: 'MCP `tools/list` over HTTP, 500 tools (1,000)',
      figure: `${mcp.list500.toFixed(2)} ms (${mcp.list1000.toFixed(2)} ms, ${(mcp.list1000 / mcp.list500).toFixed(2)}×)`,
      target: '≤ 3 ms at 500, linear beyond',
      met: mcp.list500 <= 3 && mcp.list1000 / mcp.list500 <= 2.2,
    });
    if (process.env.SWITCHBOARD_BENCH_SCALE !== '0') {
      const scale = await benchScale(root, base, (line) => console.error(line));
      rows.push(...scale.rows);
      targets.push(...scale.targets);
      notes.push(...scale.notes);
    }
  } finally {
    provider.stop();
  }
  rows.push(...(await benchUi()));
  const admin = await benchAdmin(root);
  rows.push(...admin.rows);
  const openapi = await benchOpenApi(root);
  rows.push(...openapi.rows);
  // A failure here (the PostgreSQL server) must not lose the table measured so far.
  const teamBench = await benchTeam(root).catch((err: unknown) => ({ rows: [] as Row[], notes: [`Team spaces: the bench failed (${err instanceof Error ? err.message : String(err)}).`] }));
  rows.push(...teamBench.rows);

  printTable(rows);
  for (const note of [...router.notes, ...notes, ...admin.notes, ...openapi.notes, ...teamBench.notes]) console.log(`\n${note}`);
  console.log('\nTargets (issue 14), measured in this run:\n');
  printTargets(targets);
} finally {
  rmSync(root, { recursive: true, force: true });
}
