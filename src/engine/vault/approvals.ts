/**
 * Approval requests, in the profile's vault: an agent's call to an `ask` action waits here for
 * the owner's answer. A request holds the exact input the call will send, is bound to a hash of
 * action and canonical input, expires, and is single use: approving lets exactly that call through
 * once. Pending requests are cancelled when the vault locks. Answers may come from any process on
 * the machine (the app, the CLI); every status change is one write that checks the status before.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SwitchboardError } from '../../shared/errors.js';
import type { ApprovalStatus } from '../../shared/views.js';
import { sessionState, type TenantSession } from './tenant-session.js';

export interface ApprovalRow {
  id: string;
  action_id: string;
  input: string;
  input_hash: string;
  caller: string;
  status: ApprovalStatus;
  requested_at: number;
  expires_at: number;
  answered_at: number | null;
  answered_via: string | null;
  reason: string | null;
  always: number;
}

export type AnsweredVia = 'ui' | 'cli' | 'elicitation';

/** JSON with object keys in order, at every depth: the same input always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** What an approval is bound to: the action and exactly this input. */
export function approvalHash(actionId: string, input: unknown): string {
  return createHash('sha256').update(`${actionId}\n${canonicalJson(input)}`).digest('hex');
}

// clearOn: lock
const LISTENERS = sessionState('approval listeners', () => new Set<(row: ApprovalRow) => void>());
// The requests this session made: still pending when it locks, they are dropped (their calls end
// VAULT_LOCKED). Another process's requests in the same vault are left alone.
const MINE = sessionState('approval requests of this session', (session) => {
  const ids = new Set<string>();
  session.beforeClose(() => {
    if (ids.size === 0) return;
    const list = [...ids];
    void session
      .vault()
      .run(`UPDATE approval SET status = 'cancelled', answered_at = ? WHERE status = 'pending' AND id IN (${list.map(() => '?').join(', ')})`, [session.now(), ...list])
      .catch(() => undefined);
  });
  return ids;
});

/** Live approval changes of this session, in this process (the UI's badge). */
export function onApprovals(session: TenantSession, listener: (row: ApprovalRow) => void): () => void {
  const listeners = session.state(LISTENERS);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// clearOn: lock
const WATCH = sessionState<{ timer: NodeJS.Timeout | null; listeners: Set<(row: ApprovalRow) => void>; seen: Map<string, string> }>(
  'approval watcher',
  () => ({ timer: null, listeners: new Set(), seen: new Map() }),
  (w) => w.timer && clearInterval(w.timer),
);

/**
 * Approval changes made by any session of this profile, in any process (the MCP gateway, a
 * `switchboard mcp stdio`, the CLI): the vault is the one place they all write, so it is read now
 * and then (quietly: a watch is not the person's activity) and each request that appeared, changed
 * or ended is passed on. Stops when the last listener goes or the vault locks.
 */
export function watchApprovals(session: TenantSession, listener: (row: ApprovalRow) => void, everyMs = 1000): () => void {
  const watch = session.state(WATCH);
  watch.listeners.add(listener);
  if (!watch.timer) {
    let busy = false;
    const look = async (): Promise<void> => {
      if (busy || session.locked) return;
      busy = true;
      try {
        const rows = await session.quietly(() => pendingApprovals(session));
        const now = new Map(rows.map((r) => [r.id, r.status]));
        const changed: ApprovalRow[] = rows.filter((r) => watch.seen.get(r.id) !== r.status);
        for (const id of watch.seen.keys()) {
          if (now.has(id)) continue;
          const ended = await session.quietly(() => getApproval(session, id));
          if (ended) changed.push(ended);
        }
        watch.seen = now;
        for (const row of changed) for (const l of watch.listeners) l(row);
      } catch {
        // Locked meanwhile, or a busy vault: the next look will tell.
      } finally {
        busy = false;
      }
    };
    void look();
    watch.timer = setInterval(() => void look(), everyMs);
    watch.timer.unref();
  }
  return () => {
    watch.listeners.delete(listener);
    if (watch.listeners.size === 0 && watch.timer) {
      clearInterval(watch.timer);
      watch.timer = null;
    }
  };
}

function notify(session: TenantSession, row: ApprovalRow | undefined): void {
  if (!row || session.locked) return;
  for (const listener of session.state(LISTENERS)) {
    try {
      listener(row);
    } catch {
      // A broken view must not fail the approval.
    }
  }
}

/**
 * Ended requests are kept a day (the CLI and the app can still say what became of one), then
 * deleted with the exact input they held; the activity log keeps each call's record, redacted.
 */
const KEEP_ENDED_MS = 24 * 3600_000;

export async function createApproval(
  session: TenantSession,
  request: { actionId: string; input: unknown; caller: string; timeoutMs: number },
): Promise<ApprovalRow> {
  const mine = session.state(MINE);
  const now = session.now();
  const row: ApprovalRow = {
    id: `ap_${randomBytes(8).toString('hex')}`,
    action_id: request.actionId,
    input: JSON.stringify(request.input ?? {}),
    input_hash: approvalHash(request.actionId, request.input ?? {}),
    caller: request.caller,
    status: 'pending',
    requested_at: now,
    expires_at: now + request.timeoutMs,
    answered_at: null,
    answered_via: null,
    reason: null,
    always: 0,
  };
  await session.vault().run('DELETE FROM approval WHERE expires_at < ?', [now - KEEP_ENDED_MS]);
  await session
    .vault()
    .run(
      'INSERT INTO approval (id, action_id, input, input_hash, caller, status, requested_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [row.id, row.action_id, row.input, row.input_hash, row.caller, row.status, row.requested_at, row.expires_at],
    );
  mine.add(row.id);
  notify(session, row);
  return row;
}

export async function getApproval(session: TenantSession, id: string): Promise<ApprovalRow | undefined> {
  return session.vault().get<ApprovalRow>('SELECT * FROM approval WHERE id = ?', [id]);
}

/** Requests still waiting (not expired), oldest first. */
export async function pendingApprovals(session: TenantSession): Promise<ApprovalRow[]> {
  return session.vault().all<ApprovalRow>("SELECT * FROM approval WHERE status = 'pending' AND expires_at > ? ORDER BY requested_at, id", [session.now()]);
}

/**
 * Answer a pending request. Only a pending, unexpired one can be answered; the first answer
 * stands (NOT_FOUND for an unknown id, CONFLICT for one answered or ended already).
 */
export async function answerApproval(
  session: TenantSession,
  id: string,
  answer: { approve: boolean; via: AnsweredVia; reason?: string | undefined; always?: boolean | undefined },
): Promise<ApprovalRow> {
  if (!/^ap_[a-f0-9]{16}$/.test(id)) throw new SwitchboardError('INVALID_INPUT', 'An approval id looks like ap_0123456789abcdef.');
  const row = await session.vault().transaction(async (tx) => {
    const current = await tx.get<ApprovalRow>('SELECT * FROM approval WHERE id = ?', [id]);
    if (!current) throw new SwitchboardError('NOT_FOUND', `There is no approval request ${id} for this profile. List them with \`switchboard approvals\`.`);
    const now = session.now();
    if (current.status === 'pending' && current.expires_at <= now) {
      await tx.run("UPDATE approval SET status = 'expired' WHERE id = ?", [id]);
      throw new SwitchboardError('CONFLICT', `Approval request ${id} expired before it was answered; the agent was told.`);
    }
    if (current.status !== 'pending') throw new SwitchboardError('CONFLICT', `Approval request ${id} is ${current.status} already.`);
    const status: ApprovalStatus = answer.approve ? 'approved' : 'denied';
    const reason = answer.approve ? null : (answer.reason?.slice(0, 500) ?? null);
    await tx.run('UPDATE approval SET status = ?, answered_at = ?, answered_via = ?, reason = ?, always = ? WHERE id = ?', [
      status,
      now,
      answer.via,
      reason,
      answer.approve && answer.always ? 1 : 0,
      id,
    ]);
    return { ...current, status, answered_at: now, answered_via: answer.via, reason, always: answer.approve && answer.always ? 1 : 0 };
  });
  notify(session, row);
  return row;
}

/** Spend an approval on its call: approved → used, in one write. False when it is not approved (any more). */
export async function spendApproval(session: TenantSession, id: string): Promise<boolean> {
  const result = await session.vault().run("UPDATE approval SET status = 'used' WHERE id = ? AND status = 'approved'", [id]);
  return result.changes === 1;
}

/** End a request nobody answered in time. */
export async function expireApproval(session: TenantSession, id: string): Promise<void> {
  const result = await session.vault().run("UPDATE approval SET status = 'expired' WHERE id = ? AND status = 'pending'", [id]);
  if (result.changes === 1) notify(session, await getApproval(session, id));
}
