import type { Migration } from '../../db/migrate.js';

/**
 * Space policy and OAuth client settings.
 * policy_rule: allow or deny a connector (`slack`) or an action (`slack.send_message`) for a role.
 * oauth_client: the OAuth app an admin registered for a connector (client id; a client secret
 * where the provider insists — desktop OAuth clients are public clients, RFC 8252 §8.5).
 */
export const r0002Policy: Migration = {
  version: 2,
  name: 'policy',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE policy_rule (
        subject    TEXT NOT NULL,                 -- connector id or connector.action
        role       TEXT NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
        effect     TEXT NOT NULL CHECK (effect IN ('allow', 'deny')),
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL,                 -- tenant id
        PRIMARY KEY (subject, role)
      ) STRICT;

      CREATE TABLE oauth_client (
        connector_id  TEXT PRIMARY KEY,
        client_id     TEXT NOT NULL,
        client_secret TEXT,
        authorize_url TEXT,                       -- override (self-hosted, tests)
        token_url     TEXT,
        updated_at    INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
