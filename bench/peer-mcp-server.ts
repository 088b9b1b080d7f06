/**
 * The peer for the MCP rows of `npm run bench`: what a user would otherwise run instead of
 * Switchboard — a minimal MCP server on the same SDK (`McpServer.registerTool`) whose one tool
 * makes the same provider request directly with a token it was given. No tenants, no policy, no
 * vault, no log. Run in its own process:
 *
 *   node --import tsx bench/peer-mcp-server.ts http  PROVIDER_BASE TOKEN   → prints its URL
 *   node --import tsx bench/peer-mcp-server.ts stdio PROVIDER_BASE TOKEN
 *
 * Exits after 10 minutes, or when its parent closes stdin (http mode) or the stdio stream ends.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { Agent, request } from 'undici';

const [mode, base, token] = process.argv.slice(2);
const agent = new Agent({ keepAliveTimeout: 10_000 });

function peerServer(): McpServer {
  const server = new McpServer({ name: 'peer', version: '1.0.0' });
  server.registerTool('slack_list_channels', { title: 'List channels', description: 'List Slack channels.', inputSchema: {} }, async () => {
    const res = await request(`${base}/conversations.list`, { method: 'GET', headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, dispatcher: agent });
    const body = (await res.body.json()) as Record<string, unknown>;
    return { content: [{ type: 'text', text: JSON.stringify(body, null, 2) }], structuredContent: body };
  });
  return server;
}

setTimeout(() => process.exit(0), 10 * 60_000).unref();

if (mode === 'stdio') {
  await peerServer().connect(new StdioServerTransport());
} else {
  // The SDK's documented stateful Streamable HTTP setup, answering as JSON like the gateway.
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
        const id = req.headers['mcp-session-id'];
        let transport = typeof id === 'string' ? transports.get(id) : undefined;
        if (!transport && req.method === 'POST' && isInitializeRequest(body)) {
          const made: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            enableJsonResponse: true,
            onsessioninitialized: (sid) => void transports.set(sid, made),
          });
          transport = made;
          await peerServer().connect(made);
        }
        if (!transport) return void res.writeHead(400).end();
        await transport.handleRequest(req, res, body);
      })();
    });
  });
  http.keepAliveTimeout = 30_000;
  http.listen(0, '127.0.0.1', () => {
    const address = http.address();
    process.stdout.write(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/mcp\n`);
  });
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
