// The OpenAPI mapping and the declarative format, pure: document in, connector out.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compileConnector } from '../../src/engine/connectors/custom/compile.js';
import { CONNECTOR_FORMAT_SCHEMA, type CustomConnector } from '../../src/engine/connectors/custom/format.js';
import { SchemaProblem, convertSchema } from '../../src/engine/connectors/openapi/convert-schema.js';
import { mapOpenApi, serverUrls } from '../../src/engine/connectors/openapi/map-openapi.js';
import { maxActionIdLength, sanitizeId } from '../../src/engine/connectors/openapi/operations.js';
import { importOpenApi } from '../../src/engine/connectors/openapi/import-openapi.js';
import { largeDocument } from '../fixtures/openapi/large.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'openapi');
const doc = (extra: Record<string, unknown>) => ({ openapi: '3.0.3', info: { title: 'T', version: '1' }, servers: [{ url: 'https://t.example.com' }], paths: {}, ...extra });
const invalid = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

describe('action ids', () => {
  it('come from operationId in snake_case, else method and path, within the MCP tool-name limit with the connector prefix', () => {
    expect(sanitizeId('listPetsByOwner', 40)).toBe('list_pets_by_owner');
    expect(sanitizeId('get_/pets/{id}/HTMLPage', 40)).toBe('get_pets_id_html_page');
    expect(sanitizeId('2fa.verify', 40)).toBe('op_2fa_verify');
    const connector = 'a_rather_long_connector_id_here';
    const max = maxActionIdLength(connector);
    expect(`${connector}_${'x'.repeat(max)}`.length).toBe(64);
    expect(sanitizeId('aVeryLongOperationIdThatGoesOnAndOnForeverAndEver', max).length).toBeLessThanOrEqual(max);
  });

  it('two operations that become one id are an error naming both', () => {
    const d = doc({ paths: { '/a': { get: { operationId: 'fetchIt', responses: { 200: { description: 'ok' } } } }, '/b': { post: { operationId: 'fetch_it', responses: { 200: { description: 'ok' } } } } } });
    expect(invalid(() => mapOpenApi(d, '3.0', { id: 'x' }))).toMatch(/GET \/a \(operationId fetchIt\) and POST \/b \(operationId fetch_it\)/);
    // Choosing one of them is the way out.
    expect(mapOpenApi(d, '3.0', { id: 'x', select: ['fetchIt'] }).connector.actions.map((a) => a.id)).toEqual(['fetch_it']);
  });
});

describe('servers and auth', () => {
  it('fills server variables with their defaults; several servers need --base-url, which must be https', () => {
    expect(serverUrls(doc({ servers: [{ url: 'https://{region}.api.example.com/{v}/', variables: { region: { default: 'eu' }, v: { default: 'v1' } } }] }), '3.0')).toEqual(['https://eu.api.example.com/v1']);
    const two = doc({ servers: [{ url: 'https://a.example.com' }, { url: 'https://b.example.com' }], paths: { '/x': { get: { responses: { 200: { description: 'ok' } } } } } });
    expect(invalid(() => mapOpenApi(two, '3.0', { id: 'x' }))).toMatch(/lists 2 servers; choose one with --base-url: https:\/\/a\.example\.com, https:\/\/b\.example\.com/);
    expect(mapOpenApi(two, '3.0', { id: 'x', baseUrl: 'https://b.example.com/' }).connector.baseUrl).toBe('https://b.example.com');
    expect(invalid(() => mapOpenApi(two, '3.0', { id: 'x', baseUrl: 'http://b.example.com' }))).toMatch(/must be https/);
    expect(serverUrls({ swagger: '2.0', host: 'h.example.com', basePath: '/v2', schemes: ['http', 'https'] } as never, '2.0')).toEqual(['https://h.example.com/v2']);
  });

  it('maps API keys (header, query, cookie), bearer, basic and OAuth 2.0 authorization code with PKCE; reports the rest', () => {
    const d = doc({
      paths: { '/x': { get: { security: [{ o: ['read'] }], responses: { 200: { description: 'ok' } } } } },
      components: {
        securitySchemes: {
          k: { type: 'apiKey', in: 'cookie', name: 'session' },
          b: { type: 'http', scheme: 'bearer' },
          u: { type: 'http', scheme: 'basic' },
          d: { type: 'http', scheme: 'digest' },
          o: { type: 'oauth2', flows: { authorizationCode: { authorizationUrl: '/oauth/authorize', tokenUrl: 'https://t.example.com/oauth/token', scopes: { read: 'r' } }, implicit: { authorizationUrl: 'https://x', scopes: {} } } },
        },
      },
    });
    const { connector, report } = mapOpenApi(d, '3.0', { id: 'x' });
    expect(connector.auth).toEqual([
      { type: 'api_key', label: 'k', in: 'cookie', name: 'session', prefix: '' },
      { type: 'bearer', label: 'b' },
      { type: 'basic', usernameLabel: 'Username', passwordLabel: 'Password' },
      { type: 'oauth2', authorizeUrl: 'https://t.example.com/oauth/authorize', tokenUrl: 'https://t.example.com/oauth/token', scopes: ['read'], clientSecret: 'optional', pkce: true },
    ]);
    expect(connector.actions[0]!.scopes).toEqual(['read']);
    expect(report.unsupportedAuth).toEqual(['d: http digest is not supported', expect.stringMatching(/^o: OAuth 2\.0 implicit flow/)]);
    // The admin chooses the schemes the connector offers, by their names in the document.
    expect(mapOpenApi(d, '3.0', { id: 'x', auth: ['b', 'u'] }).connector.auth.map((a) => a.type)).toEqual(['bearer', 'basic']);
    expect(invalid(() => mapOpenApi(d, '3.0', { id: 'x', auth: ['nope'] }))).toMatch(/No security scheme "nope" in the document; it has k, b, u, d, o/);
  });
});

describe('operations to actions', () => {
  it('kinds follow the method, overridable; inputs are path, query and header parameters plus the body, bounded and closed', () => {
    const d = doc({
      paths: {
        '/items/{item-id}': {
          parameters: [{ name: 'item-id', in: 'path', required: true, schema: { type: 'string' } }],
          get: { operationId: 'getItem', parameters: [{ name: 'fields', in: 'query', schema: { type: 'array', items: { type: 'string' } } }, { name: 'Authorization', in: 'header', schema: { type: 'string' } }], responses: { 200: { description: 'ok' } } },
          post: { operationId: 'searchItems', requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { q: { type: 'string' }, id: { type: 'string', readOnly: true } } } } } }, responses: { 200: { description: 'ok' } } },
        },
      },
    });
    const { connector } = mapOpenApi(d, '3.0', { id: 'x', kinds: { search_items: 'read' } });
    const [get, search] = connector.actions;
    expect(get).toMatchObject({ kind: 'read', request: { method: 'GET', path: '/items/{item-id}', params: [{ name: 'item-id', in: 'path', field: 'item-id' }, { name: 'fields', in: 'query', field: 'fields' }] } });
    expect(get!.input).toEqual({
      type: 'object',
      properties: { 'item-id': { type: 'string', maxLength: 1000, minLength: 1 }, fields: { type: 'array', items: { type: 'string', maxLength: 10000 }, maxItems: 1000 } },
      required: ['item-id'],
      additionalProperties: false,
    });
    expect(search).toMatchObject({ kind: 'read', input: { properties: { body: { type: 'object', properties: { q: { type: 'string', maxLength: 10000 } }, additionalProperties: false } } } });
    expect(search!.input.properties!.body!.properties!.id).toBeUndefined();
  });

  it('a cyclic schema is an error naming where; conversion is bounded, never endless', () => {
    const node: Record<string, unknown> = { type: 'object', properties: { name: { type: 'string' } } };
    (node.properties as Record<string, unknown>).child = node;
    expect(() => convertSchema(node, { mode: 'input', where: 'POST /tree: body' })).toThrow(SchemaProblem);
    expect(invalid(() => convertSchema(node, { mode: 'input', where: 'POST /tree: body' }))).toMatch(/^POST \/tree: body: child: the schema refers to itself/);
  });

  it('a 1,000-operation document maps in one pass, each action checked', () => {
    const { connector } = mapOpenApi(largeDocument(1000) as never, '3.0', { id: 'large' });
    expect(connector.actions).toHaveLength(1000);
    expect(compileConnector(connector).actions).toHaveLength(1000);
  });

  it('local-file $refs resolve beside the document (and stay out of the connector as refs)', async () => {
    const { connector } = await importOpenApi({ file: join(FIXTURES, 'crm-3.0.yaml') }, { id: 'crm' });
    expect(JSON.stringify(connector)).not.toContain('$ref');
  });
});

describe('the declarative format', () => {
  it('is published as docs/connector.schema.json', async () => {
    expect(JSON.parse(await readFile(join(import.meta.dirname, '..', '..', 'docs', 'connector.schema.json'), 'utf8'))).toEqual(CONNECTOR_FORMAT_SCHEMA);
  });

  it('a hand-written connector compiles; its requests put each field where it says', async () => {
    const def = compileConnector(parseYaml(await readFile(join(FIXTURES, 'status-board.connector.yaml'), 'utf8')));
    const post = def.actions.find((a) => a.id === 'post_update')!;
    expect(post.request.build!({ incident: 'in 1', body: { text: 'Fixed' } })).toEqual({ method: 'POST', path: '/incidents/in%201/updates', query: {}, headers: {}, body: { type: 'json', value: { text: 'Fixed' } } });
    expect(invalid(() => post.request.build!({ incident: '..', body: { text: 'x' } }))).toMatch(/incident cannot be "\.\."/);
  });

  it('refuses what breaks the format or the rules, saying where', () => {
    const base: CustomConnector = {
      format: 'switchboard.connector/1',
      id: 'acme',
      name: 'Acme',
      description: 'Acme internal API.',
      baseUrl: 'https://acme.example.com',
      auth: [{ type: 'bearer', label: 'Token' }],
      actions: [
        {
          id: 'get_thing',
          title: 'Get a thing',
          description: 'Gets one thing by its id.',
          kind: 'read',
          input: { type: 'object', properties: { id: { type: 'string', maxLength: 10 } }, required: ['id'], additionalProperties: false },
          outputSchema: {},
          request: { method: 'GET', path: '/things/{id}', params: [{ name: 'id', in: 'path', field: 'id' }] },
        },
      ],
    };
    expect(compileConnector(base).id).toBe('acme');
    expect(invalid(() => compileConnector({ ...base, id: 'Acme!' }))).toMatch(/does not follow docs\/connector\.schema\.json: \/id/);
    expect(invalid(() => compileConnector({ ...base, baseUrl: 'http://acme.example.com' }))).toMatch(/baseUrl must be https/);
    const action = base.actions[0]!;
    expect(invalid(() => compileConnector({ ...base, actions: [{ ...action, input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'], additionalProperties: false } }] }))).toMatch(/a string needs maxLength/);
    expect(invalid(() => compileConnector({ ...base, actions: [{ ...action, request: { method: 'GET', path: '/things/{id}' } }] }))).toMatch(/path parameter \{id\} has no params entry/);
    expect(invalid(() => compileConnector({ ...base, actions: [{ ...action, request: { ...action.request, params: [{ name: 'Authorization', in: 'header', field: 'id' }] } }] }))).toMatch(/header Authorization cannot be a parameter/);
    expect(invalid(() => compileConnector({ ...base, actions: [{ ...action, input: { ...action.input, properties: { id: { type: 'string', maxLength: 10, exclusiveMax: 3 } as never } } }] }, { compileSchemas: true }))).toMatch(/input schema is not valid JSON Schema/);
  });
});
