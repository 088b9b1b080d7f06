import type { Migration } from '../../db/migrate.js';

/**
 * What admins oversee without opening any vault: counters and ids that each tenant's session
 * publishes, and the space audit trail. Nothing here is a credential, an input, an output or
 * message text.
 */
export const r0004Admin: Migration = {
  version: 4,
  name: 'admin',
  async up(tx) {
    await tx.exec(`
      -- Calls per tenant, connector and hour (kept for 48 hours: the 24-hour view) and per day (the 30-day view).
      CREATE TABLE usage_hourly (
        tenant_id    TEXT NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
        hour         INTEGER NOT NULL,        -- epoch hours
        connector_id TEXT NOT NULL,
        calls        INTEGER NOT NULL,
        errors       INTEGER NOT NULL,
        total_ms     INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, hour, connector_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX usage_hourly_hour ON usage_hourly (hour);
      CREATE TABLE usage_daily (
        tenant_id    TEXT NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
        day          INTEGER NOT NULL,        -- epoch days
        connector_id TEXT NOT NULL,
        calls        INTEGER NOT NULL,
        errors       INTEGER NOT NULL,
        total_ms     INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, day, connector_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX usage_daily_day ON usage_daily (day);

      -- The latest shape of each tenant's setup, as ids and counts.
      CREATE TABLE tenant_status (
        tenant_id       TEXT PRIMARY KEY REFERENCES tenant (id) ON DELETE CASCADE,
        connectors      TEXT NOT NULL,        -- JSON array of connected connector ids
        reauth          TEXT NOT NULL,        -- JSON array of connector ids needing re-auth
        enabled_actions TEXT NOT NULL,        -- JSON array of enabled action ids
        updated_at      INTEGER NOT NULL
      ) STRICT;

      -- Who changed what in the space, hash-chained so an edited or removed entry shows.
      CREATE TABLE audit (
        id        INTEGER PRIMARY KEY,
        at        INTEGER NOT NULL,
        actor_id  TEXT NOT NULL,
        actor     TEXT NOT NULL,
        action    TEXT NOT NULL,
        detail    TEXT NOT NULL,              -- JSON of ids, roles and effects only
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL
      ) STRICT;

      CREATE TABLE space_setting (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL                   -- JSON
      ) STRICT;
    `);
  },
};
