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
import { Db, sqliteCode } from '../db/sqlite.js';
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
    throw storageError(err, dirname(file));
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
    throw storageError(err, dirname(file));
  }
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
