import type { Migration } from '../../db/migrate.js';

/**
 * Rollups of the usage counters, kept with them at each flush, so the admin views read one row
 * per profile (the tenants view) and one per day and connector (insights) instead of summing
 * every published bucket: at 10,000 profiles the raw daily rows number over a million.
 *
 * `usage_rollup` holds each profile's 24-hour and 30-day totals as sliding windows: a flush adds
 * its buckets that fall inside the windows, and subtracts the hours and days that have left them
 * since the hour `usage_rollup_meta` records (or recomputes them from the raw rows after a gap
 * longer than a window). The raw rows stay the record; the rollups can always be rebuilt from them.
 */
export const r0011UsageRollup: Migration = {
  version: 11,
  name: 'usage-rollup',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE usage_rollup (
        tenant_id    TEXT PRIMARY KEY REFERENCES tenant (id) ON DELETE CASCADE,
        calls24h     INTEGER NOT NULL DEFAULT 0,
        errors24h    INTEGER NOT NULL DEFAULT 0,
        calls30d     INTEGER NOT NULL DEFAULT 0,
        errors30d    INTEGER NOT NULL DEFAULT 0,
        approvals30d INTEGER NOT NULL DEFAULT 0,
        denials30d   INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX usage_rollup_busiest ON usage_rollup (calls30d DESC);
      -- The hour the windows above end at; no row: rebuild them from the raw rows at the next flush.
      CREATE TABLE usage_rollup_meta (
        id   INTEGER PRIMARY KEY CHECK (id = 1),
        hour INTEGER NOT NULL
      ) STRICT;
      -- Per profile and day (all connectors), and per connector and day (all profiles): the insights.
      CREATE TABLE usage_tenant_daily (
        tenant_id TEXT NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
        day       INTEGER NOT NULL,
        calls     INTEGER NOT NULL,
        errors    INTEGER NOT NULL,
        total_ms  INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, day)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE usage_connector_daily (
        day          INTEGER NOT NULL,
        connector_id TEXT NOT NULL,
        calls        INTEGER NOT NULL,
        errors       INTEGER NOT NULL,
        total_ms     INTEGER NOT NULL,
        PRIMARY KEY (day, connector_id)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO usage_tenant_daily (tenant_id, day, calls, errors, total_ms)
        SELECT tenant_id, day, sum(calls), sum(errors), sum(total_ms) FROM usage_daily GROUP BY tenant_id, day;
      INSERT INTO usage_connector_daily (day, connector_id, calls, errors, total_ms)
        SELECT day, connector_id, sum(calls), sum(errors), sum(total_ms) FROM usage_daily GROUP BY day, connector_id;
    `);
  },
};
