/**
 * When the desktop app raises an OS notification for an approval request, and what it says: a
 * pure decision, tested without Electron (test/unit/approval-notice.test.ts); index.ts only shows it.
 * Once per request, while it waits, and only when the window is not in front (the badge and the
 * drawer tell a person who is looking). It names the action, the connector and the agent; never
 * the input, which may be private and would sit in the OS's notification centre.
 */
import type { ApprovalView } from '../shared/views.js';

export interface ApprovalNotice {
  title: string;
  body: string;
}

export function approvalNotice(request: ApprovalView, state: { windowFocused: boolean; alreadyNotified: ReadonlySet<string> }): ApprovalNotice | null {
  if (request.status !== 'pending') return null;
  if (state.windowFocused || state.alreadyNotified.has(request.id)) return null;
  const agent = request.caller.replace(/^mcp:/, '') || 'An agent';
  return {
    title: 'Approval needed',
    body: `${agent} asks to run ${request.actionTitle} on ${request.connectorName}. Open Switchboard to approve or deny.`,
  };
}
