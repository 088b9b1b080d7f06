// Vaults on real SQLCipher files in temp folders: encryption at rest, keys, throttling, recovery.
import { createHash } from 'node:crypto';
import { readFile, writeFile, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  changePassphrase,
  createTenant,
  getSettings,
  Home,
  recoverTenant,
  unlockTenant,
  updateSettings,
  type Space,
} from '../../src/engine/index.js';
import { Db } from '../../src/engine/db/sqlite.js';
import { openVaultFile } from '../../src/engine/vault/open-vault.js';
import { derivePassphraseKey, parseScryptParams, unwrapKey, wrapAad } from '../../src/engine/vault/vault-keys.js';
import { FAST_KDF, PASS_JUNE, PASS_SARAH, fileExists, filesContaining, newHome, removeDir } from '../helpers.js';

const dirs: string[] = [];
const spaces: Space[] = [];
afterEach(async () => {
  await Promise.all(spaces.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function setup(options: ConstructorParameters<typeof Home>[1] = {}): Promise<{ dir: string; home: Home; space: Space }> {
  const { dir, home } = await newHome(options);
  dirs.push(dir);
  await home.createSpace('Acme');
  const space = await home.openSpace();
  spaces.push(space);
  return { dir, home, space };
}

async function sha(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

async function dataKeyOf(space: Space, name: string, passphrase: string): Promise<Buffer> {
  const row = await space.tenantRow(name);
  const key = await derivePassphraseKey(passphrase, parseScryptParams(row.kdf));
  return unwrapKey(key, row.wrap_passphrase, wrapAad('passphrase', space.id, row.id))!;
}

describe('encryption at rest', () => {
  it('keeps a marker written into a vault out of every file in the home, open or closed', async () => {
    const { dir, space } = await setup();
    await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    const session = await unlockTenant(space, 'Sarah', PASS_SARAH);
    const marker = 'MARKER-7f3c9e1d-secret-slack-token';
    const db = session.vault();
    await db.run('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)', ['probe', JSON.stringify(marker), 1]);
    // While open, the row sits in the WAL.
    expect(await fileExists(space.vaultPath(session.tenantId) + '-wal')).toBe(true);
    expect(await filesContaining(dir, marker)).toEqual([]);
    await session.lock();
    expect(await filesContaining(dir, marker)).toEqual([]);
    // And the vault is really SQLCipher: no plain SQLite header.
    const head = (await readFile(space.vaultPath(session.tenantId))).subarray(0, 16).toString('latin1');
    expect(head).not.toBe('SQLite format 3\0');
  });

  it('encrypts vaults in SQLCipher 4 format, and registries not at all', async () => {
    const { space } = await setup();
    await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    const session = await unlockTenant(space, 'Sarah', PASS_SARAH);
    expect(Object.values((await session.vault().get<Record<string, unknown>>('PRAGMA cipher'))!)).toEqual(['sqlcipher']);
    expect(Object.values((await session.vault().get<Record<string, unknown>>('PRAGMA legacy'))!)).toEqual(['4']);
    await session.lock();
    // Without the key the vault is unreadable; the registry is plain SQLite (it holds no secret).
    const raw = await Db.open(space.vaultPath(session.tenantId));
    await expect(raw.get('SELECT count(*) FROM sqlite_master')).rejects.toMatchObject({ code: 'SQLITE_NOTADB' });
    await raw.close();
    const head = (await readFile(join(space.home, 'spaces', space.id, 'registry.db'))).subarray(0, 16).toString('latin1');
    expect(head).toBe('SQLite format 3\0');
  });

  it("one tenant's key cannot open another tenant's vault", async () => {
    const { space } = await setup();
    const sarah = await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    const june = await createTenant(space, { name: 'June', passphrase: PASS_JUNE });
    const sarahKey = await dataKeyOf(space, 'Sarah', PASS_SARAH);
    const juneVault = space.vaultPath(june.id);
    const before = await sha(juneVault);
    await expect(openVaultFile(juneVault, sarahKey, { spaceId: space.id, tenantId: june.id })).rejects.toMatchObject({
      code: 'VAULT_CORRUPT',
    });
    // Nor with the identity claimed to be Sarah's.
    await expect(openVaultFile(juneVault, sarahKey, { spaceId: space.id, tenantId: sarah.id })).rejects.toMatchObject({
      code: 'VAULT_CORRUPT',
    });
    expect(await sha(juneVault)).toBe(before);
  });

  it('refuses a vault file swapped in from another tenant, even with the right key', async () => {
    const { space } = await setup();
    await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    const june = await createTenant(space, { name: 'June', passphrase: PASS_JUNE });
    const sarahKey = await dataKeyOf(space, 'Sarah', PASS_SARAH);
    const sarahVault = space.vaultPath((await space.findTenant('Sarah')).id);
    await expect(openVaultFile(sarahVault, sarahKey, { spaceId: space.id, tenantId: june.id })).rejects.toMatchObject({
      code: 'VAULT_CORRUPT',
      message: expect.stringMatching(/another profile/),
    });
  });
});

describe('passphrases', () => {
  it('a wrong passphrase is WRONG_PASSPHRASE and writes nothing to the vault', async () => {
    const { space } = await setup();
    const sarah = await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    const vault = space.vaultPath(sarah.id);
    const before = await sha(vault);
    await expect(unlockTenant(space, 'Sarah', 'not the passphrase at all')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(await sha(vault)).toBe(before);
    expect(await fileExists(vault + '-wal')).toBe(false);
  });

  it('throttles after 5 failures in a row, and the throttle survives a restart', async () => {
    let now = 1_000_000;
    const { dir, space } = await setup({ now: () => now });
    await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    for (let i = 0; i < 4; i++) {
      await expect(unlockTenant(space, 'Sarah', 'wrong wrong wrong')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    }
    await expect(unlockTenant(space, 'Sarah', 'wrong wrong wrong')).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
      details: { retryAfterMs: 30_000 },
    });
    // Even the right passphrase waits now.
    await expect(unlockTenant(space, 'Sarah', PASS_SARAH)).rejects.toMatchObject({
      code: 'LOCKED_OUT',
      message: expect.stringMatching(/30 seconds/),
    });

    // "Restart": a new Home and Space on the same folder, with the clock 10 s later.
    await space.close();
    now += 10_000;
    const restarted = await new Home(dir, { scryptCost: FAST_KDF, now: () => now }).openSpace();
    spaces.push(restarted);
    await expect(unlockTenant(restarted, 'Sarah', PASS_SARAH)).rejects.toMatchObject({
      code: 'LOCKED_OUT',
      details: { retryAfterMs: 20_000 },
    });

    // After the wait, one more failure doubles it.
    now += 20_000;
    await expect(unlockTenant(restarted, 'Sarah', 'wrong wrong wrong')).rejects.toMatchObject({
      details: { retryAfterMs: 60_000 },
    });
    now += 60_000;
    const session = await unlockTenant(restarted, 'Sarah', PASS_SARAH);
    await session.lock();
    // Success resets the count.
    await expect(unlockTenant(restarted, 'Sarah', 'wrong wrong wrong')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await (await unlockTenant(restarted, 'Sarah', PASS_SARAH)).lock();
  });

  it('throttling one tenant leaves another alone', async () => {
    const now = 5_000_000;
    const { space } = await setup({ now: () => now });
    await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    await createTenant(space, { name: 'June', passphrase: PASS_JUNE });
    for (let i = 0; i < 6; i++) await unlockTenant(space, 'Sarah', 'wrong wrong wrong').catch(() => undefined);
    await expect(unlockTenant(space, 'Sarah', PASS_SARAH)).rejects.toMatchObject({ code: 'LOCKED_OUT' });
    await (await unlockTenant(space, 'June', PASS_JUNE)).lock();
  });

  it('changing the passphrase keeps the data, and the old passphrase stops working', async () => {
    const { space } = await setup();
    await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    const session = await unlockTenant(space, 'Sarah', PASS_SARAH);
    await updateSettings(session, { autoLockMinutes: 42 });
    await expect(changePassphrase(space, session, 'wrong current one', 'granite meadow lantern cobalt')).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    await expect(changePassphrase(space, session, PASS_SARAH, 'weak')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await changePassphrase(space, session, PASS_SARAH, 'granite meadow lantern cobalt');
    await session.lock();
    await expect(unlockTenant(space, 'Sarah', PASS_SARAH)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    const again = await unlockTenant(space, 'Sarah', 'granite meadow lantern cobalt');
    expect((await getSettings(again)).autoLockMinutes).toBe(42);
    await again.lock();
  });

  it('the recovery key resets a forgotten passphrase and keeps the data', async () => {
    const { space } = await setup();
    const sarah = await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    const session = await unlockTenant(space, 'Sarah', PASS_SARAH);
    await updateSettings(session, { autoLockMinutes: 7 });
    await session.lock();

    const june = await createTenant(space, { name: 'June', passphrase: PASS_JUNE });
    // June's recovery key does not reset Sarah's passphrase.
    await expect(recoverTenant(space, 'Sarah', june.recoveryKey, 'granite meadow lantern cobalt')).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
      message: expect.stringMatching(/recovery key/),
    });
    await expect(recoverTenant(space, 'Sarah', sarah.recoveryKey, 'weak')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await recoverTenant(space, 'Sarah', sarah.recoveryKey.toLowerCase(), 'granite meadow lantern cobalt');
    await expect(unlockTenant(space, 'Sarah', PASS_SARAH)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    const again = await unlockTenant(space, 'Sarah', 'granite meadow lantern cobalt');
    expect((await getSettings(again)).autoLockMinutes).toBe(7);
    await again.lock();
    // The recovery key keeps working.
    await recoverTenant(space, 'Sarah', sarah.recoveryKey, 'another fine passphrase here');
  });
});

describe('sessions', () => {
  it('lock closes the vault: the session refuses every use with VAULT_LOCKED', async () => {
    const { space } = await setup();
    await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    const session = await unlockTenant(space, 'Sarah', PASS_SARAH);
    const db = session.vault();
    await session.lock();
    expect(session.locked).toBe(true);
    expect(() => session.vault()).toThrow(expect.objectContaining({ code: 'VAULT_LOCKED' }));
    expect(() => session.withDataKey(() => 1)).toThrow(expect.objectContaining({ code: 'VAULT_LOCKED' }));
    await expect(db.get('SELECT 1')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await expect(getSettings(session)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  });

  it('zeroes the data key on lock', async () => {
    const { space } = await setup();
    await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    const session = await unlockTenant(space, 'Sarah', PASS_SARAH);
    let held: Buffer | undefined;
    session.withDataKey((key) => (held = key));
    expect(held!.some((b) => b !== 0)).toBe(true);
    await session.lock();
    expect(held!.every((b) => b === 0)).toBe(true);
  });

  it('locks itself after the idle time, which is a per-tenant setting (default 15 minutes)', async () => {
    // Fake timers and clock; SQLite's callbacks are native and keep running.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const { space } = await setup({ now: () => Date.now() });
      await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
      const session = await unlockTenant(space, 'Sarah', PASS_SARAH);
      expect(session.autoLockMinutes).toBe(15);
      const reasons: string[] = [];
      session.onLock((reason) => reasons.push(reason));
      await vi.advanceTimersByTimeAsync(14 * 60_000);
      expect(session.locked).toBe(false);

      await updateSettings(session, { autoLockMinutes: 1 });
      // Activity pushes the deadline back.
      await vi.advanceTimersByTimeAsync(50_000);
      session.vault();
      await vi.advanceTimersByTimeAsync(50_000);
      expect(session.locked).toBe(false);
      await vi.advanceTimersByTimeAsync(11_000);
      await vi.waitFor(() => expect(reasons).toEqual(['idle']));
      expect(session.locked).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('validates settings and changes nothing on a bad value', async () => {
    const { space } = await setup();
    await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    const session = await unlockTenant(space, 'Sarah', PASS_SARAH);
    for (const bad of [{ autoLockMinutes: 0 }, { autoLockMinutes: 1e9 }, { autoLockMinutes: '5' }, { other: 1 }, null]) {
      await expect(updateSettings(session, bad)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    expect((await getSettings(session)).autoLockMinutes).toBe(15);
    await session.lock();
  });
});

describe('damaged and foreign vault files', () => {
  async function withVault(): Promise<{ space: Space; file: string }> {
    const { space } = await setup();
    const sarah = await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    return { space, file: space.vaultPath(sarah.id) };
  }

  it('refuses a vault of random bytes with VAULT_CORRUPT and leaves it untouched', async () => {
    const { space, file } = await withVault();
    const { randomBytes } = await import('node:crypto');
    await writeFile(file, randomBytes(8192));
    const before = await sha(file);
    await expect(unlockTenant(space, 'Sarah', PASS_SARAH)).rejects.toMatchObject({ code: 'VAULT_CORRUPT' });
    expect(await sha(file)).toBe(before);
    expect(await fileExists(file + '-wal')).toBe(false);
  });

  it('refuses a truncated vault and an empty one, leaving them untouched', async () => {
    const { space, file } = await withVault();
    await truncate(file, 1000);
    const before = await sha(file);
    await expect(unlockTenant(space, 'Sarah', PASS_SARAH)).rejects.toMatchObject({ code: 'VAULT_CORRUPT' });
    expect(await sha(file)).toBe(before);
    await truncate(file, 0);
    await expect(unlockTenant(space, 'Sarah', PASS_SARAH)).rejects.toMatchObject({ code: 'VAULT_CORRUPT' });
    expect((await readFile(file)).length).toBe(0);
  });

  it('says so when the vault file is missing, without creating one', async () => {
    const { space, file } = await withVault();
    const { rm } = await import('node:fs/promises');
    await rm(file);
    await expect(unlockTenant(space, 'Sarah', PASS_SARAH)).rejects.toMatchObject({
      code: 'VAULT_CORRUPT',
      message: expect.stringMatching(/missing/),
    });
    expect(await fileExists(file)).toBe(false);
  });

  it('refuses a vault written by a newer Switchboard and leaves it untouched', async () => {
    const { space, file } = await withVault();
    const key = await dataKeyOf(space, 'Sarah', PASS_SARAH);
    const raw = await Db.open(file);
    raw.keyRaw(key);
    await raw.exec('PRAGMA user_version = 999;');
    await raw.close();
    const before = await sha(file);
    await expect(unlockTenant(space, 'Sarah', PASS_SARAH)).rejects.toMatchObject({
      code: 'UNSUPPORTED_VERSION',
      message: expect.stringMatching(/newer Switchboard/),
    });
    expect(await sha(file)).toBe(before);
  });
});
