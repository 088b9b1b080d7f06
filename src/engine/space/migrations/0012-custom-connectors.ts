import type { Migration } from '../../db/migrate.js';
import { STATE_TABLES, stateTriggers } from './0010-state-seq.js';

/**
 * The space's custom connectors (imported from OpenAPI or written by hand): one row per connector,
 * its declarative definition and a version that only grows. The policy statement signs each
 * one's id, version and hash (docs/SECURITY.md); the state counter's triggers cover the table.
 */
export const r0012CustomConnectors: Migration = {
  version: 12,
  name: 'custom-connectors',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE custom_connector (
        id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        definition TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;
      ${stateTriggers(STATE_TABLES.filter((t) => t.since === 12))}
    `);
  },
};
