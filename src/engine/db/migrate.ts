/**
 * Schema migrations recorded in `PRAGMA user_version`. Each migration runs in its own
 * transaction together with the version bump, so a crash leaves either the old or the new shape.
 */
import { SwitchboardError } from '../../shared/errors.js';
import type { Db, Tx } from './sqlite.js';

export interface Migration {
  version: number;
  name: string;
  up(tx: Tx): Promise<void>;
}

/** Throws unless versions run 1, 2, 3… with no gap and no repeat. Called at module load. */
export function checkMigrationList(list: readonly Migration[]): readonly Migration[] {
  list.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`Migration list is out of order: position ${i} holds version ${m.version} (${m.name}).`);
    }
  });
  return list;
}

export function latestVersion(list: readonly Migration[]): number {
  return list.length === 0 ? 0 : list[list.length - 1]!.version;
}

export async function userVersion(db: Db | Tx): Promise<number> {
  const row = await db.get<{ user_version: number }>('PRAGMA user_version');
  return row?.user_version ?? 0;
}

/**
 * Bring `db` up to the newest version in `list`. A database from a newer Switchboard is refused
 * with UNSUPPORTED_VERSION and left untouched.
 */
export async function migrate(db: Db, list: readonly Migration[], what: string): Promise<void> {
  const latest = latestVersion(list);
  const current = await userVersion(db);
  if (current > latest) throw tooNew(what, current, latest);
  if (current === latest) return;
  for (const migration of list) {
    if (migration.version <= current) continue;
    await db.transaction(async (tx) => {
      // Another process may have migrated while we waited for the write lock.
      const now = await userVersion(tx);
      if (now > latest) throw tooNew(what, now, latest);
      if (now >= migration.version) return;
      await migration.up(tx);
      await tx.exec(`PRAGMA user_version = ${migration.version}`);
    });
  }
}

function tooNew(what: string, found: number, supported: number): SwitchboardError {
  return new SwitchboardError(
    'UNSUPPORTED_VERSION',
    `This ${what} was written by a newer Switchboard (schema ${found}; this one knows up to ${supported}). Update Switchboard to open it; nothing was changed.`,
    { found, supported },
  );
}
