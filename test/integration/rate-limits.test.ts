// Every provider's "too many calls" is one error: UPSTREAM_ERROR with rateLimited and, when the
// provider says, retryAfterMs, and a message that says when to try again. A read waits and tries
// again when the wait is short; a write only when the provider said when (it did not act).
import { afterEach, describe, expect, it } from 'vitest';
import { builtinCatalog, connect, enableActions } from '../../src/engine/index.js';
import { googleRateLimited } from '../fixtures/fake-saas/google.js';
import { hubspotRateLimited } from '../fixtures/fake-saas/hubspot.js';
import { jiraRateLimited } from '../fixtures/fake-saas/jira.js';
import { linearLimits } from '../fixtures/fake-saas/linear.js';
import { salesforceOrg } from '../fixtures/fake-saas/salesforce.js';
import { world, type World } from './router-helpers.js';

const catalog = builtinCatalog();
let w: World;
afterEach(async () => w?.close());

async function connected(connectorId: string, token: string, path = '', authType: 'bearer' | 'oauth2' | 'api_key' | 'basic' = 'bearer'): Promise<void> {
  w.fake.addToken(connectorId, authType === 'basic' ? `me@acme.com:${token}` : token, 'sarah@acme.example');
  const credentials = { bearer: { token }, oauth2: { accessToken: token }, api_key: { apiKey: token }, basic: { username: 'me@acme.com', password: token } }[authType];
  await connect(w.sarah, catalog, { connectorId, authType, credentials, baseUrl: w.fake.baseUrl(connectorId) + path });
  await enableActions(w.sarah, catalog, catalog.connector(connectorId).actions.map((a) => `${connectorId}.${a.id}`));
}

const call = (action: string, input: unknown) => w.router.execute(w.sarah, action, input, { via: 'ui' }).catch((e: unknown) => e);
const limited = (name: string, seconds?: number) => ({
  code: 'UPSTREAM_ERROR',
  details: { rateLimited: true, ...(seconds !== undefined ? { retryAfterMs: seconds * 1000 } : {}) },
  message: seconds !== undefined ? `${name} is rate-limiting these calls; try again in ${seconds} s.` : expect.stringMatching(new RegExp(`^${name} is rate-limiting these calls; try again`)),
});

describe('one rate-limit error, whatever the provider said', () => {
  it('Microsoft Graph: 429 with Retry-After', async () => {
    w = await world();
    await connected('outlook', 'eyJ.sarah.sig', '/v1.0');
    w.fake.script({ provider: 'outlook', path: '/v1.0/me/messages', times: 1, respond: { status: 429, headers: { 'retry-after': '30' }, body: { error: { code: 'TooManyRequests', message: 'Too many requests.' } } } });
    expect(await call('outlook.list_messages', {})).toMatchObject(limited('Outlook', 30));
  });

  it('Google: 403 userRateLimitExceeded and 429 rateLimitExceeded; a short wait is honoured and the read retried', async () => {
    w = await world();
    await connected('gmail', 'ya29.sarah', '/gmail/v1', 'oauth2');
    w.fake.script({ provider: 'gmail', path: '/gmail/v1/users/me/messages', times: 1, respond: googleRateLimited(403, 'userRateLimitExceeded', 45) });
    expect(await call('gmail.list_messages', {})).toMatchObject(limited('Gmail', 45));
    w.fake.script({ provider: 'gmail', path: '/gmail/v1/users/me/messages', times: 1, respond: googleRateLimited(429, 'rateLimitExceeded', 0) });
    const before = w.fake.requestsTo('gmail', '/gmail/v1/users/me/messages').length;
    expect(await call('gmail.list_messages', {})).toMatchObject({ status: 'ok' });
    expect(w.fake.requestsTo('gmail', '/gmail/v1/users/me/messages').length - before).toBe(2);
    // A 403 for another reason is no rate limit.
    w.fake.script({ provider: 'gmail', path: '/gmail/v1/users/me/messages', times: 1, respond: { status: 403, body: { error: { code: 403, message: 'Forbidden', errors: [{ reason: 'forbidden' }] } } } });
    expect(await call('gmail.list_messages', {})).not.toMatchObject({ details: { rateLimited: true } });
  });

  it('GitHub: a secondary limit (403 with retry-after); a write is retried only because GitHub said when', async () => {
    w = await world();
    await connected('github', 'ghp_sarah');
    const secondary = { status: 403, headers: { 'retry-after': '0' }, body: { message: 'You have exceeded a secondary rate limit.', documentation_url: 'https://docs.github.com/rest' } };
    w.fake.script({ provider: 'github', path: '/repos/acme/app/issues', method: 'POST', times: 1, respond: secondary });
    expect(await call('github.create_issue', { owner: 'acme', repo: 'app', title: 'Once' })).toMatchObject({ status: 'ok', output: { number: 1 } });
    w.fake.script({ provider: 'github', path: '/repos/acme/app/issues', method: 'POST', times: 1, respond: { ...secondary, headers: {} } });
    expect(await call('github.create_issue', { owner: 'acme', repo: 'app', title: 'Twice?' })).toMatchObject(limited('GitHub', 60));
    expect(w.fake.requestsTo('github', '/repos/acme/app/issues').filter((r) => r.method === 'POST')).toHaveLength(3);
  });

  it('Jira: 429 with Retry-After (or X-RateLimit-Reset); HubSpot: 429; Salesforce: 403 REQUEST_LIMIT_EXCEEDED', async () => {
    w = await world();
    await connected('jira', 'ATATT-sarah', '', 'basic');
    w.fake.script({ provider: 'jira', path: '/rest/api/3/project/search', times: 1, respond: jiraRateLimited(20) });
    expect(await call('jira.list_projects', {})).toMatchObject(limited('Jira', 20));
    const reset = new Date(Date.now() + 90_000).toISOString().slice(0, 16) + 'Z';
    w.fake.script({ provider: 'jira', path: '/rest/api/3/project/search', times: 1, respond: { status: 429, headers: { 'x-ratelimit-reset': reset }, body: {} } });
    expect(await call('jira.list_projects', {})).toMatchObject({ details: { rateLimited: true, retryAfterMs: expect.any(Number) } });

    await connected('hubspot', 'pat-sarah');
    w.fake.script({ provider: 'hubspot', path: '/crm/v3/objects/deals', times: 1, respond: hubspotRateLimited(10) });
    expect(await call('hubspot.list_deals', {})).toMatchObject(limited('HubSpot', 10));

    await connected('salesforce', '00D!sarah');
    salesforceOrg(w.fake).apiRemaining = 0;
    expect(await call('salesforce.describe_object', { sobject: 'Account' })).toMatchObject({ ...limited('Salesforce'), details: { status: 403, rateLimited: true } });
  });

  it("Linear: RATELIMITED in the errors, with the requests budget's reset", async () => {
    w = await world();
    await connected('linear', 'lin_api_sarah', '', 'api_key');
    linearLimits(w.fake).requestsLeft = 0;
    expect(await call('linear.list_teams', {})).toMatchObject({ code: 'UPSTREAM_ERROR', details: { rateLimited: true, retryAfterMs: expect.any(Number) }, message: expect.stringMatching(/^Linear is rate-limiting these calls; try again in \d+ s\.$/) });
  });
});
