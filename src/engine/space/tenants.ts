/** Creating, renaming, re-roling and deleting tenants of a space. */
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SwitchboardError } from '../../shared/errors.js';
import { isRole, type CreatedTenant, type Role, type TenantSummary } from '../../shared/model.js';
import { assertAcceptablePassphrase, nameKey, normalizeName } from '../../shared/validation.js';
import { sqliteCode, type Tx } from '../db/sqlite.js';
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
  // In a team space, names are unique across every machine's profiles (the directory's too).
  const row = await space.registry.get<{ id: string }>('SELECT id FROM tenant WHERE name_key = ? UNION ALL SELECT id FROM team_profile WHERE name_key = ? AND removed = 0', [
    nameKey(name),
    nameKey(name),
  ]);
  if (row && row.id !== exceptId) throw nameTaken(name);
}

/** Admins of the space, on this machine and (a team space) on the others. */
async function adminCount(tx: Tx): Promise<number> {
  return (await tx.get<{ n: number }>("SELECT (SELECT count(*) FROM tenant WHERE role = 'admin') + (SELECT count(*) FROM team_profile WHERE role = 'admin' AND removed = 0) AS n"))?.n ?? 0;
}

/** A profile of a team space that lives on another machine, by id or name; undefined when there is none. */
export async function remoteProfile(space: Space, ref: unknown): Promise<{ id: string; name: string; role: Role; machineId: string; createdAt: number } | undefined> {
  if (typeof ref !== 'string' || ref.length === 0 || ref.length > 256) return undefined;
  const row = await space.registry.get<{ id: string; name: string; role: string; machine_id: string; created_at: number }>(
    'SELECT id, name, role, machine_id, created_at FROM team_profile WHERE removed = 0 AND (id = ? OR name_key = ?) AND id NOT IN (SELECT id FROM tenant)',
    [ref, nameKey(ref)],
  );
  return row && isRole(row.role) ? { id: row.id, name: row.name, role: row.role, machineId: row.machine_id, createdAt: row.created_at } : undefined;
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
  // A team space's profiles on other machines count too: the first profile of a joined machine is not the space's first.
  const existing = await space.registry.get<{ n: number }>('SELECT (SELECT count(*) FROM tenant) + (SELECT count(*) FROM team_profile WHERE removed = 0) AS n');
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
        const count = await tx.get<{ n: number }>('SELECT (SELECT count(*) FROM tenant) + (SELECT count(*) FROM team_profile WHERE removed = 0) AS n');
        // A space that has a signing key already has its admin (a joined team space's is on another machine).
        const role = (count?.n ?? 0) === 0 && !space.team ? 'admin' : 'member';
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
      space.team?.directoryChanged();
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
  space.team?.directoryChanged();
  return space.findTenant(target.id);
}

/** Change a tenant's role. The space always keeps at least one admin. */
export async function setRole(space: Space, actor: AdminSession, ref: unknown, role: unknown): Promise<TenantSummary> {
  if (!isRole(role)) throw new SwitchboardError('INVALID_INPUT', 'A role is one of admin, member or viewer.');
  const remote = space.team ? await remoteProfile(space, ref) : undefined;
  const target = remote ?? (await space.tenantRow(ref));
  await space.registry.transaction(async (tx) => {
    if (target.role === 'admin' && role !== 'admin') {
      if ((await adminCount(tx)) <= 1) {
        throw new SwitchboardError('CONFLICT', 'This is the only admin of the space. Make another profile admin first.');
      }
    }
    // A profile on another machine: its role is signed here and applied there at its next sync.
    await tx.run(remote ? 'UPDATE team_profile SET role = ? WHERE id = ?' : 'UPDATE tenant SET role = ? WHERE id = ?', [role, target.id]);
    // A demoted admin's copy of the key is worthless from now on: the key is replaced.
    await recordAdminChange(tx, space, actor, 'tenant.role', { tenantId: target.id, name: target.name, from: target.role, to: role }, {
      ...(role === 'admin' && target.role !== 'admin' ? { grantTo: target.id } : {}),
      ...(target.role === 'admin' && role !== 'admin' ? { rotate: true } : {}),
    });
  });
  space.announce({ kind: 'tenant', tenantId: target.id });
  if (remote) return toSummary({ id: remote.id, name: remote.name, role, created_at: remote.createdAt });
  space.team?.directoryChanged();
  return space.findTenant(target.id);
}

/** An admin removes a profile of a team space that lives on another machine: signed here, deleted there at its next sync. */
export async function removeRemoteTenant(space: Space, admin: AdminSession, ref: unknown): Promise<boolean> {
  const target = space.team ? await remoteProfile(space, ref) : undefined;
  if (!target) return false;
  await space.registry.transaction(async (tx) => {
    if (target.role === 'admin' && (await adminCount(tx)) <= 1) {
      throw new SwitchboardError('CONFLICT', 'This is the only admin of the space. Make another profile admin first.');
    }
    await tx.run('UPDATE team_profile SET removed = 1, sealed = NULL WHERE id = ?', [target.id]);
    await recordAdminChange(tx, space, admin, 'tenant.delete', { tenantId: target.id, name: target.name, machine: target.machineId }, target.role === 'admin' ? { rotate: true } : {});
  });
  space.announce({ kind: 'tenant', tenantId: target.id });
  return true;
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
    if (space.team) {
      // A tombstone, so the signed policy tells the other machines (and their directory) it is gone.
      await tx.run(
        `INSERT INTO team_profile (id, name, name_key, role, machine_id, created_at, removed) VALUES (?, ?, ?, ?, 'here', ?, 1)
         ON CONFLICT (id) DO UPDATE SET removed = 1, sealed = NULL`,
        [target.id, target.name, target.name_key, target.role, target.created_at],
      );
    }
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
  space.team?.directoryChanged();
  // The row went first: a crash now leaves an orphan file nobody can decrypt, never a row without a vault.
  await removeVaultFiles(space.vaultPath(target.id));
}

async function removeVaultFiles(file: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm']) {
    await rm(file + suffix, { force: true });
  }
}
