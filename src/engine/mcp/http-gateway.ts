/**
 * The headless MCP gateway: Streamable HTTP on 127.0.0.1 at `/mcp`. Only the bearer token
 * chooses the tenant. Missing, wrong, expired or revoked tokens get 401 and nothing else; an MCP
 * session belongs to the token that opened it, and a request naming another token's session is
 * refused as unknown. Host and Origin are checked against this server (DNS rebinding).
 *
 * MCP sessions end: on DELETE, after an idle time (clients that just go away send nothing), and
 * the oldest idle one when a token opens more than its cap. A token's vault session is held to
 * the expiry its key wrap is bound to, and locks with the token.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { toErrorShape } from '../../shared/errors.js';
import { listenLoopback, readBodyCapped, sendText } from '../net/loopback-http.js';
import { opened } from '../ops/index.js';
import { findToken, openSessionWithToken, tokenStillValid, touchToken } from '../space/mcp-tokens.js';
import type { Space } from '../space/space.js';
import type { TenantSession } from '../vault/tenant-session.js';
import { GatewayTransport } from './json-fast-path.js';
import { createMcpServer, type ToolMode } from './mcp-server.js';

/** An MCP session idle this long ends (its client went away without a DELETE). */
export const DEFAULT_SESSION_IDLE_MS = 5 * 60_000;
/** At most this many MCP sessions per token; opening one more ends the longest idle. */
export const DEFAULT_SESSIONS_PER_TOKEN = 8;

export interface GatewayOptions {
  space: Space;
  port?: number;
  mode?: ToolMode;
  maxBodyBytes?: number;
  /** Stop by itself after this long (tests). */
  maxLifetimeMs?: number;
  sessionIdleMs?: number;
  maxSessionsPerToken?: number;
  /** How often to end idle sessions and what dead tokens opened (ms). */
  sweepMs?: number;
  /** How often each MCP session looks for changes made by another process (ms). */
  pollMs?: number;
}

interface McpSessionEntry {
  tokenId: string;
  transport: GatewayTransport;
  close: () => Promise<void>;
  lastUsed: number;
  /** Requests whose answer is still to come: a call waiting for the owner's approval may wait far longer than the idle time. */
  inFlight: number;
}

interface TokenSession {
  session: TenantSession;
  /** The expiry the token's wrap is bound to (null: none). */
  expiresAt: number | null;
}

export interface Gateway {
  url: string;
  port: number;
  /** Open MCP sessions (tests, the desktop's AI clients page). */
  readonly sessionCount: number;
  close(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { space } = options;
  const maxBody = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const idleMs = options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS;
  const perToken = options.maxSessionsPerToken ?? DEFAULT_SESSIONS_PER_TOKEN;
  const tokenSessions = new Map<string, Promise<TokenSession | undefined>>(); // by token id
  const mcpSessions = new Map<string, McpSessionEntry>();
  const lastTouched = new Map<string, number>();

  const unauthorized = (res: ServerResponse): void => {
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="switchboard"' });
    res.end(JSON.stringify({ error: 'unauthorized' }));
  };

  async function tokenSession(token: string, tokenId: string): Promise<TokenSession | undefined> {
    const held = await tokenSessions.get(tokenId)?.catch(() => undefined);
    if (held && !held.session.locked) return held;
    const pending = openSessionWithToken(space, token).then(async (found) => (found ? { session: await opened(found.session), expiresAt: found.expiresAt } : undefined));
    tokenSessions.set(tokenId, pending);
    return pending;
  }

  async function endSession(id: string): Promise<void> {
    const entry = mcpSessions.get(id);
    if (!entry) return;
    mcpSessions.delete(id);
    await entry.close().catch(() => undefined);
  }

  /** A token that stopped working takes its vault session and MCP sessions with it. */
  async function forgetToken(tokenId: string): Promise<void> {
    const held = await tokenSessions.get(tokenId)?.catch(() => undefined);
    tokenSessions.delete(tokenId);
    for (const [id, entry] of [...mcpSessions]) if (entry.tokenId === tokenId) await endSession(id);
    await held?.session.lock('revoked');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/mcp') return sendText(res, 404, 'Not found: the MCP endpoint is /mcp.');

    // The scheme is case-insensitive (RFC 9110 §11.1).
    const token = /^bearer[ \t]+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const found = await findToken(space, token);
    if (!found) return unauthorized(res);
    let held: TokenSession | undefined;
    try {
      held = await tokenSession(token!, found.id);
    } catch (err) {
      // The token is good but its vault cannot be opened (missing, damaged): say so, as JSON-RPC.
      tokenSessions.delete(found.id);
      const shape = toErrorShape(err);
      return jsonRpcError(res, 503, -32003, `${shape.code}: ${shape.message}`);
    }
    if (!held) return unauthorized(res);
    const now = space.now();
    // Held to the expiry its wrap is bound to: an expiry removed or moved in the registry does not extend it.
    if (held.expiresAt !== null && held.expiresAt <= now) {
      await forgetToken(found.id);
      return unauthorized(res);
    }
    if ((lastTouched.get(found.id) ?? 0) < now - 60_000) {
      lastTouched.set(found.id, now);
      void touchToken(space, found.id).catch(() => undefined);
    }

    let body: unknown;
    if (req.method === 'POST') {
      const raw = await readBodyCapped(req, maxBody);
      if (raw === undefined) return jsonRpcError(res, 413, -32600, 'Request too large.');
      try {
        body = JSON.parse(raw);
      } catch {
        return jsonRpcError(res, 400, -32700, 'Parse error: the body is not JSON.');
      }
    }

    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const entry = mcpSessions.get(sessionId);
      // A session opened with another token is, for this token, a session that does not exist.
      if (!entry || entry.tokenId !== found.id) return jsonRpcError(res, 404, -32001, 'Session not found.');
      entry.lastUsed = now;
      // A POST's answer may take as long as the owner's approval; the client's GET stream does not count.
      if (req.method === 'POST') {
        entry.inFlight++;
        res.once('close', () => {
          entry.inFlight--;
          entry.lastUsed = space.now();
        });
      }
      await entry.transport.handleRequest(req, res, body);
      return;
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      return jsonRpcError(res, 400, -32000, 'Bad request: start with an initialize request (no Mcp-Session-Id yet).');
    }
    await makeRoomFor(found.id);
    const mcp = createMcpServer({ space, session: held.session, ...(options.mode ? { mode: options.mode } : {}), ...(options.pollMs ? { pollMs: options.pollMs } : {}) });
    // Answers as plain JSON (no SSE framing per call), on Node's own request and response for a
    // single request in an established session; notifications use the client's GET stream.
    const transport: GatewayTransport = new GatewayTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        mcpSessions.set(id, { tokenId: found.id, transport, close: mcp.close, lastUsed: space.now(), inFlight: 0 });
      },
    });
    // DELETE (or any close) ends the session here too.
    transport.onclose = () => {
      if (transport.sessionId) mcpSessions.delete(transport.sessionId);
      void mcp.close();
    };
    await mcp.server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  /** Before a token opens one more session: end its longest idle ones beyond the cap. */
  async function makeRoomFor(tokenId: string): Promise<void> {
    const mine = [...mcpSessions].filter(([, e]) => e.tokenId === tokenId).sort(([, a], [, b]) => a.lastUsed - b.lastUsed);
    for (const [id] of mine.slice(0, Math.max(0, mine.length - perToken + 1))) await endSession(id);
  }

  // End idle sessions, and drop what revoked or expired tokens had opened (their next request gets
  // 401 anyway; this also ends their event streams and locks their vaults).
  const sweep = setInterval(
    () => {
      void (async () => {
        const now = space.now();
        for (const [id, entry] of [...mcpSessions]) if (entry.inFlight === 0 && now - entry.lastUsed >= idleMs) await endSession(id);
        for (const tokenId of new Set([...mcpSessions.values()].map((e) => e.tokenId).concat([...tokenSessions.keys()]))) {
          const held = await tokenSessions.get(tokenId)?.catch(() => undefined);
          const boundExpired = held !== undefined && held.expiresAt !== null && held.expiresAt <= now;
          if (boundExpired || !(await tokenStillValid(space, tokenId))) await forgetToken(tokenId);
        }
      })().catch(() => undefined);
    },
    options.sweepMs ?? Math.min(5000, Math.max(50, Math.floor(idleMs / 4))),
  );
  sweep.unref();

  const { port, close } = await listenLoopback(handle, {
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.maxLifetimeMs ? { maxLifetimeMs: options.maxLifetimeMs } : {}),
    onClose: async () => {
      clearInterval(sweep);
      for (const id of [...mcpSessions.keys()]) await endSession(id);
      for (const pending of tokenSessions.values()) await (await pending.catch(() => undefined))?.session.lock('shutdown');
    },
  });
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    port,
    get sessionCount() {
      return mcpSessions.size;
    },
    close,
  };
}

function jsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
