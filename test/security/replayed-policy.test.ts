// Attack 3: a member saves the signed policy rows while they are admin, is denied an action and
// demoted, then puts the old rows back. The vaults have seen newer versions: the restored policy
// is refused as rolled back, and the old signing key it brings signs nothing they accept.
import { afterEach, describe, expect, it } from 'vitest';
import { builtinCatalog, connect, enableActions } from '../../src/engine/index.js';
import { policyIntact } from '../../src/engine/space/policy.js';
import { runAs } from '../helpers.js';
import { world, type World } from '../integration/router-helpers.js';
import { editRegistry, restoreRows, saveRows } from './attacker.js';

const catalog = builtinCatalog();
let w: World;
afterEach(async () => w?.close());

const ROLLED_BACK = { code: 'POLICY_DENIED', message: expect.stringMatching(/rolled back/) };
const SIGNED_TABLES = ['policy_rule', 'tenant', 'space_setting', 'admin_key'];

async function juneOnSlack(): Promise<void> {
  w.fake.addToken('slack', 'xoxb-june-0000000000002', 'june');
  await connect(w.june, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token: 'xoxb-june-0000000000002' }, baseUrl: w.fake.baseUrl('slack') });
  await enableActions(w.june, catalog, ['slack.send_message']);
}
const juneSends = () => w.router.execute(w.june, 'slack.send_message', { channel: 'C0001', text: 'x' }, { via: 'ui' });

describe('a restored old policy', () => {
  it('is refused as rolled back: the denial and the demotion stay, and the demoted admin removes no one', async () => {
    w = await world();
    await juneOnSlack();
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'admin' });
    expect((await juneSends()).status).toBe('ok');
    const saved = await saveRows(w.space, SIGNED_TABLES); // June, an admin, keeps a copy

    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack.send_message', role: 'member', effect: 'deny' });
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'member' });
    await expect(juneSends()).rejects.toMatchObject({ code: 'POLICY_DENIED', message: expect.stringMatching(/denies/) });

    await restoreRows(w.space, saved);
    await expect(juneSends()).rejects.toMatchObject(ROLLED_BACK);
    await expect(runAs(w.space, w.june, 'admin.removeTenant', { tenantId: 'Sarah' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    await expect(runAs(w.space, w.june, 'admin.setPolicy', { subject: 'slack.send_message', role: 'member', effect: 'allow' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    expect(await w.space.findTenant('Sarah')).toMatchObject({ role: 'admin' });
    // The honest admin's vault sees the rollback too, says so, and fixes it by saving again.
    await expect(w.router.execute(w.sarah, 'slack.send_message', { channel: 'C0001', text: 'x' }, { via: 'ui' })).rejects.toMatchObject(ROLLED_BACK);
    expect(await policyIntact(w.space, w.sarah)).toBe(false);
    // Her review: June is back to admin in the restored rows; Sarah demotes her again and re-saves the rule.
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'member' });
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack.send_message', role: 'member', effect: 'deny' });
    expect(await policyIntact(w.space, w.june)).toBe(true);
    await expect(juneSends()).rejects.toMatchObject({ code: 'POLICY_DENIED', message: expect.stringMatching(/denies/) });
  });

  it("signs nothing with a former admin's copy of the key: demotion replaced it", async () => {
    w = await world();
    await juneOnSlack();
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'admin' });
    const copy = await saveRows(w.space, ['admin_key']);
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack.send_message', role: 'member', effect: 'deny' });
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'member' });
    await expect(juneSends()).rejects.toMatchObject({ code: 'POLICY_DENIED', message: expect.stringMatching(/denies/) });

    // June puts her sealed copy back, makes herself admin and re-signs with the key she held.
    const oldPub = (await w.space.registry.get<{ value: string }>("SELECT value FROM space_setting WHERE key = 'policy_key_chain'"))!.value;
    const prev = (JSON.parse(oldPub) as { prev: string }[])[0]!.prev;
    await restoreRows(w.space, new Map([['admin_key', copy.get('admin_key')!.filter((r) => r.tenant_id === w.june.tenantId)]]));
    await editRegistry(w.space, "UPDATE space_setting SET value = ? WHERE key = 'policy_public_key'", [JSON.stringify(prev)]);
    await editRegistry(w.space, "DELETE FROM space_setting WHERE key = 'policy_key_chain'");
    await editRegistry(w.space, "UPDATE tenant SET role = 'admin' WHERE name = 'June'");
    await expect(runAs(w.space, w.june, 'admin.setPolicy', { subject: 'slack.send_message', role: 'member', effect: 'allow' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    await expect(juneSends()).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    expect(await policyIntact(w.space, w.sarah)).toBe(false);
    expect(w.fake.requestsTo('slack', '/chat.postMessage')).toHaveLength(0);
  });
});

describe('a public key edited into the registry', () => {
  it('gets no signing key: promotion seals it to the key the last signed statement names', async () => {
    w = await world();
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'github', role: 'viewer', effect: 'deny' }); // June's key is signed now
    // Emily, on the same machine, puts her own X25519 public key on June's row.
    const { x25519Pair, unseal } = await import('../../src/engine/space/key-crypto.js');
    const emily = x25519Pair();
    await editRegistry(w.space, 'UPDATE tenant_key SET enc_pub = ? WHERE tenant_id = ?', [emily.pub, w.june.tenantId]);
    await expect(juneSends()).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    // Sarah promotes June anyway: the key goes to June's signed public key, which Emily cannot open.
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'admin' });
    const sealed = (await w.space.registry.get<{ sealed: Buffer }>('SELECT sealed FROM admin_key WHERE tenant_id = ?', [w.june.tenantId]))!.sealed;
    expect(unseal(emily.priv, emily.pub, sealed, `switchboard/policy-key/v1/${w.space.id}`)).toBeNull();
    // The admin's change put June's signed key back, so the space is whole again and June can act as admin.
    expect(await policyIntact(w.space, w.june)).toBe(true);
    await runAs(w.space, w.june, 'admin.setPolicy', { subject: 'github', role: 'viewer', effect: 'inherit' });
  });

  it('an unsigned row with a huge version does not make versions stop rising: the older policy is still refused', async () => {
    w = await world();
    await juneOnSlack();
    const version = async (): Promise<number> =>
      (JSON.parse(JSON.parse((await w.space.registry.get<{ value: string }>("SELECT value FROM space_setting WHERE key = 'policy_signature'"))!.value).statement) as { version: number }).version;
    await editRegistry(w.space, "UPDATE space_setting SET value = ? WHERE key = 'policy_signature'", [JSON.stringify({ statement: JSON.stringify({ version: Number.MAX_SAFE_INTEGER }), signature: 'x' })]);
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'github', role: 'viewer', effect: 'deny' });
    const first = await version();
    expect(first).toBeLessThan(Number.MAX_SAFE_INTEGER / 2);
    expect((await juneSends()).status).toBe('ok');
    const saved = await saveRows(w.space, SIGNED_TABLES);
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack.send_message', role: 'member', effect: 'deny' });
    expect(await version()).toBeGreaterThan(first);
    await expect(juneSends()).rejects.toMatchObject({ code: 'POLICY_DENIED', message: expect.stringMatching(/denies/) });
    await restoreRows(w.space, saved);
    await expect(juneSends()).rejects.toMatchObject(ROLLED_BACK);
  });
});
