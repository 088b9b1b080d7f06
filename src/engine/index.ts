/**
 * The engine's public surface for main and cli: the data home, the operations layer they call,
 * and the hosts of its transports (UI sessions, the MCP server and gateway). Domain modules are
 * reached through the operations, which declare who may run each.
 */
export { Home } from './space/home.js';
export { Space, type EngineOptions } from './space/space.js';
export { resolveHomeDir } from './space/paths.js';
export { DEFAULT_SCRYPT_COST, type ScryptCost } from './vault/vault-keys.js';
export type { TenantSession, LockReason } from './vault/tenant-session.js';
export { HOME_OPS, OPS, ALL_OPERATIONS, invoke, invokeHome, type Access, type OpContext } from './ops/index.js';

// Domain functions, for tests and benchmarks that drive the engine below the operations layer.
export { createTenant, deleteTenant, renameTenant, setRole, type DeleteAuth } from './space/tenants.js';
export { unlockTenant, recoverTenant, changePassphrase } from './space/unlock.js';
export { requireAdmin, type AdminSession } from './space/access.js';
export { getSettings, updateSettings, type TenantSettings } from './vault/settings.js';
export { Catalog, builtinCatalog, type CatalogAction } from './connectors/catalog.js';
export type { ConnectorDefinition, ActionDefinition, AuthScheme } from './connectors/definition.js';
export {
  connect,
  disconnect,
  listConnections,
  getConnection,
  enableActions,
  disableActions,
  type ConnectionSummary,
  type ConnectInput,
} from './connections/connections.js';
export { Router, routerFor, type ExecuteResult, type RouterOptions } from './router/router.js';
export { actionStates, type ActionState } from './router/may-call.js';
export { queryActivity, type ActivityEntry, type ActivityQuery } from './vault/activity.js';
export { listOutbox, cancelOutbox, type OutboxItem } from './vault/outbox.js';
export { listPolicy, setPolicy, type PolicyRule } from './space/policy.js';
export { setOAuthClient, listOAuthClients, type OAuthClientSummary } from './auth/oauth-clients.js';
export { connectWithOAuth } from './auth/connect-oauth.js';

export { catalogFor } from './space/verify-state.js';
export { CONNECTOR_FORMAT_SCHEMA } from './connectors/custom/format.js';
export * as team from './team/index.js';
