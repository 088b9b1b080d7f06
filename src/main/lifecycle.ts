/**
 * The desktop app's lifecycle decisions: its name, one instance at a time, when to lock every
 * profile, when to quit, the MCP gateway's port, and how the installed CLI is launched.
 * Pure (no electron import), tested without a window; index.ts wires them to Electron's events.
 */
import { join } from 'node:path';

/**
 * The app's name: Electron's userData folder, the data home's default folder (`resolveHomeDir`,
 * shared with the CLI) and electron-builder's `productName` all use it; a test keeps them equal.
 */
export const PRODUCT_NAME = 'Switchboard';

/**
 * powerMonitor events after which every unlocked profile locks: the machine sleeps, the screen
 * locks, or (macOS) another user takes over the session with fast user switching.
 */
export const LOCK_EVENTS = ['suspend', 'lock-screen', 'user-did-resign-active'] as const;
export type LockEvent = (typeof LOCK_EVENTS)[number];

/** One app per OS user: a second launch quits and brings the first one's window forward. */
export function onLaunch(gotSingleInstanceLock: boolean): 'run' | 'quit' {
  return gotSingleInstanceLock ? 'run' : 'quit';
}

/** What the running app does when a second launch hands over to it. */
export function onSecondInstance(windows: readonly { minimized: boolean }[]): 'restore-and-focus' | 'focus' | 'open-window' {
  const [first] = windows;
  if (!first) return 'open-window'; // macOS keeps running with no window: open one
  return first.minimized ? 'restore-and-focus' : 'focus';
}

/** Closing the last window quits, except on macOS, where apps stay in the Dock until Cmd+Q. */
export function quitWhenAllWindowsClosed(platform: NodeJS.Platform): boolean {
  return platform !== 'darwin';
}

/** The desktop app runs the MCP gateway only once a space exists; `switchboard mcp serve` covers the rest. */
export function shouldStartGateway(spaceCount: number): boolean {
  return spaceCount > 0;
}

/**
 * The gateway's port: SWITCHBOARD_MCP_PORT (so AI clients can keep one address), else 0 (a free
 * port, shown on the AI clients page). A value that is not a port is refused with the reason.
 */
export function gatewayPort(env: Record<string, string | undefined>): { port: number } | { error: string } {
  const raw = env.SWITCHBOARD_MCP_PORT?.trim();
  if (!raw) return { port: 0 };
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    return { error: `SWITCHBOARD_MCP_PORT must be a port number from 0 to 65535, not ${JSON.stringify(raw.slice(0, 20))}; the MCP gateway is off.` };
  }
  return { port: Number(raw) };
}

export interface CliLocation {
  /** `app.isPackaged`. */
  packaged: boolean;
  platform: NodeJS.Platform;
  /** `process.resourcesPath`: where electron-builder put app.asar and our `bin/`. */
  resourcesPath: string;
  /** `app.getAppPath()`: the project folder when run unpackaged. */
  appPath: string;
  /** `process.env.APPIMAGE`: set when running from an AppImage, whose files move on every launch. */
  appImage?: string | undefined;
}

/**
 * How to launch the `switchboard` CLI from this app (the stdio command in MCP client configs).
 * Installed: the launcher electron-builder copied to resources/bin (it runs the app's own binary
 * as Node); the deb also links it as /usr/bin/switchboard. An AppImage is mounted somewhere new on
 * every launch, so there it is the `switchboard` on PATH. Unpackaged: Node and bin/switchboard.js.
 */
export function cliCommand(at: CliLocation): string[] {
  if (!at.packaged) return ['node', join(at.appPath, 'bin', 'switchboard.js')];
  if (at.platform === 'linux' && at.appImage) return ['switchboard'];
  const launcher = at.platform === 'win32' ? 'switchboard.cmd' : 'switchboard';
  return [join(at.resourcesPath, 'bin', launcher)];
}
