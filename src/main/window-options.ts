/**
 * The window and what its page may do: webPreferences, the Content-Security-Policy and the
 * permissions the page may be granted. Pure (no electron import at run time), tested without a window.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The page's Content-Security-Policy. src/renderer/index.html carries the same policy in a meta
 * tag (a file:// page gets no response headers); main also sets it as a header on every response
 * the window's session receives. A test keeps the two the same.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    show: false, // shown on ready-to-show, so no blank frame flashes
    title: 'Switchboard',
    webPreferences: {
      preload: preloadPath,
      // The page sees only window.switchboardBridge: no Node, no require, no ipcRenderer.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // On Linux and Windows the spell checker downloads dictionaries from Google: a local-first app stays offline.
      spellcheck: false,
    },
  };
}

/**
 * The only permission the page may be granted: writing to the clipboard (its copy buttons for a
 * recovery key, a token, a client config). Camera, microphone, notifications, geolocation,
 * reading the clipboard, opening external protocols and the rest are refused.
 */
export function mayGrantPermission(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}

/** Response headers with our CSP added (replacing any the response brought, in any letter case). */
export function withCsp(headers: Record<string, string[] | string> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}
