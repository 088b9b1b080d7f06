import type { Migration } from '../../db/migrate.js';

/**
 * Quick unlock on a trusted device: the data key wrapped under a random device secret. The secret
 * itself never reaches the registry: the host keeps it encrypted by the OS keychain (Electron's
 * safeStorage). Disabling, or losing the keychain entry, leaves the passphrase and the recovery
 * key working as before.
 */
export const r0006QuickUnlock: Migration = {
  version: 6,
  name: 'quick-unlock',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE quick_unlock (
        tenant_id  TEXT PRIMARY KEY REFERENCES tenant (id) ON DELETE CASCADE,
        wrap       BLOB NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
