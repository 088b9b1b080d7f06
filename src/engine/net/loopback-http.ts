/**
 * The one way Switchboard listens on the network: HTTP on 127.0.0.1 only, with the checks every
 * such server needs before its own logic runs — the Host header must name this server (a page
 * on another name that resolves to 127.0.0.1, DNS rebinding, is refused) and any Origin must be
 * this server's own. Used by `switchboard serve` and the MCP gateway.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  port: number;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  close(): Promise<void>;
}

export interface LoopbackOptions {
  port?: number;
  /** Stop by itself after this long (tests, benchmarks). */
  maxLifetimeMs?: number;
  /** Runs first when the server closes (end sessions, lock vaults). */
  onClose?: () => Promise<void>;
}

/** Listen on 127.0.0.1; `handle` sees only requests whose Host and Origin name this server. */
export async function listenLoopback(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>, options: LoopbackOptions = {}): Promise<LoopbackServer> {
  const server = createServer();
  let hosts = new Set<string>();
  let origins = new Set<string>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!hosts.has(req.headers.host ?? '')) return sendText(res, 403, 'Unknown host.');
    if (req.headers.origin !== undefined && !origins.has(req.headers.origin)) return sendText(res, 403, 'Foreign origin.');
    void handle(req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'Internal error.');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  origins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await options.onClose?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    })();
    return closing;
  };
  if (options.maxLifetimeMs) setTimeout(() => void close(), options.maxLifetimeMs).unref();
  return { port, origin: `http://127.0.0.1:${port}`, close };
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/** The request body as text, or undefined once it passes `max` bytes (the rest is not read). */
export async function readBodyCapped(req: IncomingMessage, max: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
