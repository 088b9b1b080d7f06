/** What an attacker who shares the machine does: edits the registry file with SQL, saves and restores rows. */
import { join } from 'node:path';
import { Db, type SqlValue } from '../../src/engine/db/sqlite.js';
import type { Space } from '../../src/engine/index.js';

export function registryPath(space: Space): string {
  return join(space.home, 'spaces', space.id, 'registry.db');
}

/** Run SQL on the registry from a connection of its own, as a person with a SQLite shell would. */
export async function editRegistry(space: Space, sql: string, params: SqlValue[] = []): Promise<void> {
  const db = await Db.open(registryPath(space));
  try {
    await db.run(sql, params);
  } finally {
    await db.close();
  }
}

/** Every row of the named tables, to put back later. */
export async function saveRows(space: Space, tables: string[]): Promise<Map<string, Record<string, SqlValue>[]>> {
  const db = await Db.open(registryPath(space));
  try {
    const saved = new Map<string, Record<string, SqlValue>[]>();
    for (const table of tables) saved.set(table, await db.all<Record<string, SqlValue>>(`SELECT * FROM ${table}`));
    return saved;
  } finally {
    await db.close();
  }
}

/** Replace the named tables' rows with saved ones (foreign keys off, as a hand edit would). */
export async function restoreRows(space: Space, saved: Map<string, Record<string, SqlValue>[]>): Promise<void> {
  const db = await Db.open(registryPath(space));
  try {
    await db.exec('PRAGMA foreign_keys = OFF');
    await db.transaction(async (tx) => {
      for (const [table, rows] of saved) {
        await tx.run(`DELETE FROM ${table}`);
        for (const row of rows) {
          const cols = Object.keys(row);
          await tx.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, cols.map((c) => row[c]!));
        }
      }
    });
  } finally {
    await db.close();
  }
}
