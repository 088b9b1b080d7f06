/**
 * OAuth 2.0 for native apps (RFC 8252): authorization code with PKCE (RFC 7636, S256) through a
 * loopback redirect on 127.0.0.1 and a random port, `state` checked; and token refresh.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dispatcher } from 'undici';
import { SwitchboardError } from '../../shared/errors.js';
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
  if (client.scheme.scopes.length > 0) url.searchParams.set('scope', client.scheme.scopes.join(client.scheme.scopeSeparator ?? ' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', pkce.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  for (const [k, v] of Object.entries(client.scheme.authorizeParams ?? {})) url.searchParams.set(k, v);
  return url.toString();
}

/** Why a token request failed: `rejected` means the grant is dead and the person must reconnect. */
export class TokenError extends SwitchboardError {}

/** POST to the token endpoint; returns the new credentials. */
export async function tokenRequest(
  client: OAuthClient,
  params: Record<string, string>,
  options: { now: number; previous?: Credentials['oauth2']; dispatcher?: Dispatcher },
): Promise<Credentials['oauth2']> {
  const form = new URLSearchParams({ ...params, client_id: client.clientId });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (client.clientSecret) {
    if (client.scheme.tokenAuth === 'basic') {
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`;
    } else {
      form.set('client_secret', client.clientSecret);
    }
  }
  let res;
  try {
    res = await send(
      { url: new URL(client.tokenUrl), method: 'POST', headers, body: form.toString() },
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
  const accessToken = body.access_token;
  if (res.status >= 400 || typeof accessToken !== 'string' || body.ok === false) {
    const reason = typeof body.error === 'string' ? body.error : `HTTP ${res.status}`;
    if (res.status === 400 || res.status === 401 || typeof body.error === 'string') {
      throw new TokenError('AUTH_REQUIRED', `The sign-in server refused the grant (${reason.slice(0, 100)}). Reconnect to sign in again.`);
    }
    throw new SwitchboardError('UPSTREAM_ERROR', `The sign-in server answered ${reason.slice(0, 100)}. Try again later.`);
  }
  const expiresIn = Number(body.expires_in);
  const refreshToken = typeof body.refresh_token === 'string' ? body.refresh_token : options.previous?.refreshToken;
  const scope = typeof body.scope === 'string' ? body.scope : options.previous?.scope;
  return {
    accessToken,
    ...(refreshToken ? { refreshToken } : {}),
    ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresAt: options.now + expiresIn * 1000 } : {}),
    ...(scope ? { scope } : {}),
    ...(typeof body.token_type === 'string' ? { tokenType: body.token_type } : {}),
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
  let settle: { resolve: (c: Credentials['oauth2']) => void; reject: (e: unknown) => void };
  const tokens = new Promise<Credentials['oauth2']>((resolve, reject) => (settle = { resolve, reject }));
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
    tokenRequest(
      client,
      { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: pkce.verifier },
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
    cancel: () => {
      finish();
      settle.reject(new SwitchboardError('AUTH_REQUIRED', 'The sign-in was cancelled.'));
    },
  };
}
