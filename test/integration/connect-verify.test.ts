// Connections hold up against the provider: saving one tries it first (refused credentials are not
// saved, an unreachable provider saves it "not verified yet"), an OAuth sign-in's granted scopes
// decide which actions may run, answers are checked against each action's output schema, and
// Salesforce's sign-in gives the connection its org's address.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinCatalog, connect, connectWithOAuth, enableActions, getConnection } from '../../src/engine/index.js';
import { actionStates } from '../../src/engine/router/may-call.js';
import { runAs } from '../helpers.js';
import { world, type World } from './router-helpers.js';

const catalog = builtinCatalog();
let w: World;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await w?.close();
});

const SLACK_TOKEN = 'xoxb-sarah-verify-00000001';

/** Play the browser: follow the authorize URL to the loopback redirect. */
async function browse(url: string): Promise<void> {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (!location) throw new Error(`authorize failed: ${res.status} ${await res.text()}`);
  await fetch(location);
}

describe('saving a connection tries it first', () => {
  it('saves credentials the provider accepts as verified, and logs the test call', async () => {
    w = await world();
    w.fake.addToken('slack', SLACK_TOKEN, 'sarah');
    const saved = await runAs(w.space, w.sarah, 'connections.connect', {
      connectorId: 'slack',
      authType: 'bearer',
      credentials: { token: SLACK_TOKEN },
      baseUrl: w.fake.baseUrl('slack'),
    });
    expect(saved).toMatchObject({ connectorId: 'slack', status: 'connected', verified: true });
    expect(saved).not.toHaveProperty('verifyProblem');
    expect(w.fake.requestsTo('slack', '/auth.test')).toHaveLength(1);
    const log = await runAs(w.space, w.sarah, 'activity.query', {});
    expect(log.map((e) => `${e.action}:${e.status}`)).toEqual(['slack.test_connection:ok']);
  });

  it('saves nothing when the provider refuses, and leaves a working connection as it was', async () => {
    w = await world();
    w.fake.addToken('slack', SLACK_TOKEN, 'sarah');
    const input = { connectorId: 'slack', authType: 'bearer', baseUrl: w.fake.baseUrl('slack') };
    await expect(runAs(w.space, w.sarah, 'connections.connect', { ...input, credentials: { token: 'xoxb-wrong-token-000000' } })).rejects.toMatchObject({
      code: 'AUTH_REQUIRED',
      message: expect.stringMatching(/^Nothing was saved: .*Slack/),
    });
    expect(await runAs(w.space, w.sarah, 'connections.list')).toEqual([]);

    await runAs(w.space, w.sarah, 'connections.connect', { ...input, credentials: { token: SLACK_TOKEN } });
    const err = await runAs(w.space, w.sarah, 'connections.connect', { ...input, credentials: { token: 'xoxb-wrong-token-000000' } }).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'AUTH_REQUIRED' });
    expect(JSON.stringify(err)).not.toContain('xoxb-wrong-token');
    // The stored connection keeps its token and its status: a refused try marks nothing.
    expect(await getConnection(w.sarah, catalog, 'slack')).toMatchObject({ status: 'connected', verified: true });
    await enableActions(w.sarah, catalog, ['slack.list_channels']);
    expect((await w.router.execute(w.sarah, 'slack.list_channels', {}, { via: 'ui' })).status).toBe('ok');
    expect(w.fake.requestsTo('slack', '/conversations.list').at(-1)!.headers.authorization).toBe(`Bearer ${SLACK_TOKEN}`);
  });

  it('saves a connection to an unreachable provider as not verified yet; the first call that works verifies it', async () => {
    w = await world();
    const saved = await runAs(w.space, w.sarah, 'connections.connect', {
      connectorId: 'slack',
      authType: 'bearer',
      credentials: { token: SLACK_TOKEN },
      baseUrl: 'http://127.0.0.1:1/api',
    });
    expect(saved).toMatchObject({ status: 'connected', verified: false, verifyProblem: expect.stringMatching(/Cannot reach 127\.0\.0\.1:1/) });
    expect((await runAs(w.space, w.sarah, 'connections.list'))[0]).toMatchObject({ verified: false });
    // Back online (here: the real address), a call checks it.
    w.fake.addToken('slack', SLACK_TOKEN, 'sarah');
    await connect(w.sarah, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token: SLACK_TOKEN }, baseUrl: w.fake.baseUrl('slack') });
    expect(await getConnection(w.sarah, catalog, 'slack')).toMatchObject({ verified: false });
    await enableActions(w.sarah, catalog, ['slack.list_channels']);
    await w.router.execute(w.sarah, 'slack.list_channels', {}, { via: 'cli' });
    expect(await getConnection(w.sarah, catalog, 'slack')).toMatchObject({ verified: true });
  });
});

describe('scopes follow actions', () => {
  it("an action whose scope the sign-in did not grant fails before the call, saying which scope and how to grant it", async () => {
    w = await world();
    w.fake.oauth.addClient('switchboard-slack', { provider: 'slack', secret: 'slack-secret', account: 'sarah', style: 'slack', grantOnly: ['channels:read', 'groups:read', 'mpim:read', 'im:read'] });
    await runAs(w.space, w.sarah, 'admin.setOAuthClient', {
      connectorId: 'slack',
      clientId: 'switchboard-slack',
      clientSecret: 'slack-secret',
      authorizeUrl: `${w.fake.url}/oauth/authorize`,
      tokenUrl: `${w.fake.url}/oauth/token`,
    });
    const connection = await connectWithOAuth(w.space, catalog, w.sarah, 'slack', { baseUrl: w.fake.baseUrl('slack'), openUrl: (url) => void browse(url) });
    expect(connection.grantedScopes).toEqual(['channels:read', 'groups:read', 'mpim:read', 'im:read']);
    await enableActions(w.sarah, catalog, ['slack.list_channels', 'slack.send_message']);

    const states = await actionStates(w.space, w.sarah, 'slack');
    expect(states.find((s) => s.id === 'slack.send_message')).toMatchObject({ effective: false, blockedBy: 'SCOPE_MISSING' });
    expect(states.find((s) => s.id === 'slack.list_channels')).toMatchObject({ effective: true });

    const before = w.fake.requestsTo('slack').length;
    await expect(w.router.execute(w.sarah, 'slack.send_message', { channel: 'C0001', text: 'hi' }, { via: 'ui' })).rejects.toMatchObject({
      code: 'SCOPE_MISSING',
      message: expect.stringMatching(/chat:write.*Reconnect Slack to grant it/),
    });
    expect(w.fake.requestsTo('slack')).toHaveLength(before);
    expect((await w.router.execute(w.sarah, 'slack.list_channels', {}, { via: 'ui' })).status).toBe('ok');
  });
});

describe('answers are checked against the output schema', () => {
  it('an answer of another shape is an UPSTREAM_ERROR that says what was expected', async () => {
    w = await world();
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'not-a-number', html_url: 'https://github.example/c/1' })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    await connect(w.sarah, catalog, { connectorId: 'github', authType: 'bearer', credentials: { token: 'ghp_sarah_000000000000' }, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    await enableActions(w.sarah, catalog, ['github.comment_on_issue'], 'allow');
    await expect(w.router.execute(w.sarah, 'github.comment_on_issue', { owner: 'o', repo: 'r', issue_number: 1, body: 'x' }, { via: 'ui' })).rejects.toMatchObject({
      code: 'UPSTREAM_ERROR',
      message: expect.stringMatching(/answer to github\.comment_on_issue is not what its API describes: \/id: must be integer/),
    });
  });
});

describe('Salesforce', () => {
  it("takes the connection's base URL from the sign-in's instance URL, and verifies it there", async () => {
    w = await world();
    w.fake.oauth.addClient('switchboard-sf', { provider: 'salesforce', account: 'sarah', style: 'salesforce' });
    await runAs(w.space, w.sarah, 'admin.setOAuthClient', {
      connectorId: 'salesforce',
      clientId: 'switchboard-sf',
      authorizeUrl: `${w.fake.url}/oauth/authorize`,
      tokenUrl: `${w.fake.url}/salesforce-login/services/oauth2/token`,
    });
    const verified: string[] = [];
    const connection = await connectWithOAuth(w.space, catalog, w.sarah, 'salesforce', {
      openUrl: (url) => void browse(url),
      verify: async (candidate) => {
        verified.push(candidate.baseUrl ?? '');
        return w.router.verifyCandidate(w.sarah, candidate, 'ui');
      },
    });
    expect(verified).toEqual([w.fake.salesforceInstanceUrl]);
    expect(connection).toMatchObject({ baseUrl: w.fake.salesforceInstanceUrl, customBaseUrl: true, verified: true });
  });
});
