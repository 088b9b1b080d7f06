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

/** An entry's hash covers everything shown of it, the actor's name included. */
export function entryHash(prev: string, at: number, actorId: string, actor: string, action: string, detail: string): string {
  return createHash('sha256').update(JSON.stringify(['v2', prev, at, actorId, actor, action, detail])).digest('hex');
}

/** The hash before the actor's name was covered (entries from before registry migration 9). */
export function legacyEntryHash(prev: string, at: number, actorId: string, action: string, detail: string): string {
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
    entryHash(prev, at, actor.tenantId, name, action, json),
  ]);
}

/**
 * The trail, newest first, whether its hash chain is unbroken, and every entry's hash in order
 * (what the signed head is checked against). Admins only (checked by the caller).
 */
export async function readAudit(
  registry: Db,
  limit = 500,
): Promise<{ entries: AuditEntry[]; chainIntact: boolean; chain: { hash: string; legacyHash: string; plausibleUnsigned: boolean }[] }> {
  const rows = await registry.all<Row>('SELECT * FROM audit ORDER BY id');
  let prev = GENESIS;
  let legacyPrev = GENESIS;
  let intact = true;
  const legacy: string[] = [];
  for (const r of rows) {
    if (r.prev_hash !== prev || r.hash !== entryHash(r.prev_hash, r.at, r.actor_id, r.actor, r.action, r.detail)) intact = false;
    prev = r.hash;
    // What the head was before registry migration 9 (a signature from then names it).
    legacyPrev = legacyEntryHash(legacyPrev, r.at, r.actor_id, r.action, r.detail);
    legacy.push(legacyPrev);
  }
  const entries = rows
    .slice(-limit)
    .reverse()
    .map((r) => ({ id: r.id, at: new Date(r.at).toISOString(), actorId: r.actor_id, actor: r.actor, action: r.action, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  const plausible = plausibleUnsigned(new Set((await registry.all<{ id: string }>('SELECT id FROM tenant')).map((t) => t.id)));
  return { entries, chainIntact: intact, chain: rows.map((r, i) => ({ hash: r.hash, legacyHash: legacy[i]!, plausibleUnsigned: plausible(r) })) };
}

/**
 * The one entry Switchboard writes without a signature: a profile deleting itself, now gone.
 * Any other entry after the signed head was added by someone else.
 */
function plausibleUnsigned(existing: ReadonlySet<string>): (r: Pick<Row, 'action' | 'detail' | 'actor_id'>) => boolean {
  return (r) => {
    try {
      return r.action === 'tenant.delete' && (JSON.parse(r.detail) as { tenantId?: unknown }).tenantId === r.actor_id && !existing.has(r.actor_id);
    } catch {
      return false;
    }
  };
}

/**
 * Ids of the entries after the first `signedCount` that Switchboard did not write unsigned (so
 * someone added them by hand), leaving out the newest `own` (the signer's own, just written).
 * An admin's signature records them, so signing never vouches for them.
 */
export async function foreignEntries(tx: Tx, signedCount: number, own = 1): Promise<number[]> {
  const rows = await tx.all<Row>('SELECT id, action, detail, actor_id FROM audit ORDER BY id LIMIT -1 OFFSET ?', [signedCount]);
  const plausible = plausibleUnsigned(new Set((await tx.all<{ id: string }>('SELECT id FROM tenant')).map((t) => t.id)));
  return rows.slice(0, Math.max(0, rows.length - own)).filter((r) => !plausible(r)).map((r) => r.id);
}
