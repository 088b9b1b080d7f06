/**
 * The space's signing key and who holds it. The space has an Ed25519 key; its private half is
 * sealed to each admin's X25519 key pair, whose private half only that admin's vault key
 * unwraps. Promoting someone seals the key to them too. Demoting or removing an admin rotates
 * the key: a new one is sealed to the remaining admins and linked to the old one by a signed
 * link, so vaults move their pin to it and refuse what the old key signs from then on (a copy of
 * the old key, or of its sealed row, kept by the former admin signs nothing they accept). Each
 * admin's vault also keeps its own copy of the key, so restoring or deleting the sealed rows in
 * the registry cannot take the key from the admins who hold it.
 */
import type { Db, Tx } from '../db/sqlite.js';
import type { TenantSession } from '../vault/tenant-session.js';
import { unwrapKey, wrapAad, wrapKey } from '../vault/vault-keys.js';
import { ed25519Pair, ed25519PubOf, seal, signWith, unseal, x25519Pair, x25519PubOf, type RawPair } from './key-crypto.js';
import { SwitchboardError } from '../../shared/errors.js';
import type { Space } from './space.js';

/** Registry rows (space_setting) the signatures rest on. */
export const PUB_SETTING = 'policy_public_key';
export const CHAIN_SETTING = 'policy_key_chain';
/** What each vault pins (vault_meta). */
export const PIN_KEY = 'policy_public_key';
/** An admin's own copy of the signing key, in its vault (encrypted with it). */
const VAULT_KEY_COPY = 'space_signing_key';
/** Each profile's own X25519 private key, kept in its vault too (what proves a profile's key pair is its own). */
const OWN_KEY_COPY = 'own_x25519_key';
/** A copy of the key chain in the vault of each profile that walked or signed it. */
export const VAULT_CHAIN_COPY = 'policy_key_chain';

/** One link of the key chain: `pub` replaces `prev` from `version` on, signed by `prev`. */
export interface KeyLink {
  prev: string;
  pub: string;
  version: number;
  sig: string;
}

const sealInfo = (space: Space): string => `switchboard/policy-key/v1/${space.id}`;

export async function getSetting(db: Db | Tx, key: string): Promise<string | undefined> {
  return (await db.get<{ value: string }>('SELECT value FROM space_setting WHERE key = ?', [key]))?.value;
}

export async function setSetting(db: Db | Tx, key: string, value: string): Promise<void> {
  await db.run('INSERT INTO space_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
}

/** The current signing public key as the registry says (base64url), if the space has one. */
export async function registryPub(db: Db | Tx): Promise<string | undefined> {
  const raw = await getSetting(db, PUB_SETTING);
  try {
    return raw ? (JSON.parse(raw) as string) : undefined;
  } catch {
    return undefined;
  }
}

export async function keyChain(db: Db | Tx): Promise<KeyLink[]> {
  return linksIn(await getSetting(db, CHAIN_SETTING));
}

const isLink = (l: unknown): l is KeyLink =>
  typeof l === 'object' &&
  l !== null &&
  typeof (l as KeyLink).prev === 'string' &&
  typeof (l as KeyLink).pub === 'string' &&
  typeof (l as KeyLink).sig === 'string' &&
  Number.isSafeInteger((l as KeyLink).version);

/** The well-formed links of a stored chain (a malformed one is dropped: only signed links are followed anyway). */
export function linksIn(raw: string | undefined): KeyLink[] {
  try {
    const parsed = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(parsed) ? parsed.filter(isLink).slice(0, 1000) : [];
  } catch {
    return [];
  }
}

export const linkBody = (spaceId: string, link: Pick<KeyLink, 'prev' | 'pub' | 'version'>): string =>
  JSON.stringify({ kind: 'key-link', space: spaceId, prev: link.prev, pub: link.pub, version: link.version });

/** Give a new tenant its X25519 pair (private half wrapped under its data key) and pin the space key in its vault. */
export async function setUpTenantKeys(space: Space, tx: Tx, tenantId: string, dataKey: Buffer, vault: Db): Promise<void> {
  const pair = x25519Pair();
  const wrapped = wrapKey(dataKey, pair.priv, wrapAad('tenant-x25519', space.id, tenantId));
  await vault.run('INSERT OR REPLACE INTO vault_meta (key, value) VALUES (?, ?)', [OWN_KEY_COPY, pair.priv.toString('base64url')]);
  pair.priv.fill(0);
  await tx.run('INSERT INTO tenant_key (tenant_id, enc_pub, enc_wrap) VALUES (?, ?, ?)', [tenantId, pair.pub, wrapped]);
  // Trust on first use: a profile trusts the key its space has when the profile is made.
  const pub = await registryPub(tx);
  if (pub) await vault.run('INSERT OR IGNORE INTO vault_meta (key, value) VALUES (?, ?)', [PIN_KEY, pub]);
}

/** The first admin of a space creates the signing key and seals it to itself; returns it (zero it after use). */
export async function createSpaceKey(space: Space, tx: Tx, tenantId: string, vault: Db): Promise<RawPair | undefined> {
  if (await registryPub(tx)) return undefined;
  const key = ed25519Pair();
  await setSetting(tx, PUB_SETTING, JSON.stringify(key.pub.toString('base64url')));
  await sealTo(space, tx, key, tenantId);
  await vault.run('INSERT OR REPLACE INTO vault_meta (key, value) VALUES (?, ?)', [PIN_KEY, key.pub.toString('base64url')]);
  await keepKeyCopy(vault, key);
  return key;
}

/**
 * Public keys of profiles as the last signed statement names them (base64url), by tenant id: what
 * the signing key is sealed to. A profile created since then is taken as the registry has it.
 */
export type SignedPubs = ReadonlyMap<string, string>;

async function sealTo(space: Space, tx: Tx, key: RawPair, tenantId: string, signedPubs: SignedPubs = new Map()): Promise<void> {
  const signed = signedPubs.get(tenantId);
  const registry = (await tx.get<{ enc_pub: Buffer }>('SELECT enc_pub FROM tenant_key WHERE tenant_id = ?', [tenantId]))?.enc_pub;
  // A team space's admin on another machine: its sealed copy travels with the signed state (src/engine/team).
  const remote = registry ? undefined : await tx.get<{ enc_pub: Buffer | null }>('SELECT enc_pub FROM team_profile WHERE id = ? AND removed = 0', [tenantId]);
  const pub = signed ? Buffer.from(signed, 'base64url') : (registry ?? remote?.enc_pub ?? undefined);
  if (!pub) return;
  if (remote) {
    await tx.run('UPDATE team_profile SET sealed = ? WHERE id = ?', [seal(pub, key.priv, sealInfo(space)), tenantId]);
    return;
  }
  await tx.run('INSERT INTO admin_key (tenant_id, sealed) VALUES (?, ?) ON CONFLICT (tenant_id) DO UPDATE SET sealed = excluded.sealed', [
    tenantId,
    seal(pub, key.priv, sealInfo(space)),
  ]);
}

/** The key sealed to this admin in the registry, if any (its public half derived, not read). Zero `priv` after use. */
export async function sealedKeyCopy(space: Space, db: Db | Tx, admin: TenantSession): Promise<RawPair | undefined> {
  const sealed = await db.get<{ sealed: Buffer }>('SELECT sealed FROM admin_key WHERE tenant_id = ?', [admin.tenantId]);
  const keys = await db.get<{ enc_pub: Buffer; enc_wrap: Buffer }>('SELECT enc_pub, enc_wrap FROM tenant_key WHERE tenant_id = ?', [admin.tenantId]);
  if (!sealed || !keys) return undefined;
  const priv = admin.withDataKey((dataKey) => unwrapKey(dataKey, keys.enc_wrap, wrapAad('tenant-x25519', space.id, admin.tenantId)));
  if (!priv) return undefined;
  const d = unseal(priv, keys.enc_pub, sealed.sealed, sealInfo(space));
  priv.fill(0);
  return d?.length === 32 ? { priv: d, pub: ed25519PubOf(d) } : undefined;
}

/** The copy of the signing key this admin's vault keeps, if any. */
export async function vaultKeyCopy(vault: Db): Promise<RawPair | undefined> {
  const row = await vault.get<{ value: string }>('SELECT value FROM vault_meta WHERE key = ?', [VAULT_KEY_COPY]);
  if (!row) return undefined;
  const priv = Buffer.from(row.value, 'base64url');
  return priv.length === 32 ? { priv, pub: ed25519PubOf(priv) } : undefined;
}

export async function keepKeyCopy(vault: Db, key: RawPair): Promise<void> {
  await vault.run('INSERT INTO vault_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [VAULT_KEY_COPY, key.priv.toString('base64url')]);
}

/** Seal the current key to a newly promoted admin. */
export async function grantSigningKey(space: Space, tx: Tx, key: RawPair, tenantId: string, signedPubs?: SignedPubs): Promise<void> {
  await sealTo(space, tx, key, tenantId, signedPubs);
}

/**
 * Replace the signing key (an admin was demoted or removed): a new key, sealed to `recipients`
 * (the admins the last signed roles name, who are still admins), linked to the old one by a link
 * the old key signs. Returns the new key and the link.
 */
export async function rotateSigningKey(space: Space, tx: Tx, old: RawPair, version: number, recipients: readonly string[], signedPubs?: SignedPubs): Promise<{ key: RawPair; link: KeyLink }> {
  const next = ed25519Pair();
  const body = { prev: old.pub.toString('base64url'), pub: next.pub.toString('base64url'), version };
  const link = { ...body, sig: signWith(old, linkBody(space.id, body)) };
  await setSetting(tx, CHAIN_SETTING, JSON.stringify([...(await keyChain(tx)), link]));
  await tx.run('DELETE FROM admin_key');
  await tx.run('UPDATE team_profile SET sealed = NULL WHERE sealed IS NOT NULL');
  for (const id of recipients) await sealTo(space, tx, next, id, signedPubs);
  return { key: next, link };
}

/** The chain a vault keeps a copy of. */
export async function vaultChain(vault: Db): Promise<KeyLink[]> {
  return linksIn((await vault.get<{ value: string }>('SELECT value FROM vault_meta WHERE key = ?', [VAULT_CHAIN_COPY]))?.value);
}

/** Merge links into a chain, keeping each link once. */
export function mergeChains(...chains: KeyLink[][]): KeyLink[] {
  const seen = new Map<string, KeyLink>();
  for (const link of chains.flat()) seen.set(`${link.prev}>${link.pub}`, link);
  return [...seen.values()].sort((a, b) => a.version - b.version);
}

export type OwnKeyCheck = 'ok' | 'repaired' | 'legacy';

/**
 * At unlock: is the key pair the registry holds for this profile the vault owner's? The owner's
 * private key is the vault's own copy, or what the data key unwraps from the registry. Its public
 * half must be the one the newest signed policy names for the profile (`signedPub`), if any. A
 * registry row changed or lost is put back from what the owner holds; a vault that holds no key of
 * this profile (a wrap and vault put in its place by someone else) is refused.
 */
export async function checkOwnKeyPair(space: Space, registry: Db, session: TenantSession, signedPub: string | undefined): Promise<OwnKeyCheck> {
  const aad = wrapAad('tenant-x25519', space.id, session.tenantId);
  const row = await registry.get<{ enc_pub: Buffer; enc_wrap: Buffer }>('SELECT enc_pub, enc_wrap FROM tenant_key WHERE tenant_id = ?', [session.tenantId]);
  const unwrapped = row ? session.withDataKey((dataKey) => unwrapKey(dataKey, row.enc_wrap, aad)) : null;
  const kept = (await session.vault().get<{ value: string }>('SELECT value FROM vault_meta WHERE key = ?', [OWN_KEY_COPY]))?.value;
  const copy = kept ? Buffer.from(kept, 'base64url') : undefined;
  const mine = copy?.length === 32 ? copy : unwrapped?.length === 32 ? unwrapped : undefined;
  try {
    if (!mine) {
      if (!row && !signedPub && !(await registryPub(registry))) return 'legacy'; // a space from before keys
      throw notOwnKeys();
    }
    const pub = x25519PubOf(mine);
    if (signedPub !== undefined && signedPub !== pub.toString('base64url')) throw notOwnKeys();
    if (!copy) await session.vault().run('INSERT OR REPLACE INTO vault_meta (key, value) VALUES (?, ?)', [OWN_KEY_COPY, mine.toString('base64url')]);
    if (row && row.enc_pub.equals(pub) && unwrapped?.equals(mine)) return 'ok';
    const wrapped = session.withDataKey((dataKey) => wrapKey(dataKey, mine, aad));
    await registry.run(
      'INSERT INTO tenant_key (tenant_id, enc_pub, enc_wrap) VALUES (?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET enc_pub = excluded.enc_pub, enc_wrap = excluded.enc_wrap',
      [session.tenantId, pub, wrapped],
    );
    return 'repaired';
  } finally {
    unwrapped?.fill(0);
    copy?.fill(0);
  }
}

function notOwnKeys(): SwitchboardError {
  return new SwitchboardError(
    'VAULT_CORRUPT',
    'This profile’s vault does not hold the key pair the space has signed for it: its vault file or its entry in the registry was replaced outside Switchboard. Nothing was opened. Restore the home folder from a backup, or ask an admin.',
  );
}
