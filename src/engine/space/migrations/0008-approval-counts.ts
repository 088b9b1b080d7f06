import type { Migration } from '../../db/migrate.js';

/** The admin view counts, per profile, the agents' calls that were approved and denied (counts only). */
export const r0008ApprovalCounts: Migration = {
  version: 8,
  name: 'approval-counts',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE usage_hourly ADD COLUMN approvals INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE usage_hourly ADD COLUMN denials INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE usage_daily ADD COLUMN approvals INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE usage_daily ADD COLUMN denials INTEGER NOT NULL DEFAULT 0;
    `);
  },
};
