/** The tenant's activity log, in the vault: one row per call, never a credential. */
import { SwitchboardError } from '../../shared/errors.js';
import { ACTIVITY_QUERY_LIMIT, DEFAULT_ACTIVITY_QUERY_LIMIT, inRange, rangeText } from '../../shared/limits.js';
import type { ActivityEntry, ActivityStatus, ApprovalRecord } from '../../shared/views.js';
import type { Tx } from '../db/sqlite.js';
import { sessionState, type TenantSession } from './tenant-session.js';

export type { ActivityEntry, ActivityStatus } from '../../shared/views.js';

export interface NewActivity {
  at: number;
  action: string;
  status: ActivityStatus;
  code?: string | undefined;
  /** The error message the caller saw (scrubbed), for a failed call. */
  message?: string | undefined;
  httpStatus?: number | undefined;
  durationMs: number;
  via: string;
  inputJson?: string | undefined;
  approval?: ApprovalRecord | undefined;
}

interface ActivityRow {
  id: number;
  at: number;
  action_id: string;
  status: ActivityStatus;
  code: string | null;
  message: string | null;
  http_status: number | null;
  duration_ms: number;
  via: string;
  input: string | null;
  approval: string | null;
}

/** The longest error message kept (a provider's answer may quote a page of text). */
const MESSAGE_MAX = 2000;

/** How long entries may wait to be committed together (group commit). */
export const ACTIVITY_FLUSH_MS = 20;

interface LogBuffer {
  entries: NewActivity[];
  scheduled: boolean;
}

// clearOn: lock (what is still buffered is flushed first, by the session's flushers)
const BUFFER = sessionState<LogBuffer>('activity write-behind buffer', (session) => {
  session.addFlusher(() => flushActivity(session));
  return { entries: [], scheduled: false };
});
const LISTENERS = sessionState('live activity listeners', () => new Set<(entry: ActivityEntry) => void>());

/**
 * Append to the log, write-behind, with group commit: entries are committed together at most
 * ACTIVITY_FLUSH_MS after a call returns, not one transaction on each call's critical path
 * (a commit encrypts and authenticates every page it touches). Reads of the log and locking
 * the vault flush first, so the log always reads complete; only a hard kill (kill -9, power
 * loss) within that window can lose the newest entries. Written entries go to the session's
 * live listeners.
 */
export function recordActivity(session: TenantSession, entry: NewActivity): void {
  const buffer = session.state(BUFFER);
  buffer.entries.push(entry);
  if (!buffer.scheduled) {
    buffer.scheduled = true;
    setTimeout(() => flushActivity(session), ACTIVITY_FLUSH_MS).unref();
  }
}

/** Live entries of this session's log (the UI's Activity view); returns the unsubscribe function. */
export function onActivity(session: TenantSession, listener: (entry: ActivityEntry) => void): () => void {
  const listeners = session.state(LISTENERS);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Hand the buffered entries to the vault; they are written before any later statement on it. */
function flushActivity(session: TenantSession): void {
  if (session.locked) return;
  const buffer = session.state(BUFFER);
  buffer.scheduled = false;
  if (buffer.entries.length === 0) return;
  const entries = buffer.entries.splice(0);
  const listeners = session.state(LISTENERS);
  void session
    .vault()
    .transaction(async (tx) => {
      const written: ActivityEntry[] = [];
      for (const entry of entries) written.push(await insert(tx, entry));
      return written;
    })
    .then(
      (written) => {
        for (const listener of listeners) {
          for (const entry of written) {
            try {
              listener(entry);
            } catch {
              // A broken live view must not fail the log.
            }
          }
        }
      },
      () => undefined,
    );
}

async function insert(db: Pick<Tx, 'run'>, entry: NewActivity): Promise<ActivityEntry> {
  const approval = entry.approval ? JSON.stringify(entry.approval) : null;
  const result = await db.run('INSERT INTO activity (at, action_id, status, code, message, http_status, duration_ms, via, input, approval) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      entry.at,
      entry.action.slice(0, 200),
      entry.status,
      entry.code ?? null,
      entry.message?.slice(0, MESSAGE_MAX) ?? null,
      entry.httpStatus ?? null,
      Math.round(entry.durationMs),
      entry.via,
      entry.inputJson ?? null,
      approval,
    ]);
  return toEntry({
    id: result.lastID,
    at: entry.at,
    action_id: entry.action.slice(0, 200),
    status: entry.status,
    code: entry.code ?? null,
    message: entry.message?.slice(0, MESSAGE_MAX) ?? null,
    http_status: entry.httpStatus ?? null,
    duration_ms: Math.round(entry.durationMs),
    via: entry.via,
    input: entry.inputJson ?? null,
    approval,
  });
}

export interface ActivityQuery {
  limit?: unknown;
  action?: unknown;
  status?: unknown;
  /** ISO time or epoch ms, inclusive. */
  since?: unknown;
  until?: unknown;
  /** Return entries with an id below this one (paging, newest first). */
  before?: unknown;
}

/** The log, newest first, filtered. */
export async function queryActivity(session: TenantSession, q: ActivityQuery = {}): Promise<ActivityEntry[]> {
  session.flushPending();
  const where: string[] = [];
  const params: (string | number)[] = [];
  const limit = q.limit === undefined ? DEFAULT_ACTIVITY_QUERY_LIMIT : Number(q.limit);
  if (!inRange(limit, ACTIVITY_QUERY_LIMIT)) throw new SwitchboardError('INVALID_INPUT', `limit: a whole number from ${rangeText(ACTIVITY_QUERY_LIMIT)}.`);
  if (q.action !== undefined) {
    if (typeof q.action !== 'string' || q.action.length > 200) throw new SwitchboardError('INVALID_INPUT', 'action: an action id or a connector id.');
    if (q.action.includes('.')) {
      where.push('action_id = ?');
      params.push(q.action);
    } else {
      where.push("action_id LIKE ? ESCAPE '\\'");
      params.push(q.action.replace(/[\\%_]/g, (c) => '\\' + c) + '.%');
    }
  }
  if (q.status !== undefined) {
    if (q.status !== 'ok' && q.status !== 'error' && q.status !== 'queued') throw new SwitchboardError('INVALID_INPUT', 'status: ok, error or queued.');
    where.push('status = ?');
    params.push(q.status);
  }
  for (const [key, op] of [['since', '>='], ['until', '<=']] as const) {
    if (q[key] === undefined) continue;
    const ms = typeof q[key] === 'number' ? q[key] : Date.parse(String(q[key]));
    if (!Number.isFinite(ms)) throw new SwitchboardError('INVALID_INPUT', `${key}: an ISO date-time such as 2026-01-31T12:00:00Z.`);
    where.push(`at ${op} ?`);
    params.push(ms as number);
  }
  if (q.before !== undefined) {
    const id = Number(q.before);
    if (!Number.isInteger(id)) throw new SwitchboardError('INVALID_INPUT', 'before: an activity id.');
    where.push('id < ?');
    params.push(id);
  }
  const rows = await session
    .vault()
    .all<ActivityRow>(`SELECT * FROM activity ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY at DESC, id DESC LIMIT ?`, [...params, limit]);
  return rows.map(toEntry);
}

/** Drop entries older than the retention period. */
export async function pruneActivity(session: TenantSession, retentionDays: number): Promise<number> {
  const result = await session.vault().run('DELETE FROM activity WHERE at < ?', [session.now() - retentionDays * 86_400_000]);
  return result.changes;
}

function toEntry(row: ActivityRow): ActivityEntry {
  let input: unknown;
  if (row.input !== null) {
    try {
      input = JSON.parse(row.input);
    } catch {
      input = row.input;
    }
  }
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    action: row.action_id,
    status: row.status,
    ...(row.code ? { code: row.code } : {}),
    ...(row.message ? { message: row.message } : {}),
    ...(row.http_status !== null ? { httpStatus: row.http_status } : {}),
    durationMs: row.duration_ms,
    via: row.via,
    ...(input !== undefined ? { input } : {}),
    ...(row.approval ? { approval: JSON.parse(row.approval) as ApprovalRecord } : {}),
  };
}
