/**
 * The approval gate: an agent's call to an `ask` action waits here, after its input is checked
 * and before anything reaches the provider, for the profile's owner to answer — in the app, the
 * CLI (any process: the request is in the vault), or the agent's own client through MCP
 * elicitation. The owner's answer in Switchboard wins: the client's counts only while the request
 * is still pending, and a request answered there is final. Approving lets exactly this call, with
 * exactly this input, through once.
 */
import { SwitchboardError } from '../../shared/errors.js';
import type { ApprovalRecord } from '../../shared/views.js';
import type { CatalogAction } from '../connectors/catalog.js';
import { answerApproval, approvalHash, createApproval, expireApproval, getApproval, onApprovals, spendApproval, type ApprovalRow } from '../vault/approvals.js';
import { readSettings } from '../vault/settings.js';
import type { TenantSession } from '../vault/tenant-session.js';
import type { Space } from '../space/space.js';

/** What the caller's transport can add while a call waits (MCP: progress notifications, elicitation). */
export interface ApprovalHooks {
  /** Called about once a second while waiting. */
  progress?: (waitedMs: number, timeoutMs: number) => void;
  /**
   * Ask the agent's own client to confirm; resolves with its answer, or undefined when it gives
   * none. `signal` aborts when the call stops waiting (answered in Switchboard, expired, locked),
   * so the client's prompt is withdrawn.
   */
  elicit?: (request: ApprovalRow, signal: AbortSignal) => Promise<'approve' | 'deny' | undefined>;
}

const POLL_MS = 200;
const PROGRESS_MS = 1000;

/** The agent of a call: MCP callers are agents; the person's own UI and CLI calls are not gated. */
export function isAgent(via: string): boolean {
  return via.startsWith('mcp:');
}

/**
 * Wait for the owner's answer to this call. Resolves with the record of the approval once it is
 * approved (and spent on this call); throws APPROVAL_DENIED with the owner's reason,
 * APPROVAL_TIMEOUT when nobody answered in time, VAULT_LOCKED when the profile locked meanwhile.
 * `record` receives the approval's record for the log whatever the outcome.
 */
export async function awaitApproval(
  space: Space,
  session: TenantSession,
  action: CatalogAction,
  input: unknown,
  via: string,
  hooks: ApprovalHooks,
  record: (r: ApprovalRecord) => void,
): Promise<void> {
  const timeoutMs = (await readSettings(session.vault())).approvalTimeoutSeconds * 1000;
  const request = await createApproval(session, { actionId: action.id, input, caller: via, timeoutMs });
  const started = Date.now();
  const base = { id: request.id, hash: request.input_hash };
  let wake: (() => void) | undefined;
  const off = onApprovals(session, (row) => row.id === request.id && wake?.());
  const stopLock = session.onLock(() => wake?.());
  const asking = new AbortController();
  if (hooks.elicit) {
    void hooks
      .elicit(request, asking.signal)
      .then(async (answer) => {
        if (!answer || session.locked || asking.signal.aborted) return;
        await answerApproval(session, request.id, { approve: answer === 'approve', via: 'elicitation', ...(answer === 'deny' ? { reason: 'Declined in the agent’s client.' } : {}) });
      })
      .catch(() => undefined); // answered in Switchboard first, or the client went away: the owner's answer stands
  }
  let lastProgress = 0;
  try {
    for (;;) {
      if (session.locked) {
        record({ ...base, outcome: 'cancelled', waitedMs: Date.now() - started });
        throw new SwitchboardError('VAULT_LOCKED', 'The profile locked while this call waited for approval. Nothing was sent.');
      }
      const row = await getApproval(session, request.id).catch((err: unknown) => {
        if (session.locked) return undefined;
        throw err;
      });
      const waitedMs = Date.now() - started;
      if (!row || row.status === 'cancelled') {
        record({ ...base, outcome: 'cancelled', waitedMs });
        throw new SwitchboardError('VAULT_LOCKED', 'The profile locked while this call waited for approval. Nothing was sent.');
      }
      if (row.status === 'approved') {
        // Bound to exactly this call: the stored input is the one about to be sent.
        if (row.input_hash !== approvalHash(action.id, input) || !(await spendApproval(session, row.id))) {
          throw new SwitchboardError('APPROVAL_DENIED', 'The approval does not match this call. Nothing was sent.');
        }
        record({ ...base, outcome: 'approved', ...(row.answered_via ? { answeredVia: row.answered_via } : {}), waitedMs });
        return;
      }
      if (row.status === 'denied') {
        record({ ...base, outcome: 'denied', ...(row.answered_via ? { answeredVia: row.answered_via } : {}), waitedMs });
        const why = row.reason ? ` The reason given: ${row.reason}` : '';
        throw new SwitchboardError('APPROVAL_DENIED', `The profile's owner denied this call of ${action.id}.${why} Nothing was sent.`, { approvalId: row.id });
      }
      if (row.status === 'expired' || row.expires_at <= space.now()) {
        await expireApproval(session, row.id);
        record({ ...base, outcome: 'expired', waitedMs });
        throw new SwitchboardError(
          'APPROVAL_TIMEOUT',
          `Nobody approved this call of ${action.id} within ${Math.round(timeoutMs / 1000)} s. Nothing was sent; ask the profile's owner to approve it in Switchboard, then call again.`,
          { approvalId: row.id },
        );
      }
      if (hooks.progress && waitedMs - lastProgress >= PROGRESS_MS) {
        lastProgress = waitedMs;
        hooks.progress(waitedMs, timeoutMs);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    asking.abort();
    off();
    stopLock();
  }
}
