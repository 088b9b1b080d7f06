// OAuth 2.0 against the fake authorization server: loopback redirect with PKCE and state,
// refresh shared by concurrent calls, per-tenant isolation of refreshes, and a refresh that fails.
import { runAs } from '../helpers.js';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinCatalog, connect, connectWithOAuth, enableActions, getConnection, listOAuthClients, type TenantSession } from '../../src/engine/index.js';
import { world, type World } from './router-helpers.js';

const catalog = builtinCatalog();
let w: World;
afterEach(async () => w?.close());

async function setUpGithubOAuth(): Promise<void> {
  w.fake.oauth.addClient('switchboard-gh', { provider: 'github', secret: 'gh-client-secret', account: 'sarah' });
  await runAs(w.space, w.sarah, 'admin.setOAuthClient', { connectorId: 'github', 
    clientId: 'switchboard-gh',
    clientSecret: 'gh-client-secret',
    authorizeUrl: `${w.fake.url}/oauth/authorize`,
    tokenUrl: `${w.fake.url}/oauth/token`,
  });
}

/** Play the browser: follow the authorize URL to the loopback redirect. */
async function browse(url: string, tamperState = false): Promise<number> {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (!location) throw new Error(`authorize failed: ${res.status} ${await res.text()}`);
  const target = new URL(location);
  if (tamperState) target.searchParams.set('state', 'forged-state-value-0000000000000000000000000');
  return (await fetch(target)).status;
}

/** Connect with tokens issued straight by the fake server (as if signed in before). */
async function connectIssued(session: TenantSession, account: string): Promise<void> {
  w.fake.oauth.addClient(`client-${account}`, { provider: 'github', account });
  const issued = w.fake.oauth.issue(`client-${account}`, account);
  await connect(session, catalog, {
    connectorId: 'github',
    authType: 'oauth2',
    credentials: { accessToken: issued.access_token, refreshToken: issued.refresh_token, expiresAt: Date.now() + 30_000 },
    baseUrl: w.fake.baseUrl('github'),
  });
  await enableActions(session, catalog, ['github.list_issues']);
}

describe('OAuth sign-in through the loopback redirect', () => {
  it('connects with authorization code + PKCE, and calls with the issued token', async () => {
    w = await world();
    await setUpGithubOAuth();
    expect(JSON.stringify(await listOAuthClients(w.space))).not.toContain('gh-client-secret');
    let status = 0;
    const connection = await connectWithOAuth(w.space, catalog, w.sarah, 'github', {
      baseUrl: w.fake.baseUrl('github'),
      openUrl: (url) => {
        const u = new URL(url);
        expect(u.searchParams.get('code_challenge_method')).toBe('S256');
        expect(u.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
        void browse(url).then((s) => (status = s));
      },
    });
    expect(connection).toMatchObject({ connectorId: 'github', authType: 'oauth2', status: 'connected' });
    await expect.poll(() => status).toBe(200);
    await enableActions(w.sarah, catalog, ['github.list_issues']);
    expect((await w.router.execute(w.sarah, 'github.list_issues', { owner: 'a', repo: 'b' }, { via: 'ui' })).status).toBe('ok');
    expect(w.fake.requestsTo('github').at(-1)!.headers.authorization).toMatch(/^Bearer at-sarah-/);
    // The token request carried the verifier and the client secret, not the other way round.
    const tokenReq = w.fake.requestsTo('oauth', '/token')[0]!;
    expect(tokenReq.body).toMatchObject({ grant_type: 'authorization_code', code_verifier: expect.any(String), client_secret: 'gh-client-secret' });
  });

  it('refuses a redirect with a forged state and keeps waiting for the real one', async () => {
    w = await world();
    await setUpGithubOAuth();
    const statuses: number[] = [];
    await connectWithOAuth(w.space, catalog, w.sarah, 'github', {
      baseUrl: w.fake.baseUrl('github'),
      openUrl: (url) => {
        void (async () => {
          statuses.push(await browse(url, true));
          statuses.push(await browse(url));
        })();
      },
    });
    await expect.poll(() => statuses).toEqual([400, 200]);
  });

  it('says what to do when no OAuth app is set up, and only admins set one', async () => {
    w = await world();
    await expect(connectWithOAuth(w.space, catalog, w.june, 'github', { openUrl: () => undefined })).rejects.toMatchObject({
      code: 'NOT_CONNECTED',
      message: expect.stringMatching(/oauth set github/),
    });
    await expect(runAs(w.space, w.june, 'admin.setOAuthClient', { connectorId: 'github',  clientId: 'x', clientSecret: 'y' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    await expect(runAs(w.space, w.sarah, 'admin.setOAuthClient', { connectorId: 'github',  clientId: 'x' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/secret/) });
  });
});

describe('token refresh', () => {
  it('refreshes an expiring token once for many concurrent calls, and never touches another tenant', async () => {
    w = await world();
    await connectIssued(w.sarah, 'sarah');
    await connectIssued(w.june, 'june');
    // The app's OAuth client for refreshes (client ids differ per fake account here, so set Sarah's).
    await runAs(w.space, w.sarah, 'admin.setOAuthClient', { connectorId: 'github',  clientId: 'client-sarah', clientSecret: 'unused-secret', tokenUrl: `${w.fake.url}/oauth/token`, authorizeUrl: `${w.fake.url}/oauth/authorize` });
    w.fake.oauth.clients.get('client-sarah')!.secret = 'unused-secret';
    w.fake.oauth.refreshDelayMs = 200;
    const juneBefore = await getConnection(w.june, catalog, 'github');
    const calls = Array.from({ length: 10 }, () => w.router.execute(w.sarah, 'github.list_issues', { owner: 'a', repo: 'b' }, { via: 'ui' }));
    const results = await Promise.all(calls);
    expect(results.every((r) => r.status === 'ok')).toBe(true);
    expect(w.fake.oauth.refreshCount.get('sarah')).toBe(1);
    expect(w.fake.oauth.refreshCount.get('june')).toBeUndefined();
    expect((await getConnection(w.june, catalog, 'github')).updatedAt).toBe(juneBefore.updatedAt);
    // The refreshed token is stored: the next call does not refresh again.
    await w.router.execute(w.sarah, 'github.list_issues', { owner: 'a', repo: 'b' }, { via: 'ui' });
    expect(w.fake.oauth.refreshCount.get('sarah')).toBe(1);
  });

  it('a refresh that fails marks the connection AUTH_REQUIRED, and the call says so', async () => {
    w = await world();
    await connectIssued(w.sarah, 'sarah');
    await runAs(w.space, w.sarah, 'admin.setOAuthClient', { connectorId: 'github',  clientId: 'client-sarah', clientSecret: 's', tokenUrl: `${w.fake.url}/oauth/token`, authorizeUrl: `${w.fake.url}/oauth/authorize` });
    w.fake.oauth.failRefresh = true;
    await expect(w.router.execute(w.sarah, 'github.list_issues', { owner: 'a', repo: 'b' }, { via: 'ui' })).rejects.toMatchObject({ code: 'AUTH_REQUIRED', message: expect.stringMatching(/reconnect/) });
    expect(await getConnection(w.sarah, catalog, 'github')).toMatchObject({ status: 'auth_required' });
  });

  it('a 401 on a token thought valid triggers one refresh and a retry', async () => {
    w = await world();
    await connectIssued(w.sarah, 'sarah');
    await runAs(w.space, w.sarah, 'admin.setOAuthClient', { connectorId: 'github',  clientId: 'client-sarah', clientSecret: 's', tokenUrl: `${w.fake.url}/oauth/token`, authorizeUrl: `${w.fake.url}/oauth/authorize` });
    w.fake.oauth.clients.get('client-sarah')!.secret = 's';
    // Refresh once so the stored token is far from expiry, then revoke it at the provider.
    w.fake.oauth.expiresInSeconds = 3600;
    await w.router.execute(w.sarah, 'github.list_issues', { owner: 'a', repo: 'b' }, { via: 'ui' });
    const current = w.fake.requestsTo('github').at(-1)!.headers.authorization!.slice('Bearer '.length);
    w.fake.tokens.delete(current);
    expect((await w.router.execute(w.sarah, 'github.list_issues', { owner: 'a', repo: 'b' }, { via: 'ui' })).status).toBe('ok');
    expect(w.fake.oauth.refreshCount.get('sarah')).toBe(2);
  });
});
