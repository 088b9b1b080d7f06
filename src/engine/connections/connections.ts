/**
 * A tenant's connections and enabled actions, in that tenant's vault. Every function takes the
 * session; none returns a credential. A credential can be replaced, never read back.
 */
import { SwitchboardError } from '../../shared/errors.js';
import { defaultMode, type ActionMode } from '../../shared/limits.js';
import type { ConnectionStatus, ConnectionSummary } from '../../shared/views.js';
import { sessionState, type TenantSession, type TenantStatus } from '../vault/tenant-session.js';
import type { Catalog } from '../connectors/catalog.js';
import type { AuthType, ConnectorDefinition } from '../connectors/definition.js';
import { normalizeBaseUrl } from './base-url.js';
import { parseCredentials, parseRecordedApp, type AnyCredentials, type RecordedOAuthApp } from './credentials.js';

export type { ConnectionStatus, ConnectionSummary } from '../../shared/views.js';

interface ConnectionRow {
  connector_id: string;
  auth_type: string;
  credentials: string;
  base_url: string | null;
  status: ConnectionStatus;
  status_detail: string | null;
  created_at: number;
  updated_at: number;
  oauth_client: string | null;
  refresh_lease_owner: string | null;
  refresh_lease_until: number | null;
  verified_at: number | null;
  granted_scopes: string | null;
}

/** Granted scopes as stored (space-separated), or undefined when not known. */
export function parseGranted(text: string | null | undefined): string[] | undefined {
  if (typeof text !== 'string') return undefined;
  return text.split(/[\s,]+/).filter(Boolean);
}

const grantedOf = (credentials: AnyCredentials): string | null =>
  credentials.type === 'oauth2' && typeof credentials.value.scope === 'string' ? credentials.value.scope : null;

export interface ConnectInput {
  connectorId: unknown;
  authType: unknown;
  credentials: unknown;
  baseUrl?: unknown;
}

/**
 * Connect (or reconnect, replacing the credentials) a connector for this tenant. An OAuth
 * sign-in passes the app it used: the vault records it, and refreshes use that record only.
 */
/** A connection checked and ready to store: what `connect` saves, and what the router can try first. */
export interface PreparedConnection {
  def: ConnectorDefinition;
  credentials: AnyCredentials;
  /** The connection's own base URL, or null for the connector's. */
  baseUrl: string | null;
}

/** A client-credentials token URL: absolute, or a path on the connection's base URL; https (or loopback http). */
function clientTokenUrl(tokenUrl: string, baseUrl: string): string {
  const url = tokenUrl.startsWith('/') ? `${baseUrl.replace(/\/$/, '')}${tokenUrl}` : tokenUrl;
  try {
    return normalizeBaseUrl(url);
  } catch {
    throw new SwitchboardError('INVALID_INPUT', `The token endpoint ${url} must be an https URL (plain http only on 127.0.0.1 or localhost).`);
  }
}

/** Check a connection's input (auth type, credentials, base URL) without storing anything. */
export function prepareConnection(catalog: Catalog, input: ConnectInput): PreparedConnection {
  const def = catalog.connector(input.connectorId);
  const scheme = def.auth.find((a) => a.type === input.authType);
  if (!scheme) {
    throw new SwitchboardError(
      'INVALID_INPUT',
      `${def.name} connects with ${def.auth.map((a) => a.type).join(' or ')}, not ${JSON.stringify(input.authType)}.`,
    );
  }
  let credentials = parseCredentials(scheme.type, input.credentials);
  const baseUrl = input.baseUrl === undefined || input.baseUrl === null || input.baseUrl === '' ? null : normalizeBaseUrl(input.baseUrl);
  if (!def.baseUrl && !baseUrl) {
    throw new SwitchboardError('INVALID_INPUT', `${def.name} needs the base URL of your instance (${def.baseUrlHint ?? 'an https URL'}).`);
  }
  if (scheme.type === 'client_credentials' && credentials.type === 'client_credentials') {
    // The token endpoint is the connector's, fixed now and kept in the vault: the client secret goes nowhere else later.
    const { clientId, clientSecret } = credentials.value;
    credentials = { type: 'client_credentials', value: { clientId, clientSecret, tokenUrl: clientTokenUrl(scheme.tokenUrl, baseUrl ?? def.baseUrl) } };
  }
  return { def, credentials, baseUrl };
}

export interface ConnectOptions {
  /** The OAuth app the sign-in used: the vault records it, and refreshes use that record only. */
  oauthApp?: RecordedOAuthApp;
  /** The provider accepted these credentials just now (its test call succeeded). */
  verified?: boolean;
}

/**
 * Connect (or reconnect, replacing the credentials) a connector for this tenant. Saved as "not
 * verified yet" unless the caller says the provider accepted the credentials; the next successful
 * call or test verifies it.
 */
export async function connect(session: TenantSession, catalog: Catalog, input: ConnectInput | PreparedConnection, options: ConnectOptions = {}): Promise<ConnectionSummary> {
  const { def, credentials, baseUrl } = 'def' in input ? input : prepareConnection(catalog, input);
  const now = session.now();
  const db = session.vault();
  const oauthApp = credentials.type === 'oauth2' && options.oauthApp ? JSON.stringify(options.oauthApp) : null;
  await db.run(
    `INSERT INTO connection (connector_id, auth_type, credentials, base_url, status, status_detail, created_at, updated_at, oauth_client, verified_at, granted_scopes)
     VALUES (?, ?, ?, ?, 'connected', NULL, ?, ?, ?, ?, ?)
     ON CONFLICT (connector_id) DO UPDATE SET auth_type = excluded.auth_type, credentials = excluded.credentials,
       base_url = excluded.base_url, status = 'connected', status_detail = NULL, updated_at = excluded.updated_at,
       oauth_client = excluded.oauth_client, refresh_lease_owner = NULL, refresh_lease_until = NULL,
       verified_at = excluded.verified_at, granted_scopes = excluded.granted_scopes`,
    [def.id, credentials.type, JSON.stringify(credentials.value), baseUrl, now, now, oauthApp, options.verified ? now : null, grantedOf(credentials)],
  );
  await changed(session);
  return getConnection(session, catalog, def.id);
}

/** The provider accepted this connection's credentials (a call or test succeeded). */
export async function markVerified(session: TenantSession, def: ConnectorDefinition): Promise<void> {
  await session.vault().run('UPDATE connection SET verified_at = ? WHERE connector_id = ?', [session.now(), def.id]);
}

/** Delete the credentials and the enabled actions of a connector. */
export async function disconnect(session: TenantSession, catalog: Catalog, connectorId: unknown): Promise<void> {
  const def = catalog.connector(connectorId);
  const db = session.vault();
  const result = await db.transaction(async (tx) => {
    await tx.run('DELETE FROM enabled_action WHERE connector_id = ?', [def.id]);
    return tx.run('DELETE FROM connection WHERE connector_id = ?', [def.id]);
  });
  if (result.changes === 0) throw notConnected(def);
  await changed(session);
}

/** Tell the space this tenant's setup changed, with its new shape (for the admin view and live views). */
async function changed(session: TenantSession): Promise<void> {
  session.announceChange(await tenantStatus(session));
}

/** The shape of this tenant's setup, as ids only. */
export async function tenantStatus(session: TenantSession): Promise<TenantStatus> {
  const { connections, enabled } = await tenantSetup(session);
  return {
    connectors: [...connections.keys()].sort(),
    reauth: [...connections].filter(([, status]) => status === 'auth_required').map(([id]) => id).sort(),
    enabledActions: [...enabled.keys()].sort(),
  };
}

/** Which connectors this tenant connected (with their status) and which actions it enabled, in which mode: what may-call reads. */
export interface TenantSetup {
  connections: ReadonlyMap<string, ConnectionStatus>;
  enabled: ReadonlyMap<string, ActionMode>;
  granted: ReadonlyMap<string, string[] | undefined>;
}

interface SetupCache {
  seq: number;
  setup: TenantSetup | null;
  /** Stored connections read since the counter last moved (undefined: not connected). */
  stored: Map<string, StoredConnection | undefined>;
}

// clearOn: lock
const SETUP = sessionState<SetupCache>('connections and enablement', () => ({ seq: -1, setup: null, stored: new Map() }));

/** The vault's setup counter (moved by triggers on connection and enabled_action, from any process). */
export async function setupSeq(session: TenantSession): Promise<number> {
  return (await session.vault().get<{ n: number }>('SELECT n FROM setup_seq'))?.n ?? -1;
}

/** This session's cache of what the vault says about connections, emptied when the counter moved. */
async function setupCache(session: TenantSession): Promise<SetupCache> {
  const seq = await setupSeq(session);
  const cache = session.state(SETUP);
  if (cache.seq !== seq) Object.assign(cache, { seq, setup: null, stored: new Map() });
  return cache;
}

export async function tenantSetup(session: TenantSession): Promise<TenantSetup> {
  const cache = await setupCache(session);
  cache.setup ??= await readSetup(session);
  return cache.setup;
}

/** The setup and one connector's stored connection, read as of one look at the counter (what a call needs). */
export async function setupForCall(session: TenantSession, def: ConnectorDefinition): Promise<{ setup: TenantSetup; connection: StoredConnection | undefined }> {
  const cache = await setupCache(session);
  cache.setup ??= await readSetup(session);
  if (!cache.stored.has(def.id)) cache.stored.set(def.id, await readStored(session, def));
  return { setup: cache.setup, connection: cache.stored.get(def.id) };
}

async function readStored(session: TenantSession, def: ConnectorDefinition): Promise<StoredConnection | undefined> {
  const row = await session.vault().get<ConnectionRow>('SELECT * FROM connection WHERE connector_id = ?', [def.id]);
  return row ? stored(def, row) : undefined;
}

async function readSetup(session: TenantSession): Promise<TenantSetup> {
  const db = session.vault();
  const connections = await db.all<{ connector_id: string; status: ConnectionStatus; granted_scopes: string | null }>('SELECT connector_id, status, granted_scopes FROM connection');
  const enabled = await db.all<{ action_id: string; mode: ActionMode }>('SELECT action_id, mode FROM enabled_action');
  return {
    connections: new Map(connections.map((c) => [c.connector_id, c.status])),
    enabled: new Map(enabled.map((e) => [e.action_id, e.mode])),
    granted: new Map(connections.map((c) => [c.connector_id, parseGranted(c.granted_scopes)])),
  };
}

export async function listConnections(session: TenantSession, catalog: Catalog): Promise<ConnectionSummary[]> {
  const db = session.vault();
  const rows = await db.all<ConnectionRow>('SELECT * FROM connection ORDER BY connector_id');
  const enabled = await db.all<{ action_id: string; connector_id: string }>('SELECT action_id, connector_id FROM enabled_action ORDER BY action_id');
  return rows
    .filter((row) => catalog.hasConnector(row.connector_id))
    .map((row) => summarize(catalog.connector(row.connector_id), row, enabled.filter((e) => e.connector_id === row.connector_id).map((e) => e.action_id)));
}

export async function getConnection(session: TenantSession, catalog: Catalog, connectorId: unknown): Promise<ConnectionSummary> {
  const def = catalog.connector(connectorId);
  const db = session.vault();
  const row = await db.get<ConnectionRow>('SELECT * FROM connection WHERE connector_id = ?', [def.id]);
  if (!row) throw notConnected(def);
  const enabled = await db.all<{ action_id: string }>('SELECT action_id FROM enabled_action WHERE connector_id = ? ORDER BY action_id', [def.id]);
  return summarize(def, row, enabled.map((e) => e.action_id));
}

/** For the router and the OAuth refresher only: the stored credentials of one connection. */
export async function loadCredentials(
  session: TenantSession,
  def: ConnectorDefinition,
): Promise<StoredConnection | undefined> {
  const cache = await setupCache(session);
  if (!cache.stored.has(def.id)) cache.stored.set(def.id, await readStored(session, def));
  return cache.stored.get(def.id);
}

export interface StoredConnection {
  credentials: AnyCredentials;
  baseUrl: string;
  status: ConnectionStatus;
  /** The OAuth app the sign-in used, when the vault recorded it. */
  oauthApp?: RecordedOAuthApp;
  /** Whether the provider has accepted these credentials yet. */
  verified: boolean;
}

function stored(def: ConnectorDefinition, row: ConnectionRow): StoredConnection {
  const oauthApp = parseRecordedApp(row.oauth_client);
  return {
    credentials: { type: row.auth_type, value: JSON.parse(row.credentials) } as AnyCredentials,
    baseUrl: row.base_url ?? def.baseUrl,
    status: row.status,
    ...(oauthApp ? { oauthApp } : {}),
    verified: row.verified_at !== null,
  };
}

/** Record the OAuth app a connection refreshes with (a connection made before the vault kept it). */
export async function recordOAuthApp(session: TenantSession, def: ConnectorDefinition, app: RecordedOAuthApp): Promise<void> {
  await session.vault().run('UPDATE connection SET oauth_client = ? WHERE connector_id = ? AND oauth_client IS NULL', [JSON.stringify(app), def.id]);
}

export type LeaseState = { kind: 'leased'; connection: StoredConnection } | { kind: 'refreshed'; connection: StoredConnection } | { kind: 'busy' };

/**
 * Take the refresh lease of a connection, in one write, after re-reading it: when its access
 * token is no longer the stale one, another process refreshed it already (use that); when another
 * process holds a live lease, wait. So a rotating refresh token is spent once, by one process.
 */
export async function takeRefreshLease(session: TenantSession, def: ConnectorDefinition, staleAccessToken: string, owner: string, leaseMs: number): Promise<LeaseState> {
  return session.vault().transaction(async (tx) => {
    const row = await tx.get<ConnectionRow>('SELECT * FROM connection WHERE connector_id = ?', [def.id]);
    if (!row) throw notConnected(def);
    const connection = stored(def, row);
    const current = connection.credentials.type === 'oauth2' ? connection.credentials.value.accessToken : undefined;
    if (current !== staleAccessToken) return { kind: 'refreshed', connection };
    const now = session.now();
    if (row.refresh_lease_owner && row.refresh_lease_owner !== owner && (row.refresh_lease_until ?? 0) > now) return { kind: 'busy' };
    await tx.run('UPDATE connection SET refresh_lease_owner = ?, refresh_lease_until = ? WHERE connector_id = ?', [owner, now + leaseMs, def.id]);
    return { kind: 'leased', connection };
  });
}

export async function releaseRefreshLease(session: TenantSession, def: ConnectorDefinition, owner: string): Promise<void> {
  await session.vault().run('UPDATE connection SET refresh_lease_owner = NULL, refresh_lease_until = NULL WHERE connector_id = ? AND refresh_lease_owner = ?', [def.id, owner]);
}

/** Replace stored OAuth tokens after a refresh. */
export async function storeRefreshedCredentials(session: TenantSession, def: ConnectorDefinition, credentials: AnyCredentials): Promise<void> {
  await session
    .vault()
    .run(
      "UPDATE connection SET credentials = ?, status = 'connected', status_detail = NULL, updated_at = ?, refresh_lease_owner = NULL, refresh_lease_until = NULL, granted_scopes = coalesce(?, granted_scopes) WHERE connector_id = ?",
      [JSON.stringify(credentials.value), session.now(), grantedOf(credentials), def.id],
    );
  await changed(session);
}

/** Mark a connection as needing the person to reconnect; shown wherever the connection is. */
export async function markAuthRequired(session: TenantSession, def: ConnectorDefinition, detail: string): Promise<void> {
  await session
    .vault()
    .run("UPDATE connection SET status = 'auth_required', status_detail = ?, updated_at = ? WHERE connector_id = ?", [detail, session.now(), def.id]);
  await changed(session);
}

/**
 * Switch actions on. Each must exist and its connector must be connected. A newly enabled action
 * starts in `mode`, else its default (writes ask, reads are allowed); an already enabled one keeps
 * its mode unless `mode` is given.
 */
export async function enableActions(session: TenantSession, catalog: Catalog, actionIds: unknown, mode?: ActionMode): Promise<string[]> {
  const ids = parseActionIds(catalog, actionIds);
  const db = session.vault();
  const now = session.now();
  await db.transaction(async (tx) => {
    for (const id of ids) {
      const { connector, action } = catalog.action(id);
      const row = await tx.get('SELECT 1 FROM connection WHERE connector_id = ?', [connector.id]);
      if (!row) throw notConnected(connector);
      await tx.run(
        `INSERT INTO enabled_action (action_id, connector_id, enabled_at, mode) VALUES (?, ?, ?, ?)
         ON CONFLICT (action_id) DO UPDATE SET mode = CASE WHEN ? THEN excluded.mode ELSE mode END`,
        [id, connector.id, now, mode ?? defaultMode(action.kind), mode ? 1 : 0],
      );
    }
  });
  await changed(session);
  return ids;
}

/** Set how enabled actions run when an agent calls them. Each must be enabled. */
export async function setActionMode(session: TenantSession, catalog: Catalog, actionIds: unknown, mode: ActionMode): Promise<string[]> {
  const ids = parseActionIds(catalog, actionIds);
  await session.vault().transaction(async (tx) => {
    for (const id of ids) {
      const result = await tx.run('UPDATE enabled_action SET mode = ? WHERE action_id = ?', [mode, id]);
      if (result.changes === 0) throw new SwitchboardError('ACTION_DISABLED', `${id} is switched off for this profile. Enable it first (switchboard enable ${id} --${mode}).`);
    }
  });
  await changed(session);
  return ids;
}

export async function disableActions(session: TenantSession, catalog: Catalog, actionIds: unknown): Promise<string[]> {
  const ids = parseActionIds(catalog, actionIds);
  await session.vault().transaction(async (tx) => {
    for (const id of ids) await tx.run('DELETE FROM enabled_action WHERE action_id = ?', [id]);
  });
  await changed(session);
  return ids;
}

function parseActionIds(catalog: Catalog, raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0 || list.length > 500) throw new SwitchboardError('INVALID_INPUT', 'Name between 1 and 500 actions.');
  for (const id of list) catalog.action(id);
  return [...new Set(list as string[])];
}

function summarize(def: ConnectorDefinition, row: ConnectionRow, enabledActions: string[]): ConnectionSummary {
  return {
    connectorId: def.id,
    authType: row.auth_type as AuthType,
    baseUrl: row.base_url ?? def.baseUrl,
    customBaseUrl: row.base_url !== null,
    status: row.status,
    ...(row.status_detail ? { statusDetail: row.status_detail } : {}),
    verified: row.verified_at !== null,
    ...(row.granted_scopes !== null ? { grantedScopes: parseGranted(row.granted_scopes) } : {}),
    enabledActions,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export function notConnected(def: ConnectorDefinition): SwitchboardError {
  return new SwitchboardError('NOT_CONNECTED', `${def.name} is not connected for this profile. Connect it first (switchboard connect ${def.id}).`);
}
