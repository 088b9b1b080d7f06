// The UI bridge: UiSession (what Electron IPC and the browser transport both carry) and serve's HTTP checks.
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNELS, type ChannelName } from '../../src/shared/ipc.js';
import { UiSession } from '../../src/engine/rpc/ui-session.js';
import { serve, type Served } from '../../src/cli/serve.js';
import { FakeSaas } from '../fixtures/fake-saas/server.js';
import { PASS_JUNE, PASS_SARAH, newHome, removeDir } from '../helpers.js';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function ui(): Promise<{ ui: UiSession; dir: string }> {
  const { dir, home } = await newHome();
  const session = new UiSession({ home });
  cleanup.push(async () => {
    await session.close();
    await removeDir(dir);
  });
  return { ui: session, dir };
}

async function call<T = unknown>(u: UiSession, channel: unknown, input?: unknown): Promise<T> {
  const result = await u.handle(channel, input);
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as T;
}

/** A valid input for every channel (used to reach the session check). */
const VALID: Record<ChannelName, unknown> = {
  'space.info': undefined,
  'space.teamStatus': undefined,
  'space.join': { url: 'postgres://sb@127.0.0.1:9/none' },
  'profiles.list': undefined,
  'profiles.create': { name: 'Emily', passphrase: 'lemon glacier piano hedgehog' },
  'session.current': undefined,
  'session.unlock': { tenantId: 'nobody', passphrase: 'x' },
  'session.recover': { tenantId: 'nobody', recoveryKey: 'x', newPassphrase: 'y' },
  'session.lock': undefined,
  'session.park': undefined,
  'session.switch': { tenantId: 'nobody' },
  'session.unlockedHere': undefined,
  'quickUnlock.status': { tenantId: 'nobody' },
  'quickUnlock.unlock': { tenantId: 'nobody' },
  'quickUnlock.set': { enabled: true },
  'session.changePassphrase': { current: 'a', next: 'b' },
  'session.deleteProfile': { passphrase: 'a' },
  'settings.get': undefined,
  'settings.update': { autoLockMinutes: 5 },
  'catalog.list': undefined,
  'connections.list': undefined,
  'connections.connect': { connectorId: 'slack', authType: 'bearer', credentials: { token: 'xoxb-1' } },
  'connections.startOAuth': { connectorId: 'github' },
  'connections.test': { connectorId: 'slack' },
  'connections.disconnect': { connectorId: 'slack' },
  'actions.list': {},
  'actions.setEnabled': { actionId: 'slack.send_message', enabled: true },
  'actions.setMode': { actionId: 'slack.send_message', mode: 'allow' },
  'actions.run': { actionId: 'slack.send_message', input: {} },
  'approvals.list': undefined,
  'approvals.answer': { id: 'ap_0000000000000000', decision: 'deny' },
  'activity.query': {},
  'outbox.list': undefined,
  'outbox.cancel': { id: 'ob_0000000000000000' },
  'mcp.info': undefined,
  'mcp.tokens.list': undefined,
  'mcp.tokens.create': { name: 'Claude' },
  'mcp.tokens.revoke': { id: 'mt_0000000000000000' },
  'admin.tenants': undefined,
  'admin.setRole': { tenantId: 'tn_0000000000000000', role: 'viewer' },
  'admin.removeTenant': { tenantId: 'tn_0000000000000000' },
  'admin.policy': undefined,
  'admin.previewPolicy': { subject: 'slack', role: 'member', effect: 'deny' },
  'admin.setPolicy': { subject: 'slack', role: 'member', effect: 'deny' },
  'admin.audit': undefined,
  'admin.insights': {},
  'admin.spaceSettings': undefined,
  'admin.setSpaceSettings': { defaultAutoLockMinutes: 5 },
  'admin.oauthClients': undefined,
  'admin.setOAuthClient': { connectorId: 'github', clientId: 'x', clientSecret: 'y' },
  'admin.customConnectors': undefined,
  'admin.importOpenApi': { source: { text: '{}', name: 'x.json' }, id: 'walk', dryRun: true },
  'admin.removeConnector': { connectorId: 'nothing_here' },
  'admin.publishTeam': { url: 'postgres://sb@127.0.0.1:9/none' },
};

const ADMIN_CHANNELS = CHANNELS.filter((c) => c.startsWith('admin.'));

describe('the UI bridge', () => {
  it('refuses an unknown channel, and bad input on every channel, changing nothing', async () => {
    const { ui: u } = await ui();
    await expect(call(u, 'vault.dump')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call(u, { toString: () => 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const channel of CHANNELS) {
      for (const bad of [42, 'text', [], { zzz_unknown: true }]) {
        await expect(call(u, channel, bad), `${channel} ${JSON.stringify(bad)}`).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      }
    }
    // The window sends a document's text; a path for the engine to open is not an input.
    await expect(call(u, 'admin.importOpenApi', { source: { file: '/etc/passwd' }, id: 'x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await call(u, 'profiles.list')).toEqual([]);
    expect(await call(u, 'space.info')).toBeNull();
  });

  it('refuses every session channel while no profile is unlocked', async () => {
    const { ui: u } = await ui();
    await call(u, 'profiles.create', { name: 'Sarah', passphrase: PASS_SARAH });
    await call(u, 'session.lock');
    const sessionChannels = CHANNELS.filter((c) => !['space.info', 'space.teamStatus', 'space.join', 'profiles.list', 'profiles.create', 'session.current', 'session.unlock', 'session.recover', 'session.lock', 'session.park', 'session.unlockedHere', 'quickUnlock.status', 'quickUnlock.unlock'].includes(c));
    expect(sessionChannels.length).toBeGreaterThan(12);
    for (const channel of sessionChannels) {
      await expect(call(u, channel, VALID[channel]), channel).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    }
  });

  it("acts only on the unlocked profile: another tenant's objects are out of reach, whatever ids are sent", async () => {
    const fake = await FakeSaas.start();
    cleanup.push(() => fake.stop());
    fake.addToken('slack', 'xoxb-june-0000000000002', 'june');
    const { ui: u } = await ui();
    // June connects Slack (offline base URL) and queues a message.
    await call(u, 'profiles.create', { name: 'Sarah', passphrase: PASS_SARAH });
    await call(u, 'session.lock');
    await call(u, 'profiles.create', { name: 'June', passphrase: PASS_JUNE });
    await call(u, 'connections.connect', { connectorId: 'slack', authType: 'bearer', credentials: { token: 'xoxb-june-0000000000002' }, baseUrl: 'http://127.0.0.1:9/slack' });
    await call(u, 'actions.setEnabled', { actionId: 'slack.send_message', enabled: true });
    const queued = await call<{ status: string; outboxId: string }>(u, 'actions.run', { actionId: 'slack.send_message', input: { channel: 'C0001', text: 'hi' }, queue: true });
    expect(queued.status).toBe('queued');
    const profiles = await call<{ id: string; name: string }[]>(u, 'profiles.list');
    const sarahId = profiles.find((p) => p.name === 'Sarah')!.id;
    const juneId = profiles.find((p) => p.name === 'June')!.id;

    // Sarah unlocks: June's outbox item, connection and enablement do not exist for her.
    await expect(call(u, 'session.unlock', { tenantId: juneId, passphrase: PASS_SARAH })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await call(u, 'session.unlock', { tenantId: sarahId, passphrase: PASS_SARAH });
    expect(await call(u, 'session.current')).toMatchObject({ name: 'Sarah' });
    await expect(call(u, 'outbox.cancel', { id: queued.outboxId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call(u, 'connections.disconnect', { connectorId: 'slack' })).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    await expect(call(u, 'connections.test', { connectorId: 'slack' })).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    await expect(call(u, 'actions.run', { actionId: 'slack.send_message', input: { channel: 'C0001', text: 'x' } })).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    expect(await call(u, 'connections.list')).toEqual([]);
    expect(await call(u, 'outbox.list')).toEqual([]);
    const activity = await call<{ action: string; code?: string }[]>(u, 'activity.query', {});
    expect(activity.every((e) => e.code !== undefined)).toBe(true); // only Sarah's own refused calls

    // June's item is still there, untouched.
    await call(u, 'session.unlock', { tenantId: juneId, passphrase: PASS_JUNE });
    expect(await call(u, 'outbox.list')).toEqual([expect.objectContaining({ id: queued.outboxId, status: 'pending' })]);
  });

  it('pushes only its own session events', async () => {
    const { ui: u } = await ui();
    const events: string[] = [];
    u.on('session', (e) => events.push(e.state));
    await call(u, 'profiles.create', { name: 'Sarah', passphrase: PASS_SARAH });
    await call(u, 'session.lock');
    expect(events).toEqual(['unlocked', 'locked']);
  });
});

describe('the browser transport', () => {
  async function started(): Promise<Served> {
    const { dir, home } = await newHome();
    const renderer = await mkdtemp(join(tmpdir(), 'sb-renderer-'));
    await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Switchboard</title>');
    const served = await serve({ home, rendererDir: renderer, maxLifetimeMs: 60_000 });
    cleanup.push(async () => {
      await served.close();
      await removeDir(dir);
      await removeDir(renderer);
    });
    return served;
  }

  /** The header the page sends: the launch token from the address's fragment, never a cookie. */
  function authFor(s: Served): string {
    const token = /#token=([\w-]+)$/.exec(s.url)![1]!;
    return `Bearer ${token}`;
  }

  it('listens on 127.0.0.1 and refuses a missing or wrong token, a foreign Origin and a foreign Host', async () => {
    const s = await started();
    const base = `http://127.0.0.1:${s.port}`;
    // The token travels in the fragment, which no browser sends to any server.
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{40,}$/);
    const rpc = (headers: Record<string, string>) =>
      fetch(`${base}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ channel: 'profiles.list' }) });
    expect((await rpc({ origin: base })).status).toBe(401);
    expect((await rpc({ origin: base, authorization: 'Bearer forged' })).status).toBe(401);
    expect((await fetch(`${base}/events`)).status).toBe(401);
    const authorization = authFor(s);
    expect((await rpc({ origin: 'http://evil.example', authorization })).status).toBe(403);
    expect((await rpc({ authorization })).status).toBe(403); // a POST without an Origin
    const ok = await rpc({ origin: base, authorization });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-cookie')).toBeNull();
    expect(await ok.json()).toEqual({ ok: true, value: [] });
    // The page and its assets are the built renderer, nothing secret: they load without the token, and set no cookie.
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect((await fetch(`${base}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const req = request({ host: '127.0.0.1', port: s.port, path: '/rpc', method: 'POST', headers: { host: `evil.example:${s.port}`, authorization } }, (res) => resolve(res.statusCode ?? 0));
      req.end();
    });
    expect(status).toBe(403);
  });

  it('answers malformed requests with clear errors', async () => {
    const s = await started();
    const base = `http://127.0.0.1:${s.port}`;
    const authorization = authFor(s);
    const post = async (body: string) =>
      (await fetch(`${base}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base, authorization }, body })).json();
    expect(await post('{not json')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await post('null')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await post(JSON.stringify({ channel: 'profiles.create', input: { name: 'x' } }))).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await post('x'.repeat(2 * 1024 * 1024))).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/too large/) } });
  });
});

describe('AI clients through the bridge', () => {
  it('creates a token shown once, lists it without the secret, and revokes only its own', async () => {
    const { ui: u } = await ui();
    await call(u, 'profiles.create', { name: 'Sarah', passphrase: PASS_SARAH });
    const created = await call<{ id: string; token: string }>(u, 'mcp.tokens.create', { name: 'Claude Desktop' });
    expect(created.token).toMatch(/^sbt_/);
    const listed = await call<unknown[]>(u, 'mcp.tokens.list');
    expect(listed).toEqual([expect.objectContaining({ id: created.id, name: 'Claude Desktop' })]);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    const info = await call<{ stdioCommand: string[] }>(u, 'mcp.info');
    expect(info.stdioCommand).toEqual(expect.arrayContaining(['mcp', 'stdio', '--tenant', 'Sarah']));
    await call(u, 'session.lock');
    await call(u, 'profiles.create', { name: 'June', passphrase: PASS_JUNE });
    await expect(call(u, 'mcp.tokens.revoke', { id: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await call(u, 'mcp.tokens.list')).toEqual([]);
  });
});

describe('admin channels', () => {
  it('refuse a member with POLICY_DENIED on every admin channel, whatever it sends, and change nothing', async () => {
    const { ui: u } = await ui();
    await call(u, 'profiles.create', { name: 'Sarah', passphrase: PASS_SARAH });
    const sarahId = (await call<{ tenantId: string }>(u, 'session.current')).tenantId;
    await call(u, 'session.lock');
    await call(u, 'profiles.create', { name: 'June', passphrase: PASS_JUNE });
    expect(ADMIN_CHANNELS.length).toBeGreaterThanOrEqual(8);
    for (const channel of ADMIN_CHANNELS) {
      const input = channel === 'admin.setRole' || channel === 'admin.removeTenant' ? { ...(VALID[channel] as object), tenantId: sarahId } : VALID[channel];
      await expect(call(u, channel, input), channel).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    }
    await call(u, 'session.lock');
    await call(u, 'session.unlock', { tenantId: sarahId, passphrase: PASS_SARAH });
    expect(await call(u, 'admin.policy')).toEqual([]);
    const tenants = await call<{ name: string; role: string }[]>(u, 'admin.tenants');
    expect(tenants.map((t) => [t.name, t.role])).toEqual([
      ['June', 'member'],
      ['Sarah', 'admin'],
    ]);
    expect((await call<{ entries: unknown[] }>(u, 'admin.audit')).entries).toEqual([]);
  });
});

describe('quick unlock', () => {
  it('unlocks with the keychain secret, keeps the passphrase working, and says so when the keychain changed', async () => {
    const { dir, home } = await newHome();
    // Stands in for the OS keychain (Electron's safeStorage), which only exists in the desktop app.
    const secrets = new Map<string, Buffer>();
    const keychain = {
      store: async (id: string, s: Buffer) => void secrets.set(id, Buffer.from(s)),
      load: async (id: string) => (secrets.has(id) ? Buffer.from(secrets.get(id)!) : undefined),
      remove: async (id: string) => void secrets.delete(id),
    };
    const u = new UiSession({ home, keychain });
    cleanup.push(async () => {
      await u.close();
      await removeDir(dir);
    });
    const created = await call<{ id: string }>(u, 'profiles.create', { name: 'Sarah', passphrase: PASS_SARAH });
    expect(await call(u, 'quickUnlock.status', { tenantId: created.id })).toEqual({ available: true, enabled: false });
    await call(u, 'quickUnlock.set', { enabled: true });
    expect(JSON.stringify([...secrets.values()])).not.toContain(PASS_SARAH);
    await call(u, 'session.lock');
    expect(await call(u, 'quickUnlock.status', { tenantId: created.id })).toEqual({ available: true, enabled: true });
    expect(await call(u, 'quickUnlock.unlock', { tenantId: created.id })).toMatchObject({ name: 'Sarah' });
    await call(u, 'session.lock');
    // The keychain changed: the old secret no longer opens the wrap; the passphrase still does.
    secrets.set(created.id, Buffer.alloc(32, 7));
    await expect(call(u, 'quickUnlock.unlock', { tenantId: created.id })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE', message: expect.stringMatching(/keychain changed/) });
    await call(u, 'session.unlock', { tenantId: created.id, passphrase: PASS_SARAH });
    await call(u, 'quickUnlock.set', { enabled: false });
    expect(secrets.size).toBe(0);
    await call(u, 'session.lock');
    await expect(call(u, 'quickUnlock.unlock', { tenantId: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is not offered in a browser, where there is no keychain', async () => {
    const { ui: u } = await ui();
    const created = await call<{ id: string }>(u, 'profiles.create', { name: 'Sarah', passphrase: PASS_SARAH });
    expect(await call(u, 'quickUnlock.status', { tenantId: created.id })).toEqual({ available: false, enabled: false });
    await expect(call(u, 'quickUnlock.set', { enabled: true })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('live policy changes', () => {
  it("tells an open window at once when an admin changes the policy or this profile's role", async () => {
    const { ui: u } = await ui();
    await call(u, 'profiles.create', { name: 'Sarah', passphrase: PASS_SARAH });
    const sarahId = (await call<{ tenantId: string }>(u, 'session.current')).tenantId;
    await call(u, 'session.lock');
    await call(u, 'profiles.create', { name: 'June', passphrase: PASS_JUNE });
    const events: unknown[] = [];
    u.on('policy', (e) => events.push(e));
    // Sarah acts from another window (another UiSession in the same process).
    const admin = new UiSession({ home: u.host.home });
    cleanup.push(() => admin.close());
    await call(admin, 'session.unlock', { tenantId: sarahId, passphrase: PASS_SARAH });
    await call(admin, 'admin.setPolicy', { subject: 'slack', role: 'member', effect: 'deny' });
    expect(events).toHaveLength(1);
    const juneId = (await call<{ tenantId: string }>(u, 'session.current')).tenantId;
    await call(admin, 'admin.setRole', { tenantId: juneId, role: 'viewer' });
    expect(events).toHaveLength(2);
    expect(await call(u, 'session.current')).toMatchObject({ role: 'viewer' });
  });
});
