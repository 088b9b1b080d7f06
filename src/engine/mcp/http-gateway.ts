/**
 * The headless MCP gateway: Streamable HTTP on 127.0.0.1 at `/mcp`. Only the bearer token
 * chooses the tenant. Missing, wrong, expired or revoked tokens get 401 and nothing else; an MCP
 * session belongs to the token that opened it, and a request naming another token's session is
 * refused as unknown. Host and Origin are checked against this server (DNS rebinding).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { toErrorShape } from '../../shared/errors.js';
import { listenLoopback, readBodyCapped, sendText } from '../net/loopback-http.js';
import type { Space } from '../space/space.js';
import type { TenantSession } from '../vault/tenant-session.js';
import { createMcpServer, type ToolMode } from './mcp-server.js';
import { opened } from '../ops/index.js';
import { findToken, openSessionWithToken, tokenStillValid, touchToken } from '../space/mcp-tokens.js';

export interface GatewayOptions {
  space: Space;
  port?: number;
  mode?: ToolMode;
  maxBodyBytes?: number;
  /** Stop by itself after this long (tests). */
  maxLifetimeMs?: number;
}

interface McpSessionEntry {
  tokenId: string;
  transport: StreamableHTTPServerTransport;
  close: () => Promise<void>;
}

export interface Gateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { space } = options;
  const maxBody = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const tenantSessions = new Map<string, Promise<TenantSession | undefined>>(); // by token id
  const mcpSessions = new Map<string, McpSessionEntry>();
  const lastTouched = new Map<string, number>();

  const unauthorized = (res: ServerResponse): void => {
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="switchboard"' });
    res.end(JSON.stringify({ error: 'unauthorized' }));
  };

  async function tenantSession(token: string, tokenId: string): Promise<TenantSession | undefined> {
    let pending = tenantSessions.get(tokenId);
    if (pending) {
      const session = await pending;
      if (session && !session.locked) return session;
    }
    pending = openSessionWithToken(space, token).then(async (found) => (found ? opened(found.session) : undefined));
    tenantSessions.set(tokenId, pending);
    return pending;
  }

  /** A token that stopped working takes its vault session and MCP sessions with it. */
  async function forgetToken(tokenId: string): Promise<void> {
    const session = await tenantSessions.get(tokenId);
    tenantSessions.delete(tokenId);
    for (const [id, entry] of mcpSessions) {
      if (entry.tokenId === tokenId) {
        mcpSessions.delete(id);
        await entry.close().catch(() => undefined);
      }
    }
    await session?.lock('revoked');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/mcp') return sendText(res, 404, 'Not found: the MCP endpoint is /mcp.');

    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const found = await findToken(space, token);
    if (!found) return unauthorized(res);
    let session: TenantSession | undefined;
    try {
      session = await tenantSession(token!, found.id);
    } catch (err) {
      // The token is good but its vault cannot be opened (missing, damaged): say so, as JSON-RPC.
      tenantSessions.delete(found.id);
      const shape = toErrorShape(err);
      return jsonRpcError(res, 503, -32003, `${shape.code}: ${shape.message}`);
    }
    if (!session) return unauthorized(res);
    const now = space.now();
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
      await entry.transport.handleRequest(req, res, body);
      return;
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      return jsonRpcError(res, 400, -32000, 'Bad request: start with an initialize request (no Mcp-Session-Id yet).');
    }
    const mcp = createMcpServer({ space, session, ...(options.mode ? { mode: options.mode } : {}) });
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      // Answers as plain JSON (no SSE framing per call); notifications use the client's GET stream.
      enableJsonResponse: true,
      onsessioninitialized: (id) => {
        mcpSessions.set(id, { tokenId: found.id, transport, close: mcp.close });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) mcpSessions.delete(transport.sessionId);
      void mcp.close();
    };
    await mcp.server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  // Every few seconds, drop what revoked or expired tokens had opened (their next request gets 401
  // anyway; this also ends their event streams and locks their vaults).
  const sweep = setInterval(() => {
    void (async () => {
      for (const tokenId of new Set([...mcpSessions.values()].map((e) => e.tokenId).concat([...tenantSessions.keys()]))) {
        if (!(await tokenStillValid(space, tokenId))) await forgetToken(tokenId);
      }
    })().catch(() => undefined);
  }, 5000);
  sweep.unref();

  const { port, close } = await listenLoopback(handle, {
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.maxLifetimeMs ? { maxLifetimeMs: options.maxLifetimeMs } : {}),
    onClose: async () => {
      clearInterval(sweep);
      for (const entry of mcpSessions.values()) await entry.close().catch(() => undefined);
      mcpSessions.clear();
      for (const pending of tenantSessions.values()) await (await pending.catch(() => undefined))?.lock('shutdown');
    },
  });
  return { url: `http://127.0.0.1:${port}/mcp`, port, close };
}

function jsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
