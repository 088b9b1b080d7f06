// `switchboard tenant export-key`: the owner gets their vault's file and raw key, only with the
// passphrase (asked again, throttled), with a warning, and the key is written nowhere else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, unlockTenant, type Home, type Space } from '../../src/engine/index.js';
import { PASS_JUNE, PASS_SARAH, filesContaining, newHome, removeDir, runAs, runCli } from '../helpers.js';

let dir: string;
let home: Home;
let space: Space;
beforeAll(async () => {
  ({ dir, home } = await newHome());
  await home.createSpace('Keys');
  space = await home.openSpace();
  await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
  await createTenant(space, { name: 'June', passphrase: PASS_JUNE });
});
afterAll(async () => {
  await home.close();
  await removeDir(dir);
});

describe('tenant export-key', () => {
  it('prints the file and the raw key as JSON for a program, and the warning on stderr for the person', async () => {
    const result = await runCli(['tenant', 'export-key', '--tenant', 'Sarah', '--home', dir, '--json', '--passphrase-stdin'], { input: `${PASS_SARAH}\n` });
    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout) as Record<string, string>;
    expect(Object.keys(answer).sort()).toEqual(['file', 'key']);
    expect(answer.key).toMatch(/^[0-9a-f]{64}$/);
    expect(answer.file).toBe(space.vaultPath((await space.findTenant('Sarah')).id));
    expect(result.stderr).toMatch(/^Warning: this is the raw key of Sarah's vault\./);
    expect(result.stderr).not.toContain(answer.key);
  });

  it('warns a person first, then tells them how to open the vault in a SQLCipher 4 tool', async () => {
    const result = await runCli(['tenant', 'export-key', '--tenant', 'Sarah', '--home', dir], { env: { SWITCHBOARD_PASSPHRASE: PASS_SARAH } });
    expect(result.code, result.stderr).toBe(0);
    const key = /Raw key: {4}x'([0-9a-f]{64})'/.exec(result.stdout)?.[1];
    expect(key, result.stdout).toBeDefined();
    expect(result.stdout).toContain(`Vault file: ${space.vaultPath((await space.findTenant('Sarah')).id)}`);
    expect(result.stdout).toContain('PRAGMA cipher_compatibility = 4;');
    expect(result.stdout).toContain(`PRAGMA key = "x'${key}'";`);
    expect(result.stdout).toMatch(/^Warning: this is the raw key of Sarah's vault\. .*changing the passphrase does not change it/);
  });

  it('gives nothing for a wrong passphrase, and writes the key into no file of the home', async () => {
    const wrong = await runCli(['tenant', 'export-key', '--tenant', 'Sarah', '--home', dir, '--json'], { env: { SWITCHBOARD_PASSPHRASE: 'not the passphrase at all' } });
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ error: { code: 'WRONG_PASSPHRASE' } });

    const sarah = await unlockTenant(space, 'Sarah', PASS_SARAH);
    const { key } = await runAs(space, sarah, 'profiles.exportKey', { passphrase: PASS_SARAH });
    await sarah.lock();
    await home.close();
    expect(await filesContaining(dir, key)).toEqual([]);
    expect(await filesContaining(dir, key.toUpperCase())).toEqual([]);
  });

  it('asks the passphrase again even though the profile is unlocked, throttled like an unlock', async () => {
    space = await home.openSpace();
    const june = await unlockTenant(space, 'June', PASS_JUNE);
    for (let i = 0; i < 5; i++) {
      const err = await runAs(space, june, 'profiles.exportKey', { passphrase: `wrong passphrase ${i}` }).then(() => undefined, (e: unknown) => e);
      expect(err).toMatchObject({ code: 'WRONG_PASSPHRASE' });
      expect(JSON.stringify(err)).not.toMatch(/[0-9a-f]{64}/);
    }
    // Five wrong in a row: even the right passphrase must now wait.
    await expect(runAs(space, june, 'profiles.exportKey', { passphrase: PASS_JUNE })).rejects.toMatchObject({ code: 'LOCKED_OUT' });
    await june.lock();
  });

  it("exports only the unlocked profile's own vault key", async () => {
    const sarah = await unlockTenant(space, 'Sarah', PASS_SARAH);
    // June's passphrase does not open Sarah's export (the input has no tenant to choose).
    await expect(runAs(space, sarah, 'profiles.exportKey', { passphrase: PASS_JUNE })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await expect(runAs(space, sarah, 'profiles.exportKey', { passphrase: PASS_SARAH, tenant: 'June' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await sarah.lock();
    await expect(runAs(space, sarah, 'profiles.exportKey', { passphrase: PASS_SARAH })).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  });
});
