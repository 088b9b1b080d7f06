/** The engine's public surface for main and cli. */
export { Home } from './space/home-spaces.js';
export { Space, type EngineOptions } from './space/space.js';
export { createTenant, deleteTenant, renameTenant, setRole, type DeleteAuth } from './space/tenants.js';
export { unlockTenant, recoverTenant, changePassphrase } from './space/unlock.js';
export { TenantSession, type LockReason, DEFAULT_AUTO_LOCK_MINUTES } from './vault/tenant-session.js';
export { getSettings, updateSettings, type TenantSettings } from './vault/settings.js';
export { resolveHomeDir } from './home.js';
export { DEFAULT_SCRYPT_COST, type ScryptCost } from './vault/vault-keys.js';
