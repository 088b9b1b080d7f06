/**
 * What admins do: oversee profiles (published counters only), change roles, remove profiles, edit
 * the policy, read the audit trail and insights, set space settings and OAuth apps. Every one of
 * these needs an unlocked admin; that is declared here and nowhere else.
 */
import { DEFAULT_INSIGHT_DAYS } from '../../shared/limits.js';
import { listOAuthClients, setOAuthClient } from '../auth/oauth-clients.js';
import { adminAudit, adminInsights, adminTenants, previewPolicy } from '../space/admin.js';
import { listPolicy, setPolicy } from '../space/policy.js';
import { getSpaceSettings, setSpaceSettings } from '../space/space-settings.js';
import { deleteTenant, removeRemoteTenant, setRole } from '../space/tenants.js';
import { SwitchboardError } from '../../shared/errors.js';
import { catalogFor } from '../space/verify-state.js';
import { databaseUrl } from '../team/pg-config.js';
import { publishSpace, teamStatus } from '../team/publish.js';
import { op } from './operation.js';

export const adminOps = {
  'admin.tenants': op('admin.tenants', 'admin', async ({ space, session }) => adminTenants(space, session)),
  'admin.setRole': op('admin.setRole', 'admin', async ({ space, session }, input) => setRole(space, session, input.tenantId, input.role)),
  'admin.removeTenant': op('admin.removeTenant', 'admin', async ({ space, session }, input) => {
    // A team space's profile on another machine is removed there at its next sync.
    if (await removeRemoteTenant(space, session, input.tenantId)) return null;
    const target = await space.findTenant(input.tenantId);
    if (target.id === session.tenantId) {
      throw new SwitchboardError('INVALID_INPUT', 'To delete your own profile, use Settings › Delete profile (it asks for your passphrase).');
    }
    await deleteTenant(space, target.id, { admin: session });
    return null;
  }),
  'admin.policy': op('admin.policy', 'admin', async ({ space }) => listPolicy(space)),
  'admin.previewPolicy': op('admin.previewPolicy', 'admin', async ({ space, session }, input) =>
    previewPolicy(space, await catalogFor(space, session), session, input.subject, input.role, input.effect),
  ),
  'admin.setPolicy': op('admin.setPolicy', 'admin', async ({ space, session }, input) => setPolicy(space, await catalogFor(space, session), session, input.subject, input.role, input.effect)),
  'admin.audit': op('admin.audit', 'admin', async ({ space, session }) => adminAudit(space, session)),
  'admin.insights': op('admin.insights', 'admin', async ({ space, session }, input) => adminInsights(space, session, input.days ?? DEFAULT_INSIGHT_DAYS)),
  'admin.spaceSettings': op('admin.spaceSettings', 'admin', async ({ space }) => ({ name: (await space.info()).name, ...(await getSpaceSettings(space)) })),
  'admin.setSpaceSettings': op('admin.setSpaceSettings', 'admin', async ({ space, session }, input) => ({
    name: (await space.info()).name,
    ...(await setSpaceSettings(space, session, input)),
  })),
  /** The UI's publish (the CLI's `space publish`): the app keeps the space in sync live from then on. */
  'admin.publishTeam': op('admin.publishTeam', 'admin', async ({ space, session }, input) => {
    const password = input.password ? input.password : undefined;
    await publishSpace(space, session, { url: databaseUrl(input.url), password }, { ...(input.machineName ? { machineName: input.machineName } : {}), sync: { live: true } });
    const status = await teamStatus(space);
    return { team: true, machine: status.machine ?? '', lastSync: status.lastSync ?? null, offlineSince: status.offlineSince ?? null, pending: status.pending ?? false };
  }),
  'admin.oauthClients': op('admin.oauthClients', 'admin', async ({ space }) => listOAuthClients(space)),
  'admin.setOAuthClient': op('admin.setOAuthClient', 'admin', async ({ space, session }, input) =>
    setOAuthClient(space, await catalogFor(space, session), session, input.connectorId, {
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      authorizeUrl: input.authorizeUrl,
      tokenUrl: input.tokenUrl,
    }),
  ),
};
