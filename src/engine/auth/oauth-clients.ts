/**
 * OAuth client settings of a space (admins set them; every tenant's connect and refresh use them).
 * Desktop OAuth clients are public clients (RFC 8252 §8.5): a client secret, where a provider
 * insists on one, is readable by anyone who can read the registry and is never treated as a
 * tenant secret. It is never returned by a listing.
 */
import { SwitchboardError } from '../../shared/errors.js';
import type { OAuthClientView } from '../../shared/views.js';
import type { Catalog } from '../connectors/catalog.js';
import type { ConnectorDefinition, OAuth2Auth } from '../connectors/definition.js';
import { normalizeBaseUrl } from '../connections/base-url.js';
import type { RecordedOAuthApp } from '../connections/credentials.js';
import { recordAdminChange, signedPolicy } from '../space/signed-state.js';
import { sha256 } from '../space/signed-bodies.js';
import { tampered } from '../space/verify-state.js';
import type { Space } from '../space/space.js';
import type { AdminSession } from '../space/admin-session.js';
import type { TenantSession } from '../vault/tenant-session.js';

export interface OAuthClient extends RecordedOAuthApp {
  connectorId: string;
  scheme: OAuth2Auth;
}


/** The record of a client, for the vault. */
export function recordOf(client: OAuthClient): RecordedOAuthApp {
  return { clientId: client.clientId, ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}), authorizeUrl: client.authorizeUrl, tokenUrl: client.tokenUrl };
}

/** The client a connection recorded, with the connector's scheme (from our own code). */
export function recordedClient(def: ConnectorDefinition, app: RecordedOAuthApp): OAuthClient {
  return { connectorId: def.id, ...app, scheme: oauthScheme(def) };
}

/** What a listing shows: whether a secret is set, never the secret. */
export type OAuthClientSummary = OAuthClientView;

export function oauthScheme(def: ConnectorDefinition): OAuth2Auth {
  const scheme = def.auth.find((a): a is OAuth2Auth => a.type === 'oauth2');
  if (!scheme) throw new SwitchboardError('INVALID_INPUT', `${def.name} does not connect with OAuth.`);
  return scheme;
}

interface Row {
  connector_id: string;
  client_id: string;
  client_secret: string | null;
  authorize_url: string | null;
  token_url: string | null;
}

/**
 * The space's OAuth app for a connector, as an admin signed it (checked against the signature this
 * profile's vault trusts first): used to sign in, and recorded in the connection's vault then.
 */
export async function getOAuthClient(space: Space, session: TenantSession, def: ConnectorDefinition): Promise<OAuthClient> {
  const scheme = oauthScheme(def);
  const policy = await signedPolicy(space, session);
  const row = await space.registry.get<Row>('SELECT * FROM oauth_client WHERE connector_id = ?', [def.id]);
  if (policy.oauth) {
    // The row read now must be the app the verified statement names (it may have changed since the check).
    const signed = policy.oauth.find(([connectorId]) => connectorId === def.id);
    const now = row ? [row.connector_id, row.client_id, row.client_secret === null ? null : sha256(row.client_secret), row.authorize_url, row.token_url] : undefined;
    if (JSON.stringify(signed) !== JSON.stringify(now)) throw tampered('policy');
  }
  if (!row) {
    throw new SwitchboardError(
      'NOT_CONNECTED',
      `No OAuth app is set up for ${def.name} in this space. An admin sets one with \`switchboard oauth set ${def.id} --client-id ID\`, or connect with a token instead.`,
    );
  }
  return {
    connectorId: def.id,
    clientId: row.client_id,
    ...(row.client_secret ? { clientSecret: row.client_secret } : {}),
    authorizeUrl: row.authorize_url ?? scheme.authorizeUrl,
    tokenUrl: row.token_url ?? scheme.tokenUrl,
    scheme,
  };
}

export async function listOAuthClients(space: Space): Promise<OAuthClientSummary[]> {
  const rows = await space.registry.all<Row>('SELECT * FROM oauth_client ORDER BY connector_id');
  return rows.map((r) => ({
    connectorId: r.connector_id,
    clientId: r.client_id,
    hasClientSecret: r.client_secret !== null,
    authorizeUrl: r.authorize_url ?? '',
    tokenUrl: r.token_url ?? '',
  }));
}

export interface OAuthClientInput {
  clientId: unknown;
  clientSecret?: unknown;
  authorizeUrl?: unknown;
  tokenUrl?: unknown;
}

/** Set (or replace) the OAuth app of a connector. */
export async function setOAuthClient(space: Space, catalog: Catalog, actor: AdminSession, connectorId: unknown, input: OAuthClientInput): Promise<OAuthClientSummary> {
  const def = catalog.connector(connectorId);
  const scheme = oauthScheme(def);
  if (typeof input.clientId !== 'string' || !/^[\x21-\x7e]{1,512}$/.test(input.clientId)) {
    throw new SwitchboardError('INVALID_INPUT', 'clientId: the OAuth client id from the provider (printable, up to 512 characters).');
  }
  let secret: string | null = null;
  if (input.clientSecret !== undefined && input.clientSecret !== null && input.clientSecret !== '') {
    if (typeof input.clientSecret !== 'string' || !/^[\x21-\x7e]{1,1024}$/.test(input.clientSecret)) {
      throw new SwitchboardError('INVALID_INPUT', 'clientSecret: printable, up to 1024 characters.');
    }
    secret = input.clientSecret;
  }
  if (scheme.clientSecret === 'required' && !secret) {
    throw new SwitchboardError('INVALID_INPUT', `${def.name} requires a client secret with its client id.`);
  }
  const clientId: string = input.clientId;
  const url = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : normalizeBaseUrl(v));
  await space.registry.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO oauth_client (connector_id, client_id, client_secret, authorize_url, token_url, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (connector_id) DO UPDATE SET client_id = excluded.client_id, client_secret = excluded.client_secret,
         authorize_url = excluded.authorize_url, token_url = excluded.token_url, updated_at = excluded.updated_at`,
      [def.id, clientId, secret, url(input.authorizeUrl), url(input.tokenUrl), space.now()],
    );
    await recordAdminChange(tx, space, actor, 'oauth.set', { connectorId: def.id, clientId, clientSecret: secret ? 'set' : 'none' });
  });
  return (await listOAuthClients(space)).find((c) => c.connectorId === def.id)!;
}
