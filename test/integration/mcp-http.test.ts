// MCP over Streamable HTTP: the token chooses the tenant, and nothing else does.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinCatalog, connect, enableActions, type TenantSession } from '../../src/engine/index.js';
import { startGateway, type Gateway } from '../../src/engine/mcp/http-gateway.js';
import { createMcpToken, listMcpTokens, revokeMcpToken } from '../../src/engine/space/mcp-tokens.js';
import { slackMessages } from '../fixtures/fake-saas/slack.js';
import { world, type World } from './router-helpers.js';

const catalog = builtinCatalog();
let w: World;
let gateway: Gateway;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close().catch(() => undefined);
  await gateway?.close();
  await w?.close();
});

async function setup(now?: () => number): Promise<void> {
  w = await world({}, now ? { now } : {});
  gateway = await startGateway({ space: w.space, maxLifetimeMs: 120_000 });
}

async function slackFor(session: TenantSession, token: string, account: string, actions: string[]): Promise<void> {
  w.fake.addToken('slack', token, account);
  await connect(session, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token }, baseUrl: w.fake.baseUrl('slack') });
  if (actions.length) await enableActions(session, catalog, actions, 'allow');
}

async function client(token: string, name = 'http-test'): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(gateway.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } });
  const c = new Client({ name, version: '1.0.0' });
  await c.connect(transport);
  clients.push(c);
  return c;
}

async function post(headers: Record<string, string>, body: unknown): Promise<Response> {
  return fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };

describe('the MCP HTTP gateway', () => {
  it("each token reaches only its own tenant's tools and credentials", async () => {
    await setup();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah', ['slack.send_message', 'slack.list_channels']);
    await slackFor(w.june, 'xoxb-june-0000000000002', 'june', ['slack.list_channels']);
    const sarahToken = (await createMcpToken(w.space, w.sarah, { name: 'Claude' })).token;
    const juneToken = (await createMcpToken(w.space, w.june)).token;
    // The gateway opens vaults with the tokens alone: lock the sessions that made them.
    await w.sarah.lock();
    await w.june.lock();
    const sarah = await client(sarahToken);
    const june = await client(juneToken);
    expect((await sarah.listTools()).tools.map((t) => t.name).sort()).toEqual(['slack_list_channels', 'slack_send_message']);
    expect((await june.listTools()).tools.map((t) => t.name)).toEqual(['slack_list_channels']);
    const sent = await sarah.callTool({ name: 'slack_send_message', arguments: { channel: 'C0001', text: 'over http' } });
    expect(sent.isError).toBeFalsy();
    expect(slackMessages(w.fake)).toEqual([expect.objectContaining({ account: 'sarah', text: 'over http' })]);
    const refused = await june.callTool({ name: 'slack_send_message', arguments: { channel: 'C0001', text: 'x' } });
    expect(refused.isError).toBe(true);
  });

  it('answers 401 and nothing else to a missing, wrong, expired or revoked token', async () => {
    let now = Date.now();
    await setup(() => now);
    const { token, id } = await createMcpToken(w.space, w.sarah, { expiresDays: 1 });
    for (const headers of [{}, { authorization: 'Bearer sbt_' + 'A'.repeat(43) }, { authorization: 'Basic abc' }, { authorization: `Bearer ${token}x` }] as Record<string, string>[]) {
      const res = await post(headers, INIT);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'unauthorized' });
    }
    expect((await post({ authorization: `Bearer ${token}` }, INIT)).status).toBe(200);
    now += 2 * 86_400_000;
    expect((await post({ authorization: `Bearer ${token}` }, INIT)).status).toBe(401);
    now -= 2 * 86_400_000;

    const c = await client(token);
    expect((await c.listTools()).tools).toEqual([]);
    expect((await listMcpTokens(w.space, w.sarah)).map((t) => t.id)).toEqual([id]);
    await expect(revokeMcpToken(w.space, w.june, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await revokeMcpToken(w.space, w.sarah, id);
    await expect(c.listTools()).rejects.toThrow(/401|nauthorized/);
  });

  it("a token never reaches another tenant's MCP session, whatever session id it sends", async () => {
    await setup();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah', ['slack.list_channels']);
    const sarahToken = (await createMcpToken(w.space, w.sarah)).token;
    const juneToken = (await createMcpToken(w.space, w.june)).token;
    const init = await post({ authorization: `Bearer ${sarahToken}` }, INIT);
    const sessionId = init.headers.get('mcp-session-id')!;
    expect(sessionId).toBeTruthy();
    const hijack = await post({ authorization: `Bearer ${juneToken}`, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' }, { jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect(hijack.status).toBe(404);
    expect(await hijack.text()).not.toContain('slack');
  });

  it('checks Origin and Host, and refuses malformed JSON-RPC and huge bodies', async () => {
    await setup();
    const { token } = await createMcpToken(w.space, w.sarah);
    const auth = { authorization: `Bearer ${token}` };
    expect((await post({ ...auth, origin: 'http://evil.example' }, INIT)).status).toBe(403);
    expect((await post(auth, '{"jsonrpc": "2.0", "id": 1, "method": ')).status).toBe(400);
    expect((await post(auth, { jsonrpc: '2.0', id: 1, method: 'tools/list' })).status).toBe(400);
    expect((await post(auth, { jsonrpc: '2.0', id: 1, method: 'initialize', params: { x: 'y'.repeat(5 * 1024 * 1024) } })).status).toBe(413);
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const req = request({ host: '127.0.0.1', port: gateway.port, path: '/mcp', method: 'POST', headers: { host: 'evil.example', ...auth, 'content-type': 'application/json' } }, (res) => resolve(res.statusCode ?? 0));
      req.end(JSON.stringify(INIT));
    });
    expect(status).toBe(403);
  });

  it('sends list_changed to a connected HTTP client after an enable', async () => {
    await setup();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah', []);
    const { token } = await createMcpToken(w.space, w.sarah);
    const c = await client(token);
    let changes = 0;
    c.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changes++;
    });
    expect((await c.listTools()).tools).toEqual([]);
    await enableActions(w.sarah, catalog, ['slack.list_channels']);
    await expect.poll(() => changes, { timeout: 8000 }).toBeGreaterThanOrEqual(1);
    expect((await c.listTools()).tools.map((t) => t.name)).toEqual(['slack_list_channels']);
  });
});

describe('a vault that cannot be opened', () => {
  it('gives a clear JSON-RPC error, not a bare failure', async () => {
    await setup();
    const { token } = await createMcpToken(w.space, w.june);
    const file = w.space.vaultPath(w.june.tenantId);
    await w.june.lock();
    const { rm } = await import('node:fs/promises');
    await rm(file);
    const res = await post({ authorization: `Bearer ${token}` }, INIT);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { message: expect.stringMatching(/^VAULT_CORRUPT: .*missing/) } });
  });
});
