/**
 * Send one action's request and turn the answer into a body or a SwitchboardError:
 * timeout, bounded retries (reads: dropped connections, 5xx, rate limits; writes: only a rate
 * limit or a 503 that says when to retry, since the provider did not act), a response-size cap,
 * and error mapping. Every provider's "too many calls" (the connector's `rateLimit` signals, or a
 * plain 429) is one error: UPSTREAM_ERROR with `rateLimited: true` and, when known, `retryAfterMs`.
 */
import { SwitchboardError } from '../../shared/errors.js';
import type { CatalogAction } from '../connectors/catalog.js';
import type { BuiltRequest, ConnectorDefinition, Input, RateLimitSignal, UpstreamResponse } from '../connectors/definition.js';
import { parseRetryAfter, plain429 } from '../connectors/rate-limits.js';
import { markAuthRequired } from '../connections/connections.js';
import type { AnyCredentials } from '../connections/credentials.js';
import { secretValues } from '../connections/credentials.js';
import type { CallLimits } from '../net/call-limits.js';
import type { TenantSession } from '../vault/tenant-session.js';
import { buildRequest, toHttpRequest } from './build-request.js';
import type { CredentialKeeper } from './credential-keeper.js';
import { formatBytes, send, TransportError, type HttpResponse } from '../net/http-client.js';
import { redactAndCut, redactText } from '../net/redact.js';

export interface ProviderConnection {
  credentials: AnyCredentials;
  baseUrl: string;
  /** Filled with the secrets of every credential the call uses (a refresh mid-call brings new ones), to scrub from what it returns. */
  known?: string[];
  /** Credentials being tried before they are saved: never refreshed, and a refusal marks no stored connection. */
  probe?: boolean;
}

export { parseRetryAfter } from '../connectors/rate-limits.js';

export interface ProviderResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function backoff(attempt: number): number {
  return 200 * 2 ** attempt + Math.floor(Math.random() * 100);
}

/** The connector's own rate-limit signals, else the plain 429 rule, else a `rate_limited` problem found in a 2xx. */
function rateLimitOf(def: ConnectorDefinition, response: UpstreamResponse, problemKind: string | undefined, now: number): RateLimitSignal | undefined {
  return def.rateLimit?.(response, now) ?? plain429(response, now) ?? (problemKind === 'rate_limited' ? {} : undefined);
}

/** The one rate-limit error, whatever the provider's signal was. */
export function rateLimitError(def: ConnectorDefinition, status: number, retryAfterMs: number | undefined): SwitchboardError {
  const when = retryAfterMs !== undefined ? `try again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s` : 'try again later';
  return new SwitchboardError('UPSTREAM_ERROR', `${def.name} is rate-limiting these calls; ${when}.`, {
    status,
    rateLimited: true,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

/** Send an action's request. */
export function callAction(
  keeper: CredentialKeeper,
  session: TenantSession,
  action: CatalogAction,
  input: Input,
  connection: ProviderConnection,
  limits: CallLimits,
): Promise<ProviderResult> {
  return callProvider(keeper, session, action.connector, buildRequest(action, input), action.action.kind === 'read', connection, limits);
}

export async function callProvider(
  keeper: CredentialKeeper,
  session: TenantSession,
  def: ConnectorDefinition,
  built: BuiltRequest,
  isRead: boolean,
  connection: ProviderConnection,
  limits: CallLimits,
): Promise<ProviderResult> {
  let credentials = connection.probe ? await keeper.probeToken(session, def, connection.credentials) : await keeper.fresh(session, def, connection.credentials);
  connection.known?.push(...secretValues(credentials));
  let refreshedAfter401 = false;
  const deadline = performance.now() + limits.timeoutMs;

  for (let attempt = 0; ; attempt++) {
    const request = toHttpRequest(def, built, connection.baseUrl, credentials);
    const remaining = Math.max(1, Math.ceil(deadline - performance.now()));
    let res: HttpResponse;
    try {
      res = await send(request, { timeoutMs: remaining, maxBytes: limits.maxResponseBytes, ...(limits.dispatcher ? { dispatcher: limits.dispatcher } : {}) });
    } catch (err) {
      if (!(err instanceof TransportError)) throw err;
      if (err.kind === 'offline') {
        throw new SwitchboardError('OFFLINE', `Cannot reach ${request.url.host}. Check the network${isRead ? '' : ', or queue the call to send it later'}.`);
      }
      if (err.kind === 'timeout') {
        throw new SwitchboardError('UPSTREAM_TIMEOUT', `${def.name} did not answer within ${Math.round(limits.timeoutMs / 1000)} s.`);
      }
      if (err.kind === 'too_large') throw new SwitchboardError('UPSTREAM_ERROR', `${def.name}'s answer is larger than ${formatBytes(limits.maxResponseBytes)}; ask for less (a smaller page).`);
      if (isRead && attempt < limits.maxRetries) {
        await sleep(backoff(attempt));
        continue;
      }
      throw new SwitchboardError('UPSTREAM_ERROR', `${def.name}: ${err.message}`);
    }

    if (res.status === 401) {
      if (!connection.probe && ((credentials.type === 'oauth2' && credentials.value.refreshToken) || credentials.type === 'client_credentials') && !refreshedAfter401) {
        refreshedAfter401 = true;
        credentials = await keeper.refresh(session, def, credentials);
        connection.known?.push(...secretValues(credentials));
        continue;
      }
      if (connection.probe) throw new SwitchboardError('AUTH_REQUIRED', `${def.name} answered 401: these credentials are not valid.`, { status: 401 });
      await markAuthRequired(session, def, 'the provider refused the credentials (401)');
      throw new SwitchboardError('AUTH_REQUIRED', `${def.name} refused the credentials (401). Reconnect ${def.name}.`, { status: 401 });
    }

    if (res.status >= 300 && res.status < 400) {
      // Not followed: a redirect could take the credentials to another host, and a write may not be repeated.
      throw new SwitchboardError(
        'UPSTREAM_ERROR',
        `${def.name} answered ${res.status} (a redirect), which Switchboard does not follow. Check the connection's base URL.`,
        { status: res.status },
      );
    }

    const body = parseBody(def, res, credentials);
    const response: UpstreamResponse = { status: res.status, headers: res.headers, body };
    const problem = def.checkResponse?.(response);
    const limited = rateLimitOf(def, response, problem?.kind, session.now());
    if (limited || res.status === 503 || (res.status >= 500 && isRead)) {
      const retryAfter = limited ? limited.retryAfterMs : parseRetryAfter(res.headers['retry-after'], session.now());
      const mayRetry = isRead || retryAfter !== undefined;
      const wait = retryAfter ?? backoff(attempt);
      if (mayRetry && attempt < limits.maxRetries && wait <= limits.maxRetryAfterMs && performance.now() + wait < deadline) {
        await sleep(wait);
        continue;
      }
      if (limited) throw rateLimitError(def, res.status, retryAfter);
    }
    if (problem?.kind === 'auth') {
      // Provider-derived text: scrubbed of this connection's secrets before it is stored or returned.
      const message = redactAndCut(problem.message, secretValues(credentials), 500);
      if (!connection.probe) await markAuthRequired(session, def, message);
      throw new SwitchboardError('AUTH_REQUIRED', message, { status: res.status });
    }
    if (res.status >= 400) {
      throw new SwitchboardError('UPSTREAM_ERROR', `${def.name} answered ${res.status}${providerMessage(body, credentials)}.`, { status: res.status });
    }
    if (problem) throw new SwitchboardError('UPSTREAM_ERROR', redactAndCut(problem.message, secretValues(credentials), 500), { status: res.status });
    return { status: res.status, headers: res.headers, body };
  }
}

/** JSON when the provider says JSON (or sends it); text for the generic HTTP connector; an error otherwise. */
function parseBody(def: ConnectorDefinition, res: HttpResponse, credentials: AnyCredentials): unknown {
  if (res.status === 204 || res.body.length === 0) return res.status < 300 ? { ok: true } : null;
  const type = res.headers['content-type'] ?? '';
  const text = res.body.toString('utf8');
  const looksJson = /json/i.test(type) || /^\s*[[{]/.test(text);
  if (looksJson) {
    try {
      return JSON.parse(text);
    } catch {
      if (res.status >= 400) return null;
      throw new SwitchboardError('UPSTREAM_ERROR', `${def.name} sent a malformed or truncated JSON answer (status ${res.status}).`, { status: res.status });
    }
  }
  if (res.status >= 400) return null;
  if (def.id === 'http') return { text: redactText(text, secretValues(credentials)) };
  const what = /html/i.test(type) || /^\s*</.test(text) ? 'an HTML page' : `"${type || 'unknown'}" content`;
  throw new SwitchboardError('UPSTREAM_ERROR', `${def.name} answered with ${what} instead of JSON (status ${res.status}). Check the base URL.`, { status: res.status });
}

/**
 * A short, redacted reason from a provider's error body, if it gave one: `message`,
 * `error_description`, `error` or `error.message` (OAuth, Google, Graph), `errors[0].message`
 * (GraphQL, GitHub), `errorMessages[0]` or the first of `errors{}` (Jira), `[0].message` (Salesforce).
 */
function providerMessage(body: unknown, credentials: AnyCredentials): string {
  const first = Array.isArray(body) ? (body[0] as unknown) : body;
  if (!first || typeof first !== 'object') return '';
  const b = first as Record<string, unknown>;
  const nested = (v: unknown): unknown => (v && typeof v === 'object' ? (v as { message?: unknown }).message : undefined);
  const candidates = [
    b.message,
    b.error_description,
    typeof b.error === 'string' ? b.error : nested(b.error),
    Array.isArray(b.errors) ? nested(b.errors[0]) : undefined,
    Array.isArray(b.errorMessages) ? b.errorMessages[0] : undefined,
    b.errors && typeof b.errors === 'object' && !Array.isArray(b.errors) ? Object.values(b.errors)[0] : undefined,
  ];
  const found = candidates.find((c): c is string => typeof c === 'string' && c.length > 0);
  return found ? `: ${redactAndCut(found, secretValues(credentials), 300).replace(/[.\s]+$/, '')}` : '';
}
