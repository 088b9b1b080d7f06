/**
 * The router: `execute(session, actionId, input)` is the one path every call takes, from the UI,
 * the CLI and MCP alike (docs/ARCHITECTURE.md, "The path of a call"):
 *   catalog → may-call (policy, connection, enablement, re-auth) → input validation → request with
 *   this tenant's credentials (refreshing an expiring OAuth token once) → send with timeout,
 *   bounded retries and a size cap → error mapping → activity log → live event.
 *
 * There is one Router per Space, made by `routerFor(space)` with the space's options.
 */
import { SwitchboardError, isSwitchboardError } from '../../shared/errors.js';
import { CALL_DEFAULTS } from '../../shared/limits.js';
import type { ApprovalRecord, ExecuteResult } from '../../shared/views.js';
import type { CatalogAction } from '../connectors/catalog.js';
import type { Input } from '../connectors/definition.js';
import { loadCredentials, markVerified, notConnected, type PreparedConnection } from '../connections/connections.js';
import { secretValues } from '../connections/credentials.js';
import { describeErrors } from '../connectors/schema-validator.js';
import { ajvFieldErrors } from '../../shared/field-messages.js';
import type { CallLimits } from '../net/call-limits.js';
import { redactAndCut, redactedInputJson, redactText, scrubKnown } from '../net/redact.js';
import type { Space } from '../space/space.js';
import { catalogAndPolicy, catalogFor } from '../space/verify-state.js';
import { recordActivity, type ActivityStatus } from '../vault/activity.js';
import { claimNext, enqueueOutbox, markInterruptedSends, settleOutbox } from '../vault/outbox.js';
import { sessionState, type TenantSession } from '../vault/tenant-session.js';
import { callAction, callProvider, type ProviderResult } from './call-provider.js';
import { CredentialKeeper } from './credential-keeper.js';
import { agentMustAsk, assertCallable, checkCall } from './may-call.js';
import { awaitApproval, isAgent, type ApprovalHooks } from './approval-gate.js';

export type { ExecuteResult } from '../../shared/views.js';
export type { RouterOptions } from '../net/call-limits.js';

export interface ExecuteOptions {
  /** Who is calling: `ui`, `cli`, `mcp:<client name>`. An agent's (mcp:) call of an `ask` action waits for approval. */
  via: string;
  /** For a write that cannot reach its host: wait in the outbox instead of failing. */
  queue?: boolean;
  /** What the agent's transport adds while a call waits for approval. */
  approval?: ApprovalHooks;
}

const VIA = /^(ui|cli|mcp:[\x20-\x7e]{1,64})$/;
const OUTBOX_RETRY_MS = 30_000;

// clearOn: lock
const OUTBOX_TIMER = sessionState<{ timer: NodeJS.Timeout | null }>(
  'outbox retry timer',
  () => ({ timer: null }),
  (t) => t.timer && clearTimeout(t.timer),
);

/** What one call records: filled in as the call goes. */
interface CallRecord {
  at: number;
  started: number;
  action: string;
  via: string;
  input: unknown;
  /** The connection's secrets, to scrub from the log and from any error. */
  known: string[];
  httpStatus?: number | undefined;
  /** The approval it waited for, if any. */
  approval?: ApprovalRecord;
  /** The action's connector, once the action was found in the session's catalog (built-in or custom). */
  connectorId?: string;
}

const routers = new WeakMap<Space, Router>();

/** The space's router, made once per Space with the space's options. */
export function routerFor(space: Space): Router {
  let router = routers.get(space);
  if (!router) routers.set(space, (router = new Router(space)));
  return router;
}

export class Router {
  readonly limits: CallLimits;
  readonly maxInputBytes: number;
  readonly #credentials: CredentialKeeper;

  constructor(readonly space: Space) {
    const options = space.options.router ?? {};
    this.limits = {
      timeoutMs: options.timeoutMs ?? CALL_DEFAULTS.timeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? CALL_DEFAULTS.maxResponseBytes,
      maxRetries: options.maxRetries ?? CALL_DEFAULTS.maxRetries,
      maxRetryAfterMs: options.maxRetryAfterMs ?? CALL_DEFAULTS.maxRetryAfterMs,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    };
    this.maxInputBytes = options.maxInputBytes ?? CALL_DEFAULTS.maxInputBytes;
    this.#credentials = new CredentialKeeper(space, this.limits);
  }

  async execute(session: TenantSession, actionId: unknown, input: unknown, options: ExecuteOptions): Promise<ExecuteResult> {
    const call = this.#begin(session, typeof actionId === 'string' ? actionId : String(actionId), options.via, input);
    let action: CatalogAction | undefined;
    try {
      // The catalog and the policy from one look at the state counter.
      const { catalog, policy } = await catalogAndPolicy(this.space, session);
      action = catalog.action(actionId);
      call.connectorId = action.connector.id;
      const { verdict, connection } = await checkCall(this.space, session, action, policy);
      assertCallable(verdict);
      if (!connection) throw notConnected(action.connector);
      call.known = secretValues(connection.credentials);
      const checked = this.#checkInput(action, input);
      // An agent's call of an `ask` action waits here for the owner: nothing is sent before.
      if (isAgent(options.via) && agentMustAsk(verdict)) {
        await awaitApproval(this.space, session, action, checked, options.via, options.approval ?? {}, (r) => (call.approval = r));
      }
      const result = await callAction(this.#credentials, session, action, checked, { ...connection, known: call.known }, this.limits);
      call.httpStatus = result.status;
      if (!connection.verified) await markVerified(session, action.connector);
      // An answer that echoes this connection's secrets is returned without them.
      const output = scrubKnown(checkOutput(action, shape(action, result, checked)), call.known);
      return { status: 'ok', output, durationMs: this.#log(session, call, 'ok') };
    } catch (err) {
      const error = this.#fail(session, call, err, 'The call failed inside Switchboard.');
      if (error.code === 'OFFLINE' && options.queue && action?.action.kind === 'write') {
        const outboxId = await enqueueOutbox(session, action.id, input, options.via);
        this.#scheduleOutbox(session);
        this.#log(session, call, 'queued', 'OFFLINE');
        return { status: 'queued', outboxId };
      }
      this.#log(session, call, 'error', error.code, error.message);
      throw error;
    }
  }

  /**
   * Check a connection with the connector's cheap read. Needs only the connection, not an
   * enabled action; recorded in the activity log as `<connector>.test_connection`.
   */
  async testConnection(session: TenantSession, connectorId: unknown, via: string): Promise<{ ok: true; durationMs: number }> {
    const def = (await catalogFor(this.space, session)).connector(connectorId);
    const test = def.test;
    if (!test) throw new SwitchboardError('INVALID_INPUT', `${def.name} has no test call: call one of its actions to check the connection.`);
    const call = this.#begin(session, `${def.id}.test_connection`, via, {});
    call.connectorId = def.id;
    try {
      const connection = await loadCredentials(session, def);
      if (!connection) throw notConnected(def);
      call.known = secretValues(connection.credentials);
      const body = test.body !== undefined ? { type: 'json' as const, value: test.body } : undefined;
      const result = await callProvider(this.#credentials, session, def, { ...test, body }, true, { ...connection, known: call.known }, this.limits);
      call.httpStatus = result.status;
      if (!connection.verified) await markVerified(session, def);
      return { ok: true, durationMs: this.#log(session, call, 'ok') };
    } catch (err) {
      const error = this.#fail(session, call, err, 'The test failed inside Switchboard.');
      this.#log(session, call, 'error', error.code, error.message);
      throw error;
    }
  }

  /**
   * Try credentials before they are saved, with the connector's test call: `verified` when the
   * provider accepted them; `unverified` (with why) when it could not be reached or did not answer
   * properly, so the connection can be saved and checked again on the next call; a refusal is
   * thrown, saying what the provider answered, and the caller saves nothing. Nothing in the vault
   * changes here (a refusal does not mark a connection already stored). Recorded in the activity
   * log as `<connector>.test_connection`.
   */
  async verifyCandidate(session: TenantSession, candidate: PreparedConnection, via: string): Promise<{ verified: true } | { verified: false; reason: string }> {
    const def = candidate.def;
    if (!def.test) return { verified: false, reason: `${def.name} has no test call; the connection is checked at its first call.` };
    const test = def.test;
    const call = this.#begin(session, `${def.id}.test_connection`, via, {});
    call.connectorId = def.id;
    call.known = secretValues(candidate.credentials);
    try {
      const body = test.body !== undefined ? { type: 'json' as const, value: test.body } : undefined;
      const connection = { credentials: candidate.credentials, baseUrl: candidate.baseUrl ?? def.baseUrl, known: call.known, probe: true };
      const result = await callProvider(this.#credentials, session, def, { ...test, body }, true, connection, this.limits);
      call.httpStatus = result.status;
      this.#log(session, call, 'ok');
      return { verified: true };
    } catch (err) {
      const error = this.#fail(session, call, err, 'The test failed inside Switchboard.');
      this.#log(session, call, 'error', error.code, error.message);
      const status = typeof error.details?.status === 'number' ? error.details.status : undefined;
      const refused = error.code === 'AUTH_REQUIRED' || (error.code === 'UPSTREAM_ERROR' && status !== undefined && status >= 400 && status < 500 && !error.details?.rateLimited);
      if (refused) {
        throw new SwitchboardError(error.code, `Nothing was saved: ${error.message.replace(/\.$/, '')}. Check the credentials${candidate.baseUrl ? ' and the base URL' : ''} and try again.`, error.details);
      }
      if (error.code === 'OFFLINE' || error.code === 'UPSTREAM_TIMEOUT' || error.code === 'UPSTREAM_ERROR') return { verified: false, reason: error.message };
      throw error;
    }
  }

  /**
   * Send what waits in the outbox, oldest first, each at most once. Stops at the first item whose
   * host is still unreachable. Returns how many were sent.
   */
  async flushOutbox(session: TenantSession): Promise<{ sent: number; failed: number; pending: boolean }> {
    await markInterruptedSends(session, session.now() - 2 * this.limits.timeoutMs - 60_000);
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
    const slot = session.state(OUTBOX_TIMER);
    if (slot.timer) return;
    slot.timer = setTimeout(() => {
      slot.timer = null;
      if (!session.locked) void this.flushOutbox(session).catch(() => undefined);
    }, OUTBOX_RETRY_MS);
    slot.timer.unref();
  }

  /** Start a call's record; VAULT_LOCKED before anything else (and it counts as activity). */
  #begin(session: TenantSession, action: string, via: string, input: unknown): CallRecord {
    if (!VIA.test(via)) throw new SwitchboardError('INVALID_INPUT', 'via: ui, cli or mcp:<client name>.');
    session.vault();
    return { at: this.space.now(), started: performance.now(), action, via, input, known: [] };
  }

  /** The error to throw (scrubbed of this connection's secrets), with the provider's status noted; a locked session rethrows at once. */
  #fail(session: TenantSession, call: CallRecord, err: unknown, message: string): SwitchboardError {
    const error = scrubError(asSwitchboardError(err, call.known, message), call.known);
    if (session.locked) throw error;
    if (typeof error.details?.status === 'number') call.httpStatus = error.details.status;
    return error;
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
      const { paths } = describeErrors(action.validate.errors);
      const { message, fields } = ajvFieldErrors(action.validate.errors, action.action.input, value);
      throw new SwitchboardError('INVALID_INPUT', `${action.action.title} (${action.id}) was not run. ${message}`, { paths, fields });
    }
    return value as Input;
  }

  /** Record the call in the tenant's activity log (write-behind) and the admin counters; returns its duration. */
  #log(session: TenantSession, call: CallRecord, status: ActivityStatus, code?: string, message?: string): number {
    const durationMs = Math.round(performance.now() - call.started);
    // Counted for the admin view when the action exists (a made-up id is logged, not counted).
    if (call.connectorId) this.space.usage.record(session.tenantId, call.connectorId, call.at, status !== 'error', durationMs, call.approval?.outcome);
    recordActivity(session, {
      at: call.at,
      action: call.action,
      status,
      code,
      message,
      httpStatus: call.httpStatus,
      durationMs,
      via: call.via,
      inputJson: redactedInputJson(call.input, call.known),
      approval: call.approval,
    });
    return durationMs;
  }
}

/** The action's output from the provider's answer; an answer of another shape is the provider's error, not ours. */
function shape(action: CatalogAction, result: ProviderResult, input: Input): unknown {
  if (!action.action.output) return result.body;
  try {
    return action.action.output(result.body, input, { status: result.status, headers: result.headers });
  } catch {
    throw new SwitchboardError(
      'UPSTREAM_ERROR',
      `${action.connector.name}'s answer to ${action.id} does not have the shape its API describes (the fields this action reads are missing or of another type).`,
    );
  }
}

/** The answer, checked against the action's output schema: another shape is the provider's error, not ours. */
function checkOutput(action: CatalogAction, output: unknown): unknown {
  if (action.validateOutput(output)) return output;
  const { message } = describeErrors(action.validateOutput.errors);
  throw new SwitchboardError('UPSTREAM_ERROR', `${action.connector.name}'s answer to ${action.id} is not what its API describes: ${message}`);
}

/** The same error with its message scrubbed of `known` secrets: the last boundary before any caller. */
function scrubError(error: SwitchboardError, known: readonly string[]): SwitchboardError {
  if (known.length === 0) return error;
  const message = redactAndCut(error.message, known, 2000);
  return message === error.message ? error : new SwitchboardError(error.code, message, error.details);
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
