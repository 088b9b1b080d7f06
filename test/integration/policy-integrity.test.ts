// Policy integrity: rules and roles edited into the registry by hand are detected and refused.
import { runAs } from '../helpers.js';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinCatalog, connect, enableActions } from '../../src/engine/index.js';

import { policyIntact } from '../../src/engine/space/policy.js';
import { world, type World } from './router-helpers.js';

const catalog = builtinCatalog();
let w: World;
afterEach(async () => w?.close());

async function juneOnSlack(): Promise<void> {
  w.fake.addToken('slack', 'xoxb-june-0000000000002', 'june');
  await connect(w.june, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token: 'xoxb-june-0000000000002' }, baseUrl: w.fake.baseUrl('slack') });
  await enableActions(w.june, catalog, ['slack.send_message']);
}
/** Edit the registry file by hand, from another connection, as a person with a SQLite shell would. */
async function handEdit(sql: string, params: (string | number)[] = []): Promise<void> {
  const { Db } = await import('../../src/engine/db/sqlite.js');
  const { join } = await import('node:path');
  const db = await Db.open(join(w.space.home, 'spaces', w.space.id, 'registry.db'));
  await db.run(sql, params);
  await db.close();
}
const send = () => w.router.execute(w.june, 'slack.send_message', { channel: 'C0001', text: 'x' }, { via: 'ui' });
const TAMPERED = { code: 'POLICY_DENIED', message: expect.stringMatching(/changed outside Switchboard/) };

describe('tamper-evident policy', () => {
  it('a deny rule deleted by hand is detected: nothing runs until an admin re-saves', async () => {
    w = await world();
    await juneOnSlack();
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack.send_message', role: 'member', effect: 'deny' });
    await expect(send()).rejects.toMatchObject({ code: 'POLICY_DENIED', message: expect.stringMatching(/denies/) });
    // June edits the registry file by hand.
    await handEdit("DELETE FROM policy_rule WHERE subject = 'slack.send_message'");
    await expect(send()).rejects.toMatchObject(TAMPERED);
    expect(await policyIntact(w.space, w.sarah)).toBe(false);
    // The admin reviews and saves again: the signature covers the reviewed state.
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack.send_message', role: 'member', effect: 'deny' });
    expect(await policyIntact(w.space, w.june)).toBe(true);
    await expect(send()).rejects.toMatchObject({ code: 'POLICY_DENIED', message: expect.stringMatching(/denies/) });
  });

  it('an allow rule or an admin role added by hand grants nothing', async () => {
    w = await world();
    await juneOnSlack();
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack', role: 'member', effect: 'deny' });
    await handEdit("INSERT INTO policy_rule (subject, role, effect, updated_at, updated_by) VALUES ('slack.send_message', 'member', 'allow', 0, 'x')");
    await expect(send()).rejects.toMatchObject(TAMPERED);
    await handEdit("DELETE FROM policy_rule WHERE effect = 'allow'");
    expect(await policyIntact(w.space, w.june)).toBe(true);

    await handEdit("UPDATE tenant SET role = 'admin' WHERE name = 'June'");
    await expect(runAs(w.space, w.june, 'admin.tenants')).rejects.toMatchObject(TAMPERED);
    await expect(runAs(w.space, w.june, 'admin.setPolicy', { subject: 'slack', role: 'member', effect: 'allow' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    await expect(send()).rejects.toMatchObject(TAMPERED);
    // Forging the signature with a key of June's own does not match the key pinned in her vault.
    const forged = (await w.space.registry.get<{ value: string }>("SELECT value FROM space_setting WHERE key = 'policy_signature'"))!.value;
    const { statement } = JSON.parse(forged) as { statement: string };
    const { generateKeyPairSync, sign } = await import('node:crypto');
    const mine = generateKeyPairSync('ed25519');
    const body = statement.replace(']]}', `],["${w.june.tenantId}","admin"]]}`);
    await handEdit("UPDATE space_setting SET value = ? WHERE key = 'policy_signature'", [JSON.stringify({ statement: body, signature: sign(null, Buffer.from(body), mine.privateKey).toString('base64url') })]);
    await handEdit("UPDATE space_setting SET value = ? WHERE key = 'policy_public_key'", [JSON.stringify(mine.publicKey.export({ format: 'jwk' }).x)]);
    await expect(send()).rejects.toMatchObject(TAMPERED);
  });

  it('a promoted admin receives the signing key; a demoted one loses it', async () => {
    w = await world();
    await juneOnSlack();
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'admin' });
    await runAs(w.space, w.june, 'admin.setPolicy', { subject: 'github', role: 'viewer', effect: 'deny' }); // June signs with her own copy
    expect(await policyIntact(w.space, w.sarah)).toBe(true);
    expect((await send()).status).toBe('ok');
    await runAs(w.space, w.june, 'admin.setRole', { tenantId: 'Sarah', role: 'member' });
    await expect(runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'github', role: 'viewer', effect: 'allow' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    expect(await policyIntact(w.space, w.sarah)).toBe(true);
  });
});
