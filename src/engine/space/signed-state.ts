/**
 * The space's signed, versioned state (docs/SECURITY.md, "The integrity model"). The registry is a
 * file every profile on the machine can write, so what a profile acts on from it is signed with
 * the space key and carries a version that every vault pins:
 *
 *   policy statement — the rules, the roles that are not `member`, the OAuth apps, the space
 *                      settings and the space's name;
 *   audit statement  — the number of audit entries and the hash of the last one.
 *
 * A vault accepts a statement signed by the key it pins (or by a key the chain of signed links
 * leads to from it), that matches the registry, with a version no lower than the one it has seen.
 * An older one is refused as rolled back, by name, until an admin saves again (which signs a
 * version above every earlier one). Every admin change re-signs both, in its own transaction.
 */
import { createHash } from 'node:crypto';
import { SwitchboardError } from '../../shared/errors.js';
import type { Db, Tx } from '../db/sqlite.js';
import { sessionState, type TenantSession } from '../vault/tenant-session.js';
import type { AdminSession } from './admin-session.js';
import { AUDIT_GENESIS, appendAudit } from './audit.js';
import { signWith, signedBy, type RawPair } from './key-crypto.js';
import {
  CHAIN_SETTING,
  PIN_KEY,
  PUB_SETTING,
  VAULT_CHAIN_COPY,
  getSetting,
  grantSigningKey,
  keepKeyCopy,
  keyChain,
  linkBody,
  mergeChains,
  registryPub,
  rotateSigningKey,
  sealedKeyCopy,
  setSetting,
  vaultChain,
  vaultKeyCopy,
  type KeyLink,
  type SignedPubs,
} from './space-keys.js';
import type { Space } from './space.js';

const POLICY_SIGNATURE = 'policy_signature';
const AUDIT_SIGNATURE = 'audit_signature';
const PIN_VERSION = { policy: 'policy_version', audit: 'audit_version' } as const;
/** Keys a vault trusted once and moved on from (what they sign is an old state). */
const RETIRED_KEYS = 'policy_retired_keys';
/** The space settings the policy statement covers. */
export const SIGNED_SETTINGS = ['askForAgentWrites', 'defaultAutoLockMinutes', 'profileCreation'] as const;

type Kind = 'policy' | 'audit';

interface PolicyBody {
  rules: [string, string, string][];
  /** Tenants whose role is not the default `member`. */
  roles: [string, string][];
  /** connector, client id, SHA-256 of the client secret (or null), authorize URL, token URL. */
  oauth: [string, string, string | null, string | null, string | null][];
  settings: [string, string][];
  name: string;
  /** Every profile's public key (X25519, base64url): what the signing key is sealed to. */
  keys?: [string, string][];
}

interface AuditBody {
  count: number;
  head: string;
}

interface Statement<B> {
  v: 2;
  kind: Kind;
  space: string;
  version: number;
  /** The signing key's public half (base64url). */
  key: string;
  body: B;
}

interface LegacyStatement {
  v: 1;
  space: string;
  rules: [string, string, string][];
  roles: [string, string][];
}

// --- what the registry holds now ------------------------------------------------------------------

async function policyBody(db: Db | Tx): Promise<PolicyBody> {
  const rules = await db.all<{ subject: string; role: string; effect: string }>('SELECT subject, role, effect FROM policy_rule ORDER BY subject, role');
  const roles = await db.all<{ id: string; role: string }>("SELECT id, role FROM tenant WHERE role != 'member' ORDER BY id");
  const oauth = await db.all<{ connector_id: string; client_id: string; client_secret: string | null; authorize_url: string | null; token_url: string | null }>(
    'SELECT connector_id, client_id, client_secret, authorize_url, token_url FROM oauth_client ORDER BY connector_id',
  );
  const settings = await db.all<{ key: string; value: string }>(
    `SELECT key, value FROM space_setting WHERE key IN (${SIGNED_SETTINGS.map(() => '?').join(', ')}) ORDER BY key`,
    [...SIGNED_SETTINGS],
  );
  const name = (await db.get<{ name: string }>('SELECT name FROM space LIMIT 1'))?.name ?? '';
  const keys = await db.all<{ tenant_id: string; enc_pub: Buffer }>('SELECT tenant_id, enc_pub FROM tenant_key ORDER BY tenant_id');
  return {
    keys: keys.map((k) => [k.tenant_id, k.enc_pub.toString('base64url')]),
    rules: rules.map((r) => [r.subject, r.role, r.effect]),
    roles: roles.map((r) => [r.id, r.role]),
    oauth: oauth.map((o) => [o.connector_id, o.client_id, o.client_secret === null ? null : sha256(o.client_secret), o.authorize_url, o.token_url]),
    settings: settings.map((s) => [s.key, s.value]),
    name,
  };
}

async function auditBody(db: Db | Tx): Promise<AuditBody> {
  const row = await db.get<{ n: number; head: string | null }>('SELECT count(*) AS n, (SELECT hash FROM audit ORDER BY id DESC LIMIT 1) AS head FROM audit');
  return { count: row?.n ?? 0, head: row?.head ?? AUDIT_GENESIS };
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Does the registry now match the signed policy? Rules, OAuth apps, settings and name exactly;
 * every tenant the role the statement gives it (`member` when unlisted). A listed tenant that has
 * since been deleted is fine: deleting a profile does not need an admin's signature.
 */
async function policyMatches(db: Db, signed: PolicyBody | LegacyStatement): Promise<boolean> {
  const now = await policyBody(db);
  if (JSON.stringify(now.rules) !== JSON.stringify(signed.rules)) return false;
  if ('oauth' in signed && (JSON.stringify(now.oauth) !== JSON.stringify(signed.oauth) || JSON.stringify(now.settings) !== JSON.stringify(signed.settings) || now.name !== signed.name)) {
    return false;
  }
  // A profile's public key, once signed, is the one its key pair has: an edited one would get the signing key sealed to it.
  if ('keys' in signed && signed.keys) {
    const current = new Map(now.keys);
    if (!signed.keys.every(([id, pub]) => !current.has(id) || current.get(id) === pub)) return false;
  }
  const signedRoles = new Map(signed.roles);
  const tenants = await db.all<{ id: string; role: string }>('SELECT id, role FROM tenant');
  return tenants.every((t) => (signedRoles.get(t.id) ?? 'member') === t.role);
}

// --- signing ----------------------------------------------------------------------------------------

async function storedVersion(db: Db | Tx, kind: Kind): Promise<number> {
  const raw = await getSetting(db, kind === 'policy' ? POLICY_SIGNATURE : AUDIT_SIGNATURE);
  try {
    const parsed = JSON.parse(JSON.parse(raw ?? '{}').statement ?? '{}') as { version?: unknown };
    return typeof parsed.version === 'number' && Number.isSafeInteger(parsed.version) ? parsed.version : 0;
  } catch {
    return 0;
  }
}

/** What a vault pins: its own handle, or an unlocked session's. */
type VaultRef = TenantSession | Db;
const vaultOf = (ref: VaultRef): Db => ('vault' in ref ? ref.vault() : ref);

async function pinned(ref: VaultRef, key: string): Promise<string | undefined> {
  return (await vaultOf(ref).get<{ value: string }>('SELECT value FROM vault_meta WHERE key = ?', [key]))?.value;
}

async function pin(ref: VaultRef, key: string, value: string): Promise<void> {
  await vaultOf(ref).run('INSERT INTO vault_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
}

/**
 * The next version: above what the registry holds, above what the signer has seen, and at least
 * the time, so an admin's save after a rollback outranks every version any vault has seen.
 */
async function nextVersion(space: Space, tx: Tx, admin: VaultRef, kind: Kind): Promise<number> {
  const seen = Number((await pinned(admin, PIN_VERSION[kind])) ?? 0);
  return Math.max((await storedVersion(tx, kind)) + 1, seen + 1, space.now());
}

async function writeStatement(space: Space, tx: Tx, admin: VaultRef, key: RawPair, kind: Kind, body: PolicyBody | AuditBody, version: number): Promise<void> {
  const statement: Statement<typeof body> = { v: 2, kind, space: space.id, version, key: key.pub.toString('base64url'), body };
  const text = JSON.stringify(statement);
  await setSetting(tx, kind === 'policy' ? POLICY_SIGNATURE : AUDIT_SIGNATURE, JSON.stringify({ statement: text, signature: signWith(key, text) }));
  // The signer has seen what it signed.
  await pin(admin, PIN_VERSION[kind], String(version));
  await movePin(admin, [], statement.key);
}

/** Pin `next` as the trusted key; the keys left behind (and `passed` on the way) are retired. */
async function movePin(ref: VaultRef, passed: string[], next: string): Promise<void> {
  const current = await pinned(ref, PIN_KEY);
  if (current === next) return;
  const retired = JSON.parse((await pinned(ref, RETIRED_KEYS)) ?? '[]') as string[];
  const leaving = [...passed, ...(current ? [current] : [])].filter((k) => k !== next && !retired.includes(k));
  if (leaving.length) await pin(ref, RETIRED_KEYS, JSON.stringify([...retired, ...leaving].slice(-50)));
  await pin(ref, PIN_KEY, next);
}

/**
 * Sign the space's state as it is now (the policy and the audit head) with `key`. The registry
 * names `key` as the current one and carries every link to it; the signer's vault pins it.
 */
export async function signSpaceState(space: Space, tx: Tx, admin: VaultRef, key: RawPair, newLinks: KeyLink[] = []): Promise<void> {
  const chain = mergeChains(await keyChain(tx), await vaultChain(vaultOf(admin)), newLinks);
  if (chain.length) {
    await setSetting(tx, CHAIN_SETTING, JSON.stringify(chain));
    await pin(admin, VAULT_CHAIN_COPY, JSON.stringify(chain));
  }
  await setSetting(tx, PUB_SETTING, JSON.stringify(key.pub.toString('base64url')));
  await writeStatement(space, tx, admin, key, 'policy', await policyBody(tx), await nextVersion(space, tx, admin, 'policy'));
  await writeStatement(space, tx, admin, key, 'audit', await auditBody(tx), await nextVersion(space, tx, admin, 'audit'));
}

export interface AdminChangeOptions {
  /** A tenant just promoted: seal the signing key to it too. */
  grantTo?: string;
  /** An admin was demoted or removed: replace the signing key. */
  rotate?: boolean;
}

/**
 * The signing key this admin holds and this admin's vault trusts: its vault's own copy, or the
 * copy sealed to it in the registry (kept in the vault from then on). Zero `priv` after use.
 */
async function adminSigningKey(space: Space, db: Db | Tx, admin: TenantSession): Promise<RawPair | undefined> {
  const candidates = [await sealedKeyCopy(space, db, admin).catch(() => undefined), await vaultKeyCopy(admin.vault())];
  let chosen: RawPair | undefined;
  for (const candidate of candidates) {
    if (!chosen && candidate && (await trustedKey(space, db, admin, candidate.pub.toString('base64url'))) === 'trusted') chosen = candidate;
    else candidate?.priv.fill(0);
  }
  if (chosen) await keepKeyCopy(admin.vault(), chosen);
  return chosen;
}

/** The admins and public keys the last signed statement names (as this admin's vault verifies it); just this admin when none verifies. */
async function lastSigned(space: Space, tx: Tx, admin: TenantSession): Promise<{ admins: string[]; pubs: SignedPubs }> {
  const verdict = await verify(space, tx, admin, 'policy');
  if (!verdict.ok) return { admins: [admin.tenantId], pubs: new Map() };
  const body = verdict.statement.v === 2 ? (verdict.statement.body as PolicyBody) : { roles: verdict.statement.roles, keys: undefined };
  return { admins: body.roles.filter(([, role]) => role === 'admin').map(([id]) => id), pubs: new Map(body.keys ?? []) };
}

/**
 * Record an admin's change inside its transaction: the audit entry, then the signatures over the
 * new state. Every change an admin makes ends here.
 */
export async function recordAdminChange(tx: Tx, space: Space, admin: AdminSession, action: string, detail: Record<string, unknown>, options: AdminChangeOptions = {}): Promise<void> {
  await appendAudit(tx, space.now(), admin, action, detail);
  let key = await adminSigningKey(space, tx, admin);
  if (!key) {
    if (!(await registryPub(tx))) return; // a space from before signing: nothing to sign with yet
    throw new SwitchboardError('POLICY_DENIED', 'This admin profile holds no policy signing key. Ask another admin to make the change, or to grant admin again.');
  }
  const links: KeyLink[] = [];
  try {
    const signed = await lastSigned(space, tx, admin);
    // A profile's key pair never changes: put back any public key the registry no longer has as signed.
    for (const [tenantId, pub] of signed.pubs) {
      await tx.run('UPDATE tenant_key SET enc_pub = ? WHERE tenant_id = ? AND enc_pub != ?', [Buffer.from(pub, 'base64url'), tenantId, Buffer.from(pub, 'base64url')]);
    }
    if (options.grantTo) await grantSigningKey(space, tx, key, options.grantTo, signed.pubs);
    if (options.rotate) {
      // The new key goes to the admins the signed roles name who are admins still, never to one edited in,
      // sealed to the public keys the statement signed.
      const current = new Set((await tx.all<{ id: string }>("SELECT id FROM tenant WHERE role = 'admin'")).map((r) => r.id));
      const recipients = [...new Set([...signed.admins, admin.tenantId])].filter((id) => current.has(id));
      const rotated = await rotateSigningKey(space, tx, key, await nextVersion(space, tx, admin, 'policy'), recipients, signed.pubs);
      key.priv.fill(0);
      key = rotated.key;
      links.push(rotated.link);
      await keepKeyCopy(admin.vault(), key);
    }
    await signSpaceState(space, tx, admin, key, links);
  } finally {
    key.priv.fill(0);
  }
  policyChangedHere();
}

/** Whether this session's tenant holds the signing key its vault trusts (a real admin, not one edited in). */
export async function holdsSigningKey(space: Space, session: TenantSession): Promise<boolean> {
  const key = await adminSigningKey(space, space.registry, session).catch(() => undefined);
  key?.priv.fill(0);
  return key !== undefined;
}

// --- verification -------------------------------------------------------------------------------------

/**
 * Whether `signer` is a key this profile trusts: the key its vault pins, or one the chain of signed
 * links (the registry's, or the copy the vault keeps) leads to from it; the pin then moves along.
 * `retired` for a key it trusted before the key was replaced, `unknown` for any other.
 */
async function trustedKey(space: Space, db: Db | Tx, session: TenantSession, signer: string): Promise<'trusted' | 'retired' | 'unknown'> {
  let current = await pinned(session, PIN_KEY);
  if (!current) {
    // Trust on first use, for vaults created before signing existed.
    current = await registryPub(db);
    if (!current) return 'unknown';
    await pin(session, PIN_KEY, current);
  }
  if (current === signer) return 'trusted';
  const retired = JSON.parse((await pinned(session, RETIRED_KEYS)) ?? '[]') as string[];
  if (retired.includes(signer)) return 'retired';
  const chain = mergeChains(await keyChain(db), await vaultChain(session.vault()));
  const passed: string[] = [];
  for (let hops = 0; hops < chain.length && current !== signer; hops++) {
    const link = chain.find((l) => l.prev === current && signedBy(current!, linkBody(space.id, l), l.sig));
    if (!link) return 'unknown';
    passed.push(current);
    current = link.pub;
  }
  if (current !== signer) return 'unknown';
  await movePin(session, passed, signer);
  await pin(session, VAULT_CHAIN_COPY, JSON.stringify(chain));
  return 'trusted';
}

type Verdict = { ok: true; version: number; statement: Statement<PolicyBody | AuditBody> | LegacyStatement } | { ok: false; error: SwitchboardError };

async function verify(space: Space, db: Db | Tx, session: TenantSession, kind: Kind): Promise<Verdict> {
  const raw = await getSetting(db, kind === 'policy' ? POLICY_SIGNATURE : AUDIT_SIGNATURE);
  if (!raw) {
    // Nothing signed yet: a space from before signing (no key anywhere), or an audit trail from
    // before audit signing. Once a vault has pinned a key or a version, a missing signature is tampering.
    const pinnedVersion = await pinned(session, PIN_VERSION[kind]);
    const unsignedSpace = kind === 'policy' ? !(await pinned(session, PIN_KEY)) && !(await registryPub(db)) : true;
    if (!pinnedVersion && unsignedSpace) return { ok: true, version: 0, statement: { v: 1, space: space.id, rules: [], roles: [] } };
    return { ok: false, error: tampered(kind) };
  }
  let text: string;
  let signature: string;
  let statement: Statement<PolicyBody | AuditBody> | LegacyStatement;
  try {
    ({ statement: text, signature } = JSON.parse(raw) as { statement: string; signature: string });
    statement = JSON.parse(text) as typeof statement;
  } catch {
    return { ok: false, error: tampered(kind) };
  }
  if (statement.space !== space.id) return { ok: false, error: tampered(kind) };
  const signer = statement.v === 2 ? statement.key : await registryPub(db);
  if (!signer || (statement.v === 2 && statement.kind !== kind) || !signedBy(signer, text, signature)) return { ok: false, error: tampered(kind) };
  const trust = await trustedKey(space, db, session, signer);
  if (trust === 'retired') return { ok: false, error: rolledBack(kind, statement.v === 2 ? statement.version : 0, Number((await pinned(session, PIN_VERSION[kind])) ?? 0)) };
  if (trust === 'unknown') return { ok: false, error: tampered(kind) };
  const version = statement.v === 2 ? statement.version : 0;
  const seen = Number((await pinned(session, PIN_VERSION[kind])) ?? 0);
  if (version < seen) return { ok: false, error: rolledBack(kind, version, seen) };
  if (version > seen) await pin(session, PIN_VERSION[kind], String(version));
  return { ok: true, version, statement };
}

let localVersion = 0;
/** Call after this process changes signed state, so cached verdicts are rechecked. */
export function policyChangedHere(): void {
  localVersion++;
}

// clearOn: lock
const VERDICT = sessionState('policy signature verdict', () => ({ version: -1, dataVersion: -1, error: null as SwitchboardError | null }));

/**
 * Throw POLICY_DENIED unless the registry's policy (rules, roles, OAuth apps, settings) carries a
 * valid, current signature as this session's vault sees it. Cached until the registry changes.
 */
export async function assertPolicyIntact(space: Space, session: TenantSession): Promise<void> {
  const dataVersion = (await space.registry.get<{ data_version: number }>('PRAGMA data_version'))?.data_version ?? 0;
  const cached = session.state(VERDICT);
  if (cached.version !== localVersion || cached.dataVersion !== dataVersion) {
    const verdict = await verify(space, space.registry, session, 'policy');
    let error = verdict.ok ? null : verdict.error;
    if (verdict.ok) {
      const body = verdict.statement.v === 2 ? (verdict.statement.body as PolicyBody) : verdict.statement;
      if (!(await policyMatches(space.registry, body))) error = tampered('policy');
    }
    Object.assign(cached, { version: localVersion, dataVersion, error });
  }
  if (cached.error) throw cached.error;
}

export async function policyIntact(space: Space, session: TenantSession): Promise<boolean> {
  return assertPolicyIntact(space, session).then(
    () => true,
    () => false,
  );
}

export interface AuditIntegrity {
  intact: boolean;
  /** Entries after the last signed one (a profile that deleted itself writes one and cannot sign). */
  unsigned: number;
  problem?: string;
}

/**
 * Whether the audit trail is what admins signed: the signed head is an entry of an unbroken chain
 * at the signed position, and the signature is current for this vault. Entries after it are
 * reported as not signed yet.
 */
export async function auditIntegrity(space: Space, session: TenantSession, chainIntact: boolean, hashes: readonly string[]): Promise<AuditIntegrity> {
  const verdict = await verify(space, space.registry, session, 'audit');
  if (!verdict.ok) return { intact: false, unsigned: 0, problem: verdict.error.message };
  if (!chainIntact) return { intact: false, unsigned: 0, problem: 'An entry was edited or removed: the hash chain is broken.' };
  const signed: AuditBody = verdict.statement.v === 2 ? (verdict.statement.body as AuditBody) : { count: 0, head: AUDIT_GENESIS };
  const headNow = signed.count === 0 ? AUDIT_GENESIS : hashes[signed.count - 1];
  if (hashes.length < signed.count || headNow !== signed.head) {
    return { intact: false, unsigned: 0, problem: 'Signed entries were removed or rewritten: the trail does not reach the signed head.' };
  }
  return { intact: true, unsigned: hashes.length - signed.count };
}

function tampered(kind: Kind): SwitchboardError {
  return kind === 'policy'
    ? new SwitchboardError(
        'POLICY_DENIED',
        'The space policy or a role was changed outside Switchboard: its signature does not match. Nothing runs until an admin reviews it (switchboard policy show) and saves it again.',
      )
    : new SwitchboardError('POLICY_DENIED', 'The audit trail was changed outside Switchboard: its signature does not match.');
}

function rolledBack(kind: Kind, version: number, seen: number): SwitchboardError {
  const what = kind === 'policy' ? 'The space policy' : 'The audit trail';
  return new SwitchboardError(
    'POLICY_DENIED',
    `${what} in the registry was rolled back outside Switchboard: it is version ${version}, and this profile has already seen version ${seen}. Nothing runs until an admin saves the policy again.`,
    { rolledBack: true, version, seen },
  );
}
