// The router end to end: real vaults, real HTTP to the fake provider on 127.0.0.1.
import { runAs } from '../helpers.js';
import { afterEach, describe, expect, it } from 'vitest';
import { actionStates, builtinCatalog, connect, disableActions, disconnect, enableActions, getConnection, listConnections, queryActivity } from '../../src/engine/index.js';
import { slackMessages } from '../fixtures/fake-saas/slack.js';
import { world, type World } from './router-helpers.js';

const catalog = builtinCatalog();
let w: World;
afterEach(async () => w?.close());

async function connectSlack(session: World['sarah'], token: string, account: string): Promise<void> {
  w.fake.addToken('slack', token, account);
  await connect(session, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token }, baseUrl: w.fake.baseUrl('slack') });
}

describe('two tenants, one connector', () => {
  it("each call carries its own tenant's token, also under concurrency", async () => {
    w = await world();
    await connectSlack(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    await connectSlack(w.june, 'xoxb-june-0000000000002', 'june');
    await enableActions(w.sarah, catalog, ['slack.send_message']);
    await enableActions(w.june, catalog, ['slack.send_message']);
    const calls = [];
    for (let i = 0; i < 20; i++) {
      const who = i % 2 === 0 ? w.sarah : w.june;
      calls.push(w.router.execute(who, 'slack.send_message', { channel: 'C0001', text: `${who.name} ${i}` }, { via: 'cli' }));
    }
    const results = await Promise.all(calls);
    expect(results.every((r) => r.status === 'ok')).toBe(true);
    const sent = slackMessages(w.fake);
    expect(sent).toHaveLength(20);
    for (const m of sent) expect(m.text.startsWith(m.account === 'sarah' ? 'Sarah ' : 'June ')).toBe(true);
    const auth = w.fake.requestsTo('slack', '/chat.postMessage').map((r) => [r.account, r.headers.authorization]);
    expect(new Set(auth.map(([a, h]) => `${a}:${h}`))).toEqual(new Set(['sarah:Bearer xoxb-sarah-000000000001', 'june:Bearer xoxb-june-0000000000002']));
  });

  it("one tenant cannot list, use, test or disconnect another's connection", async () => {
    w = await world();
    await connectSlack(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    await enableActions(w.sarah, catalog, ['slack.send_message']);
    expect(await listConnections(w.june, catalog)).toEqual([]);
    await expect(getConnection(w.june, catalog, 'slack')).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    await expect(w.router.execute(w.june, 'slack.send_message', { channel: 'C0001', text: 'hi' }, { via: 'ui' })).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    await expect(w.router.testConnection(w.june, 'slack', 'ui')).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    await expect(disconnect(w.june, catalog, 'slack')).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    await expect(enableActions(w.june, catalog, ['slack.send_message'])).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    // Sarah's connection is untouched.
    expect((await w.router.execute(w.sarah, 'slack.send_message', { channel: 'C0001', text: 'still here' }, { via: 'ui' })).status).toBe('ok');
    expect(await queryActivity(w.june)).toHaveLength(2); // the refused call and the refused test
    expect((await queryActivity(w.june)).every((e) => e.status === 'error')).toBe(true);
    expect((await queryActivity(w.sarah)).map((e) => e.status)).toEqual(['ok']);
  });

  it('one shared token for two tenants is still two connections', async () => {
    w = await world();
    await connectSlack(w.sarah, 'xoxb-shared-00000000001', 'team');
    await connectSlack(w.june, 'xoxb-shared-00000000001', 'team');
    await enableActions(w.june, catalog, ['slack.list_channels']);
    await disconnect(w.sarah, catalog, 'slack');
    expect(await listConnections(w.sarah, catalog)).toEqual([]);
    const result = await w.router.execute(w.june, 'slack.list_channels', {}, { via: 'ui' });
    expect(result.status).toBe('ok');
  });
});

describe('what a tenant may do, checked on every call', () => {
  it('disabling, policy denial and disconnect take effect on the very next call', async () => {
    w = await world();
    await connectSlack(w.june, 'xoxb-june-0000000000002', 'june');
    await enableActions(w.june, catalog, ['slack.send_message', 'slack.list_channels']);
    const send = () => w.router.execute(w.june, 'slack.send_message', { channel: 'C0001', text: 'x' }, { via: 'ui' });
    expect((await send()).status).toBe('ok');

    await disableActions(w.june, catalog, ['slack.send_message']);
    await expect(send()).rejects.toMatchObject({ code: 'ACTION_DISABLED' });
    await enableActions(w.june, catalog, ['slack.send_message']);
    expect((await send()).status).toBe('ok');

    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack.send_message', role: 'member', effect: 'deny' });
    await expect(send()).rejects.toMatchObject({ code: 'POLICY_DENIED', message: expect.stringMatching(/member role/) });
    const states = await actionStates(w.space, w.june, 'slack');
    expect(states.find((s) => s.id === 'slack.send_message')).toMatchObject({ enabled: true, allowed: false, effective: false, policyReason: expect.stringMatching(/denies/) });
    // A rule on the connector; the action rule cleared.
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack.send_message', role: 'member', effect: 'inherit' });
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack', role: 'member', effect: 'deny' });
    await expect(w.router.execute(w.june, 'slack.list_channels', {}, { via: 'ui' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack', role: 'member', effect: 'inherit' });
    expect((await send()).status).toBe('ok');

    await disconnect(w.june, catalog, 'slack');
    await expect(send()).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    // Disconnecting also switched the actions off.
    await connectSlack(w.june, 'xoxb-june-0000000000002', 'june');
    await expect(send()).rejects.toMatchObject({ code: 'ACTION_DISABLED' });
  });

  it('only admins edit policy; viewers may only read', async () => {
    w = await world();
    await expect(runAs(w.space, w.june, 'admin.setPolicy', { subject: 'slack', role: 'member', effect: 'deny' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    await expect(runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'nope', role: 'member', effect: 'deny' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'viewer' });
    await connectSlack(w.june, 'xoxb-june-0000000000002', 'june');
    await enableActions(w.june, catalog, ['slack.send_message', 'slack.list_channels']);
    await expect(w.router.execute(w.june, 'slack.send_message', { channel: 'C0001', text: 'x' }, { via: 'ui' })).rejects.toMatchObject({
      code: 'POLICY_DENIED',
      message: expect.stringMatching(/read actions only/),
    });
    expect((await w.router.execute(w.june, 'slack.list_channels', { limit: 1 }, { via: 'ui' })).status).toBe('ok');
  });

  it('refuses a locked session and an unknown action clearly', async () => {
    w = await world();
    await expect(w.router.execute(w.sarah, 'slack.nope', {}, { via: 'ui' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await w.sarah.lock();
    await expect(w.router.execute(w.sarah, 'slack.send_message', {}, { via: 'ui' })).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await expect(listConnections(w.sarah, catalog)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  });
});

describe('connections', () => {
  it('never hands a credential back, and tests the connection with a cheap read', async () => {
    w = await world();
    await connectSlack(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    const listed = JSON.stringify(await listConnections(w.sarah, catalog));
    expect(listed).not.toContain('xoxb-sarah');
    expect(await w.router.testConnection(w.sarah, 'slack', 'ui')).toMatchObject({ ok: true });
    expect(w.fake.requestsTo('slack', '/auth.test')).toHaveLength(1);
  });

  it('validates credentials and base URLs without echoing them', async () => {
    w = await world();
    const bad = [
      { authType: 'bearer', credentials: { token: 'has space' } },
      { authType: 'bearer', credentials: { token: 'line\nbreak' } },
      { authType: 'bearer', credentials: {} },
      { authType: 'bearer', credentials: { token: 'x'.repeat(9000) } },
      { authType: 'basic', credentials: { username: 'a', password: 'b' } },
      { authType: 'bearer', credentials: { token: 'ok-token-1234' }, baseUrl: 'http://example.com' },
      { authType: 'bearer', credentials: { token: 'ok-token-1234' }, baseUrl: 'https://user:pw@example.com' },
      { authType: 'bearer', credentials: { token: 'ok-token-1234' }, baseUrl: 'not a url' },
    ];
    for (const input of bad) {
      const err = await connect(w.sarah, catalog, { connectorId: 'slack', ...input }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'INVALID_INPUT' });
      expect((err as Error).message).not.toContain('has space');
    }
    await expect(connect(w.sarah, catalog, { connectorId: 'jira', authType: 'basic', credentials: { username: 'a@b.c', password: 'tok' } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/base URL/),
    });
    expect(await listConnections(w.sarah, catalog)).toEqual([]);
  });

  it('a 401 marks the connection as needing re-auth, and says so', async () => {
    w = await world();
    await connect(w.sarah, catalog, { connectorId: 'github', authType: 'bearer', credentials: { token: 'ghp_revoked000000000000000000' }, baseUrl: w.fake.baseUrl('github') });
    await enableActions(w.sarah, catalog, ['github.list_issues']);
    await expect(w.router.execute(w.sarah, 'github.list_issues', { owner: 'acme', repo: 'app' }, { via: 'ui' })).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    expect(await getConnection(w.sarah, catalog, 'github')).toMatchObject({ status: 'auth_required', statusDetail: expect.any(String) });
    await expect(w.router.execute(w.sarah, 'github.list_issues', { owner: 'acme', repo: 'app' }, { via: 'ui' })).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    // Reconnecting clears it.
    w.fake.addToken('github', 'ghp_valid00000000000000000000', 'sarah');
    await connect(w.sarah, catalog, { connectorId: 'github', authType: 'bearer', credentials: { token: 'ghp_valid00000000000000000000' }, baseUrl: w.fake.baseUrl('github') });
    expect((await w.router.execute(w.sarah, 'github.list_issues', { owner: 'acme', repo: 'app' }, { via: 'ui' })).status).toBe('ok');
  });

  it("Slack's {ok: false, error: invalid_auth} is AUTH_REQUIRED, other Slack errors UPSTREAM_ERROR", async () => {
    w = await world();
    await connectSlack(w.sarah, 'xoxb-sarah-000000000001', 'sarah');
    await enableActions(w.sarah, catalog, ['slack.send_message']);
    await expect(w.router.execute(w.sarah, 'slack.send_message', { channel: 'C9999', text: 'x' }, { via: 'ui' })).rejects.toMatchObject({
      code: 'UPSTREAM_ERROR',
      message: expect.stringMatching(/channel_not_found/),
    });
    w.fake.tokens.delete('xoxb-sarah-000000000001');
    await expect(w.router.execute(w.sarah, 'slack.send_message', { channel: 'C0001', text: 'x' }, { via: 'ui' })).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
  });
});

describe('requests as the provider documents them', () => {
  it('Notion calls carry Notion-Version; GitHub calls carry a User-Agent and the JSON body', async () => {
    w = await world();
    w.fake.addToken('notion', 'ntn_sarah0000000000000000000', 'sarah');
    w.fake.addToken('github', 'ghp_sarah0000000000000000000', 'sarah');
    await connect(w.sarah, catalog, { connectorId: 'notion', authType: 'bearer', credentials: { token: 'ntn_sarah0000000000000000000' }, baseUrl: w.fake.baseUrl('notion') + '/v1' });
    await connect(w.sarah, catalog, { connectorId: 'github', authType: 'bearer', credentials: { token: 'ghp_sarah0000000000000000000' }, baseUrl: w.fake.baseUrl('github') });
    await enableActions(w.sarah, catalog, ['notion.search', 'github.create_issue', 'github.list_issues']);
    const found = await w.router.execute(w.sarah, 'notion.search', { query: 'notes' }, { via: 'ui' });
    expect(found).toMatchObject({ status: 'ok', output: { results: [{ object: 'page', title: 'Notes of sarah' }] } });
    expect(w.fake.requestsTo('notion', '/v1/search')[0]!.headers['notion-version']).toBe('2022-06-28');

    const created = await w.router.execute(w.sarah, 'github.create_issue', { owner: 'acme', repo: 'app', title: 'Bug', body: 'Steps' }, { via: 'ui' });
    expect(created).toMatchObject({ status: 'ok', output: { number: 1, title: 'Bug', url: 'https://github.com/acme/app/issues/1' } });
    const req = w.fake.requestsTo('github', '/repos/acme/app/issues')[0]!;
    expect(req.body).toEqual({ title: 'Bug', body: 'Steps' });
    expect(req.headers['user-agent']).toBe('Switchboard');
    const listed = await w.router.execute(w.sarah, 'github.list_issues', { owner: 'acme', repo: 'app', state: 'all' }, { via: 'ui' });
    expect(listed).toMatchObject({ output: { issues: [{ number: 1 }] } });
    expect(w.fake.requestsTo('github', '/repos/acme/app/issues')[1]!.query).toEqual({ state: 'all' });
  });
});
