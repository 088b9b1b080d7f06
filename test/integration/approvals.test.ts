// Approvals, in process: the SDK's own MCP client on linked in-memory transports is the agent; the
// owner answers from the built CLI in another process, from the UI contract, or in the agent's
// client through MCP elicitation. The fake Slack says what reached the provider.
import { createHash } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { CancelledNotificationSchema, ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap } from '../../src/shared/ipc.js';
import type { ApprovalView } from '../../src/shared/views.js';
import { builtinCatalog, connect, enableActions, queryActivity, unlockTenant, type TenantSession } from '../../src/engine/index.js';
import { createMcpServer } from '../../src/engine/mcp/mcp-server.js';
import { UiSession } from '../../src/engine/rpc/ui-session.js';
import { getApproval } from '../../src/engine/vault/approvals.js';
import { slackMessages } from '../fixtures/fake-saas/slack.js';
import { PASS_JUNE, PASS_SARAH, runAs } from '../helpers.js';
import { cliAs, cliPending, toolError, untilPending } from './approvals-helpers.js';
import { world, type World } from './router-helpers.js';

const catalog = builtinCatalog();
const SEND = { channel: 'C0001', text: 'Ship the release notes' };
let w: World;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
  await w?.close();
});

type ElicitHandler = (request: { params: { message: string } }, extra: { requestId: string | number }) => Promise<ElicitResult>;

async function agentFor(session: TenantSession, name = 'Claude Desktop', elicit?: ElicitHandler): Promise<Client> {
  const { server, close } = createMcpServer({ space: w.space, session, pollMs: 200 });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  // `elicitation: {}` is how clients of the spec's 2025-06-18 revision declare form elicitation.
  const client = new Client({ name, version: '1.0.0' }, elicit ? { capabilities: { elicitation: {} } } : {});
  if (elicit) client.setRequestHandler(ElicitRequestSchema, elicit as never);
  await client.connect(clientTransport);
  closers.push(async () => {
    await client.close();
    await close();
  });
  return client;
}

/** Connect Slack and enable send_message in its default mode (a write: agents ask). */
async function slackFor(session: TenantSession, token: string, account: string): Promise<void> {
  w.fake.addToken('slack', token, account);
  await connect(session, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token }, baseUrl: w.fake.baseUrl('slack') });
  await enableActions(session, catalog, ['slack.send_message', 'slack.list_channels']);
}

const send = (agent: Client, args: unknown = SEND, onprogress?: (p: { progress: number; total?: number }) => void) =>
  agent.callTool({ name: 'slack_send_message', arguments: args as Record<string, unknown> }, undefined, { timeout: 120_000, ...(onprogress ? { onprogress } : {}) });
const pendingOf = (session: TenantSession) => () => runAs(w.space, session, 'approvals.list') as Promise<ApprovalView[]>;
const posted = () => w.fake.requestsTo('slack', '/chat.postMessage');
const hashOf = (actionId: string, canonical: string) => createHash('sha256').update(`${actionId}\n${canonical}`).digest('hex');

describe('an agent’s call of an ask action waits for the owner', () => {
  it('writes ask and reads run by default; the pending request is seen and approved by the CLI in another process; exactly that input is sent', async () => {
    w = await world();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    const states = await runAs(w.space, w.sarah, 'actions.list', { connectorId: 'slack' });
    expect(states.find((s) => s.id === 'slack.send_message')).toMatchObject({ enabled: true, mode: 'ask' });
    expect(states.find((s) => s.id === 'slack.list_channels')).toMatchObject({ enabled: true, mode: 'allow' });

    const agent = await agentFor(w.sarah);
    expect((await agent.callTool({ name: 'slack_list_channels', arguments: {} })).isError).toBeFalsy();
    const progress: number[] = [];
    const call = send(agent, SEND, (p) => progress.push(p.progress));

    const [request] = await untilPending(() => cliPending(w.dir, 'Sarah', PASS_SARAH));
    expect(request).toMatchObject({
      action: 'slack.send_message',
      connectorName: 'Slack',
      input: SEND,
      caller: 'mcp:Claude Desktop',
      status: 'pending',
      hash: hashOf('slack.send_message', '{"channel":"C0001","text":"Ship the release notes"}'),
    });
    // The call stays open, with progress to a client that gave a token, and nothing was sent.
    for (let i = 0; i < 50 && progress.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(progress.length).toBeGreaterThan(0);
    expect(posted()).toEqual([]);

    const approved = await cliAs(w.dir, 'Sarah', PASS_SARAH, ['approvals', 'approve', request!.id]);
    expect(approved.code).toBe(0);
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject(SEND);
    expect(posted()).toHaveLength(1);
    expect(posted()[0]!.body).toEqual(SEND);
    expect(slackMessages(w.fake)).toEqual([expect.objectContaining({ account: 'sarah', ...SEND })]);
    const [entry] = await queryActivity(w.sarah, { action: 'slack.send_message' });
    expect(entry).toMatchObject({ status: 'ok', via: 'mcp:Claude Desktop', approval: { id: request!.id, hash: request!.hash, outcome: 'approved', answeredVia: 'cli' } });
    expect(entry!.approval!.waitedMs).toBeGreaterThan(0);
    expect(await cliPending(w.dir, 'Sarah', PASS_SARAH)).toEqual([]);
  });

  it('denied from the CLI: APPROVAL_DENIED with the reason, and the provider is never called', async () => {
    w = await world();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    const agent = await agentFor(w.sarah);
    const call = send(agent);
    const [request] = await untilPending(pendingOf(w.sarah));
    const denied = await cliAs(w.dir, 'Sarah', PASS_SARAH, ['approvals', 'deny', request!.id, '--reason', 'Not before the review']);
    expect(denied.code).toBe(0);
    const error = toolError(await call);
    expect(error?.code).toBe('APPROVAL_DENIED');
    expect(error?.message).toContain('Not before the review');
    expect(posted()).toEqual([]);
    const [entry] = await queryActivity(w.sarah, { action: 'slack.send_message' });
    expect(entry).toMatchObject({ status: 'error', code: 'APPROVAL_DENIED', approval: { outcome: 'denied', answeredVia: 'cli' } });
    // Answered once is answered: a second answer is refused.
    const again = await cliAs(w.dir, 'Sarah', PASS_SARAH, ['approvals', 'approve', request!.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error CONFLICT: /);
  });

  it('unanswered within the profile’s timeout: APPROVAL_TIMEOUT, nothing sent, and the late answer is refused', async () => {
    let now = Date.now();
    w = await world({}, { now: () => now });
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    await expect(runAs(w.space, w.sarah, 'settings.update', { approvalTimeoutSeconds: 5 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await runAs(w.space, w.sarah, 'settings.update', { approvalTimeoutSeconds: 10 });
    const agent = await agentFor(w.sarah);
    const call = send(agent);
    const [request] = await untilPending(pendingOf(w.sarah));
    expect(Date.parse(request!.expiresAt) - Date.parse(request!.requestedAt)).toBe(10_000);
    now += 10_001;
    const error = toolError(await call);
    expect(error?.code).toBe('APPROVAL_TIMEOUT');
    expect(posted()).toEqual([]);
    await expect(runAs(w.space, w.sarah, 'approvals.answer', { id: request!.id, decision: 'approve' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await queryActivity(w.sarah, { action: 'slack.send_message' }))[0]).toMatchObject({ code: 'APPROVAL_TIMEOUT', approval: { outcome: 'expired' } });
    // A day on, the next request clears the old one and the exact input it held from the vault.
    now += 24 * 3600_000;
    const next = send(agent, { ...SEND, text: 'a day later' });
    const [later] = await untilPending(pendingOf(w.sarah));
    expect(await getApproval(w.sarah, request!.id)).toBeUndefined();
    await runAs(w.space, w.sarah, 'approvals.answer', { id: later!.id, decision: 'deny' });
    expect(toolError(await next)?.code).toBe('APPROVAL_DENIED');
  });

  it('an approval is single use: the same call again, or one with changed input, needs its own', async () => {
    w = await world();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    const agent = await agentFor(w.sarah);
    const first = send(agent);
    const [a] = await untilPending(pendingOf(w.sarah));
    await runAs(w.space, w.sarah, 'approvals.answer', { id: a!.id, decision: 'approve' });
    expect((await first).isError).toBeFalsy();

    const changed = { ...SEND, text: 'Ship the release notes NOW' };
    const second = send(agent, changed);
    const third = send(agent, SEND);
    const pending = await untilPending(pendingOf(w.sarah), 2);
    expect(pending).toHaveLength(2);
    const byText = new Map(pending.map((p) => [(p.input as { text: string }).text, p]));
    expect(byText.get(changed.text)!.hash).not.toBe(a!.hash);
    expect(byText.get(SEND.text)!.hash).toBe(a!.hash);
    expect(byText.get(SEND.text)!.id).not.toBe(a!.id);
    expect(posted()).toHaveLength(1);

    await runAs(w.space, w.sarah, 'approvals.answer', { id: byText.get(changed.text)!.id, decision: 'approve' });
    expect((await second).isError).toBeFalsy();
    await runAs(w.space, w.sarah, 'approvals.answer', { id: byText.get(SEND.text)!.id, decision: 'deny' });
    expect(toolError(await third)?.code).toBe('APPROVAL_DENIED');
    expect(posted().map((r) => r.body)).toEqual([SEND, changed]);
  });

  it('the owner’s own calls are not gated; --allow runs agents’ calls at once; approve --always switches the action to allow', async () => {
    w = await world();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    expect(await runAs(w.space, w.sarah, 'actions.run', { actionId: 'slack.send_message', input: SEND })).toMatchObject({ status: 'ok' });
    const agent = await agentFor(w.sarah);
    const call = send(agent, { ...SEND, text: 'always' });
    const [request] = await untilPending(() => cliPending(w.dir, 'Sarah', PASS_SARAH));
    expect((await cliAs(w.dir, 'Sarah', PASS_SARAH, ['approvals', 'approve', request!.id, '--always'])).code).toBe(0);
    expect((await call).isError).toBeFalsy();
    expect((await runAs(w.space, w.sarah, 'actions.list', { connectorId: 'slack' })).find((s) => s.id === 'slack.send_message')?.mode).toBe('allow');
    expect((await send(agent, { ...SEND, text: 'no question asked' })).isError).toBeFalsy();
    // And back: --ask makes the next agent call wait again.
    expect((await cliAs(w.dir, 'Sarah', PASS_SARAH, ['enable', 'slack.send_message', '--ask'])).code).toBe(0);
    const asked = send(agent, { ...SEND, text: 'asked again' });
    const [again] = await untilPending(pendingOf(w.sarah));
    await runAs(w.space, w.sarah, 'approvals.answer', { id: again!.id, decision: 'deny' });
    expect(toolError(await asked)?.code).toBe('APPROVAL_DENIED');
    expect(slackMessages(w.fake).map((m) => m.text)).toEqual(['Ship the release notes', 'always', 'no question asked']);
  });
});

describe('a request belongs to its profile', () => {
  it('is invisible to, and cannot be answered by, another profile: CLI, UI contract and MCP', async () => {
    w = await world();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    await slackFor(w.june, 'xoxb-june-0000000000002', 'june');
    const sarahAgent = await agentFor(w.sarah);
    const juneAgent = await agentFor(w.june);
    const sarahCall = send(sarahAgent);
    const [request] = await untilPending(pendingOf(w.sarah));

    // CLI, in another process.
    expect(await cliPending(w.dir, 'June', PASS_JUNE)).toEqual([]);
    for (const args of [['approvals', 'approve', request!.id], ['approvals', 'deny', request!.id]]) {
      const refused = await cliAs(w.dir, 'June', PASS_JUNE, args);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^error NOT_FOUND: /);
    }
    // The UI contract, with June unlocked in a window.
    const ui = new UiSession({ home: w.home });
    closers.push(() => ui.close());
    const events: EventMap['approvals'][] = [];
    ui.on('approvals', (e) => events.push(e));
    expect(await ui.handle('session.unlock', { tenantId: w.june.tenantId, passphrase: PASS_JUNE })).toMatchObject({ ok: true });
    expect(await ui.handle('approvals.list', undefined)).toEqual({ ok: true, value: [] });
    expect(await ui.handle('approvals.answer', { id: request!.id, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // MCP: June's agent making the very same call waits for June's own answer; Sarah's request does not let it through.
    const juneCall = send(juneAgent);
    const [juneRequest] = await untilPending(pendingOf(w.june));
    expect(juneRequest!.id).not.toBe(request!.id);
    expect(juneRequest!.hash).toBe(request!.hash);
    expect((await pendingOf(w.sarah)()).map((p) => p.id)).toEqual([request!.id]);
    await runAs(w.space, w.sarah, 'approvals.answer', { id: request!.id, decision: 'approve' });
    expect((await sarahCall).isError).toBeFalsy();
    expect(await pendingOf(w.june)()).toHaveLength(1);
    expect(await ui.handle('approvals.answer', { id: juneRequest!.id, decision: 'deny', reason: 'Not mine to send' })).toMatchObject({ ok: true, value: { status: 'denied', answeredVia: 'ui' } });
    expect(toolError(await juneCall)?.message).toContain('Not mine to send');
    expect(slackMessages(w.fake)).toEqual([expect.objectContaining({ account: 'sarah' })]);
    // June's window heard of June's request only.
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.id === juneRequest!.id)).toBe(true);
  });

  it('a window of the owner hears of a request made by another session (the MCP gateway’s) as a live event, and answers it', async () => {
    w = await world();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    const ui = new UiSession({ home: w.home });
    closers.push(() => ui.close());
    const events: EventMap['approvals'][] = [];
    ui.on('approvals', (e) => events.push(e));
    await ui.handle('session.unlock', { tenantId: w.sarah.tenantId, passphrase: PASS_SARAH });
    const agent = await agentFor(w.sarah);
    const call = send(agent);
    for (let i = 0; i < 50 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(events[0]).toMatchObject({ status: 'pending', action: 'slack.send_message', input: SEND, connectorName: 'Slack' });
    expect(await ui.handle('approvals.answer', { id: events[0]!.id, decision: 'approve' })).toMatchObject({ ok: true, value: { status: 'approved', answeredVia: 'ui' } });
    expect((await call).isError).toBeFalsy();
    expect((await queryActivity(w.sarah, { action: 'slack.send_message' }))[0]!.approval).toMatchObject({ outcome: 'approved', answeredVia: 'ui' });
  });
});

describe('lock while waiting', () => {
  it('ends the call with VAULT_LOCKED and drops the pending request; nothing reaches the provider', async () => {
    w = await world();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    const agent = await agentFor(w.sarah);
    const call = send(agent);
    const [request] = await untilPending(pendingOf(w.sarah));
    await w.sarah.lock();
    expect(toolError(await call)?.code).toBe('VAULT_LOCKED');
    const again = await unlockTenant(w.space, 'Sarah', PASS_SARAH);
    expect(await runAs(w.space, again, 'approvals.list')).toEqual([]);
    expect((await getApproval(again, request!.id))?.status).toBe('cancelled');
    await expect(runAs(w.space, again, 'approvals.answer', { id: request!.id, decision: 'approve' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(posted()).toEqual([]);
    await again.lock();
  });
});

describe('the agent’s own client, through MCP elicitation', () => {
  it('approving in the client lets the call through, recorded as answered by elicitation', async () => {
    w = await world();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    const asked: string[] = [];
    const agent = await agentFor(w.sarah, 'Claude Desktop', async (request) => {
      asked.push(request.params.message);
      return { action: 'accept', content: { confirm: true } };
    });
    const result = await send(agent);
    expect(result.isError).toBeFalsy();
    expect(asked[0]).toContain('Send message');
    expect(asked[0]).toContain('Ship the release notes');
    expect(posted().map((r) => r.body)).toEqual([SEND]);
    expect((await queryActivity(w.sarah, { action: 'slack.send_message' }))[0]!.approval).toMatchObject({ outcome: 'approved', answeredVia: 'elicitation' });
  });

  it('declining in the client denies the call', async () => {
    w = await world();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    const agent = await agentFor(w.sarah, 'Claude Desktop', async () => ({ action: 'decline' }));
    expect(toolError(await send(agent))?.code).toBe('APPROVAL_DENIED');
    expect(posted()).toEqual([]);
    expect((await queryActivity(w.sarah, { action: 'slack.send_message' }))[0]!.approval).toMatchObject({ outcome: 'denied', answeredVia: 'elicitation' });
  });

  it('the owner’s answer in Switchboard wins: the client’s later accept is ignored and its prompt withdrawn', async () => {
    w = await world();
    await slackFor(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked: string | number | undefined;
    const agent = await agentFor(w.sarah, 'Claude Desktop', async (_request, extra) => {
      asked = extra.requestId;
      await held;
      return { action: 'accept', content: { confirm: true } };
    });
    // The server withdraws its prompt with notifications/cancelled. (Recorded here rather than through
    // the handler's signal: SDK 1.32's client ignores a cancellation of request id 0.)
    const cancelled: (string | number)[] = [];
    agent.setNotificationHandler(CancelledNotificationSchema, (n) => void cancelled.push(n.params.requestId!));
    const call = send(agent);
    const [request] = await untilPending(() => cliPending(w.dir, 'Sarah', PASS_SARAH));
    expect((await cliAs(w.dir, 'Sarah', PASS_SARAH, ['approvals', 'deny', request!.id, '--reason', 'Owner says no'])).code).toBe(0);
    const error = toolError(await call);
    release();
    expect(error?.code).toBe('APPROVAL_DENIED');
    expect(error?.message).toContain('Owner says no');
    expect(asked).toBeDefined();
    expect(cancelled).toEqual([asked]);
    expect(posted()).toEqual([]);
    expect((await getApproval(w.sarah, request!.id))?.status).toBe('denied');
  });
});

describe('the admin view', () => {
  it('counts each profile’s approvals and denials, and nothing more of them', async () => {
    w = await world();
    await slackFor(w.june, 'xoxb-june-0000000000002', 'june');
    const agent = await agentFor(w.june);
    for (const decision of ['approve', 'deny', 'deny'] as const) {
      const call = send(agent, { ...SEND, text: `call to ${decision}` });
      const [request] = await untilPending(pendingOf(w.june));
      await runAs(w.space, w.june, 'approvals.answer', { id: request!.id, decision, ...(decision === 'deny' ? { reason: 'private reason' } : {}) });
      await call;
    }
    await w.space.usage.flush();
    const tenants = await runAs(w.space, w.sarah, 'admin.tenants');
    expect(tenants.find((t) => t.name === 'June')).toMatchObject({ approvals30d: 1, denials30d: 2 });
    expect(tenants.find((t) => t.name === 'Sarah')).toMatchObject({ approvals30d: 0, denials30d: 0 });
    expect(JSON.stringify(tenants)).not.toContain('private reason');
    expect(JSON.stringify(tenants)).not.toContain('call to');
  });
});

describe('the space policy', () => {
  it('an admin can make a role’s agents ask before every write, and a member cannot loosen it', async () => {
    w = await world();
    await slackFor(w.june, 'xoxb-june-0000000000002', 'june');
    await runAs(w.space, w.june, 'actions.setMode', { actionIds: ['slack.send_message'], mode: 'allow' });
    await expect(runAs(w.space, w.june, 'admin.setSpaceSettings', { askForAgentWrites: [] })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    await runAs(w.space, w.sarah, 'admin.setSpaceSettings', { askForAgentWrites: ['member'] });
    const states = await runAs(w.space, w.june, 'actions.list', { connectorId: 'slack' });
    expect(states.find((s) => s.id === 'slack.send_message')).toMatchObject({ mode: 'allow', askRequired: true });
    expect(states.find((s) => s.id === 'slack.list_channels')?.askRequired).toBeUndefined();
    const agent = await agentFor(w.june);
    expect((await agent.callTool({ name: 'slack_list_channels', arguments: {} })).isError).toBeFalsy();
    const call = send(agent);
    const [request] = await untilPending(pendingOf(w.june));
    expect(posted()).toEqual([]);
    await runAs(w.space, w.june, 'approvals.answer', { id: request!.id, decision: 'approve' });
    expect((await call).isError).toBeFalsy();
    expect(posted()).toHaveLength(1);
  });
});
