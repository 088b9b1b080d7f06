import { describe, expect, it } from 'vitest';
import { builtinCatalog, Catalog, compileAll } from '../../src/engine/connectors/catalog.js';
import type { ConnectorDefinition } from '../../src/engine/connectors/definition.js';
import { buildRequest, toHttpRequest } from '../../src/engine/router/build-request.js';
import { parseRetryAfter } from '../../src/engine/router/call-provider.js';
import { REDACTED, redactText, redactValue } from '../../src/engine/net/redact.js';
import { normalizeBaseUrl } from '../../src/engine/connections/base-url.js';

const catalog = builtinCatalog();
const bearer = { type: 'bearer' as const, value: { token: 'tok-1234' } };

describe('the built-in catalog', () => {
  it('holds the required connectors, each with at least two actions and a test call', () => {
    const ids = catalog.connectors().map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['slack', 'notion', 'github', 'gmail', 'google_calendar', 'hubspot', 'salesforce', 'jira', 'linear', 'outlook', 'http']));
    for (const c of catalog.connectors()) expect(c.actions.length, c.id).toBeGreaterThanOrEqual(2);
    expect(() => compileAll(catalog)).not.toThrow();
    expect(catalog.actions().length).toBeGreaterThanOrEqual(35);
  });

  it('names the input fields as the APIs do for the actions the issue fixes', () => {
    const fields = (id: string) => Object.keys(catalog.action(id).action.input.properties ?? {});
    expect(fields('slack.send_message')).toEqual(expect.arrayContaining(['channel', 'text']));
    expect(fields('notion.search')).toContain('query');
    expect(fields('github.create_issue')).toEqual(expect.arrayContaining(['owner', 'repo', 'title', 'body']));
    expect(fields('github.list_issues')).toEqual(expect.arrayContaining(['owner', 'repo', 'state']));
  });

  it('refuses a definition that breaks a rule, at load', () => {
    const base: ConnectorDefinition = {
      id: 'demo',
      name: 'Demo',
      icon: '*',
      category: 'other',
      description: 'A demo connector.',
      baseUrl: 'https://api.demo.test',
      auth: [{ type: 'bearer', label: 'Token' }],
      test: { method: 'GET', path: '/me' },
      actions: [
        {
          id: 'get_thing',
          title: 'Get thing',
          description: 'Read one thing by its id, for tests.',
          kind: 'read',
          docs: 'https://docs.demo.test/things',
          input: { type: 'object', properties: { id: { type: 'string', maxLength: 10 } }, required: ['id'], additionalProperties: false },
          outputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
          request: { method: 'GET', path: '/things/{id}' },
        },
      ],
    };
    expect(() => new Catalog([base])).not.toThrow();
    const broken = (patch: (d: ConnectorDefinition) => void): (() => Catalog) => {
      const copy = structuredClone({ ...base, actions: base.actions.map((a) => ({ ...a })) }) as ConnectorDefinition;
      patch(copy);
      return () => new Catalog([copy]);
    };
    expect(broken((d) => (d.actions[0]!.input.properties!.id = { type: 'string' }))).toThrow(/maxLength/);
    expect(broken((d) => (d.actions[0]!.request.path = '/things/{other}'))).toThrow(/placeholder/);
    expect(broken((d) => (d.actions[0]!.docs = 'http://insecure'))).toThrow(/docs/);
    expect(broken((d) => (d.actions[0]!.input.additionalProperties = true))).toThrow(/additionalProperties/);
    expect(broken((d) => (d.baseUrl = 'http://api.demo.test'))).toThrow(/https/);
    expect(() => new Catalog([base, base])).toThrow(/twice/);
    expect(() => compileAll(broken((d) => (d.actions[0]!.input.properties!.id = { type: 'string', maxLength: 10, format: 'no-such-format' }))())).toThrow(/does not compile/);
  });
});

describe('building requests', () => {
  it('fills path placeholders URL-encoded, puts the rest of a GET in the query and of a POST in the body', () => {
    const list = buildRequest(catalog.action('github.list_issues'), { owner: 'a c', repo: 'r/x', state: 'all' });
    expect(list).toMatchObject({ method: 'GET', path: '/repos/a%20c/r%2Fx/issues', query: { state: 'all' } });
    const create = buildRequest(catalog.action('github.create_issue'), { owner: 'o', repo: 'r', title: 'T', body: 'B' });
    expect(create).toMatchObject({ method: 'POST', path: '/repos/o/r/issues', body: { type: 'json', value: { title: 'T', body: 'B' } } });
  });

  it('keeps every request on the base URL origin and under its path', () => {
    const def = catalog.connector('http');
    const ok = toHttpRequest(def, { method: 'GET', path: '/v1/items' }, 'https://api.example.com/base', bearer);
    expect(ok.url.toString()).toBe('https://api.example.com/base/v1/items');
    expect(ok.headers.authorization).toBe('Bearer tok-1234');
    for (const path of ['/../admin', '/%2e%2e/admin', '//evil.example.com/x']) {
      let escaped = false;
      try {
        const req = toHttpRequest(def, { method: 'GET', path }, 'https://api.example.com/base', bearer);
        escaped = req.url.origin !== 'https://api.example.com' || !req.url.pathname.startsWith('/base/');
      } catch (err) {
        expect(err).toMatchObject({ code: 'INVALID_INPUT' });
      }
      expect(escaped, path).toBe(false);
    }
  });

  it('signs with the scheme: bearer, basic, bare API-key header, API key in the query', () => {
    const linear = catalog.connector('linear');
    const req = toHttpRequest(linear, { method: 'POST', path: '/graphql' }, 'https://api.linear.app', { type: 'api_key', value: { apiKey: 'lin_api_123' } });
    expect(req.headers.authorization).toBe('lin_api_123');
    const jira = catalog.connector('jira');
    const basic = toHttpRequest(jira, { method: 'GET', path: '/rest/api/3/myself' }, 'https://acme.atlassian.net', { type: 'basic', value: { username: 'me@acme.com', password: 'tok' } });
    expect(basic.headers.authorization).toBe(`Basic ${Buffer.from('me@acme.com:tok').toString('base64')}`);
  });
});

describe('redaction', () => {
  it('hides secret-named fields, token-shaped values and the known credentials', () => {
    expect(redactValue({ password: 'hunter2', nested: { apiKey: 'abc', n: 1 }, text: 'use xoxb-1234567890-abcdef please' })).toEqual({
      password: REDACTED,
      nested: { apiKey: REDACTED, n: 1 },
      text: `use ${REDACTED} please`,
    });
    expect(redactText('my own tok-secret-value here', ['tok-secret-value'])).toBe(`my own ${REDACTED} here`);
    expect(redactText('Authorization: Bearer abc.def.ghi123')).not.toContain('abc.def');
    expect(redactText('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U')).toBe(REDACTED);
  });
});

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('base URLs', () => {
  it('allows https anywhere and http only on loopback', () => {
    expect(normalizeBaseUrl('https://acme.atlassian.net/')).toBe('https://acme.atlassian.net');
    expect(normalizeBaseUrl('http://127.0.0.1:8080/api')).toBe('http://127.0.0.1:8080/api');
    for (const bad of ['http://10.0.0.5', 'ftp://x', 'https://a:b@x.com', 'https://x.com/?q=1', '', 42]) {
      expect(() => normalizeBaseUrl(bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });
});
