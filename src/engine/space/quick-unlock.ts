/**
 * Quick unlock on a trusted device. Enabling wraps the data key under a fresh random 256-bit
 * device secret and hands the secret to the host, which stores it encrypted by the OS keychain;
 * unlocking hands it back. The passphrase and the recovery key keep working whatever happens to
 * the keychain; a secret that no longer opens the wrap says so and changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { SwitchboardError } from '../../shared/errors.js';
import type { TenantSession } from '../vault/tenant-session.js';
import { DATA_KEY_BYTES, unwrapKey, wrapAad, wrapKey } from '../vault/vault-keys.js';
import type { Space } from './space.js';
import { openSession } from './unlock.js';

/** Enable quick unlock for the session's tenant; returns the device secret for the keychain. */
export async function enableQuickUnlock(space: Space, session: TenantSession): Promise<Buffer> {
  await space.liveRole(session);
  const secret = randomBytes(DATA_KEY_BYTES);
  const wrap = session.withDataKey((dataKey) => wrapKey(secret, dataKey, wrapAad('quick-unlock', space.id, session.tenantId)));
  await space.registry.run(
    'INSERT INTO quick_unlock (tenant_id, wrap, created_at) VALUES (?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET wrap = excluded.wrap, created_at = excluded.created_at',
    [session.tenantId, wrap, space.now()],
  );
  return secret;
}

export async function disableQuickUnlock(space: Space, session: TenantSession): Promise<void> {
  await space.liveRole(session);
  await space.registry.run('DELETE FROM quick_unlock WHERE tenant_id = ?', [session.tenantId]);
}

export async function quickUnlockEnabled(space: Space, tenantId: string): Promise<boolean> {
  return (await space.registry.get('SELECT 1 FROM quick_unlock WHERE tenant_id = ?', [tenantId])) !== undefined;
}

/** Unlock with the device secret from the keychain. */
export async function unlockWithDeviceSecret(space: Space, ref: unknown, secret: Buffer): Promise<TenantSession> {
  const row = await space.tenantRow(ref);
  const stored = await space.registry.get<{ wrap: Buffer }>('SELECT wrap FROM quick_unlock WHERE tenant_id = ?', [row.id]);
  if (!stored) throw new SwitchboardError('NOT_FOUND', 'Quick unlock is not set up for this profile on this device. Use your passphrase.');
  const dataKey = secret.length === DATA_KEY_BYTES ? unwrapKey(secret, stored.wrap, wrapAad('quick-unlock', space.id, row.id)) : null;
  if (!dataKey) {
    throw new SwitchboardError('WRONG_PASSPHRASE', "Quick unlock no longer works on this device (the keychain changed). Use your passphrase, then turn quick unlock on again in Settings.");
  }
  return openSession(space, row, dataKey);
}
