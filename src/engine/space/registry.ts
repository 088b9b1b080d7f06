/**
 * The registry: one plain (unencrypted) SQLite file per space holding the space row and its
 * tenants with their wrapped keys. It holds no secret in plaintext. Both the app and the CLI
 * may have it open at once: WAL, a busy timeout, and BEGIN IMMEDIATE for every write.
 */
import { chmod } from 'node:fs/promises';
import { dirname } from 'node:path';
import { migrate } from '../db/migrate.js';
import { Db } from '../db/sqlite.js';
import { storageError } from '../db/storage-errors.js';
import { REGISTRY_MIGRATIONS } from './migrations/index.js';

export async function openRegistry(file: string, { create = false } = {}): Promise<Db> {
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
