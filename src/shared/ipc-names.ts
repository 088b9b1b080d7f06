/**
 * The channel and event names of the contract, without its schemas: the sandboxed preload
 * needs the names only, and must not bundle a schema library. `ipc.ts` checks that its
 * CONTRACT has exactly these keys.
 */
export const CHANNEL_NAMES = [
  'space.info',
  'space.teamStatus',
  'space.join',
  'profiles.list',
  'profiles.create',
  'session.current',
  'session.unlock',
  'session.recover',
  'session.lock',
  'session.park',
  'session.switch',
  'session.unlockedHere',
  'quickUnlock.status',
  'quickUnlock.unlock',
  'quickUnlock.set',
  'session.changePassphrase',
  'session.deleteProfile',
  'settings.get',
  'settings.update',
  'catalog.list',
  'connections.list',
  'connections.connect',
  'connections.startOAuth',
  'connections.test',
  'connections.disconnect',
  'actions.list',
  'actions.setEnabled',
  'actions.setMode',
  'actions.run',
  'approvals.list',
  'approvals.answer',
  'activity.query',
  'outbox.list',
  'outbox.cancel',
  'mcp.info',
  'mcp.tokens.list',
  'mcp.tokens.create',
  'mcp.tokens.revoke',
  'admin.tenants',
  'admin.setRole',
  'admin.removeTenant',
  'admin.policy',
  'admin.previewPolicy',
  'admin.setPolicy',
  'admin.audit',
  'admin.insights',
  'admin.spaceSettings',
  'admin.setSpaceSettings',
  'admin.oauthClients',
  'admin.setOAuthClient',
  'admin.customConnectors',
  'admin.importOpenApi',
  'admin.removeConnector',
  'admin.publishTeam',
] as const;

export const EVENT_NAMES = ['session', 'activity', 'connections', 'policy', 'approvals'] as const;

/** The IPC channel a contract channel travels on in Electron. */
export const ipcChannel = (name: string): string => `switchboard:${name}`;
export const ipcEventChannel = (name: string): string => `switchboard:event:${name}`;
