/**
 * Checking the space's signed statements as one vault sees them (docs/SECURITY.md). A statement
 * counts when it is signed by the key the vault pins (or one the signed key chain leads to), its
 * version is a sane number not below the one the vault has seen, and it matches the registry.
 * Decisions then read the signed statement itself, never the registry rows next to it: a row
 * changed between the check and the read cannot slip in.
 */
import { SwitchboardError } from '../../shared/errors.js';
import { isRole, type Role } from '../../shared/model.js';
import type { Db, Tx } from '../db/sqlite.js';
import { sessionState, type TenantSession } from '../vault/tenant-session.js';
import { AUDIT_GENESIS } from './audit.js';
import { signedBy } from './key-crypto.js';
import type { Catalog } from '../connectors/catalog.js';
import { customRows, verifiedCatalog } from './custom-catalog.js';
import { policyBody, policyMatches, type AuditBody, type Kind, type LegacyStatement, type PolicyBody, type Statement } from './signed-bodies.js';
import { PIN_KEY, VAULT_CHAIN_COPY, checkOwnKeyPair, getSetting, keyChain, linkBody, mergeChains, registryPub, vaultChain } from './space-keys.js';
import type { Space } from './space.js';
import { PIN_VERSION, STATEMENT_COPY, movePin, pin, pinned, retiredKeys, seenVersion } from './vault-pins.js';

export const SIGNATURE_SETTING: Record<Kind, string> = { policy: 'policy_signature', audit: 'audit_signature' };
/** How far ahead of this machine's clock a version may be (versions are at least the signing time). */
const MAX_VERSION_AHEAD_MS = 30 * 86_400_000;

export interface Parsed {
  /** `{statement, signature}` as stored. */
  raw: string;
  statement: Statement<PolicyBody | AuditBody> | LegacyStatement;
  version: number;
  signer: string;
}

/** Parse and check the signature of a stored statement; undefined when anything about it is off. */
async function parse(space: Space, db: Db | Tx, raw: string | undefined, kind: Kind): Promise<Parsed | undefined> {
  if (!raw) return undefined;
  try {
    const { statement: text, signature } = JSON.parse(raw) as { statement?: unknown; signature?: unknown };
    if (typeof text !== 'string' || typeof signature !== 'string') return undefined;
    const statement = JSON.parse(text) as Statement<PolicyBody | AuditBody> | LegacyStatement;
    if (statement.space !== space.id) return undefined;
    let version = 0;
    let signer: string | undefined;
    if (statement.v === 2) {
      if (statement.kind !== kind || typeof statement.key !== 'string') return undefined;
      version = statement.version;
      if (!Number.isSafeInteger(version) || version < 0 || version > space.now() + MAX_VERSION_AHEAD_MS) return undefined;
      signer = statement.key;
    } else if (statement.v === 1 && kind === 'policy') {
      signer = await registryPub(db);
    } else {
      return undefined;
    }
    if (!signer || !signedBy(signer, text, signature)) return undefined;
    return { raw, statement, version, signer };
  } catch {
    return undefined;
  }
}

/**
 * Whether `signer` is a key this profile trusts: the key its vault pins, or one the chain of signed
 * links (the registry's, or the copy the vault keeps) leads to from it; the pin then moves along.
 * `retired` for a key it trusted before the key was replaced, `unknown` for any other.
 */
export async function trustedKey(space: Space, db: Db | Tx, session: TenantSession, signer: string): Promise<'trusted' | 'retired' | 'unknown'> {
  let current = await pinned(session, PIN_KEY);
  if (!current) {
    // Trust on first use, for vaults created before signing existed.
    current = await registryPub(db);
    if (!current) return 'unknown';
    await pin(session, PIN_KEY, current);
  }
  if (current === signer) return 'trusted';
  if ((await retiredKeys(session)).includes(signer)) return 'retired';
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

export type Verdict = { ok: true; parsed: Parsed | undefined } | { ok: false; error: SwitchboardError };

/** The registry's statement of `kind`, checked as this vault sees it; pins a newer version, keeps a copy. */
export async function verifyRegistry(space: Space, db: Db | Tx, session: TenantSession, kind: Kind): Promise<Verdict> {
  const raw = await getSetting(db, SIGNATURE_SETTING[kind]);
  const seen = await seenVersion(session, kind);
  if (!raw) {
    // Nothing signed yet: a space from before signing (no key anywhere), or an audit trail from
    // before audit signing. Once a vault has pinned a key or a version, a missing signature is tampering.
    const unsignedSpace = kind === 'policy' ? !(await pinned(session, PIN_KEY)) && !(await registryPub(db)) : true;
    return seen === 0 && unsignedSpace ? { ok: true, parsed: undefined } : { ok: false, error: tampered(kind) };
  }
  const parsed = await parse(space, db, raw, kind);
  if (!parsed) return { ok: false, error: tampered(kind) };
  const trust = await trustedKey(space, db, session, parsed.signer);
  if (trust === 'retired') return { ok: false, error: rolledBack(kind, parsed.version, seen) };
  if (trust === 'unknown') return { ok: false, error: tampered(kind) };
  if (parsed.version < seen) return { ok: false, error: rolledBack(kind, parsed.version, seen) };
  if (parsed.version > seen) await pin(session, PIN_VERSION[kind], String(parsed.version));
  if (parsed.version >= (await copyVersion(space, db, session, kind))) await pin(session, STATEMENT_COPY[kind], raw);
  return { ok: true, parsed };
}

async function copyVersion(space: Space, db: Db | Tx, session: TenantSession, kind: Kind): Promise<number> {
  return (await parse(space, db, await pinned(session, STATEMENT_COPY[kind]), kind))?.version ?? -1;
}

/**
 * The newest statement of `kind` this profile trusts: the registry's or the copy its own vault kept,
 * whichever is newer. What an admin's change builds on (so wiped or forged rows cannot make it
 * forget what was signed). Undefined when neither verifies.
 */
export async function freshestSigned(space: Space, db: Db | Tx, session: TenantSession, kind: Kind): Promise<Parsed | undefined> {
  let best: Parsed | undefined;
  for (const raw of [await getSetting(db, SIGNATURE_SETTING[kind]), await pinned(session, STATEMENT_COPY[kind])]) {
    const parsed = await parse(space, db, raw, kind);
    if (parsed && (await trustedKey(space, db, session, parsed.signer)) === 'trusted' && (!best || parsed.version > best.version)) best = parsed;
  }
  return best;
}

let localVersion = 0;
/** Call after this process changes signed state, so cached verdicts are rechecked. */
export function policyChangedHere(): void {
  localVersion++;
}

/** The signed policy, as decisions read it. */
export interface SignedPolicy {
  rules: { subject: string; role: string; effect: string }[];
  /** The signed role of a tenant (`member` when unlisted). */
  roleOf(tenantId: string): Role;
  /** Signed settings, by key (JSON text as stored), when the statement covers them. */
  settings?: ReadonlyMap<string, string>;
  /** Signed OAuth apps, when the statement covers them. */
  oauth?: PolicyBody['oauth'];
  /** The catalog: built-in connectors and the custom ones whose rows match the signature. */
  catalog: Catalog;
  /** Ids of the custom connectors the statement signs (whether or not their rows are intact). */
  customIds: ReadonlySet<string>;
}

function signedPolicyOf(body: PolicyBody | LegacyStatement, catalog: Catalog): SignedPolicy {
  const roles = new Map(body.roles);
  return {
    catalog,
    customIds: new Set('connectors' in body ? (body.connectors ?? []).map(([id]) => id) : []),
    rules: body.rules.map(([subject, role, effect]) => ({ subject, role, effect })),
    roleOf: (id) => {
      const role = roles.get(id);
      return isRole(role) ? role : 'member';
    },
    ...('oauth' in body ? { settings: new Map(body.settings), oauth: body.oauth } : {}),
  };
}

/**
 * Where the state decisions rest on stands: the registry's state counter (moved by triggers on
 * every change to rules, roles, the directory, keys, OAuth apps, settings and signatures) and its
 * schema version (which dropping a trigger moves). One read; usage counters do not move it.
 */
export async function stateKey(space: Space): Promise<string> {
  const row = await space.registry.get<{ k: string }>("SELECT n || ':' || (SELECT schema_version FROM pragma_schema_version) AS k FROM state_seq");
  return `${row?.k ?? 'none'}:${localVersion}`;
}

/** What the registry says now, checked once for every session of the space: its statement's signature, and whether the rows match it. */
interface SpaceVerdict {
  raw: string | undefined;
  parsed: Parsed | undefined;
  /** The registry's rows match the statement (or there is no statement). */
  matches: boolean;
  policy: SignedPolicy;
}

const SPACE_VERDICTS = new WeakMap<Space, { key: string; verdict: Promise<SpaceVerdict> }>();

function spaceVerdict(space: Space, key: string): Promise<SpaceVerdict> {
  const cached = SPACE_VERDICTS.get(space);
  if (cached?.key === key) return cached.verdict;
  const verdict = (async (): Promise<SpaceVerdict> => {
    const raw = await getSetting(space.registry, SIGNATURE_SETTING.policy);
    const parsed = await parse(space, space.registry, raw, 'policy');
    const now = await policyBody(space.registry);
    const tenants = await space.registry.all<{ id: string; role: string }>('SELECT id, role FROM tenant');
    const statement = parsed?.statement;
    const body: PolicyBody | LegacyStatement | undefined = !statement ? undefined : statement.v === 2 ? (statement.body as PolicyBody) : statement;
    const catalog = verifiedCatalog(space.baseCatalog, await customRows(space.registry), body && 'oauth' in body ? (body.connectors ?? []) : undefined);
    space.lastCatalog = catalog;
    return {
      raw,
      parsed,
      matches: body ? policyMatches(now, body, tenants) : true,
      // A space from before signing (no statement at all) decides on what the registry holds.
      policy: signedPolicyOf(body ?? { v: 1, space: space.id, rules: now.rules, roles: now.roles }, catalog),
    };
  })();
  verdict.catch(() => SPACE_VERDICTS.delete(space));
  SPACE_VERDICTS.set(space, { key, verdict });
  return verdict;
}

// clearOn: lock
const VERDICT = sessionState('policy signature verdict', () => ({ key: '', error: null as SwitchboardError | null, policy: null as SignedPolicy | null }));

/**
 * The space's signed policy as this session's vault verifies it (rules, roles, OAuth apps,
 * settings); POLICY_DENIED when the registry does not carry a valid, current signature or does
 * not match it. The registry's side is checked once per change for all sessions; each vault then
 * checks the signer against its pin and the version against the highest it has seen. Cached
 * until the state counter moves, so a call costs one read here, whatever the number of profiles.
 */
export async function signedPolicy(space: Space, session: TenantSession): Promise<SignedPolicy> {
  if (session.locked) throw new SwitchboardError('VAULT_LOCKED', 'This profile is locked. Unlock it to continue.');
  const key = await stateKey(space);
  const cached = session.state(VERDICT);
  if (cached.key !== key) {
    let error: SwitchboardError | null = null;
    let policy: SignedPolicy | null = null;
    try {
      await space.liveRole(session); // still exists (a deleted profile's sessions lock)
      const verdict = await spaceVerdict(space, key);
      const checked = await checkForVault(space, session, verdict);
      if (checked) error = checked;
      else policy = verdict.policy;
    } catch (err) {
      if (!(err instanceof SwitchboardError)) throw err;
      if (err.code === 'VAULT_LOCKED') throw err;
      error = err;
    }
    Object.assign(cached, { key, error, policy });
  }
  if (cached.error) throw cached.error;
  return cached.policy!;
}

/** The vault's half of the check, on the space's verdict: its pin, its highest version seen; pins move forward. */
async function checkForVault(space: Space, session: TenantSession, verdict: SpaceVerdict): Promise<SwitchboardError | undefined> {
  const seen = await seenVersion(session, 'policy');
  if (!verdict.raw) {
    // Nothing signed yet: a space from before signing. Once a vault has pinned a key or a version, a missing signature is tampering.
    const unsigned = !(await pinned(session, PIN_KEY)) && !(await registryPub(space.registry));
    return seen === 0 && unsigned ? undefined : tampered('policy');
  }
  const parsed = verdict.parsed;
  if (!parsed) return tampered('policy');
  const trust = await trustedKey(space, space.registry, session, parsed.signer);
  if (trust === 'retired') return rolledBack('policy', parsed.version, seen);
  if (trust === 'unknown') return tampered('policy');
  if (parsed.version < seen) return rolledBack('policy', parsed.version, seen);
  if (parsed.version > seen) {
    await pin(session, PIN_VERSION.policy, String(parsed.version));
    await pin(session, STATEMENT_COPY.policy, parsed.raw);
  }
  return verdict.matches ? undefined : tampered('policy');
}

/** The session's role as the verified statement gives it (and the profile still exists). */
export async function signedRole(space: Space, session: TenantSession): Promise<Role> {
  // signedPolicy checked that the profile exists whenever the state counter moved (a deletion moves it).
  return (await signedPolicy(space, session)).roleOf(session.tenantId);
}

/**
 * What a vault checks as it unlocks: that the space's key pair for this profile is its own (a
 * vault put in another profile's place is refused; a registry row changed is put back), and the
 * signed policy, so its pins move along a rotation now rather than at the first call.
 */
export async function checkAtUnlock(space: Space, session: TenantSession): Promise<void> {
  const policy = await freshestSigned(space, space.registry, session, 'policy');
  const body = policy?.statement.v === 2 ? (policy.statement.body as PolicyBody) : undefined;
  const signedPub = body?.keys?.find(([id]) => id === session.tenantId)?.[1];
  if ((await checkOwnKeyPair(space, space.registry, session, signedPub)) === 'repaired') policyChangedHere();
  const verified = await signedPolicy(space, session).catch(() => undefined); // a tampered policy is reported at the first call
  if (verified) await forgetRemovedConnectors(space, session, verified);
}

/**
 * A custom connector the verified policy no longer signs was removed by an admin: this profile's
 * credentials and enabled actions for it are deleted. Only on a verified statement, so rows
 * deleted by hand (or a tampered policy) delete nothing.
 */
async function forgetRemovedConnectors(space: Space, session: TenantSession, policy: SignedPolicy): Promise<void> {
  const rows = await session.vault().all<{ connector_id: string }>('SELECT connector_id FROM connection UNION SELECT connector_id FROM enabled_action');
  const gone = rows.map((r) => r.connector_id).filter((id) => !space.baseCatalog.hasConnector(id) && !policy.customIds.has(id));
  if (!gone.length) return;
  await session.vault().transaction(async (tx) => {
    for (const id of gone) {
      await tx.run('DELETE FROM enabled_action WHERE connector_id = ?', [id]);
      await tx.run('DELETE FROM connection WHERE connector_id = ?', [id]);
    }
  });
}

/**
 * The catalog this session may act on: the built-ins and the custom connectors its verified policy
 * signs. When the policy does not verify, the built-ins alone, and any other id names the problem.
 */
export async function catalogFor(space: Space, session: TenantSession): Promise<Catalog> {
  return (await catalogAndPolicy(space, session)).catalog;
}

/** `catalogFor`, with the verified policy it came from (undefined when it does not verify): one look at the state counter for both. */
export async function catalogAndPolicy(space: Space, session: TenantSession): Promise<{ catalog: Catalog; policy?: SignedPolicy }> {
  try {
    const policy = await signedPolicy(space, session);
    return { catalog: policy.catalog, policy };
  } catch (err) {
    if (!(err instanceof SwitchboardError) || err.code === 'VAULT_LOCKED') throw err;
    return { catalog: space.baseCatalog.withCustom({ problem: err }) };
  }
}

export async function assertPolicyIntact(space: Space, session: TenantSession): Promise<void> {
  await signedPolicy(space, session);
}

export async function policyIntact(space: Space, session: TenantSession): Promise<boolean> {
  return signedPolicy(space, session).then(
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
 * at the signed position, the signature is current for this vault, and every entry after it is
 * one Switchboard writes unsigned (a profile deleting itself).
 */
export async function auditIntegrity(
  space: Space,
  session: TenantSession,
  chainIntact: boolean,
  entries: readonly { hash: string; legacyHash: string; plausibleUnsigned: boolean }[],
): Promise<AuditIntegrity> {
  const verdict = await verifyRegistry(space, space.registry, session, 'audit');
  if (!verdict.ok) return { intact: false, unsigned: 0, problem: verdict.error.message };
  if (!chainIntact) return { intact: false, unsigned: 0, problem: 'An entry was edited or removed: the hash chain is broken.' };
  const statement = verdict.parsed?.statement;
  const signed: AuditBody = statement && statement.v === 2 ? (statement.body as AuditBody) : { count: 0, head: AUDIT_GENESIS };
  const last = entries[signed.count - 1];
  const headNow = signed.count === 0 ? AUDIT_GENESIS : signed.hashes === 2 ? last?.hash : last?.legacyHash;
  if (entries.length < signed.count || headNow !== signed.head) {
    return { intact: false, unsigned: 0, problem: 'Signed entries were removed or rewritten: the trail does not reach the signed head.' };
  }
  if (signed.foreign?.length) {
    const ids = signed.foreign.slice(0, 10).map((id) => `#${id}`).join(', ');
    return { intact: false, unsigned: 0, problem: `Entries ${ids}${signed.foreign.length > 10 ? ' and more' : ''} were added outside Switchboard; admins’ later signatures do not vouch for them.` };
  }
  const tail = entries.slice(signed.count);
  if (!tail.every((e) => e.plausibleUnsigned)) {
    return { intact: false, unsigned: tail.length, problem: 'Entries after the last signed one were not written by Switchboard (only a profile deleting itself writes one unsigned).' };
  }
  return { intact: true, unsigned: tail.length };
}

export function tampered(kind: Kind): SwitchboardError {
  return kind === 'policy'
    ? new SwitchboardError(
        'POLICY_DENIED',
        'The space policy or a role was changed outside Switchboard: its signature does not match. Nothing runs until an admin reviews it (switchboard policy show) and saves it again.',
      )
    : new SwitchboardError('POLICY_DENIED', 'The audit trail was changed outside Switchboard: its signature does not match.');
}

export function rolledBack(kind: Kind, version: number, seen: number): SwitchboardError {
  const what = kind === 'policy' ? 'The space policy' : 'The audit trail';
  return new SwitchboardError(
    'POLICY_DENIED',
    `${what} in the registry was rolled back outside Switchboard: it is version ${version}, and this profile has already seen version ${seen}. Nothing runs until an admin saves the policy again.`,
    { rolledBack: true, version, seen },
  );
}
