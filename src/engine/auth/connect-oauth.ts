/** Connect a connector through the OAuth loopback flow: the tokens land in the tenant's vault. */
import type { Dispatcher } from 'undici';
import type { Catalog } from '../connectors/catalog.js';
import { connect, prepareConnection, type ConnectionSummary, type PreparedConnection } from '../connections/connections.js';
import type { Space } from '../space/space.js';
import type { TenantSession } from '../vault/tenant-session.js';
import { getOAuthClient, recordOf } from './oauth-clients.js';
import { startLoopbackFlow } from './oauth2.js';

export interface OAuthConnectOptions {
  baseUrl?: string;
  /** Called with the authorize URL: open it in the system browser (or print it). */
  openUrl: (url: string) => void;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
  /** Try the new tokens with the connector's test call before saving (the router's verifyCandidate); throws on a refusal. */
  verify?: (candidate: PreparedConnection) => Promise<{ verified: boolean; reason?: string }>;
}

export async function connectWithOAuth(
  space: Space,
  catalog: Catalog,
  session: TenantSession,
  connectorId: unknown,
  options: OAuthConnectOptions,
): Promise<ConnectionSummary> {
  const def = catalog.connector(connectorId);
  const client = await getOAuthClient(space, session, def);
  const flow = await startLoopbackFlow(client, {
    now: space.now,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
  const stop = session.onLock(() => flow.cancel());
  try {
    options.openUrl(flow.authorizeUrl);
    const grant = await flow.grant;
    // Salesforce answers with the org's own API address: the connection's base URL unless one was given.
    const candidate = prepareConnection(catalog, { connectorId: def.id, authType: 'oauth2', credentials: grant.credentials, baseUrl: options.baseUrl ?? grant.instanceUrl });
    const check = options.verify ? await options.verify(candidate) : { verified: false };
    // The vault records the app this sign-in used: its refreshes go there, whatever the registry says later.
    const saved = await connect(session, catalog, candidate, { oauthApp: recordOf(client), verified: check.verified });
    return check.reason ? { ...saved, verifyProblem: check.reason } : saved;
  } finally {
    stop();
  }
}
