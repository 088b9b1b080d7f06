/** Operations on spaces and profiles: list, create, unlock, recover, rename, delete, settings. */
import { SwitchboardError } from '../../shared/errors.js';
import { tenantStatus } from '../connections/connections.js';
import { requireAdmin } from '../space/access.js';
import { holdsSigningKey } from '../space/signed-state.js';
import { getSpaceSettings, renameSpace } from '../space/space-settings.js';
import { createTenant, deleteTenant, renameTenant } from '../space/tenants.js';
import { changePassphrase, recoverTenant, unlockTenant, verifyPassphrase } from '../space/unlock.js';
import { getSettings, updateSettings } from '../vault/settings.js';
import type { TenantSession } from '../vault/tenant-session.js';
import { teamStatus } from '../team/publish.js';
import { op } from './operation.js';

/** A session was just opened (passphrase, quick unlock, MCP token): publish its setup for the admin view. */
export async function opened(session: TenantSession): Promise<TenantSession> {
  session.announceChange(await tenantStatus(session));
  return session;
}

export const spaceOps = {
  'space.info': op('space.info', 'none', async ({ space }) => {
    const info = await space.info();
    // team: the space's admin is on another machine, so a first profile here is not its admin.
    return { id: info.id, name: info.name, profileCreation: (await getSpaceSettings(space)).profileCreation, ...(space.team ? { team: true } : {}) };
  }),
  /** Nothing secret: the database's host, this machine's name, and times. */
  'space.teamStatus': op('space.teamStatus', 'none', async ({ space }) => {
    const status = await teamStatus(space);
    return status.team ? { team: true, machine: status.machine ?? '', lastSync: status.lastSync ?? null, offlineSince: status.offlineSince ?? null, pending: status.pending ?? false } : { team: false };
  }),
  'space.rename': op('space.rename', 'admin-once-profiles-exist', async ({ space, admin }, input) => renameSpace(space, admin, input.name)),
};

export const profileOps = {
  'profiles.list': op('profiles.list', 'none', async ({ space }) => space.listTenants()),
  /** The space's profile-creation setting decides who may (createTenant): anyone, or an unlocked member or admin. */
  'profiles.create': op('profiles.create', 'none', async ({ space, session }, input) => {
    const actor = session && !session.locked ? session : undefined;
    // An admin who holds the signing key signs the new profile's key in the same change.
    const signer = actor && (await space.liveRole(actor)) === 'admin' && (await holdsSigningKey(space, actor)) ? await requireAdmin(space, actor) : undefined;
    return createTenant(space, input, actor, signer);
  }),
  /** The passphrase is what guards it (throttled per profile). */
  'profiles.unlock': op('profiles.unlock', 'none', async ({ space }, input) => opened(await unlockTenant(space, input.tenant, input.passphrase))),
  'profiles.recover': op('profiles.recover', 'none', async ({ space }, input) => {
    await recoverTenant(space, input.tenant, input.recoveryKey, input.newPassphrase);
    return null;
  }),
  'profiles.delete': op('profiles.delete', 'none', async ({ space }, input) => {
    await deleteTenant(space, input.tenant, { passphrase: input.passphrase });
    return null;
  }),
  /** A profile renames itself; renaming another profile needs an admin. */
  'profiles.rename': op('profiles.rename', 'profile', async ({ space, session }, input) => {
    const target = await space.findTenant(input.tenant);
    if (target.id !== session.tenantId) await requireAdmin(space, session);
    return renameTenant(space, target.id, input.name);
  }),
  'profiles.changePassphrase': op('profiles.changePassphrase', 'profile', async ({ space, session }, input) => {
    await changePassphrase(space, session, input.current, input.next);
    return null;
  }),
  /**
   * The vault's file and its raw SQLCipher 4 key, so the owner can open their data in any SQLCipher
   * tool. The passphrase is checked again (throttled like an unlock): an unlocked, unattended
   * session is not enough to carry the key away. The key is the answer, never logged.
   */
  'profiles.exportKey': op('profiles.exportKey', 'profile', async ({ space, session }, input) => {
    await verifyPassphrase(space, await space.tenantRow(session.tenantId), input.passphrase);
    return { file: space.vaultPath(session.tenantId), key: session.withDataKey((key) => key.toString('hex')) };
  }),
  'settings.get': op('settings.get', 'profile', async ({ session }) => getSettings(session)),
  'settings.update': op('settings.update', 'profile', async ({ session }, input) => {
    if (Object.keys(input).length === 0) throw new SwitchboardError('INVALID_INPUT', 'Name a setting to change, e.g. --auto-lock MINUTES.');
    return updateSettings(session, input);
  }),
};
