// Fast switching: several profiles unlocked in one window, each with its own auto-lock; switching
// to an unlocked one needs no passphrase, and whatever the window shows after a switch is that
// profile's only — connections, activity, tokens, approvals — never another's.
import { afterEach, describe, expect, it } from 'vitest';
import { UiSession } from '../../src/engine/rpc/ui-session.js';
import { createApproval } from '../../src/engine/vault/approvals.js';
import { FakeSaas } from '../fixtures/fake-saas/server.js';
import { PASS_JUNE, PASS_SARAH, newHome, removeDir } from '../helpers.js';

const PASS_EMILY = 'lemon glacier piano hedgehog';
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function call<T = unknown>(u: UiSession, channel: string, input?: unknown): Promise<T> {
  const result = await u.handle(channel, input);
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as T;
}

describe('fast switching among unlocked profiles', () => {
  it('three profiles unlocked in one window: switching needs no passphrase and never shows another’s data', async () => {
    const fake = await FakeSaas.start();
    cleanup.push(() => fake.stop());
    const { dir, home } = await newHome();
    const u = new UiSession({ home });
    cleanup.push(async () => {
      await u.close();
      await removeDir(dir);
    });
    const people = [
      { name: 'Sarah', pass: PASS_SARAH, calls: 1 },
      { name: 'June', pass: PASS_JUNE, calls: 2 },
      { name: 'Emily', pass: PASS_EMILY, calls: 3 },
    ];
    const ids = new Map<string, string>();
    for (const p of people) {
      // Creating (and unlocking) the next profile keeps the one before unlocked in this window.
      const created = await call<{ session: { tenantId: string } }>(u, 'profiles.create', { name: p.name, passphrase: p.pass });
      ids.set(p.name, created.session.tenantId);
      const token = `xoxb-${p.name.toLowerCase()}-switch-0001`;
      fake.addToken('slack', token, p.name.toLowerCase());
      await call(u, 'connections.connect', { connectorId: 'slack', authType: 'bearer', credentials: { token }, baseUrl: fake.baseUrl('slack') });
      await call(u, 'actions.setEnabled', { actionId: 'slack.list_channels', enabled: true });
      for (let i = 0; i < p.calls; i++) await call(u, 'actions.run', { actionId: 'slack.list_channels', input: {} });
      await call(u, 'mcp.tokens.create', { name: `${p.name}'s agent` });
      if (p.name === 'June') await createApproval(u.session!, { actionId: 'slack.send_message', input: { channel: 'C0001', text: 'from June’s agent' }, caller: 'mcp:test', timeoutMs: 60_000 });
    }
    expect(new Set(await call<string[]>(u, 'session.unlockedHere'))).toEqual(new Set(ids.values()));

    const events: string[] = [];
    u.on('activity', (entry) => events.push(String(entry.action)));
    const switches: number[] = [];
    for (const who of ['Sarah', 'June', 'Emily', 'June', 'Sarah', 'Emily']) {
      const me = people.find((p) => p.name === who)!;
      const started = performance.now();
      const info = await call<{ name: string; tenantId: string }>(u, 'session.switch', { tenantId: ids.get(who) });
      switches.push(performance.now() - started);
      expect(info.name).toBe(who);
      expect((await call<{ name: string }>(u, 'session.current')).name).toBe(who);
      const activity = await call<{ action: string }[]>(u, 'activity.query', {});
      expect(activity.filter((a) => a.action === 'slack.list_channels')).toHaveLength(me.calls);
      expect((await call<{ name: string }[]>(u, 'mcp.tokens.list')).map((t) => t.name)).toEqual([`${who}'s agent`]);
      const approvals = await call<{ input: unknown }[]>(u, 'approvals.list');
      expect(approvals).toHaveLength(who === 'June' ? 1 : 0);
      const [connection] = await call<{ connectorId: string }[]>(u, 'connections.list');
      expect(connection?.connectorId).toBe('slack');
      // No value of another profile anywhere in what this window can read now.
      const everything = JSON.stringify([activity, approvals, await call(u, 'connections.list'), await call(u, 'mcp.tokens.list'), await call(u, 'actions.list', {})]);
      for (const other of people.filter((p) => p.name !== who)) {
        expect(everything).not.toContain(other.name);
        expect(everything).not.toContain(other.name.toLowerCase());
      }
    }
    // A call made now reaches only the profile shown.
    await call(u, 'actions.run', { actionId: 'slack.list_channels', input: {} });
    expect((await call<{ action: string }[]>(u, 'activity.query', {})).filter((a) => a.action === 'slack.list_channels')).toHaveLength(people[2]!.calls + 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(events.length).toBeGreaterThan(0); // the shown profile's live entries reach the window
    console.log(`switch to an unlocked profile: median ${switches.sort((a, b) => a - b)[switches.length >> 1]!.toFixed(1)} ms`);

    // Lock locks the profile shown; the others stay unlocked here and still switch without a passphrase.
    await call(u, 'session.lock');
    expect(new Set(await call<string[]>(u, 'session.unlockedHere'))).toEqual(new Set([ids.get('Sarah'), ids.get('June')]));
    await expect(call(u, 'session.switch', { tenantId: ids.get('Emily') })).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    expect((await call<{ name: string }>(u, 'session.switch', { tenantId: ids.get('June') })).name).toBe('June');
    // Parking shows no profile and locks none.
    await call(u, 'session.park');
    expect(await call(u, 'session.current')).toBeNull();
    await expect(call(u, 'connections.list')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    expect(await call<string[]>(u, 'session.unlockedHere')).toHaveLength(2);
    // Unlocking a held profile again replaces its session: one per profile in a window.
    await call(u, 'session.unlock', { tenantId: ids.get('Sarah'), passphrase: PASS_SARAH });
    expect(await call<string[]>(u, 'session.unlockedHere')).toHaveLength(2);
    // The system locking (sleep, screen lock) locks every profile of the window.
    await u.lock('system');
    expect(await call<string[]>(u, 'session.unlockedHere')).toEqual([]);
    await expect(call(u, 'session.switch', { tenantId: ids.get('June') })).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  });
});
