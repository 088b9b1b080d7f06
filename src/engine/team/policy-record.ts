/**
 * The signed state a team space shares, as one record per kind: here the policy statement with
 * the rows it covers (rules, OAuth apps, signed settings, name; roles and profiles' keys are in the
 * statement itself), the signing key's chain, and the signing key sealed to each admin. A record
 * pulled from the database is verified as a registry is: signed by the key this machine pins (or
 * one the signed chain leads to), a version above the one it applied, and rows that match the
 * statement exactly. Only then is it written into the local registry, through its own tables (so
 * the state counter's triggers fire and every process re-checks), and each vault checks it again
 * against its own pins at its next call. Another kind (issue 13's custom connectors) is another
 * `SharedKind`: collect, verify, apply.
 */
import { rm } from 'node:fs/promises';
import { z } from 'zod';
import { SwitchboardError } from '../../shared/errors.js';
import { isRole } from '../../shared/model.js';
import type { Db, Tx } from '../db/sqlite.js';
import { signedBy } from '../space/key-crypto.js';
import { SIGNED_SETTINGS, sha256, type PolicyBody, type Statement } from '../space/signed-bodies.js';
import { CHAIN_SETTING, PUB_SETTING, getSetting, keyChain, linkBody, mergeChains, registryPub, setSetting, type KeyLink } from '../space/space-keys.js';
import type { Space } from '../space/space.js';
import { SIGNATURE_SETTING, policyChangedHere } from '../space/verify-state.js';

/** How far ahead of this machine's clock a version may be (as verify-state.ts allows). */
const MAX_VERSION_AHEAD_MS = 30 * 86_400_000;

const link = z.object({ prev: z.string().max(100), pub: z.string().max(100), version: z.number().int(), sig: z.string().max(200) }).strict();
export const policyRecordSchema = z
  .object({
    v: z.literal(1),
    signature: z.string().max(16_000_000),
    pub: z.string().max(100),
    chain: z.array(link).max(1000),
    rules: z.array(z.tuple([z.string().max(200), z.string().max(20), z.string().max(20), z.number().int(), z.string().max(100)])).max(100_000),
    oauth: z
      .array(
        z
          .object({
            connector_id: z.string().max(100),
            client_id: z.string().max(2000),
            client_secret: z.string().max(8192).nullable(),
            authorize_url: z.string().max(2000).nullable(),
            token_url: z.string().max(2000).nullable(),
            updated_at: z.number().int(),
          })
          .strict(),
      )
      .max(1000),
    settings: z.array(z.tuple([z.string().max(100), z.string().max(10_000)])).max(100),
    sealed: z.array(z.tuple([z.string().max(100), z.string().max(1000)])).max(100_000),
  })
  .strict();
export type PolicyRecord = z.infer<typeof policyRecordSchema>;

/** What a verified record says. */
export interface VerifiedPolicy {
  record: PolicyRecord;
  version: number;
  signer: string;
  body: PolicyBody;
}

/** The policy record as the registry holds it now (inside an admin's transaction, or to publish). */
export async function collectPolicyRecord(db: Db | Tx): Promise<PolicyRecord> {
  const signature = await getSetting(db, SIGNATURE_SETTING.policy);
  const pub = await registryPub(db);
  if (!signature || !pub) {
    throw new SwitchboardError('POLICY_DENIED', 'This space has no signed policy yet: an admin saves the policy once (switchboard policy set …), then publish it.');
  }
  const rules = await db.all<{ subject: string; role: string; effect: string; updated_at: number; updated_by: string }>('SELECT * FROM policy_rule ORDER BY subject, role');
  const oauth = await db.all<PolicyRecord['oauth'][number]>('SELECT connector_id, client_id, client_secret, authorize_url, token_url, updated_at FROM oauth_client ORDER BY connector_id');
  const settings = await db.all<{ key: string; value: string }>(
    `SELECT key, value FROM space_setting WHERE key IN (${SIGNED_SETTINGS.map(() => '?').join(', ')}) ORDER BY key`,
    [...SIGNED_SETTINGS],
  );
  const sealed = await db.all<{ tenant_id: string; sealed: Buffer }>(
    'SELECT tenant_id, sealed FROM admin_key UNION ALL SELECT id, sealed FROM team_profile WHERE sealed IS NOT NULL AND removed = 0 ORDER BY 1',
  );
  return {
    v: 1,
    signature,
    pub,
    chain: await keyChain(db),
    rules: rules.map((r) => [r.subject, r.role, r.effect, r.updated_at, r.updated_by]),
    oauth,
    settings: settings.map((s) => [s.key, s.value]),
    sealed: sealed.map((s) => [s.tenant_id, s.sealed.toString('base64url')]),
  };
}

/** The version a record's statement carries (for the database's column; never trusted on its own). */
export function recordVersion(record: PolicyRecord): number {
  try {
    const statement = JSON.parse((JSON.parse(record.signature) as { statement: string }).statement) as { version?: unknown };
    return typeof statement.version === 'number' && Number.isSafeInteger(statement.version) ? statement.version : 0;
  } catch {
    return 0;
  }
}

export interface MachineTrust {
  /** The signing key this machine trusts (pinned when it published or joined). */
  pinned: string;
  /** The key chain it walked so far. */
  chain: KeyLink[];
  /** The version of the record it applied last (0 before any). */
  applied: number;
}

/**
 * Check a record from the database as this machine trusts the space; POLICY_DENIED naming what is
 * wrong (edited, rolled back, signed by another key) otherwise. `text` is the row as stored.
 */
export function verifyPolicyRecord(space: Space, text: string, trust: MachineTrust): VerifiedPolicy {
  let record: PolicyRecord;
  let statement: Statement<PolicyBody>;
  let signature: string;
  let statementText: string;
  try {
    record = policyRecordSchema.parse(JSON.parse(text));
    const outer = JSON.parse(record.signature) as { statement?: unknown; signature?: unknown };
    if (typeof outer.statement !== 'string' || typeof outer.signature !== 'string') throw new Error('shape');
    statementText = outer.statement;
    signature = outer.signature;
    statement = JSON.parse(statementText) as Statement<PolicyBody>;
  } catch {
    throw refused('its record is not one Switchboard writes (edited in the database)');
  }
  if (statement.v !== 2 || statement.kind !== 'policy' || statement.space !== space.id || typeof statement.key !== 'string') {
    throw refused('its statement is not this space’s policy (edited in the database)');
  }
  const version = statement.version;
  if (!Number.isSafeInteger(version) || version < 0 || version > space.now() + MAX_VERSION_AHEAD_MS) throw refused('its version is not a sane number (edited in the database)');
  if (!signedBy(statement.key, statementText, signature)) throw refused('its signature does not match its statement (edited in the database)');
  const trusted = keyTrust(space.id, trust.pinned, mergeChains(trust.chain, record.chain), statement.key);
  if (trusted === 'older') throw rolledBack(version, trust.applied);
  if (trusted === 'unknown') throw refused('it is signed by a key this space never named (a foreign signature)');
  if (version < trust.applied) throw rolledBack(version, trust.applied);
  const body = statement.body;
  if (!rowsMatch(record, body)) throw refused('its rows do not match what the policy signs (edited in the database)');
  return { record, version, signer: statement.key, body };
}

/** Walk the signed key chain from the pinned key: `trusted` when it reaches `signer`, `older` for a key it passed or one before the pin. */
function keyTrust(spaceId: string, pinned: string, chain: KeyLink[], signer: string): 'trusted' | 'older' | 'unknown' {
  let current = pinned;
  const passed = new Set<string>();
  for (let hops = 0; hops <= chain.length; hops++) {
    if (current === signer) return 'trusted';
    passed.add(current);
    const next = chain.find((l) => l.prev === current && !passed.has(l.pub) && signedBy(current, linkBody(spaceId, l), l.sig));
    if (!next) break;
    current = next.pub;
  }
  // A key that signed a link to the pinned one (directly or further back) is an older key.
  let back = pinned;
  for (let hops = 0; hops < chain.length; hops++) {
    const prev = chain.find((l) => l.pub === back && signedBy(l.prev, linkBody(spaceId, l), l.sig));
    if (!prev) break;
    if (prev.prev === signer) return 'older';
    back = prev.prev;
  }
  return 'unknown';
}

/** The rows the record carries are exactly what the statement signs (secrets by their hash). */
function rowsMatch(record: PolicyRecord, body: PolicyBody): boolean {
  const rules = record.rules.map(([subject, role, effect]) => [subject, role, effect]);
  const oauth = record.oauth.map((o) => [o.connector_id, o.client_id, o.client_secret === null ? null : sha256(o.client_secret), o.authorize_url, o.token_url]);
  const settings = record.settings.filter(([key]) => (SIGNED_SETTINGS as readonly string[]).includes(key));
  return (
    JSON.stringify(rules) === JSON.stringify(body.rules) &&
    JSON.stringify(oauth) === JSON.stringify(body.oauth) &&
    settings.length === record.settings.length &&
    JSON.stringify(settings) === JSON.stringify(body.settings) &&
    typeof body.name === 'string' &&
    record.rules.every(([, role, effect]) => isRole(role) && (effect === 'allow' || effect === 'deny'))
  );
}

export interface Applied {
  /** Profiles of this machine the signed state removed (their sessions are locked, their vaults deleted). */
  removed: string[];
}

/** Write a verified record into the local registry, in the caller's transaction, through the registry's own tables. */
export async function applyPolicyRecord(space: Space, tx: Tx, verified: VerifiedPolicy): Promise<Applied> {
  const { record, body } = verified;
  await tx.run('DELETE FROM policy_rule');
  for (const [subject, role, effect, updatedAt, updatedBy] of record.rules) {
    await tx.run('INSERT INTO policy_rule (subject, role, effect, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)', [subject, role, effect, updatedAt, updatedBy]);
  }
  await tx.run('DELETE FROM oauth_client');
  for (const o of record.oauth) {
    await tx.run('INSERT INTO oauth_client (connector_id, client_id, client_secret, authorize_url, token_url, updated_at) VALUES (?, ?, ?, ?, ?, ?)', [
      o.connector_id,
      o.client_id,
      o.client_secret,
      o.authorize_url,
      o.token_url,
      o.updated_at,
    ]);
  }
  await tx.run(`DELETE FROM space_setting WHERE key IN (${SIGNED_SETTINGS.map(() => '?').join(', ')})`, [...SIGNED_SETTINGS]);
  for (const [key, value] of record.settings) await setSetting(tx, key, value);
  await tx.run('UPDATE space SET name = ? WHERE name != ?', [body.name, body.name]);
  await setSetting(tx, PUB_SETTING, JSON.stringify(record.pub));
  await setSetting(tx, CHAIN_SETTING, JSON.stringify(mergeChains(await keyChain(tx), record.chain)));
  await setSetting(tx, SIGNATURE_SETTING.policy, record.signature);

  const roles = new Map(body.roles);
  const keys = new Map(body.keys ?? []);
  const sealed = new Map(record.sealed);
  const removedIds = new Set(body.removed ?? []);
  const local = await tx.all<{ id: string; name: string; name_key: string; role: string; created_at: number }>('SELECT id, name, name_key, role, created_at FROM tenant');
  const removed: string[] = [];
  for (const t of local) {
    if (removedIds.has(t.id)) {
      await tx.run('DELETE FROM tenant WHERE id = ?', [t.id]);
      // Its tombstone: the directory shows it removed, and this machine's own signatures keep saying so.
      await tx.run(
        `INSERT INTO team_profile (id, name, name_key, role, machine_id, created_at, removed) VALUES (?, ?, ?, ?, 'here', ?, 1)
         ON CONFLICT (id) DO UPDATE SET removed = 1, sealed = NULL`,
        [t.id, t.name, t.name_key, t.role, t.created_at],
      );
      removed.push(t.id);
      continue;
    }
    const role = roles.get(t.id) ?? 'member';
    if (role !== t.role && isRole(role)) await tx.run('UPDATE tenant SET role = ? WHERE id = ?', [role, t.id]);
  }
  await tx.run('DELETE FROM admin_key');
  for (const t of local) {
    const s = sealed.get(t.id);
    if (s && !removedIds.has(t.id)) await tx.run('INSERT INTO admin_key (tenant_id, sealed) VALUES (?, ?)', [t.id, Buffer.from(s, 'base64url')]);
  }
  // Profiles on other machines: roles, keys and sealed copies as signed.
  const remote = await tx.all<{ id: string; role: string }>('SELECT id, role FROM team_profile');
  for (const p of remote) {
    const role = roles.get(p.id) ?? 'member';
    const pub = keys.get(p.id);
    const s = sealed.get(p.id);
    await tx.run(
      `UPDATE team_profile SET role = ?, removed = max(removed, ?), sealed = ?${pub ? ', enc_pub = ?' : ''} WHERE id = ?`,
      [isRole(role) ? role : 'member', removedIds.has(p.id) ? 1 : 0, s ? Buffer.from(s, 'base64url') : null, ...(pub ? [Buffer.from(pub, 'base64url')] : []), p.id],
    );
  }
  return { removed };
}

/** After the transaction: lock and delete this machine's profiles the signed state removed. */
export async function finishApply(space: Space, applied: Applied): Promise<void> {
  policyChangedHere();
  for (const id of applied.removed) {
    await space.lockTenant(id, 'deleted');
    const file = space.vaultPath(id);
    for (const suffix of ['', '-wal', '-shm']) await rm(file + suffix, { force: true });
    space.announce({ kind: 'tenant', tenantId: id });
  }
  space.announce({ kind: 'space' });
}

function refused(why: string): SwitchboardError {
  return new SwitchboardError('POLICY_DENIED', `The team database's policy was refused: ${why}. This machine keeps working on its last verified copy until an admin saves the policy again.`);
}

function rolledBack(version: number, applied: number): SwitchboardError {
  return new SwitchboardError(
    'POLICY_DENIED',
    `The team database's policy was refused: it was rolled back (version ${version}; this machine already applied ${applied}). This machine keeps working on its last verified copy until an admin saves the policy again.`,
    { rolledBack: true, version, seen: applied },
  );
}
