/**
 * OAuth 2.0 for native apps (RFC 8252): authorization code with PKCE (RFC 7636, S256) through a
 * loopback redirect on 127.0.0.1 and a random port, `state` checked; and token refresh.
 *
 * Token endpoints differ as each provider documents them (the connector's OAuth2Auth says how):
 * a form body (RFC 6749) or JSON (Notion, Atlassian); the client by body fields or HTTP Basic
 * (Notion, with nothing else in the body); Slack's `oauth.v2.access` answers `ok` and puts a user
 * token under `authed_user`; granted scopes come as a space- or comma-separated string (GitHub,
 * Slack) or an array (HubSpot, Linear); Salesforce adds the org's `instance_url`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dispatcher } from 'undici';
import { SwitchboardError } from '../../shared/errors.js';
import { normalizeBaseUrl } from '../connections/base-url.js';
import type { Credentials } from '../connections/credentials.js';
import { send, TransportError } from '../net/http-client.js';
import type { OAuthClient } from './oauth-clients.js';

const base64url = (buf: Buffer): string => buf.toString('base64url');

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function newPkce(): PkcePair {
  const verifier = base64url(randomBytes(32));
  return { verifier, challenge: base64url(createHash('sha256').update(verifier).digest()) };
}

export function authorizeUrl(client: OAuthClient, redirectUri: string, state: string, pkce: PkcePair): string {
  const url = new URL(client.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', client.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  const scopes = client.scheme.scopes;
  if (scopes.length > 0) url.searchParams.set(client.scheme.scopeParam ?? 'scope', scopes.join(client.scheme.scopeSeparator ?? ' '));
  url.searchParams.set('state', state);
  if (client.scheme.pkce !== false) {
    url.searchParams.set('code_challenge', pkce.challenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  for (const [k, v] of Object.entries(client.scheme.authorizeParams ?? {})) url.searchParams.set(k, v);
  return url.toString();
}

/** Why a token request failed: `rejected` means the grant is dead and the person must reconnect. */
export class TokenError extends SwitchboardError {}

/** What a token endpoint granted: the credentials to store, the scopes granted, and what else the provider said. */
export interface TokenGrant {
  credentials: Credentials['oauth2'];
  /** The granted scopes; the asked ones when the answer names none (RFC 6749 §5.1), the stored ones on a refresh. */
  scopes: string[];
  /** Salesforce: the org's API base URL, for the connection's base URL. */
  instanceUrl?: string;
}

/** An instance URL the provider sent, if it is one a connection may use (https, or http on loopback). */
function baseUrlOrUndefined(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return normalizeBaseUrl(value);
  } catch {
    return undefined;
  }
}

/** Scopes as the providers write them: "a b", "a,b" or ["a", "b"]. */
export function parseScopes(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return undefined;
}

/** POST to the token endpoint; returns the new credentials. */
export async function tokenRequest(
  client: OAuthClient,
  params: Record<string, string>,
  options: { now: number; previous?: Credentials['oauth2']; dispatcher?: Dispatcher },
): Promise<Credentials['oauth2']> {
  return (await tokenGrant(client, params, options)).credentials;
}

/** The token request's body and headers, as this provider documents them. */
function tokenBody(client: OAuthClient, params: Record<string, string>): { headers: Record<string, string>; body: string } {
  const scheme = client.scheme;
  const fields: Record<string, string> = { ...params };
  const headers: Record<string, string> = { accept: 'application/json' };
  if (scheme.tokenAuth === 'basic') {
    // RFC 6749 §2.3.1: one way of authenticating; Notion refuses a client_id in the body.
    if (client.clientSecret) {
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`;
    }
  } else {
    fields.client_id = client.clientId;
    if (client.clientSecret) fields.client_secret = client.clientSecret;
  }
  if (scheme.tokenBody === 'json') {
    headers['content-type'] = 'application/json';
    return { headers, body: JSON.stringify(fields) };
  }
  headers['content-type'] = 'application/x-www-form-urlencoded';
  return { headers, body: new URLSearchParams(fields).toString() };
}

/** POST to the token endpoint; returns the credentials and what the answer says besides. */
export async function tokenGrant(
  client: OAuthClient,
  params: Record<string, string>,
  options: { now: number; previous?: Credentials['oauth2']; dispatcher?: Dispatcher },
): Promise<TokenGrant> {
  const { headers, body: requestBody } = tokenBody(client, params);
  let res;
  try {
    res = await send(
      { url: new URL(client.tokenUrl), method: 'POST', headers, body: requestBody },
      { timeoutMs: 30_000, maxBytes: 256 * 1024, ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}) },
    );
  } catch (err) {
    if (err instanceof TransportError && err.kind === 'offline') {
      throw new SwitchboardError('OFFLINE', 'Cannot reach the sign-in server. Check the network and try again.');
    }
    throw new SwitchboardError('UPSTREAM_ERROR', 'The sign-in server did not answer properly. Try again.');
  }
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    // handled below
  }
  // Slack: a user token (user_scope) is under authed_user; a refresh of one answers at the top level.
  const user = client.scheme.tokenIn === 'authed_user' && body.authed_user && typeof body.authed_user === 'object' ? (body.authed_user as Record<string, unknown>) : undefined;
  const source = user && typeof user.access_token === 'string' ? user : body;
  const accessToken = source.access_token;
  if (res.status >= 400 || typeof accessToken !== 'string' || body.ok === false) {
    const reason = typeof body.error === 'string' ? body.error : `HTTP ${res.status}`;
    if (res.status === 400 || res.status === 401 || res.status === 403 || typeof body.error === 'string') {
      throw new TokenError('AUTH_REQUIRED', `The sign-in server refused the grant (${reason.slice(0, 100)}). Reconnect to sign in again.`);
    }
    throw new SwitchboardError('UPSTREAM_ERROR', `The sign-in server answered ${reason.slice(0, 100)}. Try again later.`);
  }
  const expiresIn = Number(source.expires_in);
  const refreshToken = typeof source.refresh_token === 'string' ? source.refresh_token : options.previous?.refreshToken;
  const granted = parseScopes(source.scope) ?? parseScopes(source.scopes);
  const scopes = granted ?? parseScopes(options.previous?.scope) ?? (params.grant_type === 'refresh_token' ? [] : client.scheme.scopes);
  const scope = scopes.length ? scopes.join(' ') : undefined;
  const tokenType = typeof source.token_type === 'string' ? source.token_type : undefined;
  const instanceUrl = baseUrlOrUndefined(body.instance_url);
  return {
    credentials: {
      accessToken,
      ...(refreshToken ? { refreshToken } : {}),
      ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresAt: options.now + expiresIn * 1000 } : {}),
      ...(scope ? { scope: scope.slice(0, 4000) } : {}),
      ...(tokenType ? { tokenType: tokenType.slice(0, 50) } : {}),
    },
    scopes,
    ...(instanceUrl ? { instanceUrl } : {}),
  };
}

export function refreshTokens(client: OAuthClient, current: Credentials['oauth2'], now: number, dispatcher?: Dispatcher): Promise<Credentials['oauth2']> {
  if (!current.refreshToken) {
    return Promise.reject(new TokenError('AUTH_REQUIRED', 'The sign-in has expired and cannot be renewed. Reconnect to sign in again.'));
  }
  return tokenRequest(client, { grant_type: 'refresh_token', refresh_token: current.refreshToken }, { now, previous: current, ...(dispatcher ? { dispatcher } : {}) });
}

export interface LoopbackFlow {
  /** Open this in the system browser. */
  authorizeUrl: string;
  redirectUri: string;
  /** Resolves with the tokens once the provider redirects back with a valid code. */
  tokens: Promise<Credentials['oauth2']>;
  /** The same sign-in with what the token answer said besides: granted scopes, Salesforce's instance URL. */
  grant: Promise<TokenGrant>;
  cancel(): void;
}

const PAGE = (title: string, text: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:system-ui;margin:3rem"><h1>${title}</h1><p>${text}</p></body></html>`;

/**
 * Start the authorization: listen on 127.0.0.1:random for one redirect, for at most `timeoutMs`.
 * A request with a wrong `state` is refused and the flow keeps waiting.
 */
export async function startLoopbackFlow(
  client: OAuthClient,
  options: { now: () => number; timeoutMs?: number; dispatcher?: Dispatcher },
): Promise<LoopbackFlow> {
  const state = base64url(randomBytes(32));
  const pkce = newPkce();
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  let settle: { resolve: (g: TokenGrant) => void; reject: (e: unknown) => void };
  const grant = new Promise<TokenGrant>((resolve, reject) => (settle = { resolve, reject }));
  const tokens = grant.then((g) => g.credentials);
  // Whoever awaits only one of the two must not leave the other's rejection unhandled.
  tokens.catch(() => undefined);
  grant.catch(() => undefined);
  const finish = (): void => {
    clearTimeout(timer);
    server.close();
    server.closeIdleConnections();
  };
  const timer = setTimeout(() => {
    finish();
    settle.reject(new SwitchboardError('AUTH_REQUIRED', 'The sign-in was not completed in time. Start it again.'));
  }, options.timeoutMs ?? 5 * 60_000);
  timer.unref();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', redirectUri);
    if (req.method !== 'GET' || url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    const got = Buffer.from(url.searchParams.get('state') ?? '');
    const want = Buffer.from(state);
    if (got.length !== want.length || !timingSafeEqual(got, want)) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('Sign-in refused', 'This sign-in link does not belong to the sign-in Switchboard started.'));
      return;
    }
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (error || !code) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('Sign-in cancelled', 'You can close this tab and try again from Switchboard.'));
      finish();
      settle.reject(new SwitchboardError('AUTH_REQUIRED', `The provider did not grant access (${(error ?? 'no code').slice(0, 100)}).`));
      return;
    }
    finish();
    tokenGrant(
      client,
      { grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...(client.scheme.pkce !== false ? { code_verifier: pkce.verifier } : {}) },
      { now: options.now(), ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}) },
    ).then(
      (creds) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('Connected', 'Switchboard is connected. You can close this tab.'));
        settle.resolve(creds);
      },
      (err: unknown) => {
        res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('Sign-in failed', 'Return to Switchboard for details.'));
        settle.reject(err);
      },
    );
  });

  return {
    authorizeUrl: authorizeUrl(client, redirectUri, state, pkce),
    redirectUri,
    tokens,
    grant,
    cancel: () => {
      finish();
      settle.reject(new SwitchboardError('AUTH_REQUIRED', 'The sign-in was cancelled.'));
    },
  };
}
