/**
 * The browser transport: the same handlers as the desktop window, over HTTP on 127.0.0.1 only.
 *
 * A random token is made per launch and printed in the URL's fragment (`/#token=…`), which a
 * browser never sends anywhere. The page keeps it in sessionStorage (per origin, so per port:
 * two launches side by side keep theirs apart), strips it from the address bar, and sends it as
 * `Authorization: Bearer …` on every RPC and on the event stream. No cookie: a cookie would go to
 * every other server on 127.0.0.1, whatever its port. The page and its assets (the built
 * renderer, nothing secret) load without it. The Host header must name this server (DNS
 * rebinding), and a request with an Origin must come from this server's own origin.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { listenLoopback, readBodyCapped, sendText } from '../engine/net/loopback-http.js';
import { UiSession, type UiHost } from '../engine/rpc/ui-session.js';
import { EVENTS } from '../shared/ipc.js';

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const MAX_BODY = 1024 * 1024;

export interface ServeOptions extends UiHost {
  port?: number;
  rendererDir: string;
  /** Stop by itself after this long (tests); default: run until closed. */
  maxLifetimeMs?: number;
}

export interface Served {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function serve(options: ServeOptions): Promise<Served> {
  const token = randomBytes(32).toString('base64url');
  const ui = new UiSession(options);

  const tokenOk = (candidate: string | undefined): boolean => {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin; // when present, already checked to be this server's own
    const authorised = tokenOk(/^bearer[ \t]+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1]);

    if (url.pathname === '/rpc' || url.pathname === '/events') {
      if (!authorised) return sendText(res, 401, 'Not authorised. Open the address printed by switchboard serve (it carries a one-launch token).');
    }

    if (url.pathname === '/rpc') {
      if (req.method !== 'POST') return sendText(res, 405, 'POST only.');
      if (origin === undefined) return sendText(res, 403, 'Missing origin.');
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return sendText(res, 415, 'JSON only.');
      const body = await readBodyCapped(req, MAX_BODY);
      let message: { channel?: unknown; input?: unknown };
      try {
        message = body === undefined ? {} : (JSON.parse(body) as typeof message);
      } catch {
        message = { channel: undefined };
      }
      const result =
        body === undefined
          ? { ok: false, error: { code: 'INVALID_INPUT', message: 'The request is too large.' } }
          : typeof message !== 'object' || message === null
            ? { ok: false, error: { code: 'INVALID_INPUT', message: 'Send {"channel", "input"} as JSON.' } }
            : await ui.handle(message.channel, message.input);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(result));
      return;
    }

    if (url.pathname === '/events') {
      if (req.method !== 'GET') return sendText(res, 405, 'GET only.');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      const offs = EVENTS.map((name) => ui.on(name, (payload) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)));
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      ping.unref();
      req.on('close', () => {
        clearInterval(ping);
        for (const off of offs) off();
      });
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Not allowed.');
    await sendStatic(options.rendererDir, url.pathname, res);
  }

  const { port, close } = await listenLoopback(handle, {
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.maxLifetimeMs ? { maxLifetimeMs: options.maxLifetimeMs } : {}),
    onClose: () => ui.close(),
  });
  return { url: `http://127.0.0.1:${port}/#token=${token}`, port, close };
}

async function sendStatic(root: string, pathname: string, res: ServerResponse): Promise<void> {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return sendText(res, 400, 'Bad path.');
  }
  const base = normalize(root).replace(/[\\/]+$/, '');
  const file = normalize(join(base, rel));
  if (!file.startsWith(base + sep)) return sendText(res, 404, 'Not found.');
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return sendText(res, 404, 'Not found.');
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, {
    'content-type': type,
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': type.startsWith('text/html') ? 'no-store' : 'private, max-age=300',
  });
  res.end(body);
}
