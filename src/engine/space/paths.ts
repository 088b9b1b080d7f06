/**
 * Where Switchboard keeps its data: `--home DIR`, else SWITCHBOARD_HOME, else the platform's
 * app-data folder — the same folder Electron's `app.getPath('userData')` gives for "Switchboard".
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_DIR_NAME = 'Switchboard';

export interface HomeSources {
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  userHome?: string;
}

export function resolveHomeDir(sources: HomeSources = {}): string {
  const env = sources.env ?? process.env;
  if (sources.flag) return resolve(sources.flag);
  if (env.SWITCHBOARD_HOME) return resolve(env.SWITCHBOARD_HOME);
  const platform = sources.platform ?? process.platform;
  const userHome = sources.userHome ?? homedir();
  if (platform === 'darwin') return join(userHome, 'Library', 'Application Support', APP_DIR_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(userHome, 'AppData', 'Roaming'), APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME || join(userHome, '.config'), APP_DIR_NAME);
}

export function spacesDir(home: string): string {
  return join(home, 'spaces');
}
export function spaceDir(home: string, spaceId: string): string {
  return join(spacesDir(home), spaceId);
}
export function registryFile(home: string, spaceId: string): string {
  return join(spaceDir(home, spaceId), 'registry.db');
}
export function vaultFile(home: string, spaceId: string, tenantId: string): string {
  return join(spaceDir(home, spaceId), 'vaults', `${tenantId}.db`);
}
