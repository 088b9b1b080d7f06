// The admin's view: counts and ids of every tenant, never anything from inside a vault.
import { runAs } from '../helpers.js';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinCatalog, connect, createTenant, enableActions, queryActivity, unlockTenant } from '../../src/engine/index.js';

import { world, type World } from './router-helpers.js';

const catalog = builtinCatalog();
const MARKER = 'MARKER9f3e';
let w: World;
afterEach(async () => w?.close());

describe('the admin view', () => {
  it('shows counts and ids of every tenant but no secret, input or log line', async () => {
    w = await world();
    await createTenant(w.space, { name: 'Emily', passphrase: 'lemon glacier piano hedgehog' });
    const emily = await unlockTenant(w.space, 'Emily', 'lemon glacier piano hedgehog');
    const token = `xoxb-${MARKER}-june-000000001`;
    w.fake.addToken('slack', token, 'june');
    await connect(w.june, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token }, baseUrl: w.fake.baseUrl('slack') });
    await enableActions(w.june, catalog, ['slack.send_message', 'slack.list_channels']);
    await connect(emily, catalog, { connectorId: 'notion', authType: 'bearer', credentials: { token: `ntn_${MARKER}_emily` }, baseUrl: w.fake.baseUrl('notion') + '/v1' });
    for (let i = 0; i < 3; i++) await w.router.execute(w.june, 'slack.send_message', { channel: 'C0001', text: `${MARKER} secret plan ${i}` }, { via: 'ui' });
    await w.router.execute(w.june, 'slack.send_message', { channel: 'C9999', text: `${MARKER} fails` }, { via: 'ui' }).catch(() => undefined);
    expect(JSON.stringify(await queryActivity(w.june))).toContain(MARKER); // the marker is really in June's own log

    await expect.poll(async () => (await runAs(w.space, w.sarah, 'admin.tenants')).find((t) => t.name === 'June')?.actionsEnabled).toBe(2);
    const tenants = await runAs(w.space, w.sarah, 'admin.tenants');
    expect(tenants.find((t) => t.name === 'June')).toMatchObject({ role: 'member', connectors: ['slack'], calls24h: 4, errors24h: 1, calls30d: 4, errors30d: 1, needsReauth: [] });
    expect(tenants.find((t) => t.name === 'Emily')).toMatchObject({ connectors: ['notion'], actionsEnabled: 0, calls24h: 0 });
    const insights = await runAs(w.space, w.sarah, 'admin.insights');
    expect(insights.byConnector).toEqual([expect.objectContaining({ key: 'slack', calls: 4, errors: 1 })]);
    expect(insights.byTenant).toEqual([expect.objectContaining({ key: 'June', calls: 4 })]);
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack.send_message', role: 'member', effect: 'deny' });
    const responses = [tenants, insights, await runAs(w.space, w.sarah, 'admin.audit'), await runAs(w.space, w.sarah, 'admin.previewPolicy', { subject: 'slack', role: 'member', effect: 'deny' })];
    for (const response of responses) expect(JSON.stringify(response)).not.toContain(MARKER);
    // The registry file as a whole holds no marker either.
    const { filesContaining } = await import('../helpers.js');
    expect((await filesContaining(w.dir, MARKER)).filter((f) => f.endsWith('registry.db') || f.endsWith('registry.db-wal'))).toEqual([]);
  });

  it('refuses a member on every admin function, whatever it sends', async () => {
    w = await world();
    for (const attempt of [
      () => runAs(w.space, w.june, 'admin.tenants'),
      () => runAs(w.space, w.june, 'admin.insights'),
      () => runAs(w.space, w.june, 'admin.audit'),
      () => runAs(w.space, w.june, 'admin.previewPolicy', { subject: 'slack', role: 'member', effect: 'deny' }),
      () => runAs(w.space, w.june, 'admin.setPolicy', { subject: 'slack', role: 'member', effect: 'allow' }),
      () => runAs(w.space, w.june, 'admin.setRole', { tenantId: 'June', role: 'admin' }),
      () => runAs(w.space, w.june, 'admin.setOAuthClient', { connectorId: 'github',  clientId: 'x', clientSecret: 'y' }),
      () => runAs(w.space, w.june, 'space.rename', { name: 'Mine now' }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    }
    expect((await runAs(w.space, w.sarah, 'admin.audit')).entries).toEqual([]);
  });

  it('previews who loses what, applies on the next call of every affected tenant, and records it', async () => {
    w = await world();
    await createTenant(w.space, { name: 'Emily', passphrase: 'lemon glacier piano hedgehog' });
    const emily = await unlockTenant(w.space, 'Emily', 'lemon glacier piano hedgehog');
    for (const [session, token, account] of [
      [w.june, 'xoxb-june-0000000000002', 'june'],
      [emily, 'xoxb-emily-000000000003', 'emily'],
    ] as const) {
      w.fake.addToken('slack', token, account);
      await connect(session, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token }, baseUrl: w.fake.baseUrl('slack') });
    }
    await enableActions(w.june, catalog, ['slack.send_message']);
    await enableActions(emily, catalog, ['slack.list_channels']);
    await expect.poll(async () => (await runAs(w.space, w.sarah, 'admin.previewPolicy', { subject: 'slack', role: 'member', effect: 'deny' })).length).toBe(2);
    expect(await runAs(w.space, w.sarah, 'admin.previewPolicy', { subject: 'slack.send_message', role: 'member', effect: 'deny' })).toEqual([
      { tenantId: w.june.tenantId, name: 'June', loses: ['slack.send_message'], gains: [] },
    ]);
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack', role: 'member', effect: 'deny' });
    await expect(w.router.execute(w.june, 'slack.send_message', { channel: 'C0001', text: 'x' }, { via: 'ui' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    await expect(w.router.execute(emily, 'slack.list_channels', {}, { via: 'ui' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'Emily', role: 'viewer' });
    const audit = await runAs(w.space, w.sarah, 'admin.audit');
    expect(audit.intact).toBe(true);
    expect(audit.entries.map((e) => [e.actor, e.action, e.detail])).toEqual([
      ['Sarah', 'tenant.role', { tenantId: emily.tenantId, name: 'Emily', from: 'member', to: 'viewer' }],
      ['Sarah', 'policy.set', { subject: 'slack', role: 'member', effect: 'deny' }],
    ]);
  });

  it('shows a hand-edited audit trail as broken', async () => {
    w = await world();
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack', role: 'member', effect: 'deny' });
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack', role: 'member', effect: 'inherit' });
    expect((await runAs(w.space, w.sarah, 'admin.audit')).intact).toBe(true);
    await w.space.registry.run(`UPDATE audit SET detail = '{"subject":"github","role":"member","effect":"deny"}' WHERE id = 1`);
    expect((await runAs(w.space, w.sarah, 'admin.audit')).intact).toBe(false);
  });
});
