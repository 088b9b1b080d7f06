import type { Migration } from '../../db/migrate.js';

/**
 * Where a connection's OAuth tokens came from, kept in the vault: the OAuth app (client id,
 * secret where the provider insists, token endpoint) the sign-in used, so a refresh never follows
 * what the registry says now. And a lease, so only one process refreshes a connection at a time
 * (a rotating refresh token is spent once).
 */
export const m0003OAuthProvenance: Migration = {
  version: 3,
  name: 'oauth-provenance',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE connection ADD COLUMN oauth_client TEXT;            -- JSON: clientId, clientSecret?, tokenUrl, authorizeUrl
      ALTER TABLE connection ADD COLUMN refresh_lease_owner TEXT;     -- a process refreshing this connection now
      ALTER TABLE connection ADD COLUMN refresh_lease_until INTEGER;  -- epoch ms; a lease past it is free again
    `);
  },
};
