/** A tenant's settings, stored as JSON values in the vault's `settings` table. */
import { zodFieldErrors } from '../../shared/field-messages.js';
import { z } from 'zod';
import { SwitchboardError } from '../../shared/errors.js';
import {
  ACTIVITY_RETENTION_DAYS,
  APPROVAL_TIMEOUT_SECONDS,
  AUTO_LOCK_MINUTES,
  DEFAULT_ACTIVITY_RETENTION_DAYS,
  DEFAULT_APPROVAL_TIMEOUT_SECONDS,
  DEFAULT_AUTO_LOCK_MINUTES,
} from '../../shared/limits.js';
import type { TenantSession } from './tenant-session.js';
import type { Db } from '../db/sqlite.js';

export const tenantSettingsSchema = z.object({
  autoLockMinutes: z.number().int().min(AUTO_LOCK_MINUTES.min).max(AUTO_LOCK_MINUTES.max),
  /** Activity older than this is deleted when the vault is unlocked. */
  activityRetentionDays: z.number().int().min(ACTIVITY_RETENTION_DAYS.min).max(ACTIVITY_RETENTION_DAYS.max),
  /** How long an agent's call waits for this profile's approval. */
  approvalTimeoutSeconds: z.number().int().min(APPROVAL_TIMEOUT_SECONDS.min).max(APPROVAL_TIMEOUT_SECONDS.max),
});
export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

const DEFAULTS: TenantSettings = {
  autoLockMinutes: DEFAULT_AUTO_LOCK_MINUTES,
  activityRetentionDays: DEFAULT_ACTIVITY_RETENTION_DAYS,
  approvalTimeoutSeconds: DEFAULT_APPROVAL_TIMEOUT_SECONDS,
};

/** Read settings straight from a vault handle (used while unlocking, before a session exists). */
export async function readSettings(db: Db): Promise<TenantSettings> {
  const rows = await db.all<{ key: string; value: string }>('SELECT key, value FROM settings');
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    try {
      stored[row.key] = JSON.parse(row.value);
    } catch {
      // A value we cannot read falls back to its default.
    }
  }
  const merged = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof TenantSettings)[]) {
    const parsed = tenantSettingsSchema.shape[key].safeParse(stored[key]);
    if (parsed.success) merged[key] = parsed.data;
  }
  return merged;
}

export async function getSettings(session: TenantSession): Promise<TenantSettings> {
  return readSettings(session.vault());
}

/** Change some settings; rejects the whole change if any value is out of range. */
export async function updateSettings(session: TenantSession, patch: unknown): Promise<TenantSettings> {
  const parsed = tenantSettingsSchema.partial().strict().safeParse(patch);
  if (!parsed.success) {
    const { message, fields } = zodFieldErrors(parsed.error.issues, { schema: tenantSettingsSchema, input: patch });
    throw new SwitchboardError('INVALID_INPUT', message, { fields });
  }
  const db = session.vault();
  const now = session.now();
  await db.transaction(async (tx) => {
    for (const [key, value] of Object.entries(parsed.data)) {
      await tx.run(
        'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
        [key, JSON.stringify(value), now],
      );
    }
  });
  const settings = await readSettings(db);
  session.setAutoLockMinutes(settings.autoLockMinutes);
  return settings;
}
