/**
 * What the space's two signed statements say (docs/SECURITY.md): the policy (rules, roles,
 * OAuth apps, settings, name, every profile's public key) and the audit head. Built from the
 * registry when an admin signs; compared with the registry when a vault checks.
 */
import { createHash } from 'node:crypto';
import type { Db, Tx } from '../db/sqlite.js';
import { AUDIT_GENESIS } from './audit.js';

export type Kind = 'policy' | 'audit';

/** The space settings the policy statement covers (and only these are read as signed). */
export const SIGNED_SETTINGS = ['askForAgentWrites', 'defaultAutoLockMinutes', 'profileCreation'] as const;

export interface PolicyBody {
  rules: [string, string, string][];
  /** Tenants whose role is not the default `member`. */
  roles: [string, string][];
  /** connector, client id, SHA-256 of the client secret (or null), authorize URL, token URL. */
  oauth: [string, string, string | null, string | null, string | null][];
  settings: [string, string][];
  name: string;
  /** Every profile's public key (X25519, base64url): what the signing key is sealed to. */
  keys?: [string, string][];
  /** The space's custom connectors: id, version, SHA-256 of the stored definition (custom-catalog.ts checks the rows). */
  connectors?: ConnectorEntry[];
  /** Profiles of a team space an admin removed (or that removed themselves) on any machine: their machine deletes them. */
  removed?: string[];
}

/** One signed custom connector: id, version, SHA-256 of its definition text as stored. */
export type ConnectorEntry = [string, number, string];

export interface AuditBody {
  count: number;
  head: string;
  /** Ids of entries added outside Switchboard before this signature (it does not vouch for them). */
  foreign?: number[];
  /** 2: `head` is an entry hash that covers the actor's name (signatures from before name the older hash). */
  hashes?: 2;
}

export interface Statement<B> {
  v: 2;
  kind: Kind;
  space: string;
  version: number;
  /** The signing key's public half (base64url). */
  key: string;
  body: B;
}

/** Statements from before versions: rules and roles only. */
export interface LegacyStatement {
  v: 1;
  space: string;
  rules: [string, string, string][];
  roles: [string, string][];
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export async function policyBody(db: Db | Tx): Promise<PolicyBody> {
  const rules = await db.all<{ subject: string; role: string; effect: string }>('SELECT subject, role, effect FROM policy_rule ORDER BY subject, role');
  // A team space's profiles on other machines count as this machine's own (team_profile, registry migration 13).
  const roles = await db.all<{ id: string; role: string }>(
    `SELECT id, role FROM tenant WHERE role != 'member'
     UNION ALL SELECT id, role FROM team_profile WHERE role != 'member' AND removed = 0 AND id NOT IN (SELECT id FROM tenant) ORDER BY id`,
  );
  const oauth = await db.all<{ connector_id: string; client_id: string; client_secret: string | null; authorize_url: string | null; token_url: string | null }>(
    'SELECT connector_id, client_id, client_secret, authorize_url, token_url FROM oauth_client ORDER BY connector_id',
  );
  const settings = await db.all<{ key: string; value: string }>(
    `SELECT key, value FROM space_setting WHERE key IN (${SIGNED_SETTINGS.map(() => '?').join(', ')}) ORDER BY key`,
    [...SIGNED_SETTINGS],
  );
  const name = (await db.get<{ name: string }>('SELECT name FROM space LIMIT 1'))?.name ?? '';
  const keys = await db.all<{ tenant_id: string; enc_pub: Buffer }>(
    `SELECT tenant_id, enc_pub FROM tenant_key
     UNION ALL SELECT id, enc_pub FROM team_profile WHERE enc_pub IS NOT NULL AND removed = 0 AND id NOT IN (SELECT tenant_id FROM tenant_key) ORDER BY 1`,
  );
  const removed = (await db.all<{ id: string }>('SELECT id FROM team_profile WHERE removed = 1 AND id NOT IN (SELECT id FROM tenant) ORDER BY id')).map((r) => r.id);
  const connectors = await connectorEntries(db);
  return {
    rules: rules.map((r) => [r.subject, r.role, r.effect]),
    roles: roles.map((r) => [r.id, r.role]),
    oauth: oauth.map((o) => [o.connector_id, o.client_id, o.client_secret === null ? null : sha256(o.client_secret), o.authorize_url, o.token_url]),
    settings: settings.map((s) => [s.key, s.value]),
    name,
    keys: keys.map((k) => [k.tenant_id, k.enc_pub.toString('base64url')]),
    ...(connectors.length ? { connectors } : {}),
    ...(removed.length ? { removed } : {}),
  };
}

/** The custom connectors the registry holds now, as a statement would sign them. */
export async function connectorEntries(db: Db | Tx): Promise<ConnectorEntry[]> {
  const rows = await db.all<{ id: string; version: number; definition: string }>('SELECT id, version, definition FROM custom_connector ORDER BY id');
  return rows.map((r) => [r.id, r.version, sha256(r.definition)]);
}

export async function auditBody(db: Db | Tx, foreign: readonly number[] = []): Promise<AuditBody> {
  const row = await db.get<{ n: number; head: string | null }>('SELECT count(*) AS n, (SELECT hash FROM audit ORDER BY id DESC LIMIT 1) AS head FROM audit');
  return { count: row?.n ?? 0, head: row?.head ?? AUDIT_GENESIS, hashes: 2, ...(foreign.length ? { foreign: [...new Set(foreign)].sort((a, b) => a - b).slice(-1000) } : {}) };
}

/**
 * Does the registry now match the signed policy? Rules, OAuth apps, settings and name exactly;
 * every tenant the role the statement gives it (`member` when unlisted); every signed public key
 * the same. A listed tenant since deleted is fine (deleting a profile needs no signature); one
 * created since the signature is too (its key is signed with the next admin change).
 */
export function policyMatches(now: PolicyBody, signed: PolicyBody | LegacyStatement, tenants: readonly { id: string; role: string }[]): boolean {
  if (JSON.stringify(now.rules) !== JSON.stringify(signed.rules)) return false;
  if ('oauth' in signed && (JSON.stringify(now.oauth) !== JSON.stringify(signed.oauth) || JSON.stringify(now.settings) !== JSON.stringify(signed.settings) || now.name !== signed.name)) {
    return false;
  }
  if ('keys' in signed && signed.keys) {
    // A profile that still exists keeps the key signed for it (the row cannot go missing either).
    const current = new Map(now.keys);
    const existing = new Set(tenants.map((t) => t.id));
    if (!signed.keys.every(([id, pub]) => !existing.has(id) || current.get(id) === pub)) return false;
  }
  const signedRoles = new Map(signed.roles);
  return tenants.every((t) => (signedRoles.get(t.id) ?? 'member') === t.role);
}
