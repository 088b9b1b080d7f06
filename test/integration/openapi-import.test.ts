// Custom connectors from OpenAPI documents: imported by an admin, signed, then connected, enabled
// and called by each profile through the one router, against fakes that check each request the
// way the document declares it.
import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogFor, connectWithOAuth, type TenantSession } from '../../src/engine/index.js';
import { createMcpServer } from '../../src/engine/mcp/mcp-server.js';
import { FakeApis } from '../fixtures/fake-saas/openapi-apis.js';
import { largeDocument } from '../fixtures/openapi/large.js';
import { runAs, tempDir, removeDir } from '../helpers.js';
import { world, type World } from './router-helpers.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'openapi');
const file = (name: string) => ({ file: join(FIXTURES, name) });

let w: World;
let apis: FakeApis;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await apis?.stop();
  await w?.close();
});

async function setup(): Promise<void> {
  w = await world();
  apis = await FakeApis.start();
}

async function connectBearer(session: TenantSession, connectorId: string, token: string, account: string, base: string): Promise<void> {
  apis.accounts.set(token, account);
  await runAs(w.space, session, 'connections.connect', { connectorId, authType: 'bearer', credentials: { token }, baseUrl: `${apis.url}${base}` });
}

const run = (session: TenantSession, actionId: string, input: unknown) => runAs(w.space, session, 'actions.run', { actionId, input });
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`,
  );
/** Play the browser: follow the authorize URL to the loopback redirect. */
async function browse(url: string): Promise<number> {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (!location) throw new Error(`authorize failed: ${res.status} ${await res.text()}`);
  return (await fetch(location)).status;
}
const rows = async () => (await w.space.registry.get<{ n: number }>('SELECT count(*) AS n FROM custom_connector'))!.n;

describe('importing an OpenAPI document as a connector', () => {
  it('a 3.1 API with bearer auth: each profile connects and calls it through the router, as the document declares', async () => {
    await setup();
    const imported = await runAs(w.space, w.sarah, 'admin.importOpenApi', { source: file('notes-3.1.yaml'), id: 'notes' });
    expect(imported.change.saved).toBe(true);
    expect(imported.connector).toMatchObject({ baseUrl: 'https://notes.example.com/v2', auth: ['bearer'] });
    expect(imported.connector.actions.map((a) => [a.id, a.kind, a.deprecated])).toEqual([
      ['list_notes', 'read', false],
      ['create_note', 'write', false],
      ['get_note', 'read', false],
      ['delete_note', 'write', true],
      ['get_health', 'read', false],
    ]);
    expect(imported.report.unsupportedAuth).toEqual([expect.stringMatching(/^clientCert: mutual TLS/)]);

    await connectBearer(w.june, 'notes', 'tok-june', 'june', '/v2');
    await connectBearer(w.sarah, 'notes', 'tok-sarah', 'sarah', '/v2');
    // Actions are off until enabled, as for built-ins.
    expect(await errorOf(run(w.june, 'notes.list_notes', {}))).toMatch(/^ACTION_DISABLED/);
    await runAs(w.space, w.june, 'actions.setEnabled', { actionIds: ['notes.create_note', 'notes.list_notes', 'notes.get_note'], enabled: true });
    await runAs(w.space, w.sarah, 'actions.setEnabled', { actionIds: ['notes.list_notes'], enabled: true });

    const created = await run(w.june, 'notes.create_note', { 'Idempotency-Key': 'k-1', body: { title: 'Groceries', tags: ['home'] } });
    expect(created).toMatchObject({ status: 'ok', output: { id: 'n1', title: 'Groceries', tags: ['home'] } });
    const post = apis.seen.find((r) => r.method === 'POST')!;
    expect(post).toMatchObject({ path: '/v2/notes', account: 'june', headers: { 'idempotency-key': 'k-1', authorization: 'Bearer tok-june' } });
    expect(JSON.parse(post.body)).toEqual({ title: 'Groceries', tags: ['home'] });

    const listed = await run(w.june, 'notes.list_notes', { limit: 5, tag: 'home' });
    expect(listed).toMatchObject({ output: { notes: [{ id: 'n1' }] } });
    expect(apis.seen.at(-1)).toMatchObject({ method: 'GET', path: '/v2/notes', query: { limit: ['5'], tag: ['home'] } });
    // Two profiles' credentials stay apart: Sarah's token reaches Sarah's notes.
    expect(await run(w.sarah, 'notes.list_notes', {})).toMatchObject({ output: { notes: [] } });
    expect(apis.seen.at(-1)).toMatchObject({ account: 'sarah', headers: { authorization: 'Bearer tok-sarah' } });

    // Inputs are checked against the imported schema; path values are encoded, `.` and `..` refused.
    const ownerError = await errorOf(run(w.june, 'notes.create_note', { 'Idempotency-Key': 'k-2', body: { title: 'x', owner: 'me' } }));
    expect(ownerError, ownerError).toMatch(/^INVALID_INPUT: .*Owner: This field is not known here/);
    expect(await errorOf(run(w.june, 'notes.create_note', { 'Idempotency-Key': 'a\r\nX-Evil: 1', body: { title: 'x' } }))).toMatch(/^INVALID_INPUT/);
    expect(await errorOf(run(w.june, 'notes.get_note', { noteId: '..' }))).toMatch(/^INVALID_INPUT: noteId cannot be "\.\."/);
    const before = apis.seen.length;
    expect(await errorOf(run(w.june, 'notes.get_note', { noteId: 'a/../b' }))).toMatch(/^UPSTREAM_ERROR/);
    expect(apis.seen.slice(before).map((r) => r.path)).toEqual(['/v2/notes/a%2F..%2Fb']);
  });

  it('Swagger 2.0 with an API key in the query, repeated query values and a form body', async () => {
    await setup();
    const imported = await runAs(w.space, w.sarah, 'admin.importOpenApi', { source: file('petstore-2.0.json'), id: 'pets' });
    expect(imported.connector).toMatchObject({ baseUrl: 'https://pets.example.com/api', auth: ['api_key'] });
    apis.accounts.set('key-june', 'june');
    await runAs(w.space, w.june, 'connections.connect', { connectorId: 'pets', authType: 'api_key', credentials: { apiKey: 'key-june' }, baseUrl: `${apis.url}/api` });
    await runAs(w.space, w.june, 'actions.setEnabled', { actionIds: ['pets.find_pets_by_status', 'pets.update_pet_with_form'], enabled: true });
    const found = await run(w.june, 'pets.find_pets_by_status', { status: ['available', 'sold'] });
    expect(found).toMatchObject({ output: [{ name: 'june-pet-available' }, { name: 'june-pet-sold' }] });
    expect(apis.seen.at(-1)).toMatchObject({ path: '/api/pets', query: { status: ['available', 'sold'], api_key: ['key-june'] } });
    expect(apis.seen.at(-1)!.headers.authorization).toBeUndefined();
    expect(await errorOf(run(w.june, 'pets.find_pets_by_status', { status: ['lost'] }))).toMatch(/^INVALID_INPUT/);
    await run(w.june, 'pets.update_pet_with_form', { petId: 7, body: { name: 'Rex', status: 'sold' } });
    expect(apis.seen.at(-1)).toMatchObject({ method: 'POST', path: '/api/pets/7', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=Rex&status=sold' });
  });

  it('3.0 with OAuth 2.0 and $ref-heavy bodies (components, another local file, allOf): scopes per action, unsupported flows reported', async () => {
    await setup();
    const dry = await runAs(w.space, w.sarah, 'admin.importOpenApi', { source: file('crm-3.0.yaml'), id: 'crm', dryRun: true });
    expect(dry.change.saved).toBe(false);
    expect(await rows()).toBe(0);
    expect(dry.report.unsupportedAuth).toEqual([expect.stringMatching(/^oidc: OpenID Connect/)]);
    await runAs(w.space, w.sarah, 'admin.importOpenApi', { source: file('crm-3.0.yaml'), id: 'crm' });
    const shown = await runAs(w.space, w.june, 'catalog.show', { connectorId: 'crm' });
    expect(shown.auth).toEqual(['client_credentials', 'oauth2']);
    const update = shown.actions.find((a) => a.id === 'crm.update_contact')!;
    expect(update).toMatchObject({ kind: 'write', scopes: ['contacts.write'], destructive: true });
    expect(update.input).toMatchObject({
      required: ['contactId', 'body'],
      properties: {
        body: {
          additionalProperties: false,
          required: ['email'],
          properties: { email: { type: 'string', format: 'email' }, phone: { type: ['string', 'null'] }, address: { required: ['city'] }, stage: { enum: ['lead', 'customer'] } },
        },
      },
    });
    expect(shown.actions.find((a) => a.id === 'crm.get_contact')).toMatchObject({ kind: 'read', scopes: ['contacts.read'], outputSchema: { required: ['email', 'id'] } });

    // Client credentials: each profile its own client; the token comes from the endpoint recorded at connect, once, and is renewed on a 401.
    apis.clients.set('june-client', { secret: 'june-secret-000', account: 'june' });
    await runAs(w.space, w.june, 'connections.connect', { connectorId: 'crm', authType: 'client_credentials', credentials: { clientId: 'june-client', clientSecret: 'june-secret-000' }, baseUrl: `${apis.url}/api` });
    await runAs(w.space, w.june, 'actions.setEnabled', { actionIds: ['crm.update_contact'], enabled: true });
    const body = { email: 'ada@example.com', address: { city: 'London' }, stage: 'customer' };
    expect(await run(w.june, 'crm.update_contact', { contactId: 'c-1', body })).toMatchObject({ output: { id: 'c-1', email: 'ada@example.com' } });
    const tokenCalls = () => apis.seen.filter((r) => r.path === '/api/oauth/token');
    expect(tokenCalls()).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(tokenCalls()[0]!.body))).toEqual({ grant_type: 'client_credentials', scope: 'contacts.write contacts.read' });
    expect(apis.seen.at(-1)).toMatchObject({ method: 'PATCH', path: '/api/contacts/c-1', account: 'june', headers: { authorization: 'Bearer cc-june-1' } });
    expect(JSON.parse(apis.seen.at(-1)!.body)).toEqual(body);
    await run(w.june, 'crm.update_contact', { contactId: 'c-1', body });
    expect(tokenCalls()).toHaveLength(1);
    apis.accounts.delete('cc-june-1'); // the provider revokes the token
    await run(w.june, 'crm.update_contact', { contactId: 'c-2', body });
    expect(tokenCalls()).toHaveLength(2);
    expect(apis.seen.at(-1)).toMatchObject({ path: '/api/contacts/c-2', headers: { authorization: 'Bearer cc-june-2' } });
    expect(await errorOf(run(w.june, 'crm.update_contact', { contactId: 'c-3', body: { ...body, address: {} } }))).toMatch(/^INVALID_INPUT: .*city/);
    // A wrong secret is refused at connect when the connector has a test call, and at the first call here: reconnect.
    await runAs(w.space, w.june, 'connections.connect', { connectorId: 'crm', authType: 'client_credentials', credentials: { clientId: 'june-client', clientSecret: 'wrong-secret-00' }, baseUrl: `${apis.url}/api` });
    expect(await errorOf(run(w.june, 'crm.update_contact', { contactId: 'c-1', body }))).toMatch(/^AUTH_REQUIRED: .*refused the client id and secret/);
  });

  it('an imported OAuth 2.0 authorization-code connector signs in with PKCE through the space’s OAuth app, then calls with the issued token', async () => {
    await setup();
    await runAs(w.space, w.sarah, 'admin.importOpenApi', { source: file('crm-3.0.yaml'), id: 'crm', auth: ['oauth'] });
    w.fake.oauth.addClient('switchboard-crm', { provider: 'crm', secret: 'crm-client-secret', account: 'june' });
    await runAs(w.space, w.sarah, 'admin.setOAuthClient', {
      connectorId: 'crm',
      clientId: 'switchboard-crm',
      clientSecret: 'crm-client-secret',
      authorizeUrl: `${w.fake.url}/oauth/authorize`,
      tokenUrl: `${w.fake.url}/oauth/token`,
    });
    apis.trust(w.fake.tokens, 'crm');
    let status = 0;
    let asked: URL | undefined;
    const connection = await connectWithOAuth(w.space, await catalogFor(w.space, w.june), w.june, 'crm', {
      baseUrl: `${apis.url}/api`,
      openUrl: (url) => {
        asked = new URL(url);
        void browse(url).then((s) => (status = s));
      },
    });
    expect(connection).toMatchObject({ connectorId: 'crm', authType: 'oauth2', status: 'connected' });
    await expect.poll(() => status).toBe(200);
    expect(asked!.searchParams.get('code_challenge_method')).toBe('S256');
    expect(asked!.searchParams.get('scope')).toBe('contacts.write contacts.read');
    await runAs(w.space, w.june, 'actions.setEnabled', { actionIds: ['crm.get_contact'], enabled: true });
    expect(await run(w.june, 'crm.get_contact', { contactId: 'c-9' })).toMatchObject({ output: { id: 'c-9' } });
    expect(apis.seen.at(-1)).toMatchObject({ path: '/api/contacts/c-9', account: 'june', headers: { authorization: expect.stringMatching(/^Bearer at-june-/) } });
    expect(w.fake.requestsTo('oauth', '/token')[0]!.body).toMatchObject({ grant_type: 'authorization_code', code_verifier: expect.any(String) });
  });

  it('a generated document with 520 operations imports whole, and MCP lists enabled actions with their input and output schemas', async () => {
    await setup();
    const imported = await runAs(w.space, w.sarah, 'admin.importOpenApi', { source: { text: JSON.stringify(largeDocument(520)), name: 'large.json' }, id: 'large' });
    expect(imported.connector.actions).toHaveLength(520);
    expect((await runAs(w.space, w.june, 'catalog.show', { connectorId: 'large' })).actions).toHaveLength(520);

    await runAs(w.space, w.sarah, 'admin.importOpenApi', { source: file('notes-3.1.yaml'), id: 'notes' });
    await connectBearer(w.june, 'notes', 'tok-june', 'june', '/v2');
    await runAs(w.space, w.june, 'actions.setEnabled', { actionIds: ['notes.create_note', 'notes.list_notes'], enabled: true, mode: 'allow' });
    const { server, close } = createMcpServer({ space: w.space, session: w.june, pollMs: 200 });
    const [ct, st] = InMemoryTransport.createLinkedPair();
    await server.connect(st);
    const client = new Client({ name: 'agent', version: '1.0.0' });
    await client.connect(ct);
    closers.push(async () => {
      await client.close();
      await close();
    });
    const tools = (await client.listTools()).tools;
    expect(tools.map((t) => t.name).sort()).toEqual(['notes_create_note', 'notes_list_notes']);
    expect(tools.find((t) => t.name === 'notes_create_note')).toMatchObject({
      inputSchema: { type: 'object', required: ['Idempotency-Key', 'body'], properties: { body: { required: ['title'] } } },
      outputSchema: { type: 'object', required: ['id', 'title'] },
      annotations: { readOnlyHint: false, destructiveHint: false },
    });
    const called = await client.callTool({ name: 'notes_create_note', arguments: { 'Idempotency-Key': 'm-1', body: { title: 'From an agent' } } });
    expect(called.isError).toBeFalsy();
    expect(called.structuredContent).toMatchObject({ title: 'From an agent' });
  });
});

describe('bad documents get a clear error and save nothing', () => {
  it.each([
    ['not-openapi.json', /is not an OpenAPI document: it has no "openapi"/],
    ['invalid-3.0.yaml', /is not a valid OpenAPI 3\.0 document: .*info must have required property 'version'/],
    ['cyclic-3.0.yaml', /POST \/trees: body: children\[\]: the schema refers to itself/],
    ['colliding-3.0.yaml', /Two operations would both become the action odd\.get_thing: GET \/a \(operationId getThing\) and GET \/b \(operationId get_thing\)/],
    ['network-ref-3.0.yaml', /a \$ref points at the network/],
  ])('%s', async (name, message) => {
    await setup();
    expect(await errorOf(runAs(w.space, w.sarah, 'admin.importOpenApi', { source: file(name), id: 'odd' }))).toMatch(new RegExp(`^INVALID_INPUT: .*${message.source}`));
    expect(await rows()).toBe(0);
  });

  it('a document over 50 MB is refused before it is read; a missing file is NOT_FOUND', async () => {
    await setup();
    const dir = await tempDir();
    const huge = join(dir, 'huge.json');
    await writeFile(huge, '{}');
    await truncate(huge, 51 * 1024 * 1024);
    expect(await errorOf(runAs(w.space, w.sarah, 'admin.importOpenApi', { source: { file: huge }, id: 'huge' }))).toMatch(/^INVALID_INPUT: .*huge\.json is 51 MB; Switchboard reads documents up to 50 MB/);
    expect(await errorOf(runAs(w.space, w.sarah, 'admin.importOpenApi', { source: { file: join(dir, 'nope.yaml') }, id: 'huge' }))).toMatch(/^NOT_FOUND/);
    expect(await errorOf(runAs(w.space, w.sarah, 'admin.importOpenApi', { source: file('notes-3.1.yaml'), id: 'slack' }))).toMatch(/^CONFLICT: slack is a built-in connector/);
    expect(await rows()).toBe(0);
    await removeDir(dir);
  });
});
