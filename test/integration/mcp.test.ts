// MCP over the router, in process: the SDK's own client on linked in-memory transports.
import { runAs } from '../helpers.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinCatalog, connect, disconnect, enableActions, queryActivity, type TenantSession } from '../../src/engine/index.js';
import { createMcpServer, type ToolMode } from '../../src/engine/mcp/mcp-server.js';
import { slackMessages } from '../fixtures/fake-saas/slack.js';
import { world, type World } from './router-helpers.js';

const catalog = builtinCatalog();
let w: World;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await w?.close();
});

async function clientFor(session: TenantSession, name = 'test-agent', mode: ToolMode = 'tools'): Promise<Client> {
  const { server, close } = createMcpServer({ space: w.space, session, mode, pollMs: 200 });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(clientTransport);
  closers.push(async () => {
    await client.close();
    await close();
  });
  return client;
}

async function slackFor(session: TenantSession, token: string, account: string, actions: string[]): Promise<void> {
  w.fake.addToken('slack', token, account);
  await connect(session, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token }, baseUrl: w.fake.baseUrl('slack') });
  if (actions.length) await enableActions(session, catalog, actions, 'allow');
}

describe('MCP tools are the tenant’s effective actions', () => {
  it('two tenants with different enabled actions see different tools, with schemas and hints', async () => {
    w = await world();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah', ['slack.send_message', 'slack.list_channels']);
    await slackFor(w.june, 'xoxb-june-0000000000002', 'june', ['slack.list_channels']);
    const sarah = await clientFor(w.sarah);
    const june = await clientFor(w.june);
    const sarahTools = (await sarah.listTools()).tools;
    expect(sarahTools.map((t) => t.name).sort()).toEqual(['slack_list_channels', 'slack_send_message']);
    expect((await june.listTools()).tools.map((t) => t.name)).toEqual(['slack_list_channels']);
    const send = sarahTools.find((t) => t.name === 'slack_send_message')!;
    expect(send).toMatchObject({
      title: 'Send message',
      inputSchema: { type: 'object', required: ['channel', 'text'] },
      outputSchema: { type: 'object', required: ['channel', 'ts', 'text'] },
      // Posting adds a message and overwrites nothing; posting twice posts twice.
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    });
    expect(sarahTools.find((t) => t.name === 'slack_list_channels')!.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true });
  });

  it("a call carries the calling tenant's credentials and is logged as mcp:<client>", async () => {
    w = await world();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah', ['slack.send_message']);
    const sarah = await clientFor(w.sarah, 'Claude Desktop');
    const result = await sarah.callTool({ name: 'slack_send_message', arguments: { channel: 'C0001', text: 'from an agent' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ channel: 'C0001', text: 'from an agent' });
    expect(JSON.parse((result.content as { text: string }[])[0]!.text)).toMatchObject({ ts: expect.any(String) });
    expect(w.fake.requestsTo('slack', '/chat.postMessage')[0]!.headers.authorization).toBe('Bearer xoxb-sarah-000000000001');
    expect(slackMessages(w.fake)[0]).toMatchObject({ account: 'sarah' });
    expect((await queryActivity(w.sarah))[0]).toMatchObject({ action: 'slack.send_message', via: 'mcp:Claude Desktop', status: 'ok' });
  });

  it('a tool that is not effective cannot be called, even by name', async () => {
    w = await world();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah', ['slack.list_channels']);
    const june = await clientFor(w.june);
    const sarah = await clientFor(w.sarah);
    for (const [client, name, code] of [
      [sarah, 'slack_send_message', 'ACTION_DISABLED'],
      [june, 'slack_list_channels', 'NOT_CONNECTED'],
      [sarah, 'github_create_issue', 'NOT_CONNECTED'],
      [sarah, 'no_such_tool', 'NOT_FOUND'],
    ] as const) {
      const result = await client.callTool({ name, arguments: { channel: 'C0001', text: 'x' } });
      expect(result.isError, name).toBe(true);
      expect((result.content as { text: string }[])[0]!.text).toMatch(new RegExp(`^${code}: `));
    }
    expect(slackMessages(w.fake)).toEqual([]);
  });

  it('sends tools/list_changed when an action is enabled, a policy changes or a connector is disconnected', async () => {
    w = await world();
    await slackFor(w.june, 'xoxb-june-0000000000002', 'june', []);
    const june = await clientFor(w.june);
    let changes = 0;
    june.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changes++;
    });
    expect((await june.listTools()).tools).toEqual([]);
    await enableActions(w.june, catalog, ['slack.send_message'], 'allow');
    await expect.poll(() => changes).toBe(1);
    expect((await june.listTools()).tools.map((t) => t.name)).toEqual(['slack_send_message']);
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack.send_message', role: 'member', effect: 'deny' });
    await expect.poll(() => changes).toBe(2);
    expect((await june.listTools()).tools).toEqual([]);
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack.send_message', role: 'member', effect: 'inherit' });
    await expect.poll(() => changes).toBe(3);
    await disconnect(w.june, catalog, 'slack');
    await expect.poll(() => changes).toBe(4);
    expect((await june.listTools()).tools).toEqual([]);
  });
});

describe('tool search mode', () => {
  it('offers two tools that search and call within the effective set only', async () => {
    w = await world();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah', ['slack.send_message']);
    const client = await clientFor(w.sarah, 'cursor', 'search');
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['search_actions', 'call_action']);
    const found = await client.callTool({ name: 'search_actions', arguments: { query: 'message' } });
    expect(found.structuredContent).toMatchObject({ matches: [{ name: 'slack_send_message', inputSchema: { type: 'object' } }] });
    const none = await client.callTool({ name: 'search_actions', arguments: { query: 'channels' } });
    expect(none.structuredContent).toEqual({ matches: [] }); // list_channels exists but is not enabled
    const called = await client.callTool({ name: 'call_action', arguments: { name: 'slack_send_message', arguments: { channel: 'C0001', text: 'via search' } } });
    expect(called.isError).toBeFalsy();
    const refused = await client.callTool({ name: 'call_action', arguments: { name: 'slack_list_channels', arguments: {} } });
    expect(refused.isError).toBe(true);
  });
});

describe('bad input', () => {
  it('arguments that fail the schema, huge arguments and unknown methods get clear errors; a flood is answered', async () => {
    w = await world();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah', ['slack.send_message', 'slack.list_channels']);
    const client = await clientFor(w.sarah);
    const bad = await client.callTool({ name: 'slack_send_message', arguments: { channel: 5 } });
    expect(bad.isError).toBe(true);
    expect((bad.content as { text: string }[])[0]!.text).toMatch(/^INVALID_INPUT: Send message \(slack\.send_message\) was not run\. .*Channel: Enter text\./);
    const huge = await client.callTool({ name: 'slack_send_message', arguments: { channel: 'C0001', text: 'x'.repeat(1024 * 1024) } });
    expect((huge.content as { text: string }[])[0]!.text).toMatch(/^INVALID_INPUT: /);
    await expect(client.request({ method: 'resources/list' } as never, ToolListChangedNotificationSchema as never)).rejects.toThrow(/Method not found|not found/i);
    const flood = await Promise.all(Array.from({ length: 60 }, (_, i) => client.callTool({ name: 'slack_send_message', arguments: { channel: 'C0001', text: `flood ${i}` } })));
    expect(flood.every((r) => !r.isError)).toBe(true);
    expect(slackMessages(w.fake)).toHaveLength(60);
    expect(new Set(slackMessages(w.fake).map((m) => m.text)).size).toBe(60);
  });

  it('a locked session gives a clear error', async () => {
    w = await world();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah', ['slack.list_channels']);
    const client = await clientFor(w.sarah);
    await w.sarah.lock();
    const result = await client.callTool({ name: 'slack_list_channels', arguments: {} });
    expect(result.isError).toBe(true);
    expect((result.content as { text: string }[])[0]!.text).toMatch(/^VAULT_LOCKED: /);
  });
});
