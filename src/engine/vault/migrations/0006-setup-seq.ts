import type { Migration } from '../../db/migrate.js';

/**
 * A counter that every change to the vault's connections and enabled actions moves (triggers, so
 * a change made by another process of the same profile moves it too). The router reads it, one
 * row, before each call and re-reads connections and enablement only when it moved; the activity
 * log and the outbox do not move it.
 */
export const m0006SetupSeq: Migration = {
  version: 6,
  name: 'setup-seq',
  async up(tx) {
    const triggers = ['connection', 'enabled_action']
      .flatMap((table) => ['INSERT', 'UPDATE', 'DELETE'].map((event) => `CREATE TRIGGER setup_seq_${table}_${event.toLowerCase()} AFTER ${event} ON ${table} BEGIN UPDATE setup_seq SET n = n + 1; END;`))
      .join('\n');
    await tx.exec(`
      CREATE TABLE setup_seq (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL) STRICT;
      INSERT INTO setup_seq (id, n) VALUES (1, 0);
      ${triggers}
    `);
  },
};
