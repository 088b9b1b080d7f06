/**
 * The space audit trail: who changed what (policy, roles, profiles removed, OAuth apps, space
 * settings), as ids, roles and effects only. Each entry carries the hash of the one before, so
 * an entry edited or removed by hand breaks the chain and the trail says so.
 */
import { createHash } from 'node:crypto';
import type { AuditEntryView } from '../../shared/views.js';
import type { Db, Tx } from '../db/sqlite.js';
import type { TenantSession } from '../vault/tenant-session.js';

export type AuditEntry = AuditEntryView;

interface Row {
  id: number;
  at: number;
  actor_id: string;
  actor: string;
  action: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** The hash before the first entry. */
export const AUDIT_GENESIS = '0'.repeat(64);
const GENESIS = AUDIT_GENESIS;

function entryHash(prev: string, at: number, actorId: string, action: string, detail: string): string {
  return createHash('sha256').update(JSON.stringify([prev, at, actorId, action, detail])).digest('hex');
}

/** Append an entry inside the caller's transaction, so the change and its record commit together. */
export async function appendAudit(tx: Tx, at: number, actor: Pick<TenantSession, 'tenantId' | 'name'>, action: string, detail: Record<string, unknown>): Promise<void> {
  const last = await tx.get<{ hash: string }>('SELECT hash FROM audit ORDER BY id DESC LIMIT 1');
  const prev = last?.hash ?? GENESIS;
  const name = (await tx.get<{ name: string }>('SELECT name FROM tenant WHERE id = ?', [actor.tenantId]))?.name ?? actor.name;
  const json = JSON.stringify(detail);
  await tx.run('INSERT INTO audit (at, actor_id, actor, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    at,
    actor.tenantId,
    name,
    action,
    json,
    prev,
    entryHash(prev, at, actor.tenantId, action, json),
  ]);
}

/**
 * The trail, newest first, whether its hash chain is unbroken, and every entry's hash in order
 * (what the signed head is checked against). Admins only (checked by the caller).
 */
export async function readAudit(registry: Db, limit = 500): Promise<{ entries: AuditEntry[]; chainIntact: boolean; hashes: string[] }> {
  const rows = await registry.all<Row>('SELECT * FROM audit ORDER BY id');
  let prev = GENESIS;
  let intact = true;
  for (const r of rows) {
    if (r.prev_hash !== prev || r.hash !== entryHash(r.prev_hash, r.at, r.actor_id, r.action, r.detail)) intact = false;
    prev = r.hash;
  }
  const entries = rows
    .slice(-limit)
    .reverse()
    .map((r) => ({ id: r.id, at: new Date(r.at).toISOString(), actorId: r.actor_id, actor: r.actor, action: r.action, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  return { entries, chainIntact: intact, hashes: rows.map((r) => r.hash) };
}
