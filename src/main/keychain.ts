/**
 * Quick unlock's device secrets, encrypted by the OS keychain: one file per profile,
 * HOME/quick-unlock/<tenant id>.bin (folder 0700, file 0600), beside the spaces it unlocks.
 * The cipher is Electron's safeStorage in the app and a stand-in in tests; this file does not
 * import electron.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isWellFormedId } from '../engine/space/ids.js';
import type { Keychain } from '../engine/rpc/ui-host.js';

/** The part of Electron's safeStorage this uses. */
export interface OsCipher {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plain: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only: the password store that holds the key. */
  getSelectedStorageBackend?(): string;
}

/**
 * Whether the OS keychain protects anything. On Linux without a secret service (GNOME keyring,
 * KWallet) Chromium falls back to `basic_text`, a key built into every copy of the app, so a
 * device secret "encrypted" that way is as good as plain: quick unlock is then not offered.
 */
export function keychainProtects(available: boolean, platform: NodeJS.Platform, linuxBackend: string | undefined): boolean {
  if (!available) return false;
  return platform !== 'linux' || (linuxBackend !== undefined && linuxBackend !== 'basic_text' && linuxBackend !== 'unknown');
}

/** The file holding a profile's device secret. Only an id the engine could have made becomes a file name. */
export function keychainFile(home: string, tenantId: string): string {
  if (!isWellFormedId(tenantId, 'tn_')) throw new Error('Not a profile id.');
  return join(home, 'quick-unlock', `${tenantId}.bin`);
}

/** A keychain over files in `home`, or none when the OS keychain protects nothing (then quick unlock is not offered). */
export async function fileKeychain(home: string, cipher: OsCipher, platform: NodeJS.Platform): Promise<Keychain | undefined> {
  const backend = platform === 'linux' ? cipher.getSelectedStorageBackend?.() : undefined;
  if (!keychainProtects(await cipher.isAsyncEncryptionAvailable(), platform, backend)) return undefined;
  const store = async (tenantId: string, secret: Buffer): Promise<void> => {
    const file = keychainFile(home, tenantId);
    await mkdir(join(home, 'quick-unlock'), { recursive: true, mode: 0o700 });
    await writeFile(file, await cipher.encryptStringAsync(secret.toString('base64')), { mode: 0o600 });
  };
  return {
    store,
    async load(tenantId) {
      try {
        const { result, shouldReEncrypt } = await cipher.decryptStringAsync(await readFile(keychainFile(home, tenantId)));
        const secret = Buffer.from(result, 'base64');
        if (shouldReEncrypt) await store(tenantId, secret); // the OS rotated its key
        return secret;
      } catch {
        return undefined; // no entry, or the keychain changed: the passphrase still works
      }
    },
    async remove(tenantId) {
      await rm(keychainFile(home, tenantId), { force: true });
    },
  };
}
