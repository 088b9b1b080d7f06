// Attack 9: a member who can write the registry goes after the signing key and after identities —
// swaps a profile's public key so the next sealed copy of the key is hers, keeps an admin's key
// after leaving, puts her own wrap and vault in an admin's place, or breaks the key chain.
import { rename } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createTenant, unlockTenant, Home } from '../../src/engine/index.js';
import { ed25519PubOf, unseal, x25519Pair } from '../../src/engine/space/key-crypto.js';
import { policyIntact } from '../../src/engine/space/policy.js';
import { openVaultFile } from '../../src/engine/vault/open-vault.js';
import { derivePassphraseKey, newDataKey, newScryptParams, unwrapKey, wrapAad, wrapKey } from '../../src/engine/vault/vault-keys.js';
import type { TenantSession } from '../../src/engine/vault/tenant-session.js';
import { FAST_KDF, PASS_JUNE, runAs } from '../helpers.js';
import { world, type World } from '../integration/router-helpers.js';
import { editRegistry } from './attacker.js';

const PASS_EMILY = 'purple lantern meadow galaxy';
let w: World;
afterEach(async () => w?.close());

const sealInfo = (): string => `switchboard/policy-key/v1/${w.space.id}`;
const registryPub = async (): Promise<string> =>
  JSON.parse((await w.space.registry.get<{ value: string }>("SELECT value FROM space_setting WHERE key = 'policy_public_key'"))!.value) as string;
const sealedTo = async (tenantId: string): Promise<Buffer> =>
  (await w.space.registry.get<{ sealed: Buffer }>('SELECT sealed FROM admin_key WHERE tenant_id = ?', [tenantId]))!.sealed;
const encPub = async (tenantId: string): Promise<Buffer> =>
  (await w.space.registry.get<{ enc_pub: Buffer }>('SELECT enc_pub FROM tenant_key WHERE tenant_id = ?', [tenantId]))!.enc_pub;
const pinOf = async (session: TenantSession): Promise<string> =>
  (await session.vault().get<{ value: string }>("SELECT value FROM vault_meta WHERE key = 'policy_public_key'"))!.value;

describe('public keys swapped in the registry', () => {
  it("an admin-made profile's key is signed at once: swapping it is seen, and the promotion seals to the real key", async () => {
    w = await world();
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'github', role: 'member', effect: 'deny' });
    await runAs(w.space, w.sarah, 'profiles.create', { name: 'Emily', passphrase: PASS_EMILY });
    const emily = await w.space.findTenant('Emily');
    const real = await encPub(emily.id);
    const mine = x25519Pair();
    await editRegistry(w.space, 'UPDATE tenant_key SET enc_pub = ? WHERE tenant_id = ?', [mine.pub, emily.id]);
    expect(await policyIntact(w.space, w.june)).toBe(false);

    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: emily.id, role: 'admin' });
    expect((await encPub(emily.id)).equals(real)).toBe(true);
    expect(unseal(mine.priv, mine.pub, await sealedTo(emily.id), sealInfo())).toBeNull();
    expect(await policyIntact(w.space, w.june)).toBe(true);
  });

  it("a lock-screen profile's owner puts back a key swapped before any admin signed it", async () => {
    w = await world();
    await createTenant(w.space, { name: 'Emily', passphrase: PASS_EMILY });
    const emily = await w.space.findTenant('Emily');
    const real = await encPub(emily.id);
    const mine = x25519Pair();
    await editRegistry(w.space, 'UPDATE tenant_key SET enc_pub = ? WHERE tenant_id = ?', [mine.pub, emily.id]);

    const session = await unlockTenant(w.space, 'Emily', PASS_EMILY);
    expect((await encPub(emily.id)).equals(real)).toBe(true);
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: emily.id, role: 'admin' });
    expect(unseal(mine.priv, mine.pub, await sealedTo(emily.id), sealInfo())).toBeNull();
    expect(await runAs(w.space, session, 'admin.setPolicy', { subject: 'slack', role: 'viewer', effect: 'deny' })).toBeDefined();
  });

  it('a swapped admin key with a broken signature: the demotion seals the new key to the key the admin signed', async () => {
    w = await world();
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'admin' });
    const oldPub = await registryPub();
    const real = await encPub(w.sarah.tenantId);
    const mine = x25519Pair();
    await editRegistry(w.space, 'UPDATE tenant_key SET enc_pub = ? WHERE tenant_id = ?', [mine.pub, w.sarah.tenantId]);
    await editRegistry(w.space, "UPDATE space_setting SET value = 'garbage' WHERE key = 'policy_signature'");
    expect(await policyIntact(w.space, w.sarah)).toBe(false);

    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'member' });
    expect(await registryPub()).not.toBe(oldPub);
    expect((await encPub(w.sarah.tenantId)).equals(real)).toBe(true);
    expect(unseal(mine.priv, mine.pub, await sealedTo(w.sarah.tenantId), sealInfo())).toBeNull();
    expect(await policyIntact(w.space, w.sarah)).toBe(true);
  });

  it('"review and save again" after a swap puts the signed key back instead of signing the swap', async () => {
    w = await world();
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'github', role: 'viewer', effect: 'deny' });
    const real = await encPub(w.june.tenantId);
    const mine = x25519Pair();
    await editRegistry(w.space, 'UPDATE tenant_key SET enc_pub = ? WHERE tenant_id = ?', [mine.pub, w.june.tenantId]);
    await editRegistry(w.space, "UPDATE space_setting SET value = 'garbage' WHERE key = 'policy_signature'");
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'github', role: 'viewer', effect: 'deny' });
    expect((await encPub(w.june.tenantId)).equals(real)).toBe(true);
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'admin' });
    expect(unseal(mine.priv, mine.pub, await sealedTo(w.june.tenantId), sealInfo())).toBeNull();
  });

  it("a profile's key row deleted is tampering, and its owner's unlock puts it back", async () => {
    w = await world();
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'github', role: 'viewer', effect: 'deny' });
    const real = await encPub(w.june.tenantId);
    await editRegistry(w.space, 'DELETE FROM tenant_key WHERE tenant_id = ?', [w.june.tenantId]);
    expect(await policyIntact(w.space, w.sarah)).toBe(false);
    await w.june.lock();
    const june = await unlockTenant(w.space, 'June', PASS_JUNE);
    expect((await encPub(june.tenantId)).equals(real)).toBe(true);
    expect(await policyIntact(w.space, w.sarah)).toBe(true);
  });
});

describe('an admin who leaves', () => {
  it('cannot delete itself while others remain: another admin removes it, which replaces the key', async () => {
    w = await world();
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'admin' });
    const before = await registryPub();
    await expect(runAs(w.space, null, 'profiles.delete', { tenant: 'June', passphrase: PASS_JUNE })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/another admin deletes it/),
    });
    expect((await w.space.findTenant('June')).role).toBe('admin');
    await runAs(w.space, w.sarah, 'admin.removeTenant', { tenantId: 'June' });
    expect(await registryPub()).not.toBe(before);
  });
});

describe('another profile put in an admin’s place', () => {
  async function impostorVault(sarahId: string, pin: string): Promise<{ home: Home; restore: () => Promise<void>; dataKey: Buffer }> {
    const home = new Home(w.dir, { scryptCost: FAST_KDF });
    const space = await home.openSpace();
    const file = space.vaultPath(sarahId);
    await rename(file, `${file}.aside`);
    const dataKey = newDataKey();
    const vault = await openVaultFile(file, Buffer.from(dataKey), { spaceId: space.id, tenantId: sarahId }, { create: true });
    await vault.run("INSERT INTO vault_meta (key, value) VALUES ('policy_public_key', ?)", [pin]);
    await vault.close();
    const saved = await space.registry.get<{ kdf: string; wrap_passphrase: Buffer }>('SELECT kdf, wrap_passphrase FROM tenant WHERE id = ?', [sarahId]);
    const params = newScryptParams(FAST_KDF);
    const wrapped = wrapKey(await derivePassphraseKey(PASS_JUNE, params), dataKey, wrapAad('passphrase', space.id, sarahId));
    await editRegistry(w.space, 'UPDATE tenant SET kdf = ?, wrap_passphrase = ? WHERE id = ?', [JSON.stringify(params), wrapped, sarahId]);
    return {
      home,
      dataKey,
      async restore() {
        await home.close();
        await rename(`${file}.aside`, file);
        await editRegistry(w.space, 'UPDATE tenant SET kdf = ?, wrap_passphrase = ? WHERE id = ?', [saved!.kdf, saved!.wrap_passphrase, sarahId]);
      },
    };
  }

  it("is refused at unlock: its vault holds no key of the admin's key pair", async () => {
    w = await world();
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack.send_message', role: 'member', effect: 'deny' });
    const impostor = await impostorVault(w.sarah.tenantId, await pinOf(w.june));
    const space = await impostor.home.openSpace();
    await expect(unlockTenant(space, 'Sarah', PASS_JUNE)).rejects.toMatchObject({ code: 'VAULT_CORRUPT', message: expect.stringMatching(/does not hold the key pair/) });
    await impostor.restore();
  });

  it('is refused with a key pair of its own too: the signed policy names the admin’s', async () => {
    w = await world();
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack.send_message', role: 'member', effect: 'deny' });
    const impostor = await impostorVault(w.sarah.tenantId, await pinOf(w.june));
    const space = await impostor.home.openSpace();
    const saved = await w.space.registry.get<{ enc_pub: Buffer; enc_wrap: Buffer }>('SELECT enc_pub, enc_wrap FROM tenant_key WHERE tenant_id = ?', [w.sarah.tenantId]);
    const mine = x25519Pair();
    await editRegistry(w.space, 'UPDATE tenant_key SET enc_pub = ?, enc_wrap = ? WHERE tenant_id = ?', [
      mine.pub,
      wrapKey(impostor.dataKey, mine.priv, wrapAad('tenant-x25519', space.id, w.sarah.tenantId)),
      w.sarah.tenantId,
    ]);
    await expect(unlockTenant(space, 'Sarah', PASS_JUNE)).rejects.toMatchObject({ code: 'VAULT_CORRUPT' });
    await impostor.restore();
    await editRegistry(w.space, 'UPDATE tenant_key SET enc_pub = ?, enc_wrap = ? WHERE tenant_id = ?', [saved!.enc_pub, saved!.enc_wrap, w.sarah.tenantId]);
    expect(unwrapKey(impostor.dataKey, saved!.enc_wrap, wrapAad('tenant-x25519', space.id, w.sarah.tenantId))).toBeNull();
  });
});

describe('pins and the key chain', () => {
  it('a profile unlocked after a rotation moves its pin at unlock, before any call', async () => {
    w = await world();
    await runAs(w.space, w.sarah, 'profiles.create', { name: 'Emily', passphrase: PASS_EMILY });
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'admin' });
    const oldKey = await registryPub();
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'member' });
    const emily = await unlockTenant(w.space, 'Emily', PASS_EMILY);
    expect(await pinOf(emily)).not.toBe(oldKey);
    expect(await pinOf(emily)).toBe(await registryPub());
  });

  it('junk in the key chain blocks no admin change and misleads no vault', async () => {
    w = await world();
    await editRegistry(w.space, "INSERT INTO space_setting (key, value) VALUES ('policy_key_chain', '[null, 1, {\"prev\": 3}]') ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack', role: 'viewer', effect: 'deny' });
    expect(await policyIntact(w.space, w.june)).toBe(true);
  });

  it('a copy of the key taken before a rotation becomes no admin’s key later', async () => {
    w = await world();
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'admin' });
    await runAs(w.space, w.june, 'admin.setPolicy', { subject: 'slack', role: 'viewer', effect: 'deny' });
    const raw = (await w.june.vault().get<{ value: string }>("SELECT value FROM vault_meta WHERE key = 'space_signing_key'"))!.value;
    expect(ed25519PubOf(Buffer.from(raw, 'base64url')).toString('base64url')).toBe(await registryPub());
    await runAs(w.space, w.sarah, 'admin.removeTenant', { tenantId: 'June' });
    await createTenant(w.space, { name: 'Mallory', passphrase: 'quiet copper orbit lemonade' });
    const mallory = await unlockTenant(w.space, 'Mallory', 'quiet copper orbit lemonade');
    await mallory.vault().run("INSERT INTO vault_meta (key, value) VALUES ('space_signing_key', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [raw]);
    await editRegistry(w.space, "UPDATE tenant SET role = 'admin' WHERE id = ?", [mallory.tenantId]);
    await expect(runAs(w.space, mallory, 'admin.setRole', { tenantId: 'Sarah', role: 'member' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    expect((await w.space.findTenant('Sarah')).role).toBe('admin');
  });
});
