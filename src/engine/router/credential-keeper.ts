/**
 * Keeps OAuth access tokens fresh: a token about to expire is refreshed once, and concurrent
 * calls of the same tenant and connector share that one refresh. In-flight refreshes are session
 * state, so one tenant's refresh never touches another's, and a lock drops them.
 */
import { getOAuthClient } from '../auth/oauth-clients.js';
import { refreshTokens, TokenError } from '../auth/oauth2.js';
import { markAuthRequired, storeRefreshedCredentials } from '../connections/connections.js';
import type { AnyCredentials } from '../connections/credentials.js';
import type { ConnectorDefinition } from '../connectors/definition.js';
import type { Space } from '../space/space.js';
import type { CallLimits } from '../net/call-limits.js';
import { sessionState, type TenantSession } from '../vault/tenant-session.js';

/** Refresh when less than this is left. */
export const REFRESH_MARGIN_MS = 60_000;

// clearOn: lock
const INFLIGHT = sessionState('OAuth refreshes in flight, by connector', () => new Map<string, Promise<AnyCredentials>>());

export class CredentialKeeper {
  constructor(
    readonly space: Space,
    readonly limits: CallLimits,
  ) {}

  /** The credentials to send now, refreshed first if they are about to expire. */
  async fresh(session: TenantSession, def: ConnectorDefinition, current: AnyCredentials): Promise<AnyCredentials> {
    if (current.type !== 'oauth2' || current.value.expiresAt === undefined) return current;
    if (current.value.expiresAt - this.space.now() > REFRESH_MARGIN_MS) return current;
    return this.refresh(session, def, current);
  }

  /** Refresh (once, shared) — after an expiry, or a 401 on a token that should still be valid. */
  refresh(session: TenantSession, def: ConnectorDefinition, stale: AnyCredentials): Promise<AnyCredentials> {
    const perSession = session.state(INFLIGHT);
    const running = perSession.get(def.id);
    if (running) return running;
    const job = this.#doRefresh(session, def, stale).finally(() => perSession.delete(def.id));
    perSession.set(def.id, job);
    return job;
  }

  async #doRefresh(session: TenantSession, def: ConnectorDefinition, stale: AnyCredentials): Promise<AnyCredentials> {
    if (stale.type !== 'oauth2') return stale;
    try {
      const client = await getOAuthClient(this.space, def);
      const value = await refreshTokens(client, stale.value, this.space.now(), this.limits.dispatcher);
      const next: AnyCredentials = { type: 'oauth2', value };
      await storeRefreshedCredentials(session, def, next);
      return next;
    } catch (err) {
      if (err instanceof TokenError || (err as { code?: string }).code === 'NOT_CONNECTED') {
        await markAuthRequired(session, def, 'sign-in expired; reconnect');
        throw new TokenError('AUTH_REQUIRED', `${def.name} needs you to reconnect: the sign-in expired and could not be renewed.`);
      }
      throw err;
    }
  }
}
