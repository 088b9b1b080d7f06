import type { Migration } from '../../db/migrate.js';

/** The first vault shape: who the vault belongs to, and the tenant's settings. */
export const m0001Init: Migration = {
  version: 1,
  name: 'init',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE vault_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,            -- JSON
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
