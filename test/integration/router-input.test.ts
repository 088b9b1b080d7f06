// Every action's input is validated before anything is sent: wrong types, missing and extra
// fields, oversize strings. And what reaches the activity log is redacted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalog, connect, enableActions, queryActivity, type CatalogAction } from '../../src/engine/index.js';
import type { JsonSchema } from '../../src/shared/json-schema.js';
import { world, type World } from './router-helpers.js';

const catalog = builtinCatalog();
let w: World;

beforeAll(async () => {
  w = await world();
  // Connect every connector (straight credentials; OAuth-only ones with an access token) and enable everything.
  for (const def of catalog.connectors()) {
    const scheme = def.auth.find((a) => a.type !== 'oauth2' && a.type !== 'none') ?? def.auth[0]!;
    const credentials =
      scheme.type === 'basic' ? { username: 'sarah@example.com', password: 'tok-1234' } : scheme.type === 'api_key' ? { apiKey: 'key-1234' } : scheme.type === 'oauth2' ? { accessToken: 'at-1234' } : { token: 'tok-1234' };
    await connect(w.sarah, catalog, { connectorId: def.id, authType: scheme.type, credentials, baseUrl: w.fake.baseUrl(def.id) });
  }
  await enableActions(w.sarah, catalog, catalog.actions().map((a) => a.id));
});
afterAll(async () => w.close());

function wrongTypeFor(schema: JsonSchema): unknown {
  const types = typeof schema.type === 'string' ? [schema.type] : (schema.type ?? []);
  if (types.length === 0) return undefined; // any JSON is fine
  if (!types.includes('object')) return { nested: true };
  return 12345;
}

/** Inputs that must each be refused, with a label. */
function badInputs(a: CatalogAction): [string, unknown][] {
  const schema = a.action.input;
  const props = schema.properties ?? {};
  const bad: [string, unknown][] = [
    ['not an object', 'just a string'],
    ['an array', []],
    ['an unknown field', { ...minimal(a), zzz_unknown: 1 }],
  ];
  if ((schema.required ?? []).length > 0) bad.push(['nothing', {}]);
  for (const [name, sub] of Object.entries(props)) {
    const wrong = wrongTypeFor(sub);
    if (wrong !== undefined) bad.push([`${name} of the wrong type`, { ...minimal(a), [name]: wrong }]);
    if (sub.maxLength !== undefined) bad.push([`${name} over ${sub.maxLength} characters`, { ...minimal(a), [name]: 'x'.repeat(sub.maxLength + 1) }]);
    if (sub.maxItems !== undefined) bad.push([`${name} over ${sub.maxItems} items`, { ...minimal(a), [name]: Array(sub.maxItems + 1).fill(sub.items?.type === 'object' ? {} : 'x') }]);
  }
  return bad;
}

/** Required fields filled with the simplest valid-looking values (validity is not needed here). */
function minimal(a: CatalogAction): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of a.action.input.required ?? []) out[name] = 'x';
  return out;
}

describe('input validation, for every action of every connector', () => {
  it('refuses wrong types, missing and extra fields, and oversize strings before sending anything', async () => {
    let checked = 0;
    for (const action of catalog.actions()) {
      for (const [label, input] of badInputs(action)) {
        const err = await w.router.execute(w.sarah, action.id, input, { via: 'cli' }).catch((e: unknown) => e);
        expect(err, `${action.id}: ${label}`).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining(action.id) });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
    expect(w.fake.requests).toEqual([]);
  });

  it('names each failing field in words, with a message per field for the form', async () => {
    const err = await w.router.execute(w.sarah, 'slack.send_message', { channel: 5, extra: true }, { via: 'cli' }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/^Send message \(slack\.send_message\) was not run\. /),
      details: {
        paths: expect.arrayContaining(['/channel']),
        fields: { channel: 'Enter text.', extra: 'This field is not known here; remove it.', text: 'Enter the message text.' },
      },
    });
    expect((err as Error).message).toContain('Channel: Enter text.');
    expect((err as Error).message).not.toMatch(/must|\(root\)/);
  });

  it('refuses an over-long message with its length and the limit, never cutting it', async () => {
    const err = await w.router.execute(w.sarah, 'slack.send_message', { channel: 'C0123ABCD', text: 'x'.repeat(50_400) }, { via: 'cli' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INVALID_INPUT', details: { fields: { text: 'This is 50,400 characters; the limit is 40,000. Shorten it by 10,400.' } } });
    expect(w.fake.requests).toEqual([]);
  });

  it('refuses a huge input as a whole', async () => {
    const err = await w.router.execute(w.sarah, 'http.request', { method: 'POST', path: '/x', body: { blob: 'x'.repeat(400 * 1024) } }, { via: 'cli' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/limit is 256 KB/) });
  });

  it('keeps the generic HTTP connector on its host and away from credential headers', async () => {
    for (const input of [
      { path: '//evil.example.com/steal' },
      { path: '/a/../../admin' },
      { path: '/ok', headers: { Authorization: 'Bearer other' } },
      { path: '/ok', headers: { cookie: 'a=b' } },
      { path: 'no-slash' },
    ]) {
      await expect(w.router.execute(w.sarah, 'http.get', input, { via: 'cli' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    expect(w.fake.requests).toEqual([]);
  });
});

describe('the activity log', () => {
  it('records secret-looking input values redacted, and never the credential', async () => {
    w.fake.addToken('slack', 'xoxb-log-test-000000001', 'sarah');
    await connect(w.sarah, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token: 'xoxb-log-test-000000001' }, baseUrl: w.fake.baseUrl('slack') });
    await enableActions(w.sarah, catalog, ['slack.send_message'], 'allow');
    await w.router.execute(w.sarah, 'slack.send_message', { channel: 'C0001', text: 'my token is xoxb-log-test-000000001 and ghp_abcdefghijklmnopqrstuvwx' }, { via: 'mcp:Claude' });
    const [entry] = await queryActivity(w.sarah, { action: 'slack.send_message', status: 'ok' });
    expect(entry).toMatchObject({ status: 'ok', via: 'mcp:Claude', httpStatus: 200, input: { channel: 'C0001', text: expect.stringContaining('[redacted]') } });
    const everything = JSON.stringify(await queryActivity(w.sarah, { limit: 10_000 }));
    expect(everything).not.toContain('xoxb-log-test');
    expect(everything).not.toContain('ghp_abcdefghijklmnop');
    // Filters: by status, by connector, by time.
    expect((await queryActivity(w.sarah, { status: 'error', limit: 5 })).every((e) => e.status === 'error')).toBe(true);
    expect((await queryActivity(w.sarah, { action: 'slack' })).every((e) => e.action.startsWith('slack.'))).toBe(true);
    expect(await queryActivity(w.sarah, { since: Date.now() + 60_000 })).toEqual([]);
    await expect(queryActivity(w.sarah, { status: 'weird' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('activity retention', () => {
  it('drops entries older than the retention setting when the vault is unlocked', async () => {
    const { updateSettings, unlockTenant } = await import('../../src/engine/index.js');
    const { PASS_SARAH } = await import('../helpers.js');
    const db = w.sarah.vault();
    await db.run("INSERT INTO activity (at, action_id, status, duration_ms, via) VALUES (?, 'slack.old', 'ok', 1, 'cli')", [Date.now() - 40 * 86_400_000]);
    await updateSettings(w.sarah, { activityRetentionDays: 30 });
    expect(await queryActivity(w.sarah, { action: 'slack.old' })).toHaveLength(1);
    const again = await unlockTenant(w.space, 'Sarah', PASS_SARAH);
    expect(await queryActivity(again, { action: 'slack.old' })).toEqual([]);
    expect((await queryActivity(again, { limit: 10_000 })).length).toBeGreaterThan(0);
    await expect(updateSettings(again, { activityRetentionDays: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
