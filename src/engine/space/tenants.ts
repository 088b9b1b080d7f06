/** Creating, renaming, re-roling and deleting tenants of a space. */
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SwitchboardError } from '../../shared/errors.js';
import { isRole, type CreatedTenant, type TenantSummary } from '../../shared/model.js';
import { assertAcceptablePassphrase, nameKey, normalizeName } from '../../shared/validation.js';
import { sqliteCode } from '../db/sqlite.js';
import { storageError } from '../db/storage-errors.js';
import { DEFAULT_AUTO_LOCK_MINUTES } from '../../shared/limits.js';
import type { AdminSession } from './admin-session.js';
import { newId } from './ids.js';
import { openVaultFile } from '../vault/open-vault.js';
import type { TenantSession } from '../vault/tenant-session.js';
import {
  derivePassphraseKey,
  newDataKey,
  newRecoveryKey,
  newScryptParams,
  recoveryWrappingKey,
  wrapAad,
  wrapKey,
} from '../vault/vault-keys.js';
import { appendAudit } from './audit.js';
import { createSpaceKey, setUpTenantKeys } from './space-keys.js';
import { policyChangedHere, recordAdminChange, signSpaceState, signedRole } from './signed-state.js';
import { assertMayCreateProfile, getSpaceSettings, signedSettings } from './space-settings.js';
import type { Space } from './space.js';
import { toSummary } from './space.js';
import { verifyPassphrase } from './unlock.js';

function nameTaken(name: string): SwitchboardError {
  return new SwitchboardError('CONFLICT', `A profile named ${JSON.stringify(name)} already exists in this space. Choose another name.`);
}

async function assertNameFree(space: Space, name: string, exceptId?: string): Promise<void> {
  const row = await space.registry.get<{ id: string }>('SELECT id FROM tenant WHERE name_key = ?', [nameKey(name)]);
  if (row && row.id !== exceptId) throw nameTaken(name);
}

/**
 * Create a tenant with a new vault. The first tenant of a space is its admin. The recovery key
 * is returned here once and never stored.
 */
export async function createTenant(
  space: Space,
  input: { name: unknown; passphrase: unknown },
  actor?: TenantSession,
  /** An admin creating the profile: its key is signed at once, with no window in which it is not. */
  signer?: AdminSession,
): Promise<CreatedTenant> {
  // An unlocked actor decides on what its vault verified; the lock screen can only read the
  // registry (whoever can write it could add a profile row directly anyway).
  const signed = actor && !actor.locked ? actor : undefined;
  const settings = signed ? await signedSettings(space, signed) : await getSpaceSettings(space);
  const existing = await space.registry.get<{ n: number }>('SELECT count(*) AS n FROM tenant');
  if ((existing?.n ?? 0) > 0) assertMayCreateProfile(settings, signed ? await signedRole(space, signed) : undefined);
  const name = normalizeName(input.name, 'profile');
  const passphrase = await assertAcceptablePassphrase(input.passphrase, [name]);
  await assertNameFree(space, name); // before the slow KDF

  const id = newId('tn_');
  const dataKey = newDataKey();
  const params = newScryptParams(space.scryptCost);
  const recovery = newRecoveryKey();
  const file = space.vaultPath(id);
  try {
    const passphraseKey = await derivePassphraseKey(passphrase, params);
    const wrapPassphrase = wrapKey(passphraseKey, dataKey, wrapAad('passphrase', space.id, id));
    passphraseKey.fill(0);
    const recoveryKey = recoveryWrappingKey(recovery.secret);
    const wrapRecovery = wrapKey(recoveryKey, dataKey, wrapAad('recovery', space.id, id));
    recoveryKey.fill(0);
    recovery.secret.fill(0);

    try {
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    } catch (err) {
      throw storageError(err, dirname(file));
    }
    const vault = await openVaultFile(file, dataKey, { spaceId: space.id, tenantId: id }, { create: true });

    const createdAt = space.now();
    try {
      const role = await space.registry.transaction(async (tx) => {
        const count = await tx.get<{ n: number }>('SELECT count(*) AS n FROM tenant');
        const role = (count?.n ?? 0) === 0 ? 'admin' : 'member';
        await tx.run(
          `INSERT INTO tenant (id, name, name_key, role, created_at, kdf, wrap_passphrase, wrap_recovery)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          [id, name, nameKey(name), role, createdAt, JSON.stringify(params), wrapPassphrase, wrapRecovery],
        );
        await setUpTenantKeys(space, tx, id, dataKey, vault);
        if (settings.defaultAutoLockMinutes !== DEFAULT_AUTO_LOCK_MINUTES) {
          await vault.run("INSERT INTO settings (key, value, updated_at) VALUES ('autoLockMinutes', ?, ?)", [JSON.stringify(settings.defaultAutoLockMinutes), createdAt]);
        }
        if (signer) await recordAdminChange(tx, space, signer, 'tenant.create', { tenantId: id, name });
        if (role === 'admin') {
          const key = await createSpaceKey(space, tx, id, vault);
          if (key) {
            await signSpaceState(space, tx, vault, key);
            key.priv.fill(0);
          }
        }
        return role;
      });
      await vault.close();
      policyChangedHere();
      return { ...toSummary({ id, name, role, created_at: createdAt }), recoveryKey: recovery.text };
    } catch (err) {
      await vault.close().catch(() => undefined);
      await removeVaultFiles(file);
      if (sqliteCode(err) === 'SQLITE_CONSTRAINT') throw nameTaken(name);
      throw storageError(err, dirname(file));
    }
  } finally {
    dataKey.fill(0);
  }
}

/** Rename a tenant (the tenant itself or an admin may: the operation checks which). */
export async function renameTenant(space: Space, ref: unknown, rawName: unknown): Promise<TenantSummary> {
  const target = await space.tenantRow(ref);
  const name = normalizeName(rawName, 'profile');
  await assertNameFree(space, name, target.id);
  try {
    await space.registry.run('UPDATE tenant SET name = ?, name_key = ? WHERE id = ?', [name, nameKey(name), target.id]);
  } catch (err) {
    if (sqliteCode(err) === 'SQLITE_CONSTRAINT') throw nameTaken(name);
    throw err;
  }
  return space.findTenant(target.id);
}

/** Change a tenant's role. The space always keeps at least one admin. */
export async function setRole(space: Space, actor: AdminSession, ref: unknown, role: unknown): Promise<TenantSummary> {
  if (!isRole(role)) throw new SwitchboardError('INVALID_INPUT', 'A role is one of admin, member or viewer.');
  const target = await space.tenantRow(ref);
  await space.registry.transaction(async (tx) => {
    if (target.role === 'admin' && role !== 'admin') {
      const admins = await tx.get<{ n: number }>("SELECT count(*) AS n FROM tenant WHERE role = 'admin'");
      if ((admins?.n ?? 0) <= 1) {
        throw new SwitchboardError('CONFLICT', 'This is the only admin of the space. Make another profile admin first.');
      }
    }
    await tx.run('UPDATE tenant SET role = ? WHERE id = ?', [role, target.id]);
    // A demoted admin's copy of the key is worthless from now on: the key is replaced.
    await recordAdminChange(tx, space, actor, 'tenant.role', { tenantId: target.id, name: target.name, from: target.role, to: role }, {
      ...(role === 'admin' && target.role !== 'admin' ? { grantTo: target.id } : {}),
      ...(target.role === 'admin' && role !== 'admin' ? { rotate: true } : {}),
    });
  });
  space.announce({ kind: 'tenant', tenantId: target.id });
  return space.findTenant(target.id);
}

export type DeleteAuth = { passphrase: unknown } | { admin: AdminSession };

/**
 * Delete a tenant: its registry row, then its vault file. Asks for the tenant's own passphrase
 * or an unlocked admin. The only admin cannot be deleted while other profiles remain.
 */
export async function deleteTenant(space: Space, ref: unknown, auth: DeleteAuth): Promise<void> {
  const target = await space.tenantRow(ref);
  if ('passphrase' in auth) await verifyPassphrase(space, target, auth.passphrase);

  await space.registry.transaction(async (tx) => {
    if (target.role === 'admin') {
      const counts = await tx.get<{ admins: number; total: number }>(
        "SELECT sum(role = 'admin') AS admins, count(*) AS total FROM tenant",
      );
      if ((counts?.admins ?? 0) <= 1 && (counts?.total ?? 0) > 1) {
        throw new SwitchboardError(
          'CONFLICT',
          'This is the only admin of the space. Make another profile admin before deleting this one.',
        );
      }
      // Removing an admin replaces the signing key, and only another admin can do that: the key
      // this admin holds must not be the one that signs the next key (docs/SECURITY.md).
      if ('passphrase' in auth && (counts?.total ?? 0) > 1) {
        throw new SwitchboardError(
          'CONFLICT',
          'An admin profile cannot delete itself while other profiles exist: another admin deletes it (which replaces the space’s signing key), or makes it a member first.',
        );
      }
    }
    await tx.run('DELETE FROM tenant WHERE id = ?', [target.id]);
    const detail = { tenantId: target.id, name: target.name };
    if ('admin' in auth) {
      await recordAdminChange(tx, space, auth.admin, 'tenant.delete', detail, target.role === 'admin' ? { rotate: true } : {});
    } else {
      // A profile deleting itself holds no signing key: its entry stays unsigned until an admin's next change.
      await appendAudit(tx, space.now(), { tenantId: target.id, name: target.name }, 'tenant.delete', detail);
    }
  });
  await space.lockTenant(target.id, 'deleted');
  space.announce({ kind: 'tenant', tenantId: target.id });
  // The row went first: a crash now leaves an orphan file nobody can decrypt, never a row without a vault.
  await removeVaultFiles(space.vaultPath(target.id));
}

async function removeVaultFiles(file: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm']) {
    await rm(file + suffix, { force: true });
  }
}
