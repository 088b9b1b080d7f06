/**
 * One handler per channel of the contract, for one UI session. Most channels are one operation
 * (`viaOp`), run with this window's unlocked profile; the rest are the UI session's own: which
 * profile this window holds (unlock, lock, create-and-unlock), quick unlock through the OS
 * keychain, and how an MCP client reaches this profile.
 */
import type { z } from 'zod';
import { SwitchboardError } from '../../shared/errors.js';
import type { Contract, ChannelName, EventMap, EventName, OutputOf } from '../../shared/ipc.js';
import type { OpName } from '../../shared/operations.js';
import type { SessionInfo } from '../../shared/views.js';
import { HOME_OPS, invoke, invokeHome, OPS, opened, type OpContext, type Operation, type OpsTable } from '../ops/index.js';
import { disableQuickUnlock, enableQuickUnlock, quickUnlockEnabled, unlockWithDeviceSecret } from '../space/quick-unlock.js';
import type { LockReason, TenantSession } from '../vault/tenant-session.js';
import type { Keychain, UiHost } from './ui-host.js';

/** What a handler needs of its UI session. */
export interface UiContext {
  readonly host: UiHost;
  /** The operation context of this window: its space (made on first use with `create`) and unlocked profile. */
  ctx(options?: { create?: boolean }): Promise<OpContext>;
  /** As ctx(), or null while the home has no space yet. */
  ctxIfSpace(): Promise<OpContext | null>;
  requireSession(): TenantSession;
  adopt(session: TenantSession): Promise<SessionInfo>;
  sessionInfo(): Promise<SessionInfo | null>;
  lock(reason: LockReason): Promise<void>;
  park(): void;
  switchTo(tenantId: string): Promise<SessionInfo>;
  unlockedHere(): string[];
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
}

type Handler<K extends ChannelName> = (ui: UiContext, input: NonNullable<z.output<Contract[K]['input']>>) => Promise<OutputOf<K>>;
type Handlers = { [K in ChannelName]: Handler<K> };

/** The channel is the operation of that name, run as this window's profile. */
function viaOp<N extends OpName & keyof OpsTable>(name: N) {
  return async (ui: UiContext, input: unknown) => invoke(OPS[name] as unknown as Operation, await ui.ctx(), input) as never;
}

function keychainOf(ui: UiContext): Keychain {
  const keychain = ui.host.keychain;
  if (!keychain) throw new SwitchboardError('INVALID_INPUT', 'Quick unlock needs the OS keychain: it is available in the desktop app only.');
  return keychain;
}

export const HANDLERS: Handlers = {
  'space.info': async (ui) => {
    const ctx = await ui.ctxIfSpace();
    return ctx ? invoke(OPS['space.info'], ctx, {}) : null;
  },
  'space.teamStatus': async (ui) => {
    const ctx = await ui.ctxIfSpace();
    return ctx ? invoke(OPS['space.teamStatus'], ctx, {}) : { team: false };
  },
  'space.join': async (ui, input) => {
    if (await ui.ctxIfSpace()) throw new SwitchboardError('CONFLICT', 'This machine has a space already: join a team space from a new data folder, or from the command line (switchboard space join).');
    const joined = await invokeHome(HOME_OPS['space.join'], ui.host.home, input);
    return { id: joined.id, name: joined.name };
  },
  'profiles.list': async (ui) => {
    const ctx = await ui.ctxIfSpace();
    return ctx ? invoke(OPS['profiles.list'], ctx, {}) : [];
  },
  'profiles.create': async (ui, input) => {
    const ctx = await ui.ctx({ create: true });
    const created = await invoke(OPS['profiles.create'], ctx, input);
    const session = await invoke(OPS['profiles.unlock'], ctx, { tenant: created.id, passphrase: input.passphrase });
    return { ...created, session: await ui.adopt(session) };
  },
  'session.current': async (ui) => ui.sessionInfo(),
  'session.unlock': async (ui, input) => ui.adopt(await invoke(OPS['profiles.unlock'], await ui.ctx(), { tenant: input.tenantId, passphrase: input.passphrase })),
  'session.recover': async (ui, input) =>
    invoke(OPS['profiles.recover'], await ui.ctx(), { tenant: input.tenantId, recoveryKey: input.recoveryKey, newPassphrase: input.newPassphrase }),
  'session.lock': async (ui) => {
    await ui.lock('manual');
    return null;
  },
  'session.park': async (ui) => {
    ui.park();
    return null;
  },
  'session.switch': async (ui, input) => ui.switchTo(input.tenantId),
  'session.unlockedHere': async (ui) => ui.unlockedHere(),
  'quickUnlock.status': async (ui, input) => {
    const { space } = await ui.ctx();
    const tenant = await space.findTenant(input.tenantId);
    const keychain = ui.host.keychain;
    if (!keychain) return { available: false, enabled: false };
    return { available: true, enabled: (await quickUnlockEnabled(space, tenant.id)) && (await keychain.load(tenant.id)) !== undefined };
  },
  'quickUnlock.unlock': async (ui, input) => {
    const { space } = await ui.ctx();
    const tenant = await space.findTenant(input.tenantId);
    const secret = await ui.host.keychain?.load(tenant.id);
    if (!secret) throw new SwitchboardError('NOT_FOUND', 'Quick unlock is not set up for this profile on this device. Use your passphrase.');
    try {
      return await ui.adopt(await opened(await unlockWithDeviceSecret(space, tenant.id, secret)));
    } finally {
      secret.fill(0);
    }
  },
  'quickUnlock.set': async (ui, input) => {
    const session = ui.requireSession();
    const { space } = await ui.ctx();
    const keychain = keychainOf(ui);
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
  'session.changePassphrase': viaOp('profiles.changePassphrase'),
  'session.deleteProfile': async (ui, input) => {
    const session = ui.requireSession();
    await invoke(OPS['profiles.delete'], await ui.ctx(), { tenant: session.tenantId, passphrase: input.passphrase });
    await ui.lock('deleted');
    return null;
  },
  'settings.get': viaOp('settings.get'),
  'settings.update': viaOp('settings.update'),

  'catalog.list': viaOp('catalog.list'),
  'connections.list': viaOp('connections.list'),
  'connections.connect': async (ui, input) => {
    const summary = await invoke(OPS['connections.connect'], await ui.ctx(), input);
    ui.emit('connections', { connectorId: summary.connectorId });
    return summary;
  },
  'connections.startOAuth': async (ui, input) => {
    const ctx = await ui.ctx();
    const authorizeUrl = await new Promise<string>((resolve, reject) => {
      const openUrl = (url: string): void => {
        ui.host.openExternal?.(url);
        resolve(url);
      };
      invoke(OPS['connections.connectOAuth'], { ...ctx, openUrl }, input).then(
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
      return await invoke(OPS['connections.test'], await ui.ctx(), input);
    } finally {
      ui.emit('connections', { connectorId: input.connectorId });
    }
  },
  'connections.disconnect': async (ui, input) => {
    await invoke(OPS['connections.disconnect'], await ui.ctx(), input);
    ui.emit('connections', { connectorId: input.connectorId });
    return null;
  },

  'actions.list': viaOp('actions.list'),
  'actions.setEnabled': async (ui, input) => {
    const ctx = await ui.ctx();
    await invoke(OPS['actions.setEnabled'], ctx, { actionIds: [input.actionId], enabled: input.enabled });
    return invoke(OPS['actions.list'], ctx, { connectorId: input.actionId.split('.')[0] });
  },
  'actions.setMode': async (ui, input) => {
    const ctx = await ui.ctx();
    await invoke(OPS['actions.setMode'], ctx, { actionIds: [input.actionId], mode: input.mode });
    return invoke(OPS['actions.list'], ctx, { connectorId: input.actionId.split('.')[0] });
  },
  'actions.run': viaOp('actions.run'),
  'approvals.list': viaOp('approvals.list'),
  'approvals.answer': viaOp('approvals.answer'),

  'activity.query': viaOp('activity.query'),
  'outbox.list': viaOp('outbox.list'),
  'outbox.cancel': viaOp('outbox.cancel'),

  'mcp.info': async (ui) => {
    const session = ui.requireSession();
    const cli = ui.host.cliCommand ?? ['switchboard'];
    const httpUrl = typeof ui.host.mcpUrl === 'function' ? ui.host.mcpUrl() : ui.host.mcpUrl;
    return {
      stdioCommand: [...cli, 'mcp', 'stdio', '--tenant', session.name, '--home', ui.host.home.dir],
      ...(httpUrl ? { httpUrl } : {}),
      profileName: (await ui.sessionInfo())?.name ?? session.name,
    };
  },
  'mcp.tokens.list': viaOp('mcp.tokens.list'),
  'mcp.tokens.create': viaOp('mcp.tokens.create'),
  'mcp.tokens.revoke': viaOp('mcp.tokens.revoke'),

  'admin.tenants': viaOp('admin.tenants'),
  'admin.setRole': async (ui, input) => {
    await invoke(OPS['admin.setRole'], await ui.ctx(), input);
    return null;
  },
  'admin.removeTenant': viaOp('admin.removeTenant'),
  'admin.policy': viaOp('admin.policy'),
  'admin.previewPolicy': viaOp('admin.previewPolicy'),
  'admin.setPolicy': viaOp('admin.setPolicy'),
  'admin.audit': viaOp('admin.audit'),
  'admin.insights': viaOp('admin.insights'),
  'admin.spaceSettings': viaOp('admin.spaceSettings'),
  'admin.setSpaceSettings': async (ui, input) => {
    const ctx = await ui.ctx();
    const { name, ...settings } = input;
    // Checked first: a member's rename attempt must not get further than the admin check.
    const current = await invoke(OPS['admin.spaceSettings'], ctx, {});
    if (name !== undefined) await invoke(OPS['space.rename'], ctx, { name });
    if (Object.keys(settings).length === 0) return { ...current, name: (await ctx.space.info()).name };
    return invoke(OPS['admin.setSpaceSettings'], ctx, settings);
  },
  'admin.oauthClients': viaOp('admin.oauthClients'),
  'admin.setOAuthClient': viaOp('admin.setOAuthClient'),
  'admin.customConnectors': viaOp('admin.customConnectors'),
  'admin.importOpenApi': viaOp('admin.importOpenApi'),
  'admin.removeConnector': viaOp('admin.removeConnector'),
  'admin.publishTeam': viaOp('admin.publishTeam'),
};
