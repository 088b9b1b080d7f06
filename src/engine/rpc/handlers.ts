/**
 * One function per channel of the contract. Each gets the UI session and its parsed input;
 * tenant data is reached only through the session the UI unlocked.
 */
import type { z } from 'zod';
import { SwitchboardError } from '../../shared/errors.js';
import type { Contract, ChannelName, OutputOf } from '../../shared/ipc.js';
import type { AuthView, ConnectorView } from '../../shared/views.js';
import { connectWithOAuth } from '../auth/connect-oauth.js';
import { listOAuthClients, setOAuthClient } from '../auth/oauth-clients.js';
import { connect, disconnect, disableActions, enableActions, listConnections } from '../connections/connections.js';
import { actionStates } from '../router/effective.js';
import { queryActivity } from '../router/activity.js';
import { cancelOutbox, listOutbox } from '../router/outbox.js';
import { createMcpToken, listMcpTokens, revokeMcpToken } from '../mcp/tokens.js';
import { adminAudit, adminInsights, adminTenants, previewPolicy } from '../space/admin.js';
import { listPolicy, setPolicy } from '../space/policy.js';
import { getSpaceSettings, setSpaceSettings } from '../space/space-settings.js';
import { disableQuickUnlock, enableQuickUnlock, quickUnlockEnabled, unlockWithDeviceSecret } from '../space/quick-unlock.js';
import { createTenant, deleteTenant, setRole } from '../space/tenants.js';
import { changePassphrase, recoverTenant, unlockTenant } from '../space/unlock.js';
import { getSettings, updateSettings } from '../vault/settings.js';
import type { UiSession } from './ui-session.js';

type Handler<K extends ChannelName> = (ui: UiSession, input: NonNullable<z.output<Contract[K]['input']>>) => Promise<OutputOf<K>>;
type Handlers = { [K in ChannelName]: Handler<K> };

export const HANDLERS: Handlers = {
  'space.info': async (ui) => {
    const space = await ui.space();
    if (!space) return null;
    const info = await space.info();
    return { id: info.id, name: info.name, profileCreation: (await getSpaceSettings(space)).profileCreation };
  },
  'profiles.list': async (ui) => {
    const space = await ui.space();
    return space ? space.listTenants() : [];
  },
  'profiles.create': async (ui, input) => {
    const space = (await ui.space({ create: true }))!;
    const created = await createTenant(space, { name: input.name, passphrase: input.passphrase }, ui.session ?? undefined);
    const session = await unlockTenant(space, created.id, input.passphrase);
    return { ...created, session: await ui.adopt(session) };
  },
  'session.current': async (ui) => ui.sessionInfo(),
  'session.unlock': async (ui, input) => {
    const space = await ui.requireSpace();
    const session = await unlockTenant(space, input.tenantId, input.passphrase);
    return ui.adopt(session);
  },
  'session.recover': async (ui, input) => {
    await recoverTenant(await ui.requireSpace(), input.tenantId, input.recoveryKey, input.newPassphrase);
    return null;
  },
  'quickUnlock.status': async (ui, input) => {
    const space = await ui.requireSpace();
    const tenant = await space.findTenant(input.tenantId);
    const keychain = ui.host.keychain;
    if (!keychain) return { available: false, enabled: false };
    return { available: true, enabled: (await quickUnlockEnabled(space, tenant.id)) && (await keychain.load(tenant.id)) !== undefined };
  },
  'quickUnlock.unlock': async (ui, input) => {
    const space = await ui.requireSpace();
    const tenant = await space.findTenant(input.tenantId);
    const secret = await ui.host.keychain?.load(tenant.id);
    if (!secret) throw new SwitchboardError('NOT_FOUND', 'Quick unlock is not set up for this profile on this device. Use your passphrase.');
    try {
      return await ui.adopt(await unlockWithDeviceSecret(space, tenant.id, secret));
    } finally {
      secret.fill(0);
    }
  },
  'quickUnlock.set': async (ui, input) => {
    const session = ui.requireSession();
    const space = await ui.requireSpace();
    const keychain = ui.host.keychain;
    if (!keychain) throw new SwitchboardError('INVALID_INPUT', 'Quick unlock needs the OS keychain: it is available in the desktop app only.');
    if (input.enabled) {
      const secret = await enableQuickUnlock(space, session);
      try {
        await keychain.store(session.tenantId, secret);
      } finally {
        secret.fill(0);
      }
    } else {
      await disableQuickUnlock(space, session);
      await keychain.remove(session.tenantId);
    }
    return { available: true, enabled: input.enabled };
  },
  'session.lock': async (ui) => {
    await ui.lock('manual');
    return null;
  },
  'session.changePassphrase': async (ui, input) => {
    await changePassphrase(await ui.requireSpace(), ui.requireSession(), input.current, input.next);
    return null;
  },
  'session.deleteProfile': async (ui, input) => {
    const session = ui.requireSession();
    await deleteTenant(await ui.requireSpace(), session.tenantId, { passphrase: input.passphrase });
    await ui.lock('deleted');
    return null;
  },
  'settings.get': async (ui) => getSettings(ui.requireSession()),
  'settings.update': async (ui, input) => updateSettings(ui.requireSession(), input),

  'catalog.list': async (ui) => {
    const configured = new Set((await listOAuthClients(await ui.requireSpace())).map((c) => c.connectorId));
    return ui.catalog.connectors().map(
      (def): ConnectorView => ({
        id: def.id,
        name: def.name,
        icon: def.icon,
        category: def.category,
        description: def.description,
        baseUrl: def.baseUrl,
        ...(def.baseUrlHint ? { baseUrlHint: def.baseUrlHint } : {}),
        auth: def.auth.map((a): AuthView => {
          switch (a.type) {
            case 'bearer':
              return { type: 'bearer', label: a.label };
            case 'api_key':
              return { type: 'api_key', label: a.label };
            case 'basic':
              return { type: 'basic', usernameLabel: a.usernameLabel, passwordLabel: a.passwordLabel };
            case 'oauth2':
              return { type: 'oauth2', configured: configured.has(def.id) };
            case 'none':
              return { type: 'none' };
          }
        }),
        actionCount: def.actions.length,
      }),
    );
  },
  'connections.list': async (ui) => listConnections(ui.requireSession(), ui.catalog),
  'connections.connect': async (ui, input) => {
    const credentials = shapeCredentials(input.authType, input.credentials);
    const summary = await connect(ui.requireSession(), ui.catalog, {
      connectorId: input.connectorId,
      authType: input.authType,
      credentials,
      baseUrl: input.baseUrl,
    });
    ui.emit('connections', { connectorId: summary.connectorId });
    return summary;
  },
  'connections.startOAuth': async (ui, input) => {
    const session = ui.requireSession();
    const space = await ui.requireSpace();
    const authorizeUrl = await new Promise<string>((resolve, reject) => {
      connectWithOAuth(space, ui.catalog, session, input.connectorId, {
        ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
        openUrl: (url) => {
          ui.host.openExternal?.(url);
          resolve(url);
        },
      }).then(
        (summary) => ui.emit('connections', { connectorId: summary.connectorId }),
        (err: unknown) => {
          reject(err);
          ui.emit('connections', { connectorId: input.connectorId });
        },
      );
    });
    return { authorizeUrl };
  },
  'connections.test': async (ui, input) => {
    try {
      return await ui.router.testConnection(ui.requireSession(), input.connectorId, 'ui');
    } finally {
      ui.emit('connections', { connectorId: input.connectorId });
    }
  },
  'connections.disconnect': async (ui, input) => {
    await disconnect(ui.requireSession(), ui.catalog, input.connectorId);
    ui.emit('connections', { connectorId: input.connectorId });
    return null;
  },

  'actions.list': async (ui, input) => actionStates(await ui.requireSpace(), ui.catalog, ui.requireSession(), input.connectorId),
  'actions.setEnabled': async (ui, input) => {
    const session = ui.requireSession();
    if (input.enabled) await enableActions(session, ui.catalog, [input.actionId]);
    else await disableActions(session, ui.catalog, [input.actionId]);
    return actionStates(await ui.requireSpace(), ui.catalog, session, ui.catalog.action(input.actionId).connector.id);
  },
  'actions.run': async (ui, input) => ui.router.execute(ui.requireSession(), input.actionId, input.input, { via: 'ui', ...(input.queue ? { queue: true } : {}) }),

  'activity.query': async (ui, input) => queryActivity(ui.requireSession(), input),
  'outbox.list': async (ui) => listOutbox(ui.requireSession()),
  'outbox.cancel': async (ui, input) => cancelOutbox(ui.requireSession(), input.id),

  'mcp.info': async (ui) => {
    const info = await ui.sessionInfo();
    const home = ui.host.home.dir;
    const cli = ui.host.cliCommand ?? ['switchboard'];
    return {
      stdioCommand: [...cli, 'mcp', 'stdio', '--tenant', info!.name, '--home', home],
      ...(ui.host.mcpUrl ? { httpUrl: ui.host.mcpUrl } : {}),
      profileName: info!.name,
    };
  },
  'mcp.tokens.list': async (ui) => listMcpTokens(await ui.requireSpace(), ui.requireSession()),
  'mcp.tokens.create': async (ui, input) =>
    createMcpToken(await ui.requireSpace(), ui.requireSession(), {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.expiresDays !== undefined ? { expiresDays: input.expiresDays } : {}),
    }),
  'mcp.tokens.revoke': async (ui, input) => {
    await revokeMcpToken(await ui.requireSpace(), ui.requireSession(), input.id);
    return null;
  },

  'admin.tenants': async (ui) => adminTenants(await ui.requireSpace(), ui.requireSession()),
  'admin.setRole': async (ui, input) => {
    await setRole(await ui.requireSpace(), ui.requireSession(), input.tenantId, input.role);
    return null;
  },
  'admin.removeTenant': async (ui, input) => {
    const session = ui.requireSession();
    if (input.tenantId === session.tenantId) {
      throw new SwitchboardError('INVALID_INPUT', 'To delete your own profile, use Settings › Delete profile (it asks for your passphrase).');
    }
    await deleteTenant(await ui.requireSpace(), input.tenantId, { admin: session });
    return null;
  },
  'admin.policy': async (ui) => {
    const space = await ui.requireSpace();
    await space.requireAdmin(ui.requireSession());
    return listPolicy(space);
  },
  'admin.previewPolicy': async (ui, input) => previewPolicy(await ui.requireSpace(), ui.catalog, ui.requireSession(), input.subject, input.role, input.effect),
  'admin.setPolicy': async (ui, input) => setPolicy(await ui.requireSpace(), ui.catalog, ui.requireSession(), input.subject, input.role, input.effect),
  'admin.audit': async (ui) => adminAudit(await ui.requireSpace(), ui.requireSession()),
  'admin.insights': async (ui, input) => adminInsights(await ui.requireSpace(), ui.requireSession(), input.days ?? 30),
  'admin.spaceSettings': async (ui) => {
    const space = await ui.requireSpace();
    await space.requireAdmin(ui.requireSession());
    return { name: (await space.info()).name, ...(await getSpaceSettings(space)) };
  },
  'admin.setSpaceSettings': async (ui, input) => {
    const space = await ui.requireSpace();
    const session = ui.requireSession();
    await space.requireAdmin(session);
    const { name, ...rest } = input;
    if (name !== undefined) await space.rename(session, name);
    const settings = Object.keys(rest).length ? await setSpaceSettings(space, session, rest) : await getSpaceSettings(space);
    return { name: (await space.info()).name, ...settings };
  },
  'admin.oauthClients': async (ui) => {
    const space = await ui.requireSpace();
    await space.requireAdmin(ui.requireSession());
    return listOAuthClients(space);
  },
  'admin.setOAuthClient': async (ui, input) =>
    setOAuthClient(await ui.requireSpace(), ui.catalog, ui.requireSession(), input.connectorId, {
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      authorizeUrl: input.authorizeUrl,
      tokenUrl: input.tokenUrl,
    }),
};

/** The form sends flat string fields; the engine's credential shapes name them per scheme. */
function shapeCredentials(type: 'bearer' | 'api_key' | 'basic' | 'none', fields: Record<string, string>): Record<string, string> {
  switch (type) {
    case 'bearer':
      return { token: fields.token ?? '' };
    case 'api_key':
      return { apiKey: fields.apiKey ?? '' };
    case 'basic':
      return { username: fields.username ?? '', password: fields.password ?? '' };
    case 'none':
      return {};
  }
  throw new SwitchboardError('INVALID_INPUT', 'Unknown auth type.');
}
