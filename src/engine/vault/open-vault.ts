/**
 * Open a tenant's SQLCipher vault with its raw 256-bit data key.
 *
 * A raw key (`x'…'`) skips SQLCipher's own KDF, so opening costs milliseconds; the slow KDF
 * guards only the wrap of the data key. A file that is empty, truncated, random or written by
 * a newer Switchboard is refused before anything is written to it.
 */
import { chmod, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SwitchboardError } from '../../shared/errors.js';
import { latestVersion, migrate, userVersion } from '../db/migrate.js';
import { openSync, closeSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { Db, sqliteCode } from '../db/sqlite.js';
import { VAULT_POOL } from '../db/handle-pool.js';
import { storageError } from '../db/storage-errors.js';
import { DATA_KEY_BYTES } from './vault-keys.js';
import { VAULT_MIGRATIONS } from './migrations/index.js';

/** SQLCipher's default page size; a healthy vault file is a whole number of pages. */
const PAGE_SIZE = 4096;

export interface VaultIdentity {
  spaceId: string;
  tenantId: string;
}

function corrupt(detail: string): SwitchboardError {
  return new SwitchboardError(
    'VAULT_CORRUPT',
    `This profile's vault file is damaged (${detail}). It was left untouched: restore it from a backup, or delete the profile.`,
  );
}

/**
 * Open (or, with `create`, make) the vault file at `file` with `dataKey`.
 * The caller keeps ownership of `dataKey`; this function does not retain it.
 */
export async function openVaultFile(
  file: string,
  dataKey: Buffer,
  identity: VaultIdentity,
  { create = false } = {},
): Promise<Db> {
  if (dataKey.length !== DATA_KEY_BYTES) throw new Error('A vault data key is 32 bytes.');
  if (!create) {
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new SwitchboardError(
          'VAULT_CORRUPT',
          "This profile's vault file is missing. Restore it from a backup, or delete the profile.",
        );
      }
      throw storageError(err, dirname(file));
    }
    // SQLite would treat an empty file as a new database and write to it: refuse first.
    if (size === 0 || size % PAGE_SIZE !== 0) throw corrupt(size === 0 ? 'empty' : 'truncated');
  }

  let db: Db;
  try {
    db = await Db.open(file, { create });
  } catch (err) {
    throw tooManyFiles(file) ?? storageError(err, dirname(file));
  }
  try {
    // Private to this OS user; SQLite gives the -wal and -shm files the same mode.
    if (create) await chmod(file, 0o600);
    db.keyRaw(dataKey);
    // The first read decrypts page 1: a wrong key or a damaged file fails here, before any write.
    let version: number;
    try {
      version = await userVersion(db);
    } catch (err) {
      const code = sqliteCode(err);
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw corrupt('it cannot be decrypted');
      throw err;
    }
    if (version > latestVersion(VAULT_MIGRATIONS)) {
      // migrate() refuses with UNSUPPORTED_VERSION before writing anything.
      await migrate(db, VAULT_MIGRATIONS, 'vault');
    }
    await db.exec('PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA synchronous = NORMAL;');
    const mode = await db.get<{ journal_mode: string }>('PRAGMA journal_mode');
    if (mode?.journal_mode !== 'wal') await db.get('PRAGMA journal_mode = WAL');
    await migrate(db, VAULT_MIGRATIONS, 'vault');
    await checkIdentity(db, identity, create);
    return db;
  } catch (err) {
    await db.close().catch(() => undefined);
    const code = sqliteCode(err);
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw corrupt('its contents are inconsistent');
    throw tooManyFiles(file) ?? storageError(err, dirname(file));
  }
}

/**
 * Let the process's handle pool close this vault's connection while it is idle; `key` gives the
 * data key at reopen time (the session's, so a locked session reopens nothing).
 */
export function poolVault(db: Db, identity: VaultIdentity, key: <T>(use: (dataKey: Buffer) => T) => T): void {
  db.releasable(VAULT_POOL, () => key((dataKey) => reopenVault(db.file, dataKey, identity)));
}

/** Open a vault this process opened before (migrated, its identity checked), synchronously. */
function reopenVault(file: string, dataKey: Buffer, identity: VaultIdentity): Database.Database {
  let raw: Database.Database;
  try {
    raw = new Database(file, { fileMustExist: true, timeout: 0 });
  } catch (err) {
    throw tooManyFiles(file) ?? storageError(err, dirname(file));
  }
  try {
    raw.pragma(`cipher = 'sqlcipher'`);
    raw.pragma('legacy = 4');
    raw.pragma(`key = "x'${dataKey.toString('hex')}'"`);
    raw.exec('PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA synchronous = NORMAL;');
    const version = raw.pragma('user_version', { simple: true }) as number;
    const meta = Object.fromEntries(
      (raw.prepare("SELECT key, value FROM vault_meta WHERE key IN ('space_id', 'tenant_id')").all() as { key: string; value: string }[]).map((r) => [r.key, r.value]),
    );
    if (version !== latestVersion(VAULT_MIGRATIONS) || meta.space_id !== identity.spaceId || meta.tenant_id !== identity.tenantId) {
      throw corrupt('it was replaced while the profile was unlocked');
    }
    return raw;
  } catch (err) {
    raw.close();
    if (err instanceof SwitchboardError) throw err;
    const code = sqliteCode(err);
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw corrupt('it was replaced while the profile was unlocked');
    throw tooManyFiles(file) ?? storageError(err, dirname(file));
  }
}

/**
 * SQLite reports running out of file descriptors as "cannot open": check whether that is what
 * happened, so the error names the cause rather than the folder's permissions.
 */
export function tooManyFiles(file: string): SwitchboardError | undefined {
  // An open vault needs three descriptors (the file, its WAL and shared-memory index); SQLite has
  // given back what it took when it failed, so try to take as many again.
  const taken: number[] = [];
  let code: string | undefined;
  try {
    for (let i = 0; i < 3; i++) taken.push(openSync(dirname(file), 'r'));
  } catch (err) {
    code = (err as NodeJS.ErrnoException).code;
  } finally {
    for (const fd of taken) closeSync(fd);
  }
  if (code !== 'EMFILE' && code !== 'ENFILE') return undefined;
  return new SwitchboardError(
    'STORAGE_ERROR',
    `This process has run out of file descriptors (${code}), so a vault cannot be opened. Raise the open-file limit (ulimit -n), or lower SWITCHBOARD_MAX_OPEN_VAULTS (default 1024; each open vault uses 3).`,
  );
}

/** A vault records whose it is, so a vault file swapped between tenants is refused. */
async function checkIdentity(db: Db, identity: VaultIdentity, create: boolean): Promise<void> {
  const rows = await db.all<{ key: string; value: string }>(
    "SELECT key, value FROM vault_meta WHERE key IN ('space_id', 'tenant_id')",
  );
  if (rows.length === 0 && create) {
    await db.transaction(async (tx) => {
      await tx.run("INSERT INTO vault_meta (key, value) VALUES ('space_id', ?), ('tenant_id', ?)", [
        identity.spaceId,
        identity.tenantId,
      ]);
    });
    return;
  }
  const meta = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  if (meta.space_id !== identity.spaceId || meta.tenant_id !== identity.tenantId) {
    throw corrupt('it belongs to another profile');
  }
}
