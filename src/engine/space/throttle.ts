/**
 * Throttling of wrong passphrases and of wrong recovery keys, per tenant and each on its own,
 * stored in the registry so a restart does not reset it. The first few attempts are free; after
 * that each failure doubles the wait before the next attempt is even checked.
 *
 * An attempt is counted in the same write that checks the lockout, before the slow check runs:
 * attempts sent in parallel cannot all get past the lockout before the first of them fails. A
 * success clears the count it was counted in.
 */
import { SwitchboardError } from '../../shared/errors.js';
import type { Db } from '../db/sqlite.js';

export const FREE_ATTEMPTS = 5;
export const FIRST_LOCKOUT_MS = 30_000;
export const MAX_LOCKOUT_MS = 60 * 60_000;

export type Secret = 'passphrase' | 'recovery key';

const COLUMNS: Record<Secret, { count: string; until: string }> = {
  passphrase: { count: 'failed_attempts', until: 'locked_until' },
  'recovery key': { count: 'recovery_failed_attempts', until: 'recovery_locked_until' },
};

/** How long to wait after `failures` failures in a row. */
export function lockoutDelayMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(FIRST_LOCKOUT_MS * 2 ** (failures - FREE_ATTEMPTS), MAX_LOCKOUT_MS);
}

export function formatWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

export function lockedOut(retryAfterMs: number, what: Secret = 'passphrase'): SwitchboardError {
  const subject = what === 'passphrase' ? 'Too many wrong attempts for this profile.' : 'Too many wrong recovery keys for this profile.';
  return new SwitchboardError('LOCKED_OUT', `${subject} Try again in ${formatWait(retryAfterMs)}.`, { retryAfterMs });
}

/** One attempt, counted before it is checked; `failures` is the count if it turns out wrong. */
export interface Attempt {
  failures: number;
}

/**
 * Count one attempt at `what` for a tenant, or throw LOCKED_OUT if it must still wait: one write,
 * so two attempts (two processes, or many at once) are counted one after the other.
 */
export async function beginAttempt(registry: Db, tenantId: string, now: number, what: Secret): Promise<Attempt> {
  const { count, until } = COLUMNS[what];
  return registry.transaction(async (tx) => {
    const row = await tx.get<{ failures: number; until: number }>(`SELECT ${count} AS failures, ${until} AS until FROM tenant WHERE id = ?`, [tenantId]);
    if (!row) throw new SwitchboardError('NOT_FOUND', 'There is no such profile in this space.');
    if (row.until > now) throw lockedOut(row.until - now, what);
    const failures = row.failures + 1;
    const delay = lockoutDelayMs(failures);
    await tx.run(`UPDATE tenant SET ${count} = ?, ${until} = ? WHERE id = ?`, [failures, delay > 0 ? now + delay : 0, tenantId]);
    return { failures };
  });
}

/** The attempt was right: its count is cleared (and the profile was active now). */
export async function attemptSucceeded(registry: Db, tenantId: string, now: number, what: Secret): Promise<void> {
  const { count, until } = COLUMNS[what];
  await registry.run(`UPDATE tenant SET ${count} = 0, ${until} = 0, last_active_at = ? WHERE id = ?`, [now, tenantId]);
}

/** The error for a wrong attempt, saying how many are left or how long the next one waits. */
export function wrongAttempt(attempt: Attempt, what: Secret): SwitchboardError {
  const delay = lockoutDelayMs(attempt.failures);
  const left = FREE_ATTEMPTS - attempt.failures;
  const next =
    delay > 0
      ? ` Too many wrong attempts: wait ${formatWait(delay)} before the next try.`
      : left <= 2
        ? ` ${left} more wrong attempt${left === 1 ? '' : 's'} and unlocking pauses for a while.`
        : '';
  const hint = what === 'passphrase' ? ' Check the passphrase, or use "Forgot passphrase" with your recovery key.' : '';
  return new SwitchboardError('WRONG_PASSPHRASE', `Wrong ${what}.${next}${hint}`, delay > 0 ? { retryAfterMs: delay } : undefined);
}
