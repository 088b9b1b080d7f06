// Quick unlock's file keychain (src/main/keychain.ts), with a stand-in for Electron's safeStorage and real files.
import { randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileKeychain, keychainFile, keychainProtects, type OsCipher } from '../../src/main/keychain.js';
import { fileExists, removeDir, tempDir } from '../helpers.js';

/** A stand-in OS cipher: XOR with a per-"device" byte behind a device tag, which another device fails on. */
function deviceCipher(device: number, { available = true, backend = 'gnome_libsecret', rotated = false } = {}): OsCipher & { writes: number } {
  const cipher = {
    writes: 0,
    isAsyncEncryptionAvailable: async () => available,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (plain: string) => {
      cipher.writes++;
      return Buffer.concat([Buffer.from([device]), Buffer.from(plain, 'utf8').map((b) => b ^ device)]);
    },
    decryptStringAsync: async (encrypted: Buffer) => {
      if (encrypted[0] !== device) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: Buffer.from(encrypted.subarray(1).map((b) => b ^ device)).toString('utf8'), shouldReEncrypt: rotated };
    },
  };
  return cipher;
}

const TENANT = 'tn_abcdefghij012345';
let home: string;
beforeEach(async () => {
  home = await tempDir('sb-keychain-');
});
afterEach(async () => removeDir(home));

describe('the quick-unlock keychain file', () => {
  it("is HOME/quick-unlock/<tenant id>.bin, beside the spaces it unlocks", () => {
    expect(keychainFile(home, TENANT)).toBe(join(home, 'quick-unlock', `${TENANT}.bin`));
  });

  it('is named only from a well-formed profile id, so no id reaches outside its folder', () => {
    for (const bad of ['../../etc/passwd', 'tn_../../x', 'tn_ABCDEFGHIJ012345', 'sp_abcdefghij012345', '', 'tn_short', `${TENANT}/x`]) {
      expect(() => keychainFile(home, bad), bad).toThrow('Not a profile id.');
    }
  });

  it('keeps the secret encrypted by the OS, private to the user, and gives it back', async () => {
    const keychain = (await fileKeychain(home, deviceCipher(0x5a), 'linux'))!;
    const secret = randomBytes(32);
    await keychain.store(TENANT, secret);
    const file = keychainFile(home, TENANT);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, 'quick-unlock'))).mode & 0o777).toBe(0o700);
    const bytes = await readFile(file);
    expect(bytes.includes(Buffer.from(secret.toString('base64')))).toBe(false);
    expect(bytes.includes(secret)).toBe(false);
    expect((await keychain.load(TENANT))?.equals(secret)).toBe(true);
  });

  it('answers nothing (the passphrase still works) when there is no entry, or the OS keychain changed', async () => {
    const keychain = (await fileKeychain(home, deviceCipher(0x5a), 'linux'))!;
    expect(await keychain.load(TENANT)).toBeUndefined();
    await keychain.store(TENANT, randomBytes(32));
    expect(await (await fileKeychain(home, deviceCipher(0x33), 'linux'))!.load(TENANT)).toBeUndefined();
    await writeFile(keychainFile(home, TENANT), 'garbage');
    expect(await keychain.load(TENANT)).toBeUndefined();
  });

  it('removes the entry, and removing twice is fine', async () => {
    const keychain = (await fileKeychain(home, deviceCipher(0x5a), 'linux'))!;
    await keychain.store(TENANT, randomBytes(32));
    await keychain.remove(TENANT);
    await keychain.remove(TENANT);
    expect(await fileExists(keychainFile(home, TENANT))).toBe(false);
  });

  it('stores the secret again when the OS rotated its key', async () => {
    const cipher = deviceCipher(0x5a, { rotated: true });
    const keychain = (await fileKeychain(home, cipher, 'linux'))!;
    const secret = randomBytes(32);
    await keychain.store(TENANT, secret);
    expect((await keychain.load(TENANT))?.equals(secret)).toBe(true);
    expect(cipher.writes).toBe(2);
  });

  it("is not offered when the OS keychain protects nothing: no encryption, or Linux's built-in basic_text key", async () => {
    expect(await fileKeychain(home, deviceCipher(0x5a, { available: false }), 'linux')).toBeUndefined();
    expect(await fileKeychain(home, deviceCipher(0x5a, { backend: 'basic_text' }), 'linux')).toBeUndefined();
    expect(await fileKeychain(home, deviceCipher(0x5a, { backend: 'kwallet5' }), 'linux')).toBeDefined();
    expect(keychainProtects(true, 'linux', 'unknown')).toBe(false);
    expect(keychainProtects(true, 'linux', undefined)).toBe(false);
    expect(keychainProtects(true, 'darwin', undefined)).toBe(true);
    expect(keychainProtects(true, 'win32', undefined)).toBe(true);
    expect(keychainProtects(false, 'darwin', undefined)).toBe(false);
  });
});
