// Vaults are standard SQLCipher 4 files: what Switchboard writes (better-sqlite3-multiple-ciphers,
// SQLite3MultipleCiphers in SQLCipher mode) opens in SQLCipher itself (@journeyapps/sqlcipher, the
// community edition, in another process) with the key `tenant export-key` prints, and back.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db, sqliteCode } from '../../src/engine/db/sqlite.js';
import { createTenant, unlockTenant, type Home, type Space, type TenantSession } from '../../src/engine/index.js';
import { openVaultFile } from '../../src/engine/vault/open-vault.js';
import { PASS_SARAH, newHome, removeDir, runAs, runCli } from '../helpers.js';

const TOOL = join(import.meta.dirname, '..', 'fixtures', 'sqlcipher-tool.ts');

interface ToolAnswer {
  ok: boolean;
  cipherVersion?: string;
  results?: Record<string, unknown>[][];
  code?: string;
}

/** Run statements in SQLCipher (another process), keyed with `PRAGMA cipher_compatibility = 4; PRAGMA key = "x'…'"`. */
function sqlcipher(request: { file: string; key: string; create?: boolean; statements: string[] }): Promise<ToolAnswer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', TOOL], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as ToolAnswer) : reject(new Error(`sqlcipher tool exited ${code}: ${err}`))));
    child.stdin.end(JSON.stringify(request));
  });
}

let dir: string;
let home: Home;
let space: Space;
let sarah: TenantSession;
let exported: { file: string; key: string };
beforeAll(async () => {
  ({ dir, home } = await newHome());
  await home.createSpace('Interop');
  space = await home.openSpace();
  const created = await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
  sarah = await unlockTenant(space, 'Sarah', PASS_SARAH);
  await runAs(space, sarah, 'settings.update', { autoLockMinutes: 42 });
  await runAs(space, sarah, 'connections.connect', { connectorId: 'slack', authType: 'bearer', credentials: { token: 'xoxb-interop-0000000001' }, baseUrl: 'http://127.0.0.1:9/slack' });
  // The owner's way to the key: the CLI, in its own process, while this one keeps the vault open.
  const cli = await runCli(['tenant', 'export-key', '--tenant', 'Sarah', '--home', dir, '--json'], { env: { SWITCHBOARD_PASSPHRASE: PASS_SARAH } });
  expect(cli.code, cli.stderr).toBe(0);
  exported = JSON.parse(cli.stdout) as { file: string; key: string };
  expect(exported.file).toBe(space.vaultPath(created.id));
}, 60_000);
afterAll(async () => {
  await home.close();
  await removeDir(dir);
});

describe('a vault written by Switchboard, in SQLCipher 4', () => {
  it('is an encrypted file with no SQLite header', async () => {
    const head = (await readFile(exported.file)).subarray(0, 16);
    expect(head.toString('latin1')).not.toBe('SQLite format 3\0');
  });

  it('opens with the exported raw key and reads the data, while Switchboard has it open (WAL not checkpointed)', async () => {
    const answer = await sqlcipher({
      file: exported.file,
      key: exported.key,
      statements: [
        "SELECT value FROM vault_meta WHERE key = 'tenant_id'",
        "SELECT value FROM settings WHERE key = 'autoLockMinutes'",
        'SELECT connector_id, auth_type FROM connection',
        'PRAGMA journal_mode',
        'PRAGMA cipher_page_size',
        'PRAGMA integrity_check',
      ],
    });
    expect(answer.ok, JSON.stringify(answer)).toBe(true);
    expect(answer.cipherVersion).toMatch(/^4\.\d+\.\d+ community$/);
    expect(answer.results).toEqual([
      [{ value: sarah.tenantId }],
      [{ value: '42' }],
      [{ connector_id: 'slack', auth_type: 'bearer' }],
      [{ journal_mode: 'wal' }],
      [{ cipher_page_size: '4096' }],
      [{ integrity_check: 'ok' }],
    ]);
  });

  it('takes a change made there, which Switchboard reads at the next unlock', async () => {
    await sarah.lock();
    const answer = await sqlcipher({ file: exported.file, key: exported.key, statements: ["UPDATE settings SET value = '77' WHERE key = 'autoLockMinutes'"] });
    expect(answer.ok, JSON.stringify(answer)).toBe(true);
    sarah = await unlockTenant(space, 'Sarah', PASS_SARAH);
    expect(await runAs(space, sarah, 'settings.get')).toMatchObject({ autoLockMinutes: 77 });
  });

  it('refuses a wrong key', async () => {
    const answer = await sqlcipher({ file: exported.file, key: randomBytes(32).toString('hex'), statements: ['SELECT count(*) FROM sqlite_master'] });
    expect(answer).toMatchObject({ ok: false, code: 'SQLITE_NOTADB' });
  });
});

describe('a database written by SQLCipher 4, in Switchboard', () => {
  const key = randomBytes(32);
  let file: string;
  beforeAll(async () => {
    file = join(dir, 'written-by-sqlcipher.db');
    const answer = await sqlcipher({
      file,
      key: key.toString('hex'),
      create: true,
      statements: ['PRAGMA journal_mode = WAL', 'CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL)', "INSERT INTO note (body) VALUES ('from sqlcipher'), ('second')", 'PRAGMA user_version = 3'],
    });
    expect(answer.ok, JSON.stringify(answer)).toBe(true);
  });

  it("opens with the same raw key through Switchboard's driver, as a vault is opened", async () => {
    const db = await Db.open(file);
    try {
      db.keyRaw(key);
      expect(await db.get('PRAGMA user_version')).toEqual({ user_version: 3 });
      expect(await db.all('SELECT body FROM note ORDER BY id')).toEqual([{ body: 'from sqlcipher' }, { body: 'second' }]);
    } finally {
      await db.close();
    }
  });

  it('refuses a wrong key, in the driver and when opened as a vault', async () => {
    const db = await Db.open(file);
    try {
      db.keyRaw(randomBytes(32));
      const err = await db.get('PRAGMA user_version').then(() => undefined, (e: unknown) => e);
      expect(sqliteCode(err)).toBe('SQLITE_NOTADB');
    } finally {
      await db.close();
    }
    await expect(openVaultFile(exported.file, randomBytes(32), { spaceId: space.id, tenantId: sarah.tenantId })).rejects.toMatchObject({ code: 'VAULT_CORRUPT' });
  });
});
