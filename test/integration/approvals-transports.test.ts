// Approvals over the real transports: the SDK's client spawns `switchboard mcp stdio`, or talks
// Streamable HTTP to the gateway; the owner answers with the built CLI, each in its own process.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinCatalog, connect, enableActions, queryActivity, type TenantSession } from '../../src/engine/index.js';
import { startGateway, type Gateway } from '../../src/engine/mcp/http-gateway.js';
import { createMcpToken } from '../../src/engine/space/mcp-tokens.js';
import { CLI, PASS_JUNE, PASS_SARAH } from '../helpers.js';
import { cliAs, cliPending, toolError, until, untilPending } from './approvals-helpers.js';
import { world, type World } from './router-helpers.js';

const catalog = builtinCatalog();
const SEND = { channel: 'C0002', text: 'Standup moved to 10:30' };
let w: World;
let gateway: Gateway | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close().catch(() => undefined);
  await gateway?.close();
  gateway = undefined;
  await w?.close();
});

async function slackFor(session: TenantSession, token: string, account: string): Promise<void> {
  w.fake.addToken('slack', token, account);
  await connect(session, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token }, baseUrl: w.fake.baseUrl('slack') });
  await enableActions(session, catalog, ['slack.send_message']);
}

async function stdioAgent(tenant: string, passphrase: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', 'stdio', '--tenant', tenant, '--home', w.dir],
    env: { PATH: process.env.PATH ?? '', SWITCHBOARD_PASSPHRASE: passphrase },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'stdio-agent', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

async function httpAgent(token: string, elicit?: boolean): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(gateway!.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } });
  const client = new Client({ name: 'http-agent', version: '1.0.0' }, elicit ? { capabilities: { elicitation: { form: {} } } } : {});
  if (elicit) client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { confirm: true } }));
  await client.connect(transport);
  clients.push(client);
  return client;
}

const send = (agent: Client, args: Record<string, unknown> = SEND) => agent.callTool({ name: 'slack_send_message', arguments: args }, undefined, { timeout: 120_000 });
const posted = () => w.fake.requestsTo('slack', '/chat.postMessage');

describe('over stdio (`switchboard mcp stdio`, its own process)', () => {
  it('the CLI in a third process lists the request, June’s cannot see or answer it, Sarah approves; the provider gets exactly that input', async () => {
    w = await world();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    await w.sarah.lock();
    const agent = await stdioAgent('Sarah', PASS_SARAH);
    const call = send(agent);
    const [request] = await untilPending(() => cliPending(w.dir, 'Sarah', PASS_SARAH));
    expect(request).toMatchObject({ action: 'slack.send_message', input: SEND, caller: 'mcp:stdio-agent', status: 'pending' });
    expect(await cliPending(w.dir, 'June', PASS_JUNE)).toEqual([]);
    const june = await cliAs(w.dir, 'June', PASS_JUNE, ['approvals', 'approve', request!.id]);
    expect(june.stderr).toMatch(/^error NOT_FOUND: /);
    expect(posted()).toEqual([]);
    expect((await cliAs(w.dir, 'Sarah', PASS_SARAH, ['approvals', 'approve', request!.id, '--json'])).code).toBe(0);
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(posted().map((r) => r.body)).toEqual([SEND]);
  });

  it('denied from the CLI: APPROVAL_DENIED with the reason, nothing sent; a changed input asks again', async () => {
    w = await world();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    await w.sarah.lock();
    const agent = await stdioAgent('Sarah', PASS_SARAH);
    const call = send(agent);
    const [request] = await untilPending(() => cliPending(w.dir, 'Sarah', PASS_SARAH));
    expect((await cliAs(w.dir, 'Sarah', PASS_SARAH, ['approvals', 'deny', request!.id, '--reason', 'Wrong channel'])).code).toBe(0);
    const error = toolError(await call);
    expect(error).toMatchObject({ code: 'APPROVAL_DENIED', message: expect.stringContaining('Wrong channel') });
    const changed = send(agent, { ...SEND, channel: 'C0001' });
    const [next] = await untilPending(() => cliPending(w.dir, 'Sarah', PASS_SARAH));
    expect(next!.id).not.toBe(request!.id);
    expect(next!.hash).not.toBe(request!.hash);
    expect((await cliAs(w.dir, 'Sarah', PASS_SARAH, ['approvals', 'approve', next!.id])).code).toBe(0);
    expect((await changed).isError).toBeFalsy();
    expect(posted().map((r) => r.body)).toEqual([{ ...SEND, channel: 'C0001' }]);
  });
});

describe('over Streamable HTTP (the gateway)', () => {
  it('approved from the CLI in another process; denied with a reason; the activity log says who answered', async () => {
    w = await world();
    gateway = await startGateway({ space: w.space, maxLifetimeMs: 120_000 });
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    const { token } = await createMcpToken(w.space, w.sarah, { name: 'Claude' });
    const agent = await httpAgent(token);
    const first = send(agent);
    const [a] = await untilPending(() => cliPending(w.dir, 'Sarah', PASS_SARAH));
    expect(a).toMatchObject({ input: SEND, caller: 'mcp:http-agent' });
    expect(posted()).toEqual([]);
    expect((await cliAs(w.dir, 'Sarah', PASS_SARAH, ['approvals', 'approve', a!.id])).code).toBe(0);
    expect((await first).isError).toBeFalsy();
    expect(posted().map((r) => r.body)).toEqual([SEND]);

    const second = send(agent);
    const [b] = await untilPending(() => cliPending(w.dir, 'Sarah', PASS_SARAH));
    expect(b!.hash).toBe(a!.hash);
    expect((await cliAs(w.dir, 'Sarah', PASS_SARAH, ['approvals', 'deny', b!.id, '--reason', 'Once is enough'])).code).toBe(0);
    expect(toolError(await second)).toMatchObject({ code: 'APPROVAL_DENIED', message: expect.stringContaining('Once is enough') });
    expect(posted()).toHaveLength(1);
    // The gateway's session writes its log behind; this session reads the vault.
    const log = await until(() => queryActivity(w.sarah, { action: 'slack.send_message' }), (l) => l.length >= 2);
    expect(log.map((e) => [e.code ?? 'ok', e.approval?.outcome, e.approval?.answeredVia])).toEqual([
      ['APPROVAL_DENIED', 'denied', 'cli'],
      ['ok', 'approved', 'cli'],
    ]);
  });

  it('a call waiting for approval keeps its MCP session open past the idle time', async () => {
    w = await world();
    gateway = await startGateway({ space: w.space, maxLifetimeMs: 120_000, sessionIdleMs: 300, sweepMs: 50 });
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    const { token } = await createMcpToken(w.space, w.sarah, { name: 'Claude' });
    const agent = await httpAgent(token);
    const call = send(agent);
    const [request] = await untilPending(() => cliPending(w.dir, 'Sarah', PASS_SARAH));
    // The CLI took longer than the idle time; wait a few more sweeps to be sure they ran.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(gateway.sessionCount).toBe(1);
    expect((await cliAs(w.dir, 'Sarah', PASS_SARAH, ['approvals', 'approve', request!.id])).code).toBe(0);
    expect((await call).isError).toBeFalsy();
    expect(posted().map((r) => r.body)).toEqual([SEND]);
  });

  it('a client that declares elicitation confirms the call itself', async () => {
    w = await world();
    gateway = await startGateway({ space: w.space, maxLifetimeMs: 120_000 });
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    const { token } = await createMcpToken(w.space, w.sarah, { name: 'Claude' });
    const agent = await httpAgent(token, true);
    expect((await send(agent)).isError).toBeFalsy();
    expect(posted().map((r) => r.body)).toEqual([SEND]);
    const log = await until(() => queryActivity(w.sarah, { action: 'slack.send_message' }), (l) => l.length >= 1);
    expect(log[0]!.approval).toMatchObject({ outcome: 'approved', answeredVia: 'elicitation' });
  });
});
