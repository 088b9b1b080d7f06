import type { Migration } from '../../db/migrate.js';
import { stateTriggers } from './0010-state-seq.js';

/**
 * A team space (src/engine/team): the profiles that live on other machines, as the directory in
 * the shared database lists them and the signed policy gives their roles and keys, and this
 * machine's sync state. Vaults of remote profiles never come here: only id, name, role, machine,
 * public key and, for a remote admin, the signing key sealed to that key (as admin_key holds it
 * for a local admin). The directory's columns a policy signature covers move the state counter.
 */
export const r0013Team: Migration = {
  version: 13,
  name: 'team',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE team_profile (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        name_key     TEXT NOT NULL,
        role         TEXT NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
        machine_id   TEXT NOT NULL,
        enc_pub      BLOB,                      -- X25519 public key, raw 32 bytes
        sealed       BLOB,                      -- the signing key sealed to enc_pub (remote admins)
        created_at   INTEGER NOT NULL,
        removed      INTEGER NOT NULL DEFAULT 0 -- a tombstone: removed by an admin or by itself
      ) STRICT;
      CREATE INDEX team_profile_machine ON team_profile (machine_id);
      CREATE TABLE team_machine (
        id        TEXT PRIMARY KEY,
        name      TEXT NOT NULL,
        last_sync INTEGER
      ) STRICT;
      CREATE TABLE team_sync (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
      ${stateTriggers([{ table: 'team_profile', columns: 'id, name, role, enc_pub, sealed, removed' }])}
    `);
  },
};
