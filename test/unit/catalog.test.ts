// The built-in catalog as issue 11 asks it to be: at least 80 actions, each with its docs, an
// output schema that compiles, the scopes it needs where the provider has scopes, hints that say
// whether it is destructive, and one way of paging; every connector says what spec it was checked against.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalog, Catalog, compileAll } from '../../src/engine/connectors/catalog.js';
import { actionHints, signInScopes, type ConnectorDefinition } from '../../src/engine/connectors/definition.js';

const catalog = builtinCatalog();
const BUILTIN = join(import.meta.dirname, '../../src/engine/connectors/builtin');
/** Paging fields the providers use, which no action may expose: `cursor` in and `next_cursor` out, everywhere. */
const OTHER_PAGING_INPUTS = ['page', 'pageToken', 'start_cursor', 'next_records_url', 'skip', 'skiptoken', 'nextPageToken', 'startAt', 'offset'];
const OTHER_PAGING_OUTPUTS = ['next_page_token', 'next_after', 'next_records_url', 'next_skip', 'next_skiptoken', 'nextLink', 'next_link'];

describe('the built-in catalog', () => {
  it('has at least 80 actions, every schema compiles, every action has docs and an output schema', () => {
    expect(catalog.actions().length).toBeGreaterThanOrEqual(80);
    expect(() => compileAll(catalog)).not.toThrow();
    for (const a of catalog.actions()) {
      expect(a.action.docs, a.id).toMatch(/^https:\/\//);
      expect(a.action.outputSchema, a.id).toBeTypeOf('object');
      // MCP wants an object: only the generic HTTP connector's answers may be anything.
      if (a.connector.id !== 'http') expect(a.action.outputSchema.type, a.id).toBe('object');
    }
  });

  it('has the actions people expect of each connector', () => {
    const wanted = [
      'slack.get_thread', 'slack.get_user', 'slack.find_user_by_email', 'slack.add_reaction', 'slack.update_message',
      'notion.query_database', 'notion.update_page', 'notion.append_blocks',
      'github.update_issue', 'github.list_pull_requests', 'github.get_pull_request', 'github.search_issues', 'github.get_file',
      'gmail.get_thread', 'gmail.create_draft', 'gmail.reply', 'gmail.modify_labels',
      'google_calendar.get_event', 'google_calendar.update_event', 'google_calendar.delete_event', 'google_calendar.free_busy',
      'hubspot.get_contact', 'hubspot.update_contact', 'hubspot.list_companies', 'hubspot.get_company', 'hubspot.create_company', 'hubspot.list_deals', 'hubspot.get_deal', 'hubspot.create_deal',
      'salesforce.update_record', 'salesforce.describe_object',
      'jira.list_transitions', 'jira.transition_issue', 'jira.update_issue', 'jira.assign_issue', 'jira.list_projects',
      'linear.update_issue', 'linear.set_issue_state', 'linear.add_comment', 'linear.list_workflow_states',
      'outlook.get_message', 'outlook.reply', 'outlook.create_event', 'outlook.calendar_view',
    ];
    expect(wanted.filter((id) => !catalog.hasAction(id))).toEqual([]);
  });

  it('every action of an OAuth connector with scopes names its scopes, and sign-in asks for exactly their union', () => {
    for (const def of catalog.connectors()) {
      for (const auth of def.auth) {
        if (auth.type !== 'oauth2') continue;
        expect(new Set(auth.scopes), def.id).toEqual(new Set(signInScopes(auth.baseScopes, def.actions)));
        if (auth.scopes.length === 0) continue;
        for (const a of def.actions) {
          expect(a.scopes?.length, `${def.id}.${a.id}`).toBeGreaterThan(0);
          for (const s of a.scopes ?? []) expect(auth.scopes, `${def.id}.${a.id}`).toContain(s);
        }
      }
    }
  });

  it('pages one way: `cursor` in, `next_cursor` (string or null) out; no provider-specific paging field', () => {
    for (const a of catalog.actions()) {
      const inputs = Object.keys(a.action.input.properties ?? {});
      const outputs = Object.keys(a.action.outputSchema.properties ?? {});
      expect(inputs.filter((n) => OTHER_PAGING_INPUTS.includes(n)), a.id).toEqual([]);
      expect(outputs.filter((n) => OTHER_PAGING_OUTPUTS.includes(n)), a.id).toEqual([]);
      expect(inputs.includes('cursor'), a.id).toBe(outputs.includes('next_cursor'));
      if (/^(list|search|query)/.test(a.action.id) && !a.action.unpaged) expect(inputs, a.id).toContain('cursor');
    }
  });

  it('says which writes only add (send, create, comment) and which overwrite or remove (update, delete)', () => {
    for (const a of catalog.actions()) {
      const hints = actionHints(a.action);
      if (a.action.kind === 'read') {
        expect(hints, a.id).toEqual({ readOnly: true, destructive: false, idempotent: true });
        continue;
      }
      if (/^(send|create|comment|add|append|reply)/.test(a.action.id)) expect(hints.destructive, a.id).toBe(false);
      if (/^(update|delete|set|modify|assign|transition)/.test(a.action.id)) expect(hints.destructive, a.id).toBe(true);
      if (/^(update|delete|set|assign)/.test(a.action.id)) expect(hints.idempotent, a.id).toBe(true);
      if (/^(send|create|comment|append|reply)/.test(a.action.id)) expect(hints.idempotent, a.id).toBe(false);
    }
  });

  it("every connector's source names the spec file and version it was checked against", () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    for (const def of catalog.connectors().filter((d) => d.id !== 'http')) {
      const dir = join(BUILTIN, def.id);
      const sources = statSync(dir, { throwIfNoEntry: false })?.isDirectory() ? files(dir) : [`${dir}.ts`];
      const text = sources.map((f) => readFileSync(f, 'utf8')).join('\n');
      expect(text, def.id).toMatch(/Checked against/);
      for (const f of sources) expect(readFileSync(f, 'utf8').split('\n').length, f).toBeLessThanOrEqual(420);
    }
  });
});

describe('the catalog refuses, at load, a definition that breaks the new rules', () => {
  const base: ConnectorDefinition = {
    id: 'demo',
    name: 'Demo',
    icon: '*',
    category: 'other',
    description: 'A demo connector.',
    baseUrl: 'https://api.demo.test',
    auth: [{ type: 'oauth2', authorizeUrl: 'https://demo.test/authorize', tokenUrl: 'https://demo.test/token', scopes: ['things.read'], clientSecret: 'none' }],
    test: { method: 'GET', path: '/me' },
    actions: [
      {
        id: 'list_things',
        title: 'List things',
        description: 'List the things, a page at a time, for tests.',
        kind: 'read',
        docs: 'https://docs.demo.test/things',
        scopes: ['things.read'],
        input: { type: 'object', properties: { cursor: { type: 'string', maxLength: 100 } }, additionalProperties: false },
        outputSchema: { type: 'object', properties: { things: { type: 'array' }, next_cursor: { type: ['string', 'null'] } }, required: ['things', 'next_cursor'] },
        request: { method: 'GET', path: '/things' },
      },
    ],
  };
  const broken = (patch: (d: ConnectorDefinition) => void) => {
    const copy = structuredClone({ ...base, actions: base.actions.map((a) => ({ ...a })) }) as ConnectorDefinition;
    patch(copy);
    return () => new Catalog([copy]);
  };

  it('takes a good one and refuses each broken rule with a reason', () => {
    expect(() => new Catalog([base])).not.toThrow();
    expect(broken((d) => delete (d.actions[0] as { outputSchema?: unknown }).outputSchema)).toThrow(/outputSchema/);
    expect(broken((d) => delete d.actions[0]!.scopes)).toThrow(/scopes/);
    expect(broken((d) => (d.actions[0]!.scopes = ['other']))).toThrow(/not asked at sign-in/);
    expect(broken((d) => ((d.auth[0] as { scopes: string[] }).scopes = ['things.read', 'extra']))).toThrow(/signInScopes/);
    expect(broken((d) => (d.actions[0]!.outputSchema = { type: 'object', properties: { things: { type: 'array' } } }))).toThrow(/next_cursor/);
    expect(broken((d) => (d.actions[0]!.input.properties = {}))).toThrow(/takes no cursor|unpaged/);
    expect(broken((d) => Object.assign(d.actions[0]!, { kind: 'write' }))).toThrow(/destructive/);
    expect(broken((d) => Object.assign(d.actions[0]!, { destructive: false }))).toThrow(/read-only/);
  });
});
