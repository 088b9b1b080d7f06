// The desktop app's OS notification for an approval request: when it is shown, and what it says.
import { describe, expect, it } from 'vitest';
import { approvalNotice } from '../../src/main/approval-notice.js';
import type { ApprovalView } from '../../src/shared/views.js';

const REQUEST: ApprovalView = {
  id: 'ap_0123456789abcdef',
  action: 'slack.send_message',
  actionTitle: 'Send message',
  connectorId: 'slack',
  connectorName: 'Slack',
  kind: 'write',
  input: { channel: 'C0001', text: 'the quarterly numbers are 4.2M' },
  inputSchema: { type: 'object' },
  hash: 'a'.repeat(64),
  caller: 'mcp:Claude Desktop',
  status: 'pending',
  requestedAt: '2026-12-04T20:00:00.000Z',
  expiresAt: '2026-12-04T20:02:00.000Z',
};
const none = new Set<string>();

describe('approvalNotice', () => {
  it('names the agent, action and connector of a waiting request when the window is not in front, never the input', () => {
    const notice = approvalNotice(REQUEST, { windowFocused: false, alreadyNotified: none });
    expect(notice).toEqual({ title: 'Approval needed', body: 'Claude Desktop asks to run Send message on Slack. Open Switchboard to approve or deny.' });
    expect(JSON.stringify(notice)).not.toContain('4.2M');
    expect(JSON.stringify(notice)).not.toContain('C0001');
  });

  it('stays quiet when the window is in front, for a request already notified, and for one answered or ended', () => {
    expect(approvalNotice(REQUEST, { windowFocused: true, alreadyNotified: none })).toBeNull();
    expect(approvalNotice(REQUEST, { windowFocused: false, alreadyNotified: new Set([REQUEST.id]) })).toBeNull();
    for (const status of ['approved', 'denied', 'expired', 'cancelled', 'used'] as const) {
      expect(approvalNotice({ ...REQUEST, status }, { windowFocused: false, alreadyNotified: none })).toBeNull();
    }
  });
});
