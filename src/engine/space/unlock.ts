/**
 * Unlocking a vault, recovering it with the recovery key, and changing its passphrase.
 * Every check of a passphrase or recovery key is counted by the per-tenant throttle first
 * (passphrases and recovery keys each on their own count).
 */
import { timingSafeEqual } from 'node:crypto';
import { SwitchboardError } from '../../shared/errors.js';
import { isRole } from '../../shared/model.js';
import { assertAcceptablePassphrase, assertPassphraseText } from '../../shared/validation.js';
import { pruneActivity } from '../vault/activity.js';
import { openVaultFile, poolVault } from '../vault/open-vault.js';
import { readSettings } from '../vault/settings.js';
import { TenantSession } from '../vault/tenant-session.js';
import {
  derivePassphraseKey,
  newScryptParams,
  parseRecoveryKey,
  parseScryptParams,
  recoveryWrappingKey,
  unwrapKey,
  wrapAad,
  wrapKey,
} from '../vault/vault-keys.js';
import type { TenantRow } from './registry.js';
import { checkAtUnlock } from './verify-state.js';
import type { Space } from './space.js';
import { attemptSucceeded, beginAttempt, wrongAttempt } from './throttle.js';

/** Check `passphrase` against the tenant's wrap; the data key on success, a throttled error otherwise. */
async function unwrapWithPassphrase(space: Space, row: TenantRow, passphrase: string): Promise<Buffer> {
  const attempt = await beginAttempt(space.registry, row.id, space.now(), 'passphrase');
  const wrappingKey = await derivePassphraseKey(passphrase, parseScryptParams(row.kdf));
  const dataKey = unwrapKey(wrappingKey, row.wrap_passphrase, wrapAad('passphrase', space.id, row.id));
  wrappingKey.fill(0);
  if (!dataKey) throw wrongAttempt(attempt, 'passphrase');
  await attemptSucceeded(space.registry, row.id, space.now(), 'passphrase');
  return dataKey;
}

/** Unlock a tenant's vault. Nothing is written to the vault when the passphrase is wrong. */
export async function unlockTenant(space: Space, ref: unknown, rawPassphrase: unknown): Promise<TenantSession> {
  const passphrase = assertPassphraseText(rawPassphrase);
  const row = await space.tenantRow(ref);
  const dataKey = await unwrapWithPassphrase(space, row, passphrase);
  return openSession(space, row, dataKey);
}

/** Check a tenant's passphrase without opening the vault (deleting a profile asks for it). */
export async function verifyPassphrase(space: Space, row: TenantRow, rawPassphrase: unknown): Promise<void> {
  const dataKey = await unwrapWithPassphrase(space, row, assertPassphraseText(rawPassphrase));
  dataKey.fill(0);
}

export async function openSession(space: Space, row: TenantRow, dataKey: Buffer): Promise<TenantSession> {
  try {
    const db = await openVaultFile(space.vaultPath(row.id), dataKey, { spaceId: space.id, tenantId: row.id });
    const settings = await readSettings(db).catch(async (err: unknown) => {
      await db.close();
      throw err;
    });
    if (!isRole(row.role)) throw new SwitchboardError('VAULT_CORRUPT', 'The registry holds an unknown role for this profile.');
    const session = new TenantSession({
      spaceId: space.id,
      tenantId: row.id,
      name: row.name,
      role: row.role,
      db,
      dataKey,
      autoLockMinutes: settings.autoLockMinutes,
      now: space.now,
    });
    poolVault(db, { spaceId: space.id, tenantId: row.id }, (use) => session.withDataKey(use));
    try {
      await checkAtUnlock(space, session);
    } catch (err) {
      await session.lock('manual');
      throw err;
    }
    space.track(session);
    await pruneActivity(session, settings.activityRetentionDays);
    return session;
  } catch (err) {
    dataKey.fill(0);
    throw err;
  }
}

/** Set a new passphrase with the recovery key. The recovery key itself stays valid. */
export async function recoverTenant(space: Space, ref: unknown, recoveryKey: unknown, rawNewPassphrase: unknown): Promise<void> {
  const secret = parseRecoveryKey(recoveryKey);
  const row = await space.tenantRow(ref);
  const newPassphrase = await assertAcceptablePassphrase(rawNewPassphrase, [row.name]);
  // Its own count: a correct recovery key (240 random bits) is not refused for wrong passphrases.
  const attempt = await beginAttempt(space.registry, row.id, space.now(), 'recovery key');
  const recoveryKeyBytes = recoveryWrappingKey(secret);
  secret.fill(0);
  const dataKey = unwrapKey(recoveryKeyBytes, row.wrap_recovery, wrapAad('recovery', space.id, row.id));
  recoveryKeyBytes.fill(0);
  if (!dataKey) throw wrongAttempt(attempt, 'recovery key');
  await attemptSucceeded(space.registry, row.id, space.now(), 'recovery key');
  try {
    await storePassphraseWrap(space, row, dataKey, newPassphrase);
  } finally {
    dataKey.fill(0);
  }
}

/** Change the passphrase of an unlocked tenant; the current one is asked again. */
export async function changePassphrase(
  space: Space,
  session: TenantSession,
  rawCurrent: unknown,
  rawNext: unknown,
): Promise<void> {
  await space.liveRole(session); // unlocked, this space, still exists
  const row = await space.tenantRow(session.tenantId);
  const current = assertPassphraseText(rawCurrent);
  const next = await assertAcceptablePassphrase(rawNext, [row.name]);
  const dataKey = await unwrapWithPassphrase(space, row, current);
  try {
    const same = session.withDataKey((held) => held.length === dataKey.length && timingSafeEqual(held, dataKey));
    if (!same) throw new SwitchboardError('INTERNAL', 'The unlocked vault does not match its stored key.');
    await storePassphraseWrap(space, row, dataKey, next);
  } finally {
    dataKey.fill(0);
  }
}

/** Re-wrap the data key under a new passphrase; the data key (and so the vault) is unchanged. */
async function storePassphraseWrap(space: Space, row: TenantRow, dataKey: Buffer, passphrase: string): Promise<void> {
  const params = newScryptParams(space.scryptCost);
  const wrappingKey = await derivePassphraseKey(passphrase, params);
  const wrapped = wrapKey(wrappingKey, dataKey, wrapAad('passphrase', space.id, row.id));
  wrappingKey.fill(0);
  await space.registry.run(
    'UPDATE tenant SET kdf = ?, wrap_passphrase = ?, failed_attempts = 0, locked_until = 0 WHERE id = ?',
    [JSON.stringify(params), wrapped, row.id],
  );
}
