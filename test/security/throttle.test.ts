// Attack 6: many unlock attempts sent at once must not all get past the lockout before the first
// of them fails; and a correct recovery key is not refused because of wrong passphrases.
import { afterEach, describe, expect, it } from 'vitest';
import { createTenant, recoverTenant, unlockTenant, type Home, type Space } from '../../src/engine/index.js';
import { FREE_ATTEMPTS } from '../../src/engine/space/throttle.js';
import { PASS_SARAH, newHome, removeDir } from '../helpers.js';

const NEW_PASS = 'lemon glacier piano hedgehog';
let dir: string;
let home: Home;
afterEach(async () => {
  await home?.close();
  await removeDir(dir);
});

async function sarah(): Promise<{ space: Space; recoveryKey: string }> {
  ({ dir, home } = await newHome());
  await home.createSpace('Acme');
  const space = await home.openSpace();
  const { recoveryKey } = await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
  return { space, recoveryKey };
}

describe('the unlock throttle', () => {
  it('counts parallel attempts before checking them: 29 wrong and 1 right at once', async () => {
    const { space } = await sarah();
    const attempts = [...Array.from({ length: 29 }, () => 'wrong wrong wrong wrong'), PASS_SARAH];
    const results = await Promise.allSettled(attempts.map((p) => unlockTenant(space, 'Sarah', p)));
    const codes = results.map((r) => (r.status === 'fulfilled' ? 'UNLOCKED' : (r.reason as { code: string }).code));
    expect(codes.filter((c) => c === 'WRONG_PASSPHRASE').length).toBeLessThanOrEqual(FREE_ATTEMPTS);
    expect(codes.filter((c) => c === 'LOCKED_OUT').length).toBeGreaterThanOrEqual(attempts.length - FREE_ATTEMPTS);
    expect(codes.at(-1)).toBe('LOCKED_OUT'); // the right one came after the lockout: refused, and the count kept
    const row = await space.registry.get<{ failed_attempts: number; locked_until: number }>("SELECT failed_attempts, locked_until FROM tenant WHERE name = 'Sarah'");
    expect(row!.failed_attempts).toBeGreaterThanOrEqual(FREE_ATTEMPTS);
    expect(row!.locked_until).toBeGreaterThan(Date.now());
  });

  it('lets a correct recovery key through a passphrase lockout, and throttles wrong recovery keys on their own', async () => {
    const { space, recoveryKey } = await sarah();
    for (let i = 0; i < FREE_ATTEMPTS + 1; i++) await unlockTenant(space, 'Sarah', 'wrong wrong wrong wrong').catch(() => undefined);
    await expect(unlockTenant(space, 'Sarah', PASS_SARAH)).rejects.toMatchObject({ code: 'LOCKED_OUT' });
    await recoverTenant(space, 'Sarah', recoveryKey, NEW_PASS);
    await (await unlockTenant(space, 'Sarah', NEW_PASS)).lock();

    // A well-formed but wrong recovery key: its own count, its own lockout.
    const { newRecoveryKey } = await import('../../src/engine/vault/vault-keys.js');
    const wrong = newRecoveryKey().text;
    for (let i = 0; i < FREE_ATTEMPTS; i++) await expect(recoverTenant(space, 'Sarah', wrong, NEW_PASS)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await expect(recoverTenant(space, 'Sarah', recoveryKey, NEW_PASS)).rejects.toMatchObject({ code: 'LOCKED_OUT', message: expect.stringMatching(/recovery keys/) });
    // The passphrase is not held back by wrong recovery keys.
    await (await unlockTenant(space, 'Sarah', NEW_PASS)).lock();
  });
});
