/**
 * Tamper-evident policy. The space has an Ed25519 policy key; only admins can use its private
 * half (sealed to each admin's X25519 key, whose private half only that admin's vault key can
 * unwrap). Every change an admin makes to rules or roles re-signs the "policy statement": all
 * rules, and every tenant whose role is not the default `member`. Each vault pins the policy
 * public key when it is created, and every policy decision first checks the registry's statement
 * against that pin: a rule or role edited into the registry file by hand fails the check, and
 * nothing runs until an admin reviews and re-saves the policy.
 *
 * Not protected: a person who rewrites their own vault (they hold its key) or the program itself.
 * Policy is a guardrail over each person's own credentials, which they could use without
 * Switchboard anyway.
 */
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { SwitchboardError } from '../../shared/errors.js';
import type { Db, Tx } from '../db/sqlite.js';
import { sessionState, type TenantSession } from '../vault/tenant-session.js';
import { unwrapKey, wrapAad, wrapKey } from '../vault/vault-keys.js';
import type { Space } from './space.js';

const PUB_SETTING = 'policy_public_key';
const SIG_SETTING = 'policy_signature';
const PIN = 'policy_public_key';

// --- raw key helpers (X25519 / Ed25519 as 32-byte strings) ------------------------------------

function x25519Pair(): { pub: Buffer; priv: Buffer } {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return { pub: Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'), priv: Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url') };
}

function x25519Private(priv: Buffer, pub: Buffer): KeyObject {
  return createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: priv.toString('base64url'), x: pub.toString('base64url') }, format: 'jwk' });
}

function x25519Public(pub: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: pub.toString('base64url') }, format: 'jwk' });
}

function ed25519Private(d: Buffer, x: Buffer): KeyObject {
  return createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: d.toString('base64url'), x: x.toString('base64url') }, format: 'jwk' });
}

function ed25519Public(x: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: x.toString('base64url') }, format: 'jwk' });
}

/** ECIES: ephemeral X25519 → HKDF → AES-256-GCM. Output: ephemeral pub(32) | nonce(12) | ct | tag(16). */
function seal(recipientPub: Buffer, plaintext: Buffer, info: string): Buffer {
  const eph = x25519Pair();
  const shared = diffieHellman({ privateKey: x25519Private(eph.priv, eph.pub), publicKey: x25519Public(recipientPub) });
  const key = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([eph.pub, recipientPub]), info, 32));
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([eph.pub, nonce, ct, cipher.getAuthTag()]);
}

function unseal(priv: Buffer, pub: Buffer, sealed: Buffer, info: string): Buffer | null {
  const ephPub = sealed.subarray(0, 32);
  const nonce = sealed.subarray(32, 44);
  const tag = sealed.subarray(sealed.length - 16);
  const ct = sealed.subarray(44, sealed.length - 16);
  const shared = diffieHellman({ privateKey: x25519Private(priv, pub), publicKey: x25519Public(ephPub) });
  const key = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephPub, pub]), info, 32));
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ct), decipher.final()]);
  } catch {
    return null;
  }
}

// --- the statement ------------------------------------------------------------------------------

interface Statement {
  v: 1;
  space: string;
  rules: [string, string, string][];
  /** Tenants whose role is not the default `member`. */
  roles: [string, string][];
}

async function statement(db: Db | Tx, spaceId: string): Promise<Statement> {
  const rules = await db.all<{ subject: string; role: string; effect: string }>('SELECT subject, role, effect FROM policy_rule ORDER BY subject, role');
  const roles = await db.all<{ id: string; role: string }>("SELECT id, role FROM tenant WHERE role != 'member' ORDER BY id");
  return { v: 1, space: spaceId, rules: rules.map((r) => [r.subject, r.role, r.effect]), roles: roles.map((r) => [r.id, r.role]) };
}

/**
 * Does the registry now match the signed statement? Rules must be the same; every tenant must
 * have the role the statement gives it (`member` when unlisted). A listed tenant that has since
 * been deleted is fine: deleting a profile does not need an admin's signature.
 */
async function matches(db: Db, signed: Statement, spaceId: string): Promise<boolean> {
  if (signed.space !== spaceId) return false;
  const now = await statement(db, spaceId);
  if (JSON.stringify(now.rules) !== JSON.stringify(signed.rules)) return false;
  const signedRoles = new Map(signed.roles);
  const tenants = await db.all<{ id: string; role: string }>('SELECT id, role FROM tenant');
  return tenants.every((t) => (signedRoles.get(t.id) ?? 'member') === t.role);
}

async function getSetting(db: Db | Tx, key: string): Promise<string | undefined> {
  return (await db.get<{ value: string }>('SELECT value FROM space_setting WHERE key = ?', [key]))?.value;
}

async function setSetting(db: Db | Tx, key: string, value: string): Promise<void> {
  await db.run('INSERT INTO space_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
}

// --- tenant keys --------------------------------------------------------------------------------

/** Give a new tenant its X25519 pair (private half wrapped under its data key) and pin the policy key in its vault. */
export async function setUpTenantKeys(space: Space, tx: Tx, tenantId: string, dataKey: Buffer, vault: Db): Promise<void> {
  const pair = x25519Pair();
  const wrapped = wrapKey(dataKey, pair.priv, wrapAad('tenant-x25519', space.id, tenantId));
  pair.priv.fill(0);
  await tx.run('INSERT INTO tenant_key (tenant_id, enc_pub, enc_wrap) VALUES (?, ?, ?)', [tenantId, pair.pub, wrapped]);
  const pub = await getSetting(tx, PUB_SETTING);
  if (pub) await vault.run("INSERT OR IGNORE INTO vault_meta (key, value) VALUES (?, ?)", [PIN, JSON.parse(pub) as string]);
}

/** The first admin of a space creates the policy key, seals it to itself, pins it, and signs. */
export async function createPolicyKey(space: Space, tx: Tx, tenantId: string, vault: Db): Promise<void> {
  if (await getSetting(tx, PUB_SETTING)) return;
  const keyRow = await tx.get<{ enc_pub: Buffer }>('SELECT enc_pub FROM tenant_key WHERE tenant_id = ?', [tenantId]);
  if (!keyRow) throw new SwitchboardError('INTERNAL', 'The first admin has no key pair.');
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const d = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  await setSetting(tx, PUB_SETTING, JSON.stringify(x.toString('base64url')));
  await tx.run('INSERT INTO admin_key (tenant_id, sealed) VALUES (?, ?)', [tenantId, seal(keyRow.enc_pub, d, sealInfo(space))]);
  await vault.run("INSERT OR REPLACE INTO vault_meta (key, value) VALUES (?, ?)", [PIN, x.toString('base64url')]);
  await writeSignature(tx, space, d, x);
  d.fill(0);
}

const sealInfo = (space: Space): string => `switchboard/policy-key/v1/${space.id}`;

async function writeSignature(tx: Tx, space: Space, d: Buffer, x: Buffer): Promise<void> {
  const body = JSON.stringify(await statement(tx, space.id));
  const signature = sign(null, Buffer.from(body), ed25519Private(d, x)).toString('base64url');
  await setSetting(tx, SIG_SETTING, JSON.stringify({ statement: body, signature }));
}

/** The admin's own copy of the signing key, unsealed with the admin's X25519 key. */
async function signingKey(space: Space, tx: Db | Tx, admin: TenantSession): Promise<{ d: Buffer; x: Buffer } | undefined> {
  const pub = await getSetting(tx, PUB_SETTING);
  const sealed = await tx.get<{ sealed: Buffer }>('SELECT sealed FROM admin_key WHERE tenant_id = ?', [admin.tenantId]);
  const keys = await tx.get<{ enc_pub: Buffer; enc_wrap: Buffer }>('SELECT enc_pub, enc_wrap FROM tenant_key WHERE tenant_id = ?', [admin.tenantId]);
  if (!pub || !sealed || !keys) return undefined;
  const priv = admin.withDataKey((dataKey) => unwrapKey(dataKey, keys.enc_wrap, wrapAad('tenant-x25519', space.id, admin.tenantId)));
  if (!priv) return undefined;
  const d = unseal(priv, keys.enc_pub, sealed.sealed, sealInfo(space));
  priv.fill(0);
  return d ? { d, x: Buffer.from(JSON.parse(pub) as string, 'base64url') } : undefined;
}

/**
 * Re-sign the policy statement after an admin's change, inside the same transaction. With
 * `grantTo`, also seal the signing key to a newly promoted admin.
 */
export async function signPolicy(space: Space, tx: Tx, admin: TenantSession, grantTo?: string): Promise<void> {
  const key = await signingKey(space, tx, admin);
  if (!key) {
    if (!(await getSetting(tx, PUB_SETTING))) return; // a space from before signing: nothing to sign with yet
    throw new SwitchboardError('POLICY_DENIED', 'This admin profile holds no policy signing key. Ask another admin to make the change, or to grant admin again.');
  }
  if (grantTo) {
    const target = await tx.get<{ enc_pub: Buffer }>('SELECT enc_pub FROM tenant_key WHERE tenant_id = ?', [grantTo]);
    if (target) {
      await tx.run('INSERT INTO admin_key (tenant_id, sealed) VALUES (?, ?) ON CONFLICT (tenant_id) DO UPDATE SET sealed = excluded.sealed', [grantTo, seal(target.enc_pub, key.d, sealInfo(space))]);
    }
  }
  await writeSignature(tx, space, key.d, key.x);
  key.d.fill(0);
}

/** Whether this session's tenant holds the policy signing key (a real admin, not one edited in). */
export async function holdsSigningKey(space: Space, session: TenantSession): Promise<boolean> {
  const key = await signingKey(space, space.registry, session).catch(() => undefined);
  key?.d.fill(0);
  return key !== undefined;
}

/** Whether the registry's policy matches its signature, as this session's vault pin sees it. */
export async function policyIntact(space: Space, session: TenantSession): Promise<boolean> {
  return assertPolicyIntact(space, session).then(
    () => true,
    () => false,
  );
}

/** Remove a demoted admin's copy of the signing key. */
export async function revokeAdminKey(tx: Tx, tenantId: string): Promise<void> {
  await tx.run('DELETE FROM admin_key WHERE tenant_id = ?', [tenantId]);
}

// --- verification --------------------------------------------------------------------------------

// clearOn: lock
const VERDICT = sessionState('policy signature verdict', () => ({ version: -1, dataVersion: -1, ok: false }));
let localVersion = 0;
/** Call after this process changes rules or roles, so cached verdicts are rechecked. */
export function policyChangedHere(): void {
  localVersion++;
}

/**
 * Throw POLICY_DENIED unless the registry's rules and roles carry a valid signature by the key
 * pinned in this session's vault. Cached until the registry changes.
 */
export async function assertPolicyIntact(space: Space, session: TenantSession): Promise<void> {
  const dataVersion = (await space.registry.get<{ data_version: number }>('PRAGMA data_version'))?.data_version ?? 0;
  const cached = session.state(VERDICT);
  if (cached.version === localVersion && cached.dataVersion === dataVersion) {
    if (!cached.ok) throw tampered();
    return;
  }
  const ok = await checkSignature(space, session);
  Object.assign(cached, { version: localVersion, dataVersion, ok });
  if (!ok) throw tampered();
}

async function checkSignature(space: Space, session: TenantSession): Promise<boolean> {
  const registryPub = await getSetting(space.registry, PUB_SETTING);
  let pin = (await session.vault().get<{ value: string }>('SELECT value FROM vault_meta WHERE key = ?', [PIN]))?.value;
  if (!registryPub && !pin) return true; // a space from before signing, with no admin key yet
  if (!pin) {
    // Trust on first use, for vaults created before signing existed.
    pin = JSON.parse(registryPub!) as string;
    await session.vault().run('INSERT OR IGNORE INTO vault_meta (key, value) VALUES (?, ?)', [PIN, pin]);
  }
  const stored = await getSetting(space.registry, SIG_SETTING);
  if (!stored) return false;
  try {
    const { statement: body, signature } = JSON.parse(stored) as { statement: string; signature: string };
    const ok = verify(null, Buffer.from(body), ed25519Public(Buffer.from(pin, 'base64url')), Buffer.from(signature, 'base64url'));
    return ok && (await matches(space.registry, JSON.parse(body) as Statement, space.id));
  } catch {
    return false;
  }
}

function tampered(): SwitchboardError {
  return new SwitchboardError(
    'POLICY_DENIED',
    "The space policy or a role was changed outside Switchboard: its signature does not match. Nothing runs until an admin reviews it (switchboard policy show) and saves it again.",
  );
}
