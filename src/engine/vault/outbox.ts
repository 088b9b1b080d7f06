/**
 * The outbox: write calls that could not reach their host, queued to be sent once when it is
 * reachable again. Sending is at most once: an item is claimed (`sending`) in a committed write
 * before the request goes out; an item found `sending` after a crash becomes `uncertain` and is
 * never resent by itself — the person decides.
 */
import { randomUUID } from 'node:crypto';
import { SwitchboardError } from '../../shared/errors.js';
import type { OutboxItem, OutboxStatus } from '../../shared/views.js';
import type { TenantSession } from './tenant-session.js';

export type { OutboxItem, OutboxStatus } from '../../shared/views.js';

interface Row {
  id: string;
  action_id: string;
  input: string;
  via: string;
  status: OutboxStatus;
  attempts: number;
  last_code: string | null;
  last_message: string | null;
  created_at: number;
  updated_at: number;
}

export async function enqueueOutbox(session: TenantSession, actionId: string, input: unknown, via: string): Promise<string> {
  const id = `ob_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const now = session.now();
  await session
    .vault()
    .run(
      "INSERT INTO outbox (id, action_id, input, via, status, idempotency_key, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)",
      [id, actionId, JSON.stringify(input ?? {}), via, randomUUID(), now, now],
    );
  return id;
}

export async function listOutbox(session: TenantSession, { all = false } = {}): Promise<OutboxItem[]> {
  const rows = await session
    .vault()
    .all<Row>(`SELECT * FROM outbox ${all ? '' : "WHERE status IN ('pending', 'sending', 'failed', 'uncertain')"} ORDER BY created_at, id`);
  return rows.map(toItem);
}

export async function cancelOutbox(session: TenantSession, id: unknown): Promise<OutboxItem> {
  if (typeof id !== 'string' || !/^ob_[a-f0-9]{16}$/.test(id)) throw new SwitchboardError('INVALID_INPUT', 'An outbox id looks like ob_0123456789abcdef.');
  const db = session.vault();
  const result = await db.run(
    "UPDATE outbox SET status = 'cancelled', updated_at = ? WHERE id = ? AND status IN ('pending', 'failed', 'uncertain')",
    [session.now(), id],
  );
  const row = await db.get<Row>('SELECT * FROM outbox WHERE id = ?', [id]);
  if (!row) throw new SwitchboardError('NOT_FOUND', `There is no outbox item ${id} for this profile.`);
  if (result.changes === 0) throw new SwitchboardError('CONFLICT', `Outbox item ${id} is ${row.status} and can no longer be cancelled.`);
  return toItem(row);
}

/** Claim the next pending item for sending; undefined when none is left. */
export async function claimNext(session: TenantSession): Promise<{ id: string; action: string; input: unknown; via: string } | undefined> {
  return session.vault().transaction(async (tx) => {
    const row = await tx.get<Row>("SELECT * FROM outbox WHERE status = 'pending' ORDER BY created_at, id LIMIT 1");
    if (!row) return undefined;
    await tx.run("UPDATE outbox SET status = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ?", [session.now(), row.id]);
    return { id: row.id, action: row.action_id, input: JSON.parse(row.input) as unknown, via: row.via };
  });
}

export async function settleOutbox(session: TenantSession, id: string, status: 'sent' | 'pending' | 'failed', error?: { code: string; message: string }): Promise<void> {
  await session
    .vault()
    .run('UPDATE outbox SET status = ?, last_code = ?, last_message = ?, updated_at = ? WHERE id = ?', [
      status,
      error?.code ?? null,
      error?.message.slice(0, 500) ?? null,
      session.now(),
      id,
    ]);
}

/** After a crash: items left `sending` may or may not have reached the provider. */
export async function markInterruptedSends(session: TenantSession, claimedBefore: number): Promise<number> {
  const result = await session
    .vault()
    .run(
      "UPDATE outbox SET status = 'uncertain', last_message = 'Interrupted while sending: it may or may not have arrived. Check, then cancel it.', updated_at = ? WHERE status = 'sending' AND updated_at < ?",
      [session.now(), claimedBefore],
    );
  return result.changes;
}

function toItem(row: Row): OutboxItem {
  return {
    id: row.id,
    action: row.action_id,
    status: row.status,
    attempts: row.attempts,
    ...(row.last_code ? { lastCode: row.last_code } : {}),
    ...(row.last_message ? { lastMessage: row.last_message } : {}),
    via: row.via,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
