/** What the process hosting a UI (Electron main, `switchboard serve`) gives each UI session. */
import type { Home } from '../space/home.js';

export interface UiHost {
  /** The process's data home: every window shares its spaces and sessions. */
  home: Home;
  /** The space to show (id or name); default: the home's only space, created on first use. */
  spaceRef?: string;
  /** Open a URL in the system browser (Electron). Without it, the URL is only returned to the page. */
  openExternal?: (url: string) => void;
  /** How to launch the CLI (for MCP stdio config snippets), e.g. [node, /path/bin/switchboard.js]. */
  cliCommand?: string[];
  /** The MCP HTTP endpoint when a gateway runs beside this UI (a function: it may start later). */
  mcpUrl?: string | (() => string | undefined);
  /** The OS keychain (Electron's safeStorage), for quick unlock; absent in a browser. */
  keychain?: Keychain;
}

/** Keeps device secrets encrypted by the OS, one per tenant. */
export interface Keychain {
  store(tenantId: string, secret: Buffer): Promise<void>;
  load(tenantId: string): Promise<Buffer | undefined>;
  remove(tenantId: string): Promise<void>;
}
