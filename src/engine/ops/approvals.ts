/** A profile's approval requests: an agent's calls to `ask` actions, waiting for the owner. */
import { SwitchboardError } from '../../shared/errors.js';
import type { ApprovalView } from '../../shared/views.js';
import { setActionMode } from '../connections/connections.js';
import type { Catalog } from '../connectors/catalog.js';
import { redactValue } from '../net/redact.js';
import { answerApproval, pendingApprovals, type ApprovalRow } from '../vault/approvals.js';
import { catalogFor } from '../space/verify-state.js';
import { op } from './operation.js';

/** A request as the owner sees it: the input redacted where shown, the action's schema to show it as a form. */
export function approvalView(catalog: Catalog, row: ApprovalRow): ApprovalView {
  const known = catalog.hasAction(row.action_id) ? catalog.action(row.action_id) : undefined;
  let input: unknown;
  try {
    input = redactValue(JSON.parse(row.input));
  } catch {
    input = null;
  }
  return {
    id: row.id,
    action: row.action_id,
    actionTitle: known?.action.title ?? row.action_id,
    connectorId: known?.connector.id ?? row.action_id.split('.')[0]!,
    connectorName: known?.connector.name ?? row.action_id.split('.')[0]!,
    kind: known?.action.kind ?? 'write',
    input,
    inputSchema: known?.action.input ?? { type: 'object' },
    hash: row.input_hash,
    caller: row.caller,
    status: row.status,
    requestedAt: new Date(row.requested_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    ...(row.answered_at ? { answeredAt: new Date(row.answered_at).toISOString() } : {}),
    ...(row.answered_via ? { answeredVia: row.answered_via } : {}),
    ...(row.reason ? { reason: row.reason } : {}),
  };
}

export const approvalOps = {
  'approvals.list': op('approvals.list', 'profile', async ({ space, session }) => {
    const catalog = await catalogFor(space, session);
    return (await pendingApprovals(session)).map((r) => approvalView(catalog, r));
  }),
  /** The owner's answer (from the app or the CLI): approve once, approve and allow from now on, or deny with a reason. */
  'approvals.answer': op('approvals.answer', 'profile', async ({ space, session, via }, input) => {
    if (input.decision === 'deny' && input.always) throw new SwitchboardError('INVALID_INPUT', '--always goes with approve: it switches the action to allow.');
    const row = await answerApproval(session, input.id, {
      approve: input.decision === 'approve',
      via: via === 'cli' ? 'cli' : 'ui',
      reason: input.reason,
      always: input.always,
    });
    if (row.always) await setActionMode(session, await catalogFor(space, session), [row.action_id], 'allow');
    return approvalView(await catalogFor(space, session), row);
  }),
};
