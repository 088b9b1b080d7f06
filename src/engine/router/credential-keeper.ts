/**
 * Keeps OAuth access tokens fresh: a token about to expire is refreshed once, and concurrent
 * calls of the same tenant and connector share that one refresh. In-flight refreshes are session
 * state, so one tenant's refresh never touches another's, and a lock drops them.
 */
import { randomBytes } from 'node:crypto';
import { SwitchboardError } from '../../shared/errors.js';
import { getOAuthClient, recordedClient, recordOf, type OAuthClient } from '../auth/oauth-clients.js';
import { refreshTokens, tokenGrant, TokenError } from '../auth/oauth2.js';
import { markAuthRequired, recordOAuthApp, releaseRefreshLease, storeRefreshedCredentials, takeRefreshLease } from '../connections/connections.js';
import type { AnyCredentials, RecordedOAuthApp } from '../connections/credentials.js';
import type { ConnectorDefinition } from '../connectors/definition.js';
import type { Space } from '../space/space.js';
import type { CallLimits } from '../net/call-limits.js';
import { sessionState, type TenantSession } from '../vault/tenant-session.js';

/** Refresh when less than this is left. */
export const REFRESH_MARGIN_MS = 60_000;
/** How long a process may hold a connection's refresh lease (a token request's deadline, and some). */
const LEASE_MS = 40_000;
const LEASE_POLL_MS = 100;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// clearOn: lock
const INFLIGHT = sessionState('OAuth refreshes in flight, by connector', () => new Map<string, Promise<AnyCredentials>>());

export class CredentialKeeper {
  /** This keeper (one per space per process), as the holder of refresh leases. */
  readonly #owner = `${process.pid}-${randomBytes(6).toString('hex')}`;
  constructor(
    readonly space: Space,
    readonly limits: CallLimits,
  ) {}

  /** The credentials to send now, refreshed first if they are about to expire. */
  async fresh(session: TenantSession, def: ConnectorDefinition, current: AnyCredentials): Promise<AnyCredentials> {
    if (current.type === 'client_credentials') {
      const { accessToken, expiresAt } = current.value;
      if (accessToken && (expiresAt === undefined || expiresAt - this.space.now() > REFRESH_MARGIN_MS)) return current;
      return this.refresh(session, def, current);
    }
    if (current.type !== 'oauth2' || current.value.expiresAt === undefined) return current;
    if (current.value.expiresAt - this.space.now() > REFRESH_MARGIN_MS) return current;
    return this.refresh(session, def, current);
  }

  /** Refresh (once, shared) — after an expiry, or a 401 on a token that should still be valid. */
  refresh(session: TenantSession, def: ConnectorDefinition, stale: AnyCredentials): Promise<AnyCredentials> {
    const perSession = session.state(INFLIGHT);
    const running = perSession.get(def.id);
    if (running) return running;
    const job = (stale.type === 'client_credentials' ? this.#clientToken(session, def, stale) : this.#doRefresh(session, def, stale)).finally(() => perSession.delete(def.id));
    perSession.set(def.id, job);
    return job;
  }

  /**
   * One refresh per connection across processes: take the vault's lease (re-reading the
   * connection under it), refresh with the OAuth app the vault recorded, store, release. A process
   * that finds the tokens already refreshed by another uses those.
   */
  async #doRefresh(session: TenantSession, def: ConnectorDefinition, stale: AnyCredentials): Promise<AnyCredentials> {
    if (stale.type !== 'oauth2') return stale;
    let leased = false;
    try {
      const waitUntil = Date.now() + LEASE_MS + 5_000;
      for (;;) {
        const state = await takeRefreshLease(session, def, stale.value.accessToken, this.#owner, LEASE_MS);
        if (state.kind === 'refreshed') return state.connection.credentials;
        if (state.kind === 'leased') {
          leased = true;
          const client = await this.#client(session, def, state.connection.oauthApp);
          const value = await refreshTokens(client, (state.connection.credentials as typeof stale).value, this.space.now(), this.limits.dispatcher);
          const next: AnyCredentials = { type: 'oauth2', value };
          await storeRefreshedCredentials(session, def, next); // releases the lease
          leased = false;
          return next;
        }
        if (Date.now() > waitUntil) {
          throw new SwitchboardError('UPSTREAM_TIMEOUT', `Another Switchboard process has been renewing the ${def.name} sign-in for too long. Try again in a moment.`);
        }
        await sleep(LEASE_POLL_MS);
      }
    } catch (err) {
      if (err instanceof TokenError || (err as { code?: string }).code === 'NOT_CONNECTED') {
        await markAuthRequired(session, def, 'sign-in expired; reconnect');
        throw new TokenError('AUTH_REQUIRED', `${def.name} needs you to reconnect: the sign-in expired and could not be renewed.`);
      }
      throw err;
    } finally {
      if (leased) await releaseRefreshLease(session, def, this.#owner).catch(() => undefined);
    }
  }

  /**
   * A new access token for a client-credentials connection, from the token endpoint its vault
   * recorded at connect. No lease across processes: two processes that ask at once each get a
   * valid token, and nothing is spent (there is no refresh token to rotate).
   */
  /** A token for credentials not saved yet (the connect test): obtained, used, not stored. */
  probeToken(session: TenantSession, def: ConnectorDefinition, candidate: AnyCredentials): Promise<AnyCredentials> {
    return candidate.type === 'client_credentials' ? this.#clientToken(session, def, candidate, false) : Promise.resolve(candidate);
  }

  async #clientToken(session: TenantSession, def: ConnectorDefinition, stale: AnyCredentials & { type: 'client_credentials' }, store = true): Promise<AnyCredentials> {
    const scheme = def.auth.find((a) => a.type === 'client_credentials');
    const { clientId, clientSecret, tokenUrl } = stale.value;
    if (!scheme || scheme.type !== 'client_credentials' || !tokenUrl) throw new TokenError('AUTH_REQUIRED', `${def.name} needs you to reconnect: this connection has no token endpoint.`);
    const client: OAuthClient = {
      connectorId: def.id,
      clientId,
      clientSecret,
      authorizeUrl: tokenUrl,
      tokenUrl,
      scheme: { type: 'oauth2', authorizeUrl: tokenUrl, tokenUrl, scopes: scheme.scopes, clientSecret: 'required', tokenAuth: scheme.tokenAuth ?? 'basic', tokenBody: 'form' },
    };
    const params: Record<string, string> = { grant_type: 'client_credentials', ...(scheme.scopes.length ? { scope: scheme.scopes.join(scheme.scopeSeparator ?? ' ') } : {}) };
    try {
      const { credentials } = await tokenGrant(client, params, { now: this.space.now(), ...(this.limits.dispatcher ? { dispatcher: this.limits.dispatcher } : {}) });
      const next: AnyCredentials = {
        type: 'client_credentials',
        value: { clientId, clientSecret, tokenUrl, accessToken: credentials.accessToken, ...(credentials.expiresAt ? { expiresAt: credentials.expiresAt } : {}) },
      };
      if (store) await storeRefreshedCredentials(session, def, next);
      return next;
    } catch (err) {
      if (err instanceof TokenError) {
        if (!store) throw new SwitchboardError('AUTH_REQUIRED', `${def.name}'s token endpoint refused the client id and secret`, { status: 401 });
        await markAuthRequired(session, def, 'the token endpoint refused the client credentials');
        throw new TokenError('AUTH_REQUIRED', `${def.name}'s token endpoint refused the client id and secret. Reconnect ${def.name} with valid ones.`);
      }
      throw err;
    }
  }

  /**
   * The app to refresh with: the one the vault recorded at sign-in. A connection from before the
   * vault recorded it uses the space's signed OAuth app once, and records it.
   */
  async #client(session: TenantSession, def: ConnectorDefinition, recorded: RecordedOAuthApp | undefined): Promise<OAuthClient> {
    if (recorded) return recordedClient(def, recorded);
    const client = await getOAuthClient(this.space, session, def);
    await recordOAuthApp(session, def, recordOf(client));
    return client;
  }
}
