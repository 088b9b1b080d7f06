import type { Migration } from '../../db/migrate.js';

/**
 * Connections say whether the provider has accepted them yet, and what an OAuth sign-in granted.
 * `verified_at`: when the connector's test call (or any call) last succeeded with these
 * credentials; NULL for a connection saved while the provider could not be reached ("not verified
 * yet"), checked again on the next call or test. Connections from before were in use: verified.
 * `granted_scopes`: the scopes the provider granted (space-separated, as the token answer said),
 * NULL when not known; an action needing a scope outside them fails before the call.
 */
export const m0005VerifiedConnections: Migration = {
  version: 5,
  name: 'verified-connections',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE connection ADD COLUMN verified_at INTEGER;
      ALTER TABLE connection ADD COLUMN granted_scopes TEXT;
      UPDATE connection SET verified_at = updated_at;
      UPDATE connection SET granted_scopes = json_extract(credentials, '$.scope')
        WHERE auth_type = 'oauth2' AND json_valid(credentials) AND json_type(credentials, '$.scope') = 'text';
    `);
  },
};
