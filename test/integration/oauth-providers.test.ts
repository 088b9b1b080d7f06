// Sign-in to each provider's own token endpoint on the fake, as each documents it: what the
// authorize URL asks, how the token request is encoded and authenticated, what the answer holds
// (granted scopes as a string or an array, Slack's authed_user, Salesforce's instance_url), and a
// refresh where the provider has one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens, startLoopbackFlow, type TokenGrant } from '../../src/engine/auth/oauth2.js';
import { oauthScheme, type OAuthClient } from '../../src/engine/auth/oauth-clients.js';
import { builtinCatalog } from '../../src/engine/index.js';
import { FakeSaas } from '../fixtures/fake-saas/server.js';
import type { OAuthStyle } from '../fixtures/fake-saas/oauth-providers.js';

const catalog = builtinCatalog();
let fake: FakeSaas;
beforeAll(async () => {
  fake = await FakeSaas.start();
});
afterAll(async () => fake.stop());

function client(connectorId: string, style: OAuthStyle, tokenPath: string, secret?: string): OAuthClient {
  const clientId = `${connectorId}-app`;
  fake.oauth.addClient(clientId, { provider: connectorId, account: 'sarah', style, ...(secret ? { secret } : {}) });
  return { connectorId, clientId, ...(secret ? { clientSecret: secret } : {}), authorizeUrl: `${fake.url}/oauth/authorize`, tokenUrl: `${fake.url}${tokenPath}`, scheme: oauthScheme(catalog.connector(connectorId)) };
}

/** The authorize URL asked for, and the grant once the browser (played here) comes back. */
async function signIn(c: OAuthClient): Promise<{ asked: URL; grant: TokenGrant }> {
  const flow = await startLoopbackFlow(c, { now: () => Date.now() });
  const asked = new URL(flow.authorizeUrl);
  const res = await fetch(flow.authorizeUrl, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (!location) {
    flow.cancel();
    throw new Error(`authorize refused: ${await res.text()}`);
  }
  await fetch(location);
  return { asked, grant: await flow.grant };
}

const tokenRequest = (provider: string, path: string) => fake.requestsTo(provider, path).at(-1)!;

describe('each provider’s sign-in, as it documents it', () => {
  it('Slack: user scopes, client in the form, the user token from authed_user', async () => {
    const c = client('slack', 'slack', '/slack/oauth.v2.access', 'slack-secret');
    const { asked, grant } = await signIn(c);
    expect(asked.searchParams.get('user_scope')).toBe(c.scheme.scopes.join(','));
    expect(grant.credentials).toMatchObject({ accessToken: expect.stringMatching(/^xoxp-/), tokenType: 'user', refreshToken: expect.stringMatching(/^xoxe-1-/) });
    expect(grant.scopes).toEqual(c.scheme.scopes);
    expect(tokenRequest('slack', '/oauth.v2.access').body).toMatchObject({ grant_type: 'authorization_code', client_id: 'slack-app', client_secret: 'slack-secret', code_verifier: expect.any(String) });
    // A refreshed user token answers at the top level.
    const refreshed = await refreshTokens(c, grant.credentials, Date.now());
    expect(refreshed).toMatchObject({ accessToken: expect.stringMatching(/^xoxp-/), refreshToken: expect.not.stringMatching(grant.credentials.refreshToken!) });
  });

  it('Notion: owner=user, no PKCE, JSON + Basic with only grant fields; a refresh rotates', async () => {
    const c = client('notion', 'notion', '/notion/v1/oauth/token', 'notion-secret');
    const { asked, grant } = await signIn(c);
    expect(asked.searchParams.get('owner')).toBe('user');
    expect(asked.searchParams.has('code_challenge')).toBe(false);
    expect(grant.credentials).toMatchObject({ accessToken: expect.any(String), tokenType: 'bearer', refreshToken: expect.any(String) });
    expect(grant.credentials.expiresAt).toBeUndefined();
    const refreshed = await refreshTokens(c, grant.credentials, Date.now());
    const req = tokenRequest('notion', '/v1/oauth/token');
    expect(req.body).toEqual({ grant_type: 'refresh_token', refresh_token: grant.credentials.refreshToken });
    expect(refreshed.refreshToken).not.toBe(grant.credentials.refreshToken);
  });

  it('Google: offline access asked, secret in the form, a refresh keeps the same refresh token', async () => {
    const c = client('gmail', 'google', '/google-oauth/token', 'desktop-secret');
    const { asked, grant } = await signIn(c);
    expect(Object.fromEntries(asked.searchParams)).toMatchObject({ access_type: 'offline', prompt: 'consent', code_challenge_method: 'S256' });
    expect(grant.scopes).toEqual(c.scheme.scopes);
    expect(grant.credentials).toMatchObject({ refreshToken: expect.any(String), expiresAt: expect.any(Number), tokenType: 'Bearer' });
    expect(tokenRequest('google-oauth', '/token').headers['content-type']).toBe('application/x-www-form-urlencoded');
    const refreshed = await refreshTokens(c, grant.credentials, Date.now());
    expect(refreshed.refreshToken).toBe(grant.credentials.refreshToken);
    expect(await refreshTokens(c, grant.credentials, Date.now())).toMatchObject({ accessToken: expect.any(String) });
  });

  it('Microsoft: a public client sends no secret; offline_access brings a refresh token', async () => {
    const c = client('outlook', 'microsoft', '/microsoft-login/common/oauth2/v2.0/token');
    const { asked, grant } = await signIn(c);
    expect(asked.searchParams.get('scope')!.split(' ')).toEqual(expect.arrayContaining(['offline_access', 'User.Read', 'Mail.Send', 'Calendars.ReadWrite']));
    expect(tokenRequest('microsoft-login', '/common/oauth2/v2.0/token').body).not.toHaveProperty('client_secret');
    expect(grant.credentials.refreshToken).toEqual(expect.any(String));
    expect(grant.scopes).not.toContain('offline_access');
    // A secret sent by a public client is refused (AADSTS700025).
    await expect(refreshTokens({ ...c, clientSecret: 'not-for-public-clients' }, grant.credentials, Date.now())).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
  });

  it('Atlassian: audience and consent asked, no PKCE, a JSON body with the client secret', async () => {
    const c = client('jira', 'atlassian', '/atlassian-auth/oauth/token', 'atl-secret');
    const { asked, grant } = await signIn(c);
    expect(Object.fromEntries(asked.searchParams)).toMatchObject({ audience: 'api.atlassian.com', prompt: 'consent' });
    const req = tokenRequest('atlassian-auth', '/oauth/token');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.body).toEqual({ grant_type: 'authorization_code', code: expect.any(String), redirect_uri: expect.any(String), client_id: 'jira-app', client_secret: 'atl-secret' });
    expect(grant.credentials.refreshToken).toEqual(expect.any(String));
  });

  it('HubSpot and Linear: granted scopes come as an array and are kept', async () => {
    const hub = client('hubspot', 'hubspot', '/hubspot/oauth/2026-03/token', 'hub-secret');
    const { grant } = await signIn(hub);
    expect(grant.scopes).toEqual(hub.scheme.scopes);
    expect(grant.credentials.scope).toBe(hub.scheme.scopes.join(' '));
    const lin = client('linear', 'linear', '/linear/oauth/token', 'lin-secret');
    const linear = await signIn(lin);
    expect(linear.asked.searchParams.get('scope')).toBe(lin.scheme.scopes.join(','));
    expect(linear.grant.scopes).toEqual(lin.scheme.scopes);
  });

  it("Salesforce: the org's instance_url comes with the grant; no expiry, and a refresh keeps the refresh token", async () => {
    const c = client('salesforce', 'salesforce', '/salesforce-login/services/oauth2/token');
    const { grant } = await signIn(c);
    expect(grant.instanceUrl).toBe(fake.baseUrl('salesforce'));
    expect(grant.credentials.expiresAt).toBeUndefined();
    expect(tokenRequest('salesforce-login', '/services/oauth2/token').body).not.toHaveProperty('client_secret');
    expect((await refreshTokens(c, grant.credentials, Date.now())).refreshToken).toBe(grant.credentials.refreshToken);
  });

  it('GitHub: asks JSON back, gets comma-separated scopes; a bad code is an HTTP 200 error', async () => {
    const c = client('github', 'github', '/github-login/login/oauth/access_token', 'gh-secret');
    const { grant } = await signIn(c);
    expect(tokenRequest('github-login', '/login/oauth/access_token').headers.accept).toBe('application/json');
    expect(grant).toMatchObject({ credentials: { accessToken: expect.stringMatching(/^gho_/), tokenType: 'bearer' }, scopes: ['repo'] });
    await expect(refreshTokens(c, { ...grant.credentials, refreshToken: 'ghr_unknown' }, Date.now())).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
  });
});
