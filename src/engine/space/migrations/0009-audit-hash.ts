import type { Migration } from '../../db/migrate.js';
import { AUDIT_GENESIS, entryHash, legacyEntryHash } from '../audit.js';

/**
 * Audit entries' hashes now cover the actor's name too (it is what the trail shows). An intact
 * chain is re-hashed in the new form; a broken one is left as it is, so it still reads as broken.
 * The next admin change signs the new head.
 */
export const r0009AuditHash: Migration = {
  version: 9,
  name: 'audit-hash',
  async up(tx) {
    const rows = await tx.all<{ id: number; at: number; actor_id: string; actor: string; action: string; detail: string; prev_hash: string; hash: string }>(
      'SELECT * FROM audit ORDER BY id',
    );
    let prev = AUDIT_GENESIS;
    for (const r of rows) {
      if (r.prev_hash !== prev || r.hash !== legacyEntryHash(r.prev_hash, r.at, r.actor_id, r.action, r.detail)) return;
      prev = r.hash;
    }
    prev = AUDIT_GENESIS;
    for (const r of rows) {
      const hash = entryHash(prev, r.at, r.actor_id, r.actor, r.action, r.detail);
      await tx.run('UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?', [prev, hash, r.id]);
      prev = hash;
    }
  },
};
