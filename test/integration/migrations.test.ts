// Each migration, from the shape before it to the shape after it, on real files.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, userVersion, type Migration } from '../../src/engine/db/migrate.js';
import { Db } from '../../src/engine/db/sqlite.js';
import { REGISTRY_MIGRATIONS } from '../../src/engine/space/migrations/index.js';
import { VAULT_MIGRATIONS } from '../../src/engine/vault/migrations/index.js';
import { removeDir, tempDir } from '../helpers.js';

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map(removeDir)));

async function freshDb(): Promise<Db> {
  const dir = await tempDir();
  dirs.push(dir);
  return Db.open(join(dir, 'x.db'), { create: true });
}

async function tables(db: Db): Promise<string[]> {
  const rows = await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  return rows.map((r) => r.name);
}

describe('vault 0001-init', () => {
  it('turns an empty database into version 1 with vault_meta and settings', async () => {
    const db = await freshDb();
    await migrate(db, VAULT_MIGRATIONS.slice(0, 1), 'vault');
    expect(await userVersion(db)).toBe(1);
    expect(await tables(db)).toEqual(['settings', 'vault_meta']);
    await db.close();
  });
});

describe('registry 0001-init', () => {
  it('turns an empty database into version 1 with space and tenant', async () => {
    const db = await freshDb();
    await migrate(db, REGISTRY_MIGRATIONS.slice(0, 1), 'space registry');
    expect(await userVersion(db)).toBe(1);
    expect(await tables(db)).toEqual(['space', 'tenant']);
    await db.close();
  });
});

describe('the migration runner', () => {
  it('rolls a failing migration back whole and keeps the version it had', async () => {
    const db = await freshDb();
    const list: Migration[] = [
      { version: 1, name: 'one', up: (tx) => tx.exec('CREATE TABLE a (x INTEGER) STRICT') },
      {
        version: 2,
        name: 'two',
        up: async (tx) => {
          await tx.exec('CREATE TABLE b (x INTEGER) STRICT');
          throw new Error('boom');
        },
      },
    ];
    await expect(migrate(db, list, 'vault')).rejects.toThrow('boom');
    expect(await userVersion(db)).toBe(1);
    expect(await tables(db)).toEqual(['a']);
    await db.close();
  });

  it('refuses a database from a newer version without touching it', async () => {
    const db = await freshDb();
    await db.exec('PRAGMA user_version = 7');
    await expect(migrate(db, VAULT_MIGRATIONS, 'vault')).rejects.toMatchObject({ code: 'UNSUPPORTED_VERSION' });
    expect(await tables(db)).toEqual([]);
    await db.close();
  });
});
