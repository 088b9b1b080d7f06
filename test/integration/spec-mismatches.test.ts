// One test per mismatch issue 11 lists between our connectors and the providers' own descriptions.
// Each failed on the code before the fix (the connectors as they were, against the rebuilt fakes).
import { afterEach, describe, expect, it } from 'vitest';
import { authorizeUrl, startLoopbackFlow } from '../../src/engine/auth/oauth2.js';
import { oauthScheme, type OAuthClient } from '../../src/engine/auth/oauth-clients.js';
import { builtinCatalog, connect, enableActions, type TenantSession } from '../../src/engine/index.js';
import { githubRate } from '../fixtures/fake-saas/github.js';
import { slackLimits } from '../fixtures/fake-saas/slack.js';
import { world, type World } from './router-helpers.js';

const catalog = builtinCatalog();
let w: World;
afterEach(async () => w?.close());

async function connected(connectorId: string, token: string, account: string, path = '', scopes?: string[]): Promise<TenantSession> {
  w.fake.addToken(connectorId, token, account, scopes);
  const def = catalog.connector(connectorId);
  const authType = def.auth.some((a) => a.type === 'bearer') ? 'bearer' : 'oauth2';
  await connect(w.sarah, catalog, { connectorId, authType, credentials: authType === 'bearer' ? { token } : { accessToken: token }, baseUrl: w.fake.baseUrl(connectorId) + path });
  await enableActions(w.sarah, catalog, def.actions.map((a) => `${connectorId}.${a.id}`));
  return w.sarah;
}

const run = async (action: string, input: unknown) => {
  const result = await w.router.execute(w.sarah, action, input, { via: 'ui' });
  return (result as { output: Record<string, unknown> }).output;
};
const fail = (action: string, input: unknown) => w.router.execute(w.sarah, action, input, { via: 'ui' }).catch((e: unknown) => e);

/** An OAuth client of `connectorId` pointed at the fake: its authorize endpoint and the provider's own token endpoint. */
function client(connectorId: string, tokenPath: string, clientId: string, secret?: string): OAuthClient {
  return { connectorId, clientId, ...(secret ? { clientSecret: secret } : {}), authorizeUrl: `${w.fake.url}/oauth/authorize`, tokenUrl: `${w.fake.url}${tokenPath}`, scheme: oauthScheme(catalog.connector(connectorId)) };
}

/** Sign in through the loopback flow, playing the browser; resolves with the stored credentials. */
async function signIn(c: OAuthClient): Promise<{ accessToken: string; scope?: string }> {
  const flow = await startLoopbackFlow(c, { now: () => Date.now() });
  const res = await fetch(flow.authorizeUrl, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (!location) {
    flow.cancel();
    throw new Error(`authorize refused: ${await res.text()}`);
  }
  await fetch(location);
  return flow.tokens;
}

describe('issue 11: what the connectors misread', () => {
  it('github.list_repos asks for the most recently updated first (GitHub sorts by full_name by default)', async () => {
    w = await world();
    await connected('github', 'ghp_sarah000000000000000000000000', 'sarah');
    const { repos } = await run('github.list_repos', {});
    expect(w.fake.requestsTo('github', '/user/repos').at(-1)!.query).toMatchObject({ sort: 'updated' });
    expect((repos as { full_name: string }[]).map((r) => r.full_name)).toEqual(['acme/zeta', 'acme/website', 'acme/platform', 'sarah/dotfiles']);
  });

  it('slack.list_users returns response_metadata.next_cursor, so page 2 is reachable', async () => {
    w = await world();
    await connected('slack', 'xoxp-sarah-000000000001', 'sarah');
    const page1 = await run('slack.list_users', { limit: 2 });
    expect(page1.next_cursor).toEqual(expect.any(String));
    const page2 = await run('slack.list_users', { limit: 2, cursor: page1.next_cursor });
    expect((page2.users as { id: string }[]).map((u) => u.id)).toEqual(['U0BOB', 'U0OLD']);
    expect(page2.next_cursor).toBeNull();
  });

  it('Slack sign-in asks, as user scopes, for every conversation type list_channels offers and channel_history reads', async () => {
    w = await world();
    const url = new URL(authorizeUrl(client('slack', '/slack/oauth.v2.access', 'slack-app', 's'), 'http://127.0.0.1:5000/callback', 'state-1', { verifier: 'v', challenge: 'c'.repeat(43) }));
    const asked = (url.searchParams.get('user_scope') ?? '').split(',');
    expect(asked).toEqual(expect.arrayContaining(['channels:read', 'groups:read', 'im:read', 'mpim:read', 'channels:history', 'groups:history', 'im:history', 'mpim:history']));
    expect(url.searchParams.get('scope')).toBeNull();
  });

  it("Slack's 2025 history limits for non-Marketplace apps: 15 messages a page by default, and the rate limit says when to retry", async () => {
    w = await world();
    await connected('slack', 'xoxp-sarah-000000000001', 'sarah');
    slackLimits(w.fake).nonMarketplace = true;
    await run('slack.channel_history', { channel: 'C0001' });
    expect(w.fake.requestsTo('slack', '/conversations.history').at(-1)!.query).toMatchObject({ limit: '15' });
    expect(await fail('slack.channel_history', { channel: 'C0001' })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { rateLimited: true, retryAfterMs: expect.any(Number) } });
  });

  it('outlook.list_messages follows the whole @odata.nextLink instead of rebuilding $skip', async () => {
    w = await world();
    await connected('outlook', 'eyJ0eXAiOiJKV1Qi.sarah.sig', 'sarah@contoso.example', '/v1.0');
    const page1 = await run('outlook.list_messages', { top: 1, filter: 'isRead eq true' });
    const link = new URL(page1.next_cursor as string);
    const page2 = await run('outlook.list_messages', { cursor: page1.next_cursor });
    expect(w.fake.requestsTo('outlook', '/v1.0/me/messages').at(-1)!.query).toEqual(Object.fromEntries(link.searchParams));
    expect(page2.messages).toEqual([expect.objectContaining({ subject: 'Lunch?' })]);
  });

  it('HubSpot: a contact create sends associations, a search sends filterGroups, sorts and after (v3 spec requires them)', async () => {
    w = await world();
    await connected('hubspot', 'pat-na1-sarah-0001', 'portal-1');
    await run('hubspot.create_contact', { email: 'dana@example.com' });
    expect(w.fake.requestsTo('hubspot', '/crm/v3/objects/contacts').at(-1)!.body).toEqual({ properties: { email: 'dana@example.com' }, associations: [] });
    await run('hubspot.search_contacts', { query: 'dana' });
    expect(w.fake.requestsTo('hubspot', '/crm/v3/objects/contacts/search').at(-1)!.body).toMatchObject({ filterGroups: [], sorts: [], after: '0' });
  });

  it("Notion's token exchange is JSON with HTTP Basic, and nothing but grant fields in the body", async () => {
    w = await world();
    w.fake.oauth.addClient('notion-app', { provider: 'notion', secret: 'notion-secret', account: 'sarah', style: 'notion' });
    const tokens = await signIn(client('notion', '/notion/v1/oauth/token', 'notion-app', 'notion-secret'));
    expect(tokens.accessToken).toEqual(expect.any(String));
    const req = w.fake.requestsTo('notion', '/v1/oauth/token')[0]!;
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('notion-app:notion-secret').toString('base64')}`);
    expect(Object.keys(req.body as object).sort()).toEqual(['code', 'grant_type', 'redirect_uri']);
  });

  it("GitHub's primary rate limit (403 with x-ratelimit-remaining: 0) is a rate limit that says when the limit resets", async () => {
    w = await world();
    await connected('github', 'ghp_sarah000000000000000000000000', 'sarah');
    const rate = githubRate(w.fake);
    rate.core = 0;
    rate.resetAt = Math.floor(Date.now() / 1000) + 600;
    expect(await fail('github.list_issues', { owner: 'acme', repo: 'platform' })).toMatchObject({
      code: 'UPSTREAM_ERROR',
      details: { status: 403, rateLimited: true, retryAfterMs: expect.any(Number) },
      message: expect.stringMatching(/^GitHub is rate-limiting these calls; try again in \d+ s\.$/),
    });
  });

  it("Slack's `rate_limited` (as well as `ratelimited`) is a rate limit", async () => {
    w = await world();
    await connected('slack', 'xoxp-sarah-000000000001', 'sarah');
    for (const error of ['rate_limited', 'ratelimited']) {
      w.fake.script({ provider: 'slack', path: '/chat.postMessage', times: 1, respond: { status: 200, body: { ok: false, error } } });
      expect(await fail('slack.send_message', { channel: 'C0001', text: 'x' })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { rateLimited: true } });
    }
  });

  it("Slack's oauth.v2.access answers a user-scope sign-in with the token under authed_user, and that token is kept", async () => {
    w = await world();
    w.fake.oauth.addClient('slack-app', { provider: 'slack', secret: 'slack-secret', account: 'sarah', style: 'slack' });
    const tokens = await signIn(client('slack', '/slack/oauth.v2.access', 'slack-app', 'slack-secret'));
    expect(tokens.accessToken).toMatch(/^xoxp-sarah-/);
    expect(tokens.scope?.split(/[ ,]/)).toEqual(expect.arrayContaining(['chat:write', 'groups:history']));
    // The token works on Slack as the user who signed in.
    await connect(w.sarah, catalog, { connectorId: 'slack', authType: 'oauth2', credentials: { accessToken: tokens.accessToken }, baseUrl: w.fake.baseUrl('slack') });
    expect(await w.router.testConnection(w.sarah, 'slack', 'ui')).toMatchObject({ ok: true });
  });
});
