/**
 * Throttling of wrong passphrases and recovery keys, per tenant, stored in the registry so a
 * restart does not reset it. The first few attempts are free; after that each failure doubles
 * the wait before the next attempt is even checked.
 */
import { SwitchboardError } from '../../shared/errors.js';
import type { Db } from '../db/sqlite.js';

export const FREE_ATTEMPTS = 5;
export const FIRST_LOCKOUT_MS = 30_000;
export const MAX_LOCKOUT_MS = 60 * 60_000;

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

export function lockedOut(retryAfterMs: number): SwitchboardError {
  return new SwitchboardError(
    'LOCKED_OUT',
    `Too many wrong attempts for this profile. Try again in ${formatWait(retryAfterMs)}.`,
    { retryAfterMs },
  );
}

/** Throw LOCKED_OUT if the tenant must still wait; checking the passphrase comes after this. */
export function assertNotLockedOut(lockedUntil: number, now: number): void {
  if (lockedUntil > now) throw lockedOut(lockedUntil - now);
}

/** Count one failure atomically (two processes may fail at once) and return the error to throw. */
export async function recordFailure(
  registry: Db,
  tenantId: string,
  now: number,
  what: 'passphrase' | 'recovery key',
): Promise<SwitchboardError> {
  const failures = await registry.transaction(async (tx) => {
    await tx.run('UPDATE tenant SET failed_attempts = failed_attempts + 1 WHERE id = ?', [tenantId]);
    const row = await tx.get<{ failed_attempts: number }>('SELECT failed_attempts FROM tenant WHERE id = ?', [tenantId]);
    const count = row?.failed_attempts ?? 0;
    const delay = lockoutDelayMs(count);
    if (delay > 0) await tx.run('UPDATE tenant SET locked_until = ? WHERE id = ?', [now + delay, tenantId]);
    return count;
  });
  const delay = lockoutDelayMs(failures);
  const left = FREE_ATTEMPTS - failures;
  const next =
    delay > 0
      ? ` Too many wrong attempts: wait ${formatWait(delay)} before the next try.`
      : left <= 2
        ? ` ${left} more wrong attempt${left === 1 ? '' : 's'} and unlocking pauses for a while.`
        : '';
  const hint = what === 'passphrase' ? ' Check the passphrase, or use "Forgot passphrase" with your recovery key.' : '';
  return new SwitchboardError('WRONG_PASSPHRASE', `Wrong ${what}.${next}${hint}`, delay > 0 ? { retryAfterMs: delay } : undefined);
}

export async function recordSuccess(registry: Db, tenantId: string, now: number): Promise<void> {
  await registry.run('UPDATE tenant SET failed_attempts = 0, locked_until = 0, last_active_at = ? WHERE id = ?', [now, tenantId]);
}
