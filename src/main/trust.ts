/**
 * Who and what the desktop shell trusts: which page may call the engine over IPC, which links may
 * leave the app for the system browser, and what a navigation or new-window request turns into.
 * Pure functions (no electron import), so they are tested without a window; index.ts wires them.
 */
import { pathToFileURL } from 'node:url';

/** Where the window's page comes from: the dev server (electron-vite sets ELECTRON_RENDERER_URL) or the built file. */
export type RendererSource = { kind: 'url'; url: string } | { kind: 'file'; path: string };

export function rendererSource(env: Record<string, string | undefined>, builtIndexHtml: string): RendererSource {
  const url = env.ELECTRON_RENDERER_URL;
  return url ? { kind: 'url', url } : { kind: 'file', path: builtIndexHtml };
}

function parse(url: string | undefined): URL | undefined {
  if (!url) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * Is `url` our own page? The built page is exactly our index.html (its query and hash aside: the
 * renderer routes by hash); the dev server is its origin. A prefix test would also accept
 * `file:///…/index.html.evil` or `http://localhost:5173.attacker.example`.
 */
export function isOurPage(url: string | undefined, source: RendererSource): boolean {
  const u = parse(url);
  if (!u) return false;
  if (source.kind === 'url') {
    const ours = parse(source.url);
    return ours !== undefined && u.origin !== 'null' && u.origin === ours.origin;
  }
  const ours = pathToFileURL(source.path);
  return u.protocol === 'file:' && u.host === ours.host && u.pathname === ours.pathname;
}

/** What main knows about the sender of an IPC call. */
export interface SenderFacts {
  /** The URL of the frame that sent it (`event.senderFrame.url`); undefined when the frame is gone. */
  frameUrl: string | undefined;
  /** Whether that frame is the top frame of its page (`event.senderFrame === event.sender.mainFrame`). */
  isMainFrame: boolean;
  /** `event.sender.id`: the web contents that sent it. */
  webContentsId: number;
}

/** Only our page, in its main frame (not an iframe inside it), in a window this process made, may call the engine. */
export function isTrustedSender(sender: SenderFacts, source: RendererSource, ourWindows: { has(webContentsId: number): boolean }): boolean {
  return sender.isMainFrame && ourWindows.has(sender.webContentsId) && isOurPage(sender.frameUrl, source);
}

/**
 * Links the app may hand to the system browser: https anywhere (provider sign-in pages, docs), and
 * http on loopback (local test servers, the OAuth redirect). Nothing else: no file:, no custom
 * schemes that launch other programs, no URL carrying a user name or password.
 */
export function mayOpenExternally(url: string): boolean {
  const u = parse(url);
  if (!u || u.username || u.password) return false;
  if (u.protocol === 'https:') return u.hostname !== '';
  return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]');
}

/** What a link or `window.open` from the page leads to: never a new Electron window; maybe the system browser. */
export interface LinkDecision {
  /** Electron's answer to the request itself: always refused. */
  action: 'deny';
  /** Whether to open the URL in the system browser instead. */
  openExternally: boolean;
}

/** A `window.open` or `target=_blank` link (setWindowOpenHandler). */
export function onWindowOpen(url: string): LinkDecision {
  return { action: 'deny', openExternally: mayOpenExternally(url) };
}

/**
 * The page trying to navigate away (will-navigate): the single-page app never does, so this is a
 * plain link or something injected. Refused; an external link opens in the browser instead.
 */
export function onNavigate(url: string, source: RendererSource): LinkDecision {
  return { action: 'deny', openExternally: !isOurPage(url, source) && mayOpenExternally(url) };
}
