import type { Migration } from '../../db/migrate.js';
import { nameKey } from '../../../shared/validation.js';

/**
 * Recovery keys throttled on their own (a correct 240-bit key needs no throttle; a flood of wrong
 * ones does), and profile names unique under NFKC folding, so full-width and other compatibility
 * look-alikes of a name are the same name.
 */
export const r0007Integrity: Migration = {
  version: 7,
  name: 'integrity',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE tenant ADD COLUMN recovery_failed_attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE tenant ADD COLUMN recovery_locked_until INTEGER NOT NULL DEFAULT 0;
    `);
    const tenants = await tx.all<{ id: string; name: string; name_key: string }>('SELECT id, name, name_key FROM tenant ORDER BY created_at, id');
    const keyOf = new Map(tenants.map((t) => [t.id, t.name_key]));
    for (const t of tenants) {
      const key = nameKey(t.name);
      // Two existing names that now fold alike keep their old keys: nothing is renamed behind anyone's back.
      if (key === t.name_key || [...keyOf].some(([id, k]) => id !== t.id && k === key)) continue;
      await tx.run('UPDATE tenant SET name_key = ? WHERE id = ?', [key, t.id]);
      keyOf.set(t.id, key);
    }
  },
};
