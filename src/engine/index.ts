/** The engine's public surface for main and cli. */
export { Home } from './space/home-spaces.js';
export { Space, type EngineOptions } from './space/space.js';
export { createTenant, deleteTenant, renameTenant, setRole, type DeleteAuth } from './space/tenants.js';
export { unlockTenant, recoverTenant, changePassphrase } from './space/unlock.js';
export { TenantSession, type LockReason, DEFAULT_AUTO_LOCK_MINUTES } from './vault/tenant-session.js';
export { getSettings, updateSettings, type TenantSettings } from './vault/settings.js';
export { resolveHomeDir } from './home.js';
export { DEFAULT_SCRYPT_COST, type ScryptCost } from './vault/vault-keys.js';
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
export { Router, type ExecuteResult, type RouterOptions } from './router/router.js';
export { actionStates, type ActionState } from './router/effective.js';
export { queryActivity, type ActivityEntry, type ActivityQuery } from './router/activity.js';
export { listOutbox, cancelOutbox, type OutboxItem } from './router/outbox.js';
export { listPolicy, setPolicy, type PolicyRule } from './space/policy.js';
export { setOAuthClient, listOAuthClients, type OAuthClientSummary } from './auth/oauth-clients.js';
export { connectWithOAuth } from './auth/connect-oauth.js';
