/**
 * Signing the space's state (docs/SECURITY.md, "The integrity model"). Every admin change writes
 * its audit entry and re-signs two statements in its own transaction: the policy (rules, roles,
 * OAuth apps, settings, name, every profile's public key) and the audit head. Each carries a
 * version above every earlier one that this admin trusts, and at least the time of signing, so an
 * admin's save after a rollback outranks what any vault has seen. Checking is in verify-state.ts.
 */
import { SwitchboardError } from '../../shared/errors.js';
import type { Db, Tx } from '../db/sqlite.js';
import type { TenantSession } from '../vault/tenant-session.js';
import type { AdminSession } from './admin-session.js';
import { appendAudit, foreignEntries } from './audit.js';
import { signWith, type RawPair } from './key-crypto.js';
import { auditBody, policyBody, type AuditBody, type ConnectorEntry, type Kind, type PolicyBody, type Statement } from './signed-bodies.js';
import {
  CHAIN_SETTING,
  PUB_SETTING,
  VAULT_CHAIN_COPY,
  grantSigningKey,
  keepKeyCopy,
  keyChain,
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
import { freshestSigned, policyChangedHere, SIGNATURE_SETTING, trustedKey } from './verify-state.js';
import { PIN_VERSION, STATEMENT_COPY, movePin, pin, seenVersion, vaultOf, type VaultRef } from './vault-pins.js';

export { SIGNED_SETTINGS } from './signed-bodies.js';
export { assertPolicyIntact, auditIntegrity, policyChangedHere, policyIntact, signedPolicy, signedRole, type SignedPolicy } from './verify-state.js';

/**
 * The next version of `kind`: above the newest statement this signer trusts (never a number read
 * from an unsigned row), above what its vault has seen, and at least the time.
 */
async function nextVersion(space: Space, tx: Tx, admin: VaultRef, kind: Kind, trusted: number): Promise<number> {
  return Math.max(trusted + 1, (await seenVersion(admin, kind)) + 1, space.now());
}

async function writeStatement(space: Space, tx: Tx, admin: VaultRef, key: RawPair, kind: Kind, body: PolicyBody | AuditBody, version: number): Promise<void> {
  const statement: Statement<typeof body> = { v: 2, kind, space: space.id, version, key: key.pub.toString('base64url'), body };
  const text = JSON.stringify(statement);
  const raw = JSON.stringify({ statement: text, signature: signWith(key, text) });
  await setSetting(tx, SIGNATURE_SETTING[kind], raw);
  // The signer has seen what it signed, and keeps a copy.
  await pin(admin, PIN_VERSION[kind], String(version));
  await pin(admin, STATEMENT_COPY[kind], raw);
  await movePin(admin, [], statement.key);
}

/**
 * Sign the space's state as it is now with `key`. The registry names `key` as the current one and
 * carries every link to it; the signer's vault pins it. `trusted` are the versions of the newest
 * statements the signer trusts (0 for a new space).
 */
export async function signSpaceState(
  space: Space,
  tx: Tx,
  admin: VaultRef,
  key: RawPair,
  newLinks: KeyLink[] = [],
  trusted = { policy: 0, audit: 0 },
  foreignAudit: readonly number[] = [],
  connectors?: readonly ConnectorEntry[],
): Promise<void> {
  const chain = mergeChains(await keyChain(tx), await vaultChain(vaultOf(admin)), newLinks);
  if (chain.length) {
    await setSetting(tx, CHAIN_SETTING, JSON.stringify(chain));
    await pin(admin, VAULT_CHAIN_COPY, JSON.stringify(chain));
  }
  await setSetting(tx, PUB_SETTING, JSON.stringify(key.pub.toString('base64url')));
  const body = await policyBody(tx);
  if (connectors) {
    if (connectors.length) body.connectors = [...connectors].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    else delete body.connectors;
  }
  await writeStatement(space, tx, admin, key, 'policy', body, await nextVersion(space, tx, admin, 'policy', trusted.policy));
  await writeStatement(space, tx, admin, key, 'audit', await auditBody(tx, foreignAudit), await nextVersion(space, tx, admin, 'audit', trusted.audit));
}

export interface AdminChangeOptions {
  /** A tenant just promoted: seal the signing key to it too. */
  grantTo?: string;
  /** An admin was demoted or removed: replace the signing key. */
  rotate?: boolean;
  /** A custom connector saved (its new entry) or removed (its id): the one change to the signed list of them. */
  connector?: { set: ConnectorEntry } | { remove: string };
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

/**
 * Record an admin's change inside its transaction: the audit entry, then the signatures over the
 * new state. Every change an admin makes ends here. It builds on the newest policy this admin
 * trusts (the registry's, or the copy its vault kept): profiles' public keys signed there are put
 * back if the registry lost them, and the signing key is sealed only to keys signed there.
 */
export async function recordAdminChange(tx: Tx, space: Space, admin: AdminSession, action: string, detail: Record<string, unknown>, options: AdminChangeOptions = {}): Promise<void> {
  // A team space: refused here, before anything is signed, when the shared database holds a newer state.
  const shared = await space.team?.beginAdminChange(tx);
  try {
    await signAdminChange(tx, space, admin, action, detail, options);
    await shared?.signed(tx);
  } catch (err) {
    await shared?.abort();
    throw err;
  }
}

async function signAdminChange(tx: Tx, space: Space, admin: AdminSession, action: string, detail: Record<string, unknown>, options: AdminChangeOptions): Promise<void> {
  await appendAudit(tx, space.now(), admin, action, detail);
  let key = await adminSigningKey(space, tx, admin);
  if (!key) {
    if (!(await registryPub(tx))) return; // a space from before signing: nothing to sign with yet
    throw new SwitchboardError('POLICY_DENIED', 'This admin profile holds no policy signing key. Ask another admin to make the change, or to grant admin again.');
  }
  const links: KeyLink[] = [];
  try {
    const policy = await freshestSigned(space, tx, admin, 'policy');
    const audit = await freshestSigned(space, tx, admin, 'audit');
    const body = policy?.statement.v === 2 ? (policy.statement.body as PolicyBody) : undefined;
    if ((options.grantTo || options.rotate) && !body) {
      throw new SwitchboardError('POLICY_DENIED', 'No signed policy this profile trusts names the profiles’ keys: save the policy again first (it signs what the registry holds now), then change roles.');
    }
    const pubs: SignedPubs = new Map(body?.keys ?? []);
    // A profile's key pair never changes: put back any public key the registry no longer has as signed.
    for (const [tenantId, pub] of pubs) {
      const bytes = Buffer.from(pub, 'base64url');
      await tx.run('UPDATE tenant_key SET enc_pub = ? WHERE tenant_id = ? AND enc_pub != ?', [bytes, tenantId, bytes]);
    }
    // A profile created since the last signature has its key taken as the registry holds it now
    // (trust on first use; its owner's unlock puts back one changed before; docs/SECURITY.md).
    if (options.grantTo) await grantSigningKey(space, tx, key, options.grantTo, pubs);
    if (options.rotate) {
      // The new key goes to the admins the signed roles name who are admins still, never to one
      // edited in, sealed to the public keys the statement signed.
      const current = new Set(
        (await tx.all<{ id: string }>("SELECT id FROM tenant WHERE role = 'admin' UNION SELECT id FROM team_profile WHERE role = 'admin' AND removed = 0")).map((r) => r.id),
      );
      const signedAdmins = body!.roles.filter(([, role]) => role === 'admin').map(([id]) => id);
      const recipients = [...new Set([...signedAdmins, admin.tenantId])].filter((id) => current.has(id) && pubs.has(id));
      const version = Math.max((policy?.version ?? 0) + 1, (await seenVersion(admin, 'policy')) + 1, space.now());
      const rotated = await rotateSigningKey(space, tx, key, version, recipients, pubs);
      key.priv.fill(0);
      key = rotated.key;
      links.push(rotated.link);
      await keepKeyCopy(admin.vault(), key);
    }
    // Entries someone added after the last signed head stay marked as such in every later signature.
    const signedAudit = audit?.statement.v === 2 ? (audit.statement.body as AuditBody) : { count: 0, foreign: [] };
    const foreign = [...(signedAudit.foreign ?? []), ...(await foreignEntries(tx, signedAudit.count))];
    // Custom connectors carry over as signed, changed only by this change: a definition edited into
    // the registry by hand is not vouched for by an admin's unrelated save.
    let connectors = body ? (body.connectors ?? []) : undefined;
    if (options.connector) {
      const change = options.connector;
      const id = 'set' in change ? change.set[0] : change.remove;
      connectors = [...(connectors ?? []).filter(([c]) => c !== id), ...('set' in change ? [change.set] : [])];
    }
    await signSpaceState(space, tx, admin, key, links, { policy: policy?.version ?? 0, audit: audit?.version ?? 0 }, foreign, connectors);
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
