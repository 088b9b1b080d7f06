/**
 * The registry: one plain (unencrypted) SQLite file per space holding the space row and its
 * tenants with their wrapped keys. It holds no secret in plaintext. Both the app and the CLI
 * may have it open at once: WAL, a busy timeout, and BEGIN IMMEDIATE for every write.
 */
import { chmod, stat } from 'node:fs/promises';
import { SwitchboardError } from '../../shared/errors.js';
import { dirname } from 'node:path';
import { migrate } from '../db/migrate.js';
import { Db } from '../db/sqlite.js';
import { storageError } from '../db/storage-errors.js';
import { REGISTRY_MIGRATIONS } from './migrations/index.js';

export async function openRegistry(file: string, { create = false } = {}): Promise<Db> {
  if (!create) {
    // SQLite would treat an empty file as a new database and write a fresh registry into it.
    const size = await stat(file).then(
      (s) => s.size,
      () => undefined,
    );
    if (size === 0) {
      throw new SwitchboardError('VAULT_CORRUPT', `The space registry ${file} is empty (0 bytes). It was left untouched: restore it from a backup.`);
    }
  }
  let db: Db;
  try {
    db = await Db.open(file, { create });
  } catch (err) {
    throw storageError(err, dirname(file));
  }
  try {
    if (create) await chmod(file, 0o600);
    await db.exec('PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA synchronous = FULL;');
    const mode = await db.get<{ journal_mode: string }>('PRAGMA journal_mode');
    if (mode?.journal_mode !== 'wal') await db.get('PRAGMA journal_mode = WAL');
    await migrate(db, REGISTRY_MIGRATIONS, 'space registry');
    return db;
  } catch (err) {
    await db.close().catch(() => undefined);
    throw storageError(err, dirname(file));
  }
}

export interface TenantRow {
  id: string;
  name: string;
  name_key: string;
  role: string;
  created_at: number;
  kdf: string;
  wrap_passphrase: Buffer;
  wrap_recovery: Buffer;
  failed_attempts: number;
  locked_until: number;
  last_active_at: number | null;
}
