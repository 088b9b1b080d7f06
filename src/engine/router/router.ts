/**
 * The router: `execute(session, actionId, input)` is the one path every call takes, from the UI,
 * the CLI and MCP alike (DESIGN.md, "The router"):
 *   catalog → policy / connection / enablement → input validation → request with this tenant's
 *   credentials (refreshing an expiring OAuth token once) → send with timeout, bounded retries and
 *   a size cap → error mapping → activity log → event.
 */
import { SwitchboardError, isSwitchboardError } from '../../shared/errors.js';
import type { ExecuteResult } from '../../shared/views.js';
import type { Catalog, CatalogAction } from '../connectors/catalog.js';
import type { ConnectorDefinition, Input } from '../connectors/definition.js';
import { loadCredentials, notConnected } from '../connections/connections.js';
import { secretValues } from '../connections/credentials.js';
import { decideFor } from '../space/policy.js';
import type { Space } from '../space/space.js';
import type { TenantSession } from '../vault/tenant-session.js';
import { ActivityWriter, type ActivityEntry } from './activity.js';
import { CredentialKeeper } from './credential-keeper.js';
import { callAction, callProvider, type CallLimits } from './call-provider.js';
import { redactedInputJson, redactText } from './redact.js';
import { describeErrors } from '../connectors/schema-validator.js';
import { claimNext, enqueueOutbox, markInterruptedSends, settleOutbox } from './outbox.js';
import type { Dispatcher } from 'undici';

export interface RouterOptions {
  timeoutMs?: number;
  maxResponseBytes?: number;
  maxInputBytes?: number;
  maxRetries?: number;
  /** Longest Retry-After the router waits for; longer ones fail with the wait in the error. */
  maxRetryAfterMs?: number;
  dispatcher?: Dispatcher;
}

export type { ExecuteResult } from '../../shared/views.js';

export interface ExecuteOptions {
  /** Who is calling: `ui`, `cli`, `mcp:<client name>`. */
  via: string;
  /** For a write that cannot reach its host: wait in the outbox instead of failing. */
  queue?: boolean;
}

const VIA = /^(ui|cli|mcp:[\x20-\x7e]{1,64})$/;
const OUTBOX_RETRY_MS = 30_000;

export class Router {
  readonly limits: CallLimits;
  readonly #credentials: CredentialKeeper;
  readonly #listeners = new WeakMap<TenantSession, Set<(entry: ActivityEntry) => void>>();
  readonly #outboxTimers = new WeakMap<TenantSession, NodeJS.Timeout>();
  readonly #activity = new ActivityWriter((session, entries) => this.#emit(session, entries));

  constructor(
    readonly space: Space,
    readonly catalog: Catalog,
    options: RouterOptions = {},
  ) {
    this.limits = {
      timeoutMs: options.timeoutMs ?? 30_000,
      maxResponseBytes: options.maxResponseBytes ?? 5 * 1024 * 1024,
      maxRetries: options.maxRetries ?? 2,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 10_000,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    };
    this.maxInputBytes = options.maxInputBytes ?? 256 * 1024;
    this.#credentials = new CredentialKeeper(space, this.limits);
  }

  readonly maxInputBytes: number;

  /** Live activity of one session only; returns the unsubscribe function. */
  onActivity(session: TenantSession, listener: (entry: ActivityEntry) => void): () => void {
    let set = this.#listeners.get(session);
    if (!set) this.#listeners.set(session, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  async execute(session: TenantSession, actionId: unknown, input: unknown, options: ExecuteOptions): Promise<ExecuteResult> {
    if (!VIA.test(options.via)) throw new SwitchboardError('INVALID_INPUT', 'via: ui, cli or mcp:<client name>.');
    session.vault(); // VAULT_LOCKED before anything else, and counts as activity
    const started = performance.now();
    const at = this.space.now();
    let known: string[] = [];
    let httpStatus: number | undefined;
    let action: CatalogAction | undefined;
    try {
      action = this.catalog.action(actionId);
      const { connection } = await this.#authorize(session, action);
      known = secretValues(connection.credentials);
      const checked = this.#checkInput(action, input);
      const result = await callAction(this.#credentials, session, action, checked, connection, this.limits);
      httpStatus = result.status;
      const output = action.action.output ? action.action.output(result.body, checked) : result.body;
      const durationMs = this.#log(session, { at, action: action.id, status: 'ok', httpStatus, started, via: options.via, input, known });
      return { status: 'ok', output, durationMs };
    } catch (err) {
      const error = asSwitchboardError(err, known, 'The call failed inside Switchboard.');
      if (session.locked) throw error;
      httpStatus = typeof error.details?.status === 'number' ? error.details.status : httpStatus;
      if (error.code === 'OFFLINE' && options.queue && action?.action.kind === 'write') {
        const outboxId = await enqueueOutbox(session, action.id, input, options.via);
        this.#scheduleOutbox(session);
        this.#log(session, { at, action: action.id, status: 'queued', code: 'OFFLINE', started, via: options.via, input, known });
        return { status: 'queued', outboxId };
      }
      this.#log(session, {
        at,
        action: typeof actionId === 'string' ? actionId : String(actionId),
        status: 'error',
        code: error.code,
        httpStatus,
        started,
        via: options.via,
        input,
        known,
      });
      throw error;
    }
  }

  /**
   * Check a connection with the connector's cheap read. Needs only the connection, not an
   * enabled action; recorded in the activity log as `<connector>.test_connection`.
   */
  async testConnection(session: TenantSession, connectorId: unknown, via: string): Promise<{ ok: true; durationMs: number }> {
    if (!VIA.test(via)) throw new SwitchboardError('INVALID_INPUT', 'via: ui, cli or mcp:<client name>.');
    const def = this.catalog.connector(connectorId);
    const started = performance.now();
    const at = this.space.now();
    let known: string[] = [];
    try {
      const connection = await loadCredentials(session, def);
      if (!connection) throw notConnected(def);
      known = secretValues(connection.credentials);
      const result = await callProvider(this.#credentials, session, def, { ...def.test, ...(def.test.body !== undefined ? { body: { type: 'json' as const, value: def.test.body } } : { body: undefined }) }, true, connection, this.limits);
      const durationMs = this.#log(session, { at, action: `${def.id}.test_connection`, status: 'ok', httpStatus: result.status, started, via, input: {}, known });
      return { ok: true, durationMs };
    } catch (err) {
      const error = asSwitchboardError(err, known, 'The test failed inside Switchboard.');
      if (!session.locked) {
        this.#log(session, { at, action: `${def.id}.test_connection`, status: 'error', code: error.code, started, via, input: {}, known });
      }
      throw error;
    }
  }

  /**
   * Send what waits in the outbox, oldest first, each at most once. Stops at the first item whose
   * host is still unreachable. Returns how many were sent.
   */
  async flushOutbox(session: TenantSession): Promise<{ sent: number; failed: number; pending: boolean }> {
    await markInterruptedSends(session, Date.now() - 2 * this.limits.timeoutMs - 60_000);
    let sent = 0;
    let failed = 0;
    for (;;) {
      const item = await claimNext(session);
      if (!item) return { sent, failed, pending: false };
      try {
        await this.execute(session, item.action, item.input, { via: item.via });
        await settleOutbox(session, item.id, 'sent');
        sent++;
      } catch (err) {
        if (session.locked) throw err;
        const error = asSwitchboardError(err, [], 'The call failed inside Switchboard.');
        if (error.code === 'OFFLINE') {
          await settleOutbox(session, item.id, 'pending', error.toShape());
          this.#scheduleOutbox(session);
          return { sent, failed, pending: true };
        }
        await settleOutbox(session, item.id, 'failed', error.toShape());
        failed++;
      }
    }
  }

  #scheduleOutbox(session: TenantSession): void {
    if (this.#outboxTimers.has(session)) return;
    const timer = setTimeout(() => {
      this.#outboxTimers.delete(session);
      if (!session.locked) void this.flushOutbox(session).catch(() => undefined);
    }, OUTBOX_RETRY_MS);
    timer.unref();
    this.#outboxTimers.set(session, timer);
    session.onLock(() => clearTimeout(timer));
  }

  /** Policy, connection, enablement: in that order, each with the reason a person can act on. */
  async #authorize(session: TenantSession, action: CatalogAction) {
    const decision = await decideFor(this.space, session, action);
    if (!decision.allowed) throw new SwitchboardError('POLICY_DENIED', decision.reason ?? 'Policy denies this action.');
    const def = action.connector;
    const connection = await loadCredentials(session, def);
    if (!connection) throw notConnected(def);
    const enabled = await session.vault().get('SELECT 1 FROM enabled_action WHERE action_id = ?', [action.id]);
    if (!enabled) {
      throw new SwitchboardError('ACTION_DISABLED', `${action.id} is switched off for this profile. Enable it first (switchboard enable ${action.id}).`);
    }
    if (connection.status === 'auth_required') throw authRequired(def);
    return { connection };
  }

  #checkInput(action: CatalogAction, input: unknown): Input {
    let size: number;
    try {
      size = Buffer.byteLength(JSON.stringify(input ?? null));
    } catch {
      throw new SwitchboardError('INVALID_INPUT', 'The input must be JSON.');
    }
    if (size > this.maxInputBytes) {
      throw new SwitchboardError('INVALID_INPUT', `Input for ${action.id} is ${Math.ceil(size / 1024)} KB; the limit is ${this.maxInputBytes / 1024} KB.`);
    }
    const value = input ?? {};
    if (!action.validate(value)) {
      const { message, paths } = describeErrors(action.validate.errors);
      throw new SwitchboardError('INVALID_INPUT', `Input for ${action.id} is invalid: ${message}`, { paths });
    }
    return value as Input;
  }

  /** Record the call in the tenant's activity log (write-behind); returns its duration. */
  #log(
    session: TenantSession,
    e: { at: number; action: string; status: 'ok' | 'error' | 'queued'; code?: string; httpStatus?: number | undefined; started: number; via: string; input: unknown; known: string[] },
  ): number {
    const durationMs = Math.round(performance.now() - e.started);
    const connectorId = e.action.split('.')[0];
    if (connectorId && this.catalog.hasConnector(connectorId)) {
      this.space.usage.record(session.tenantId, connectorId, e.at, e.status !== 'error', durationMs);
    }
    this.#activity.record(session, {
      at: e.at,
      action: e.action,
      status: e.status,
      code: e.code,
      httpStatus: e.httpStatus,
      durationMs,
      via: e.via,
      inputJson: redactedInputJson(e.input, e.known),
    });
    return durationMs;
  }

  #emit(session: TenantSession, entries: ActivityEntry[]): void {
    for (const listener of this.#listeners.get(session) ?? []) {
      for (const entry of entries) {
        try {
          listener(entry);
        } catch {
          // A broken live view must not fail the log.
        }
      }
    }
  }
}

/**
 * Anything thrown that is not ours becomes INTERNAL (its text may hold URLs, SQL or provider
 * bodies). With SWITCHBOARD_DEBUG set, its stack goes to stderr, scrubbed of the connection's
 * secrets and of anything shaped like a token.
 */
function asSwitchboardError(err: unknown, known: readonly string[], message: string): SwitchboardError {
  if (isSwitchboardError(err)) return err;
  if (process.env.SWITCHBOARD_DEBUG) console.error(redactText(err instanceof Error ? (err.stack ?? err.message) : String(err), known));
  return new SwitchboardError('INTERNAL', message);
}

function authRequired(def: ConnectorDefinition): SwitchboardError {
  return new SwitchboardError('AUTH_REQUIRED', `${def.name} needs you to reconnect: its credentials were refused or expired.`);
}
