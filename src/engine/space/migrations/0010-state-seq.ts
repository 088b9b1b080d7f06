import type { Migration } from '../../db/migrate.js';

/**
 * A counter that every change to the state a decision rests on moves: rules, roles and the
 * profile directory, keys, OAuth apps, settings and signatures, the space row. Processes read it
 * (one row) before each call instead of re-verifying the policy whenever anything at all was
 * committed (the usage counters are written every few seconds). Triggers move it, so a hand edit
 * with a SQLite shell moves it too; someone who drops the triggers first changes the schema
 * version, which the same read includes. Decisions read the verified statement, never these rows,
 * so an edit the counter missed grants nothing either way (docs/SECURITY.md).
 */
export const STATE_TABLES: readonly { table: string; columns?: string; /** The migration that made the table, when after this one (its own migration adds the triggers). */ since?: number }[] = [
  { table: 'space' },
  { table: 'tenant', columns: 'id, name, name_key, role' },
  { table: 'policy_rule' },
  { table: 'oauth_client' },
  { table: 'space_setting' },
  { table: 'tenant_key' },
  { table: 'admin_key' },
  { table: 'custom_connector', since: 12 },
];

export function stateTriggers(tables: readonly { table: string; columns?: string }[]): string {
  return tables
    .flatMap(({ table, columns }) =>
      (['INSERT', 'DELETE', columns ? `UPDATE OF ${columns}` : 'UPDATE'] as const).map(
        (event) =>
          `CREATE TRIGGER IF NOT EXISTS state_seq_${table}_${event.split(' ')[0]!.toLowerCase()} AFTER ${event} ON ${table} BEGIN UPDATE state_seq SET n = n + 1; END;`,
      ),
    )
    .join('\n');
}

export const r0010StateSeq: Migration = {
  version: 10,
  name: 'state-seq',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE state_seq (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL) STRICT;
      INSERT INTO state_seq (id, n) VALUES (1, 0);
      ${stateTriggers(STATE_TABLES.filter((t) => t.since === undefined))}
    `);
  },
};
