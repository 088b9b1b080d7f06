// Attacks 5, 7 and 8: a provider that echoes the credential in every place an answer can carry it;
// path parameters that climb out of their resource; redirects and answers of the wrong shape.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinCatalog, connect, connectWithOAuth, enableActions, listConnections } from '../../src/engine/index.js';
import { runAs } from '../helpers.js';
import { createMcpServer } from '../../src/engine/mcp/mcp-server.js';
import { PATH_PLACEHOLDER } from '../../src/engine/connectors/definition.js';
import type { JsonSchema } from '../../src/shared/json-schema.js';
import { world, type World } from '../integration/router-helpers.js';

const catalog = builtinCatalog();
let w: World;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await w?.close();
});

/** A provider that reflects the Authorization header it received (a whoami or debug endpoint). */
async function echoServer(shape: (auth: string) => unknown): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(shape(req.headers.authorization ?? ''))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A minimal value of a schema: what a valid input might hold, to reach the request builder. */
function sample(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((k) => [k, sample(schema.properties?.[k] ?? {})]));
    case 'array':
      return [sample(schema.items ?? { type: 'string' })];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return schema.format === 'email' ? 'ann@example.com' : schema.format === 'date-time' ? '2026-01-01T00:00:00Z' : 'x';
  }
}

const KEY = 'lin_api_SECRETSECRETSECRETSECRET0123456789';

async function linear(): Promise<void> {
  w.fake.addToken('linear', KEY, 'sarah');
  await connect(w.sarah, catalog, { connectorId: 'linear', authType: 'api_key', credentials: { apiKey: KEY }, baseUrl: w.fake.baseUrl('linear') });
  await enableActions(w.sarah, catalog, ['linear.list_issues', 'linear.create_issue'], 'allow');
}
const listIssues = () => w.router.execute(w.sarah, 'linear.list_issues', {}, { via: 'ui' });

/** Everywhere the key could surface: the error's message and details, the stored status, the listing. */
async function seenAnywhere(err: unknown): Promise<string> {
  return JSON.stringify([err, (err as Error).message, await listConnections(w.sarah, catalog)]);
}

describe('provider answers that echo the credential', () => {
  it('the AUTH_REQUIRED path (a GraphQL error quoting the key) keeps it out of the error, the status and the listing', async () => {
    w = await world();
    await linear();
    w.fake.script({ provider: 'linear', times: 1, respond: { status: 200, body: { errors: [{ message: `Authentication failed for key ${KEY}`, extensions: { code: 'AUTHENTICATION_ERROR' } }] } } });
    const err = await listIssues().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AUTH_REQUIRED' });
    const seen = await seenAnywhere(err);
    expect(seen).not.toContain(KEY);
    expect(seen).not.toContain(KEY.slice(0, 20));
    expect((await listConnections(w.sarah, catalog))[0]).toMatchObject({ status: 'auth_required', statusDetail: expect.stringContaining('[redacted]') });
  });

  it('an error body quoting the key at the 300-character cut keeps no piece of it', async () => {
    w = await world();
    await linear();
    const message = 'x'.repeat(290) + KEY + ' trailing';
    w.fake.script({ provider: 'linear', times: 1, respond: { status: 400, body: { message } } });
    const err = await listIssues().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UPSTREAM_ERROR' });
    expect(await seenAnywhere(err)).not.toContain(KEY.slice(0, 12));
  });

  it('a successful JSON answer quoting the key comes back without it, also through MCP', async () => {
    w = await world();
    await linear();
    const echo = { data: { issues: { nodes: [{ id: 'i1', identifier: 'ENG-1', title: `token is ${KEY}`, url: 'https://linear.app/x', state: { name: 'Todo' } }], pageInfo: { hasNextPage: false, endCursor: null } } } };
    w.fake.script({ provider: 'linear', times: 2, respond: { status: 200, body: echo } });
    const result = await listIssues();
    expect(JSON.stringify(result)).not.toContain(KEY);
    const { server, close } = createMcpServer({ space: w.space, session: w.sarah });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(b);
    const client = new Client({ name: 'agent', version: '1' });
    await client.connect(a);
    const called = await client.callTool({ name: 'linear_list_issues', arguments: {} });
    expect(JSON.stringify(called)).not.toContain(KEY);
    await client.close();
    await close();
  });

  it('an MCP tool error quoting the key (isError text) keeps it out', async () => {
    w = await world();
    await linear();
    w.fake.script({ provider: 'linear', times: 1, respond: { status: 500, body: { errors: [{ message: `server error near ${KEY}` }] } } });
    const { server, close } = createMcpServer({ space: w.space, session: w.sarah });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(b);
    const client = new Client({ name: 'agent', version: '1' });
    await client.connect(a);
    const called = await client.callTool({ name: 'linear_create_issue', arguments: { teamId: 'team-1', title: 'x' } });
    expect(called.isError).toBe(true);
    expect(JSON.stringify(called)).not.toContain(KEY);
    await client.close();
    await close();
  });
});

describe('requests', () => {
  it('refuses ".", ".." and empty path parameters for every action of every connector, sending nothing', async () => {
    w = await world();
    const before = w.fake.requests.length;
    let checked = 0;
    for (const action of catalog.actions()) {
      const names = [...action.action.request.path.matchAll(PATH_PLACEHOLDER)].map((m) => m[1]!);
      for (const name of names) {
        for (const bad of ['..', '.', '']) {
          const { buildRequest } = await import('../../src/engine/router/build-request.js');
          const input = { ...(sample(action.action.input) as Record<string, unknown>), [name]: bad };
          expect(() => buildRequest(action, input), `${action.id} ${name}=${JSON.stringify(bad)}`).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
    // Through the router, with a valid input otherwise: github.create_issue with repo "..".
    w.fake.addToken('github', 'ghp_climbclimbclimbclimb000000000000', 'sarah');
    await connect(w.sarah, catalog, { connectorId: 'github', authType: 'bearer', credentials: { token: 'ghp_climbclimbclimbclimb000000000000' }, baseUrl: w.fake.baseUrl('github') });
    await enableActions(w.sarah, catalog, ['github.create_issue']);
    await expect(w.router.execute(w.sarah, 'github.create_issue', { owner: 'octo', repo: '..', title: 'x' }, { via: 'ui' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(w.fake.requests.length).toBe(before);
  });

  it('a redirect is an UPSTREAM_ERROR with its status, never followed and never "ok"', async () => {
    w = await world();
    await linear();
    for (const status of [307, 302]) {
      w.fake.script({ provider: 'linear', times: 1, respond: { status, headers: { location: 'http://127.0.0.1:9/elsewhere' }, body: '' } });
      await expect(w.router.execute(w.sarah, 'linear.create_issue', { teamId: 'team-1', title: 'x' }, { via: 'ui' })).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', details: { status } });
    }
  });

  it('an answer of the wrong shape is an UPSTREAM_ERROR saying so, not INTERNAL', async () => {
    w = await world();
    await linear();
    w.fake.script({ provider: 'linear', times: 1, respond: { status: 200, body: { data: { issues: { nodes: { not: 'an array' } } } } } });
    await expect(listIssues()).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', message: expect.stringMatching(/shape/) });
  });
});

describe('echoes of credentials in the form they travel in', () => {
  it('scrubs the access token a refresh brought in the middle of the call', async () => {
    w = await world();
    const base = await echoServer((auth) => [{ number: 1, title: `you are ${auth}`, state: 'open', html_url: 'https://x' }]);
    w.fake.oauth.addClient('switchboard-gh', { provider: 'github', secret: 'gh-client-secret', account: 'sarah' });
    await runAs(w.space, w.sarah, 'admin.setOAuthClient', {
      connectorId: 'github',
      clientId: 'switchboard-gh',
      clientSecret: 'gh-client-secret',
      authorizeUrl: `${w.fake.url}/oauth/authorize`,
      tokenUrl: `${w.fake.url}/oauth/token`,
    });
    w.fake.oauth.expiresInSeconds = 30; // inside the refresh margin: the call refreshes first
    await connectWithOAuth(w.space, catalog, w.sarah, 'github', {
      baseUrl: base,
      openUrl: (url) => void fetch(url, { redirect: 'manual' }).then((res) => fetch(res.headers.get('location')!)),
    });
    await enableActions(w.sarah, catalog, ['github.list_issues']);
    const result = await w.router.execute(w.sarah, 'github.list_issues', { owner: 'a', repo: 'b' }, { via: 'mcp:agent' });
    expect(w.fake.oauth.refreshCount.get('sarah')).toBe(1);
    const text = JSON.stringify(result.status === 'ok' ? result.output : result);
    expect(text).toContain('you are Bearer [redacted]');
    expect(text).not.toMatch(/at-sarah-/);
  });

  it('scrubs Basic credentials echoed as base64, and a token echoed URL-encoded', async () => {
    w = await world();
    const base = await echoServer((auth) => ({ headers: { Authorization: auth }, query: encodeURIComponent('p@ss word/+=Hunter2') }));
    await connect(w.sarah, catalog, { connectorId: 'http', authType: 'basic', credentials: { username: 'sarah@acme.test', password: 'p@ss word/+=Hunter2' }, baseUrl: base });
    await enableActions(w.sarah, catalog, ['http.get']);
    const result = await w.router.execute(w.sarah, 'http.get', { path: '/anything' }, { via: 'mcp:agent' });
    const text = JSON.stringify(result.status === 'ok' ? result.output : result);
    expect(text).not.toContain(Buffer.from('sarah@acme.test:p@ss word/+=Hunter2').toString('base64'));
    expect(text).not.toContain(encodeURIComponent('p@ss word/+=Hunter2'));
    expect(text).toContain('[redacted]');
  });
});
