import type { Migration } from '../../db/migrate.js';

/**
 * Connections (credentials per connector), enabled actions, the activity log and the outbox.
 * All of it lives inside the encrypted vault; credentials never leave it except into a request.
 */
export const m0002Connections: Migration = {
  version: 2,
  name: 'connections',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE connection (
        connector_id  TEXT PRIMARY KEY,
        auth_type     TEXT NOT NULL,
        credentials   TEXT NOT NULL,               -- JSON; never returned to a caller
        base_url      TEXT,                        -- override of the connector's base URL
        status        TEXT NOT NULL DEFAULT 'connected' CHECK (status IN ('connected', 'auth_required')),
        status_detail TEXT,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE enabled_action (
        action_id    TEXT PRIMARY KEY,            -- connector.action
        connector_id TEXT NOT NULL REFERENCES connection (connector_id) ON DELETE CASCADE,
        enabled_at   INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX enabled_action_connector ON enabled_action (connector_id);

      CREATE TABLE activity (
        id          INTEGER PRIMARY KEY,
        at          INTEGER NOT NULL,              -- epoch ms
        action_id   TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('ok', 'error', 'queued')),
        code        TEXT,                          -- error code when status = error
        http_status INTEGER,
        duration_ms INTEGER NOT NULL,
        via         TEXT NOT NULL,                 -- ui, cli, mcp:<client>
        input       TEXT                           -- JSON with secret-looking values redacted
      ) STRICT;
      CREATE INDEX activity_at ON activity (at DESC);
      CREATE INDEX activity_action_at ON activity (action_id, at DESC);

      CREATE TABLE outbox (
        id              TEXT PRIMARY KEY,
        action_id       TEXT NOT NULL,
        input           TEXT NOT NULL,             -- JSON, complete: it is what will be sent
        via             TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled', 'uncertain')),
        idempotency_key TEXT NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        last_code       TEXT,
        last_message    TEXT,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX outbox_status ON outbox (status, created_at);
    `);
  },
};
