/**
 * A team space's local settings and sync state, in the registry's team_sync table (registry
 * migration 13), and the database password in a file of its own beside the registry, readable by
 * this OS user only (0600). Nothing here is trusted for authority: a changed URL or pin leads to a
 * database whose records fail verification, and every vault checks what it acts on itself.
 */
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db, Tx } from '../db/sqlite.js';
import { spaceDir } from '../space/paths.js';
import type { Space } from '../space/space.js';

export type SyncKey =
  | 'url'
  | 'machine_id'
  | 'machine_name'
  | 'pinned_key'
  | 'chain'
  | 'applied:policy'
  | 'pending:policy'
  | 'dir_seq'
  | 'audit_pushed'
  | 'offline_since'
  | 'last_sync'
  | 'last_error'
  | 'conflict';

export async function getSync(db: Db | Tx, key: SyncKey): Promise<string | undefined> {
  return (await db.get<{ value: string }>('SELECT value FROM team_sync WHERE key = ?', [key]))?.value;
}

export async function setSync(db: Db | Tx, key: SyncKey, value: string | number | undefined): Promise<void> {
  if (value === undefined) await db.run('DELETE FROM team_sync WHERE key = ?', [key]);
  else await db.run('INSERT INTO team_sync (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, String(value)]);
}

export async function syncNumber(db: Db | Tx, key: SyncKey): Promise<number> {
  const n = Number((await getSync(db, key)) ?? 0);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

/** The file the database password is kept in (0600), beside the space's registry. */
export function passwordFile(space: Pick<Space, 'home' | 'id'>): string {
  return join(spaceDir(space.home, space.id), 'team-db-password');
}

export async function savePassword(space: Pick<Space, 'home' | 'id'>, password: string | undefined): Promise<string | undefined> {
  const file = passwordFile(space);
  if (password === undefined) {
    await rm(file, { force: true });
    return undefined;
  }
  await writeFile(file, password, { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

/** The password: SWITCHBOARD_DB_PASSWORD, else PGPASSWORD, else the saved file; undefined for none. */
export async function loadPassword(space: Pick<Space, 'home' | 'id'>, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (env.SWITCHBOARD_DB_PASSWORD) return env.SWITCHBOARD_DB_PASSWORD;
  if (env.PGPASSWORD) return env.PGPASSWORD;
  return readFile(passwordFile(space), 'utf8').catch(() => undefined);
}
