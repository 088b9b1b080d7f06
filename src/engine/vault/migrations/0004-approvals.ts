import type { Migration } from '../../db/migrate.js';

/**
 * Approvals: each enabled action has a mode for agents' calls (`allow`, or `ask` the owner first);
 * an agent's call to an `ask` action is an approval request, kept here with the exact input it
 * will send (only ever in the vault), bound to a hash of action and canonical input, single use.
 * Actions enabled before this keep running as they did (`allow`). The activity log records the
 * approval a call went through.
 */
export const m0004Approvals: Migration = {
  version: 4,
  name: 'approvals',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE enabled_action ADD COLUMN mode TEXT NOT NULL DEFAULT 'allow' CHECK (mode IN ('allow', 'ask'));

      CREATE TABLE approval (
        id           TEXT PRIMARY KEY,             -- ap_…
        action_id    TEXT NOT NULL,
        input        TEXT NOT NULL,                -- JSON: exactly what will be sent
        input_hash   TEXT NOT NULL,                -- SHA-256 of action id + canonical input
        caller       TEXT NOT NULL,                -- mcp:<client>
        status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'expired', 'cancelled', 'used')),
        requested_at INTEGER NOT NULL,
        expires_at   INTEGER NOT NULL,
        answered_at  INTEGER,
        answered_via TEXT,                         -- ui, cli, elicitation
        reason       TEXT,                         -- the owner's reason for a denial, shown to the agent
        always       INTEGER NOT NULL DEFAULT 0    -- approved and the action switched to allow
      ) STRICT;
      CREATE INDEX approval_status ON approval (status, expires_at);

      ALTER TABLE activity ADD COLUMN approval TEXT;  -- JSON: id, hash, outcome, answered via, waited ms
    `);
  },
};
