// The router caches what a call's decision rests on (the verified policy, connections and
// enablement) and re-reads it only when a counter moves. Every kind of change made from ANOTHER
// process — the CLI here — must apply to this process's very next call, with its cache warm.
import { afterEach, describe, expect, it } from 'vitest';
import { builtinCatalog, connect, enableActions } from '../../src/engine/index.js';
import { createMcpToken, openSessionWithToken } from '../../src/engine/space/mcp-tokens.js';
import { mayCall } from '../../src/engine/router/may-call.js';
import { PASS_JUNE, PASS_SARAH, runAs, runCli } from '../helpers.js';
import { saveRows, restoreRows } from '../security/attacker.js';
import { world, type World } from './router-helpers.js';

const catalog = builtinCatalog();
let w: World;
afterEach(async () => w?.close());

const JUNE_TOKEN = 'xoxb-june-stale-000000001';
const JUNE_NEW_TOKEN = 'xoxb-june-stale-000000002';

function cli(who: 'Sarah' | 'June', args: string[], input?: string) {
  return runCli([...args, '--tenant', who, '--home', w.space.home], { env: { SWITCHBOARD_PASSPHRASE: who === 'Sarah' ? PASS_SARAH : PASS_JUNE }, ...(input ? { input } : {}) });
}

async function expectOk(promise: Promise<{ code: number | null; stderr: string }>): Promise<void> {
  const result = await promise;
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

const send = () => w.router.execute(w.june, 'slack.send_message', { channel: 'C0001', text: 'x' }, { via: 'ui' });
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err: { code?: string }) => err.code ?? 'thrown',
  );

describe('a change from another process applies to the next call', () => {
  it('enable, mode, disable, deny, allow, role, disconnect and reconnect', async () => {
    w = await world();
    w.fake.addToken('slack', JUNE_TOKEN, 'june');
    w.fake.addToken('slack', JUNE_NEW_TOKEN, 'june');
    await connect(w.june, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token: JUNE_TOKEN }, baseUrl: w.fake.baseUrl('slack') });
    expect(await code(send())).toBe('ACTION_DISABLED'); // the cache is warm from here on

    await expectOk(cli('June', ['enable', 'slack.send_message', '--allow']));
    expect(await code(send())).toBe('ok');

    await expectOk(cli('June', ['enable', 'slack.send_message', '--ask']));
    expect((await mayCall(w.space, w.june, catalog.action('slack.send_message'))).mode).toBe('ask');

    await expectOk(cli('June', ['disable', 'slack.send_message']));
    expect(await code(send())).toBe('ACTION_DISABLED');
    await enableActions(w.june, catalog, ['slack.send_message'], 'allow');
    expect(await code(send())).toBe('ok');

    await expectOk(cli('Sarah', ['policy', 'deny', 'slack.send_message', '--role', 'member']));
    expect(await code(send())).toBe('POLICY_DENIED');
    await expectOk(cli('Sarah', ['policy', 'inherit', 'slack.send_message', '--role', 'member']));
    expect(await code(send())).toBe('ok');

    await expectOk(cli('Sarah', ['tenant', 'role', 'June', '--set', 'viewer']));
    expect(await code(send())).toBe('POLICY_DENIED');
    await expectOk(cli('Sarah', ['tenant', 'role', 'June', '--set', 'member']));
    expect(await code(send())).toBe('ok');

    await expectOk(cli('June', ['disconnect', 'slack']));
    expect(await code(send())).toBe('NOT_CONNECTED');
    await expectOk(cli('June', ['connect', 'slack', '--token-stdin', '--base-url', w.fake.baseUrl('slack')], `${JUNE_NEW_TOKEN}\n`));
    await enableActions(w.june, catalog, ['slack.send_message'], 'allow');
    expect(await code(send())).toBe('ok');
    expect(w.fake.requestsTo('slack', '/chat.postMessage').at(-1)!.headers.authorization).toBe(`Bearer ${JUNE_NEW_TOKEN}`);
  });

  it('a demotion, a removal, a revoked token and a rolled-back policy', async () => {
    w = await world();
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'admin' });
    expect((await runAs(w.space, w.june, 'admin.tenants')).length).toBe(2);
    await expectOk(cli('Sarah', ['tenant', 'role', 'June', '--set', 'member']));
    await expect(runAs(w.space, w.june, 'admin.tenants')).rejects.toMatchObject({ code: 'POLICY_DENIED' });

    const { token, id } = await createMcpToken(w.space, w.june, { name: 'agent' });
    expect(await openSessionWithToken(w.space, token)).toBeDefined();
    await expectOk(cli('June', ['mcp', 'token', 'revoke', id]));
    expect(await openSessionWithToken(w.space, token)).toBeUndefined();

    w.fake.addToken('slack', JUNE_TOKEN, 'june');
    await connect(w.june, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token: JUNE_TOKEN }, baseUrl: w.fake.baseUrl('slack') });
    await enableActions(w.june, catalog, ['slack.send_message'], 'allow');
    const saved = await saveRows(w.space, ['policy_rule', 'space_setting']);
    await expectOk(cli('Sarah', ['policy', 'deny', 'slack.send_message', '--role', 'member']));
    expect(await code(send())).toBe('POLICY_DENIED');
    await restoreRows(w.space, saved); // the older, signed state put back by hand
    await expect(send()).rejects.toMatchObject({ code: 'POLICY_DENIED', message: expect.stringMatching(/rolled back/) });

    await expectOk(runCli(['tenant', 'delete', '--tenant', 'June', '--as', 'Sarah', '--home', w.space.home], { env: { SWITCHBOARD_PASSPHRASE: PASS_SARAH } }));
    await expect(send()).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  });
});
