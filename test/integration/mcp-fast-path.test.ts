// The gateway answers a single request of an established session on Node's own request and
// response, without the SDK's conversion to web-standard objects. It must answer exactly as the
// SDK's transport would: the same checks and errors, the same session rules, results from the
// same protocol layer, and a client that goes away mid-call must not break the session.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtinCatalog, connect, enableActions } from '../../src/engine/index.js';
import { startGateway, type Gateway } from '../../src/engine/mcp/http-gateway.js';
import { createMcpToken } from '../../src/engine/space/mcp-tokens.js';
import { answerApproval, pendingApprovals } from '../../src/engine/vault/approvals.js';
import { world, type World } from './router-helpers.js';

const catalog = builtinCatalog();
let w: World;
let gateway: Gateway;
afterEach(async () => {
  vi.restoreAllMocks();
  await gateway?.close();
  await w?.close();
});

async function setup(): Promise<{ token: string }> {
  w = await world();
  gateway = await startGateway({ space: w.space, maxLifetimeMs: 120_000 });
  w.fake.addToken('slack', 'xoxb-sarah-fast-0000000001', 'sarah');
  await connect(w.sarah, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token: 'xoxb-sarah-fast-0000000001' }, baseUrl: w.fake.baseUrl('slack') });
  await enableActions(w.sarah, catalog, ['slack.list_channels'], 'allow');
  return { token: (await createMcpToken(w.space, w.sarah)).token };
}

const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };

describe('the gateway’s direct JSON path', () => {
  it('answers tools/list and tools/call without the SDK transport, with the same results', async () => {
    const { token } = await setup();
    const viaSdk = vi.spyOn(StreamableHTTPServerTransport.prototype, 'handleRequest');
    const client = new Client({ name: 'fast', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(gateway.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    const sdkMethods = () => viaSdk.mock.calls.map(([, , body]) => (body as { method?: string } | undefined)?.method ?? '(no body)');
    expect(sdkMethods()).toContain('initialize'); // the SDK's transport opens the session
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toContain('slack_list_channels');
    for (let i = 0; i < 5; i++) {
      const result = await client.callTool({ name: 'slack_list_channels', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(JSON.stringify(result.structuredContent)).toContain('general');
    }
    const error = await client.callTool({ name: 'slack_list_channels', arguments: { limit: 'many' } });
    expect(error.isError).toBe(true);
    expect(sdkMethods().filter((m) => m.startsWith('tools/'))).toEqual([]); // none of the seven went through it
    await client.close();
  });

  it('makes the checks the SDK transport makes, with its answers', async () => {
    const { token } = await setup();
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(gateway.url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(body) });
    const init = await post({}, INIT);
    expect(init.status).toBe(200);
    const sid = init.headers.get('mcp-session-id')!;
    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} };
    const ok = await post({ 'mcp-session-id': sid, 'mcp-protocol-version': '2025-06-18' }, list);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('mcp-session-id')).toBe(sid);
    const first = (await ok.json()) as { jsonrpc: string; id: number; result: { tools: { name: string }[] } };
    expect(first).toMatchObject({ jsonrpc: '2.0', id: 2 });
    // The second listing is the same answer serialised once, under its own id.
    const again = (await (await post({ 'mcp-session-id': sid }, { ...list, id: 'two' })).json()) as typeof first & { id: string };
    expect(again.id).toBe('two');
    expect(again.result).toEqual(first.result);
    expect(again.result.tools.map((t) => t.name)).toContain('slack_list_channels');

    expect((await post({ 'mcp-session-id': sid, accept: 'application/json' }, { ...list, id: 3 })).status).toBe(406);
    expect((await post({ 'mcp-session-id': sid, 'content-type': 'text/plain' }, { ...list, id: 4 })).status).toBe(415);
    const badVersion = await post({ 'mcp-session-id': sid, 'mcp-protocol-version': '1999-01-01' }, { ...list, id: 5 });
    expect(badVersion.status).toBe(400);
    expect(JSON.stringify(await badVersion.json())).toMatch(/Unsupported protocol version/);
    expect((await post({ 'mcp-session-id': 'not-a-session' }, { ...list, id: 6 })).status).toBe(404);
    // An unknown method is the protocol layer's answer, as over the SDK's transport.
    const unknown = await post({ 'mcp-session-id': sid }, { jsonrpc: '2.0', id: 7, method: 'no/such', params: {} });
    expect(((await unknown.json()) as { error: { code: number } }).error.code).toBe(-32601);
  });

  it('survives a client that goes away before its answer', async () => {
    const { token } = await setup();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const init = await fetch(gateway.url, { method: 'POST', headers, body: JSON.stringify(INIT) });
    const sid = init.headers.get('mcp-session-id')!;
    // The provider is slow this once: the client gives up first.
    w.fake.script({ provider: 'slack', times: 1, respond: { status: 200, body: { ok: true, channels: [], response_metadata: { next_cursor: '' } }, delayMs: 300 } });
    const abort = new AbortController();
    const call = fetch(gateway.url, { method: 'POST', headers: { ...headers, 'mcp-session-id': sid }, body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'slack_list_channels', arguments: {} } }), signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    await expect(call).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 400)); // the late answer arrives and is dropped
    const again = await fetch(gateway.url, { method: 'POST', headers: { ...headers, 'mcp-session-id': sid }, body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'slack_list_channels', arguments: {} } }) });
    expect(again.status).toBe(200);
    expect(JSON.stringify(await again.json())).toContain('general');
  });

  it('streams the progress of a call that waits for its approval, then its result', async () => {
    const { token } = await setup();
    await enableActions(w.sarah, catalog, ['slack.send_message'], 'ask');
    const client = new Client({ name: 'fast', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(gateway.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    const progress: number[] = [];
    const call = client.callTool({ name: 'slack_send_message', arguments: { channel: 'C0001', text: 'approved by the owner' } }, undefined, {
      onprogress: (p) => progress.push(p.progress),
      timeout: 60_000,
    });
    const deadline = Date.now() + 30_000;
    while (progress.length === 0 || (await pendingApprovals(w.sarah)).length === 0) {
      if (Date.now() > deadline) throw new Error('no progress, or no pending request, within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    const [request] = await pendingApprovals(w.sarah);
    await answerApproval(w.sarah, request!.id, { approve: true, via: 'cli' });
    const result = await call;
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(progress.length).toBeGreaterThan(0);
    await client.close();
  });
});
