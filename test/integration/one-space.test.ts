// One Space per id per process: two windows and the MCP gateway share it, so deleting or demoting
// a profile from one of them takes effect on every session of that profile at once.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap } from '../../src/shared/ipc.js';
import { startGateway, type Gateway } from '../../src/engine/mcp/http-gateway.js';
import { UiSession } from '../../src/engine/rpc/ui-session.js';
import { FakeSaas } from '../fixtures/fake-saas/server.js';
import { PASS_JUNE, PASS_SARAH, newHome, removeDir } from '../helpers.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function call<T = unknown>(u: UiSession, channel: string, input?: unknown): Promise<T> {
  const result = await u.handle(channel, input);
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as T;
}

describe('one space per process', () => {
  it('two windows and the gateway share the space: a demotion and a removal reach every session of the profile at once', async () => {
    const fake = await FakeSaas.start();
    fake.addToken('slack', 'xoxb-june-0000000000002', 'june');
    const { dir, home } = await newHome();
    const sarahWindow = new UiSession({ home });
    const juneWindow = new UiSession({ home });
    const gateways: Gateway[] = [];
    const clients: Client[] = [];
    cleanup.push(async () => {
      for (const c of clients) await c.close().catch(() => undefined);
      for (const g of gateways) await g.close();
      await sarahWindow.close();
      await juneWindow.close();
      await home.close();
      await fake.stop();
      await removeDir(dir);
    });

    await call(sarahWindow, 'profiles.create', { name: 'Sarah', passphrase: PASS_SARAH });
    await call(sarahWindow, 'session.lock');
    await call(juneWindow, 'profiles.create', { name: 'June', passphrase: PASS_JUNE });
    await call(sarahWindow, 'session.unlock', { tenantId: 'Sarah', passphrase: PASS_SARAH });
    await call(juneWindow, 'connections.connect', { connectorId: 'slack', authType: 'bearer', credentials: { token: 'xoxb-june-0000000000002' }, baseUrl: fake.baseUrl('slack') });
    await call(juneWindow, 'actions.setEnabled', { actionId: 'slack.send_message', enabled: true });
    await call(juneWindow, 'actions.setEnabled', { actionId: 'slack.list_channels', enabled: true });
    const { token } = await call<{ token: string }>(juneWindow, 'mcp.tokens.create', { name: 'agent' });

    // The gateway serves the very Space both windows hold.
    const space = await home.openSpace();
    expect((await sarahWindow.ctx()).space).toBe(space);
    expect((await juneWindow.ctx()).space).toBe(space);
    const gateway = await startGateway({ space, maxLifetimeMs: 60_000 });
    gateways.push(gateway);
    const agent = new Client({ name: 'agent', version: '1' });
    await agent.connect(new StreamableHTTPClientTransport(new URL(gateway.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    clients.push(agent);
    expect((await agent.listTools()).tools.map((t) => t.name).sort()).toEqual(['slack_list_channels', 'slack_send_message']);
    const juneSessions = () => space.openSessions.filter((s) => s.name === 'June');
    expect(juneSessions()).toHaveLength(2); // June's window and the gateway's

    // Demotion: June's window hears it and the gateway's tool list drops the write at once.
    const policyEvents: EventMap['policy'][] = [];
    juneWindow.on('policy', (e) => policyEvents.push(e));
    let listChanged = 0;
    agent.setNotificationHandler(ToolListChangedNotificationSchema, () => void listChanged++);
    const juneId = (await call<{ id: string; name: string }[]>(sarahWindow, 'profiles.list')).find((p) => p.name === 'June')!.id;
    await call(sarahWindow, 'admin.setRole', { tenantId: juneId, role: 'viewer' });
    expect(policyEvents.length).toBeGreaterThan(0);
    expect((await call<{ role: string }>(juneWindow, 'session.current')).role).toBe('viewer');
    const states = await call<{ id: string; effective: boolean; blockedBy?: string }[]>(juneWindow, 'actions.list', { connectorId: 'slack' });
    expect(states.find((a) => a.id === 'slack.send_message')).toMatchObject({ effective: false, blockedBy: 'POLICY_DENIED' });
    await expect.poll(() => listChanged).toBeGreaterThan(0);
    expect((await agent.listTools()).tools.map((t) => t.name)).toEqual(['slack_list_channels']);
    const refused = await agent.callTool({ name: 'slack_send_message', arguments: { channel: 'C0001', text: 'as a viewer' } });
    expect(refused.isError).toBe(true);
    expect(fake.requestsTo('slack', '/chat.postMessage')).toEqual([]);

    // Removal: every session of June in this process locks, the window's and the gateway's.
    const locks: EventMap['session'][] = [];
    juneWindow.on('session', (e) => locks.push(e));
    await call(sarahWindow, 'admin.removeTenant', { tenantId: juneId });
    expect(juneSessions()).toEqual([]);
    expect(locks).toEqual([{ state: 'locked', reason: 'deleted' }]);
    await expect(call(juneWindow, 'connections.list')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    const after = await agent.callTool({ name: 'slack_list_channels', arguments: {} }).catch((err: unknown) => ({ isError: true, err }));
    expect(after.isError).toBe(true);
    expect(fake.requestsTo('slack', '/conversations.list')).toEqual([]);
  });
});
