import type { Migration } from '../../db/migrate.js';

/**
 * The first registry shape: the space, and its tenants with their wrapped data keys.
 * Nothing here is a secret in plaintext: wraps need the passphrase or the recovery key.
 */
export const r0001Init: Migration = {
  version: 1,
  name: 'init',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE space (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE tenant (
        id              TEXT PRIMARY KEY,
        name            TEXT NOT NULL,
        name_key        TEXT NOT NULL UNIQUE,       -- NFC + lower case: names are unique ignoring case
        role            TEXT NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
        created_at      INTEGER NOT NULL,
        kdf             TEXT NOT NULL,              -- JSON scrypt parameters and salt
        wrap_passphrase BLOB NOT NULL,              -- data key, AES-256-GCM under the passphrase key
        wrap_recovery   BLOB NOT NULL,              -- data key, AES-256-GCM under the recovery key
        failed_attempts INTEGER NOT NULL DEFAULT 0, -- wrong passphrases in a row
        locked_until    INTEGER NOT NULL DEFAULT 0, -- epoch ms; no attempt is checked before it
        last_active_at  INTEGER
      ) STRICT;
    `);
  },
};
