// The MCP tool list of a profile with every action of every connector enabled, checked the way
// @modelcontextprotocol/inspector would: names (≤ 64 characters of [a-zA-Z0-9_-], unique), titles,
// input and output schemas that are valid JSON Schema with an object at the root, and annotations
// that say what each tool does. Calls return structuredContent that conforms to the outputSchema
// (the SDK client checks it too).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionHints } from '../../src/engine/connectors/definition.js';
import { builtinCatalog, connect, enableActions, type ConnectInput } from '../../src/engine/index.js';
import { createMcpServer, toolName } from '../../src/engine/mcp/mcp-server.js';
import { world, type World } from './router-helpers.js';

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
const catalog = builtinCatalog();
let w: World;
let client: Client;
let close: () => Promise<void>;
let tools: Tool[];

/** A connection to the fake for every connector, in the auth each takes. */
const CONNECTIONS: Record<string, [Pick<ConnectInput, 'authType' | 'credentials'>, string]> = {
  slack: [{ authType: 'bearer', credentials: { token: 'xoxp-all' } }, ''],
  notion: [{ authType: 'bearer', credentials: { token: 'ntn_all' } }, '/v1'],
  github: [{ authType: 'bearer', credentials: { token: 'ghp_all' } }, ''],
  gmail: [{ authType: 'oauth2', credentials: { accessToken: 'ya29.all' } }, '/gmail/v1'],
  google_calendar: [{ authType: 'oauth2', credentials: { accessToken: 'ya29.all-cal' } }, '/calendar/v3'],
  hubspot: [{ authType: 'bearer', credentials: { token: 'pat-all' } }, ''],
  salesforce: [{ authType: 'bearer', credentials: { token: '00D!all' } }, ''],
  jira: [{ authType: 'basic', credentials: { username: 'me@acme.com', password: 'all' } }, ''],
  linear: [{ authType: 'api_key', credentials: { apiKey: 'lin_api_all' } }, ''],
  outlook: [{ authType: 'bearer', credentials: { token: 'eyJ.all.sig' } }, '/v1.0'],
  http: [{ authType: 'bearer', credentials: { token: 'xoxp-all' } }, ''],
};

beforeAll(async () => {
  w = await world();
  for (const [id, [creds, path]] of Object.entries(CONNECTIONS)) {
    const value = Object.values(creds.credentials as Record<string, string>);
    w.fake.addToken(id === 'http' ? 'slack' : id, creds.authType === 'basic' ? value.join(':') : value[0]!, 'sarah@acme.example');
    await connect(w.sarah, catalog, { connectorId: id, ...creds, baseUrl: w.fake.baseUrl(id === 'http' ? 'slack' : id) + path });
  }
  await enableActions(w.sarah, catalog, catalog.actions().map((a) => a.id));
  const mcp = createMcpServer({ space: w.space, session: w.sarah, pollMs: 60_000 });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await mcp.server.connect(serverSide);
  client = new Client({ name: 'inspector', version: '1.0.0' });
  await client.connect(clientSide);
  close = mcp.close;
  tools = (await client.listTools()).tools;
});
afterAll(async () => {
  await client?.close();
  await close?.();
  await w?.close();
});

describe('the MCP tools of a profile with every action enabled', () => {
  it('lists one tool per action, with valid, unique names and titles', () => {
    expect(tools).toHaveLength(catalog.actions().length);
    expect(tools.length).toBeGreaterThanOrEqual(80);
    expect(new Set(tools.map((t) => t.name)).size).toBe(tools.length);
    for (const t of tools) {
      expect(t.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(t.title, t.name).toEqual(expect.stringMatching(/\S/));
      expect(t.annotations?.title, t.name).toBe(t.title);
      expect(t.description?.length ?? 0, t.name).toBeGreaterThanOrEqual(20);
    }
  });

  it('publishes input and output schemas that compile as JSON Schema, with an object at the root', () => {
    const ajv = new Ajv({ strict: true, strictTypes: false, allErrors: true });
    addFormats(ajv);
    for (const t of tools) {
      expect(t.inputSchema.type, t.name).toBe('object');
      expect(() => ajv.compile(t.inputSchema), `${t.name} input`).not.toThrow();
      expect(t.outputSchema?.type, t.name).toBe('object');
      // The same output shape is one $id (clients compile it once): compile each $id once here too.
      const id = t.outputSchema!.$id as string;
      expect(id, t.name).toMatch(/^urn:switchboard:output:[0-9a-f]{32}$/);
      expect(() => ajv.getSchema(id) ?? ajv.compile(t.outputSchema!), `${t.name} output`).not.toThrow();
    }
  });

  it('annotates reads as read-only, additive writes as not destructive, updates and deletes as destructive', () => {
    for (const a of catalog.actions()) {
      const t = tools.find((x) => x.name === toolName(a.id))!;
      const hints = actionHints(a.action);
      expect(t.annotations, a.id).toMatchObject({ readOnlyHint: a.action.kind === 'read', destructiveHint: hints.destructive, idempotentHint: hints.idempotent, openWorldHint: true });
    }
    const hint = (name: string) => tools.find((t) => t.name === name)!.annotations;
    expect(hint('slack_send_message')).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: false });
    expect(hint('github_update_issue')).toMatchObject({ destructiveHint: true, idempotentHint: true });
    expect(hint('google_calendar_delete_event')).toMatchObject({ destructiveHint: true });
    expect(hint('jira_list_projects')).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true });
  });

  it('answers with structuredContent that conforms to the published outputSchema, wrapped where the output is not an object', async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const calls: [string, Record<string, unknown>][] = [
      ['slack_list_channels', {}],
      ['github_list_repos', { per_page: 2 }],
      ['hubspot_search_contacts', { query: 'ann' }],
      ['jira_list_transitions', { issue_key: 'PROJ-1' }],
      ['outlook_calendar_view', { start: '2026-12-01T00:00:00Z', end: '2026-12-08T00:00:00Z' }],
      ['http_get', { path: '/auth.test' }],
    ];
    for (const [name, args] of calls) {
      const result = await client.callTool({ name, arguments: args });
      expect(result.isError, `${name}: ${JSON.stringify(result.content)}`).toBeFalsy();
      const schema = tools.find((t) => t.name === name)!.outputSchema!;
      const validate = ajv.getSchema(schema.$id as string) ?? ajv.compile(schema);
      expect(validate(result.structuredContent), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    const raw = await client.callTool({ name: 'http_get', arguments: { path: '/auth.test' } });
    expect(raw.structuredContent).toMatchObject({ result: { ok: true } });
  });
});
