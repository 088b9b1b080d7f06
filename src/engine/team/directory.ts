/**
 * What each machine publishes besides signed state, and reads back: the profile directory (who
 * lives on which machine; roles and keys there are informative, the signed policy decides), the
 * published counters (absolute values per profile, day and connector, so a push repeated after an
 * outage counts nothing twice), and each machine's audit entries (keyed by the machine's own id,
 * so a batch pushed twice adds nothing). Every push is one transaction; pulls read what changed
 * since the last sequence number seen.
 */
import type pg from 'pg';
import { isRole } from '../../shared/model.js';
import type { Tx } from '../db/sqlite.js';
import type { PolicyBody } from '../space/signed-bodies.js';
import { getSetting } from '../space/space-keys.js';
import type { Space } from '../space/space.js';
import { SIGNATURE_SETTING } from '../space/verify-state.js';
import { getSync, setSync, syncNumber } from './team-config.js';

const DAY = 86_400_000;

/** Upsert this machine's profiles (and tombstones of removed ones) into the directory; rows that did not change are left alone. */
/** Returns the names of this machine's profiles another machine's profile already has (left out). */
export async function pushDirectory(client: pg.ClientBase, space: Space, machineId: string): Promise<string[]> {
  const local = await space.registry.all<{ id: string; name: string; name_key: string; role: string; created_at: number; enc_pub: Buffer | null }>(
    'SELECT t.id, t.name, t.name_key, t.role, t.created_at, k.enc_pub FROM tenant t LEFT JOIN tenant_key k ON k.tenant_id = t.id',
  );
  const gone = await space.registry.all<{ id: string; name: string; name_key: string; role: string; created_at: number }>(
    'SELECT id, name, name_key, role, created_at FROM team_profile WHERE removed = 1',
  );
  // Two machines offline may each create a profile of one name: the one published first keeps it,
  // the other stays out of the directory (and is named) until it is renamed.
  const { rows: taken } = await client.query<{ id: string; name_key: string }>('SELECT id, name_key FROM sb_profile WHERE space_id = $1 AND NOT removed AND name_key = ANY($2::text[])', [
    space.id,
    local.map((t) => t.name_key),
  ]);
  const takenBy = new Map(taken.map((t) => [t.name_key, t.id]));
  const clashing = local.filter((t) => takenBy.has(t.name_key) && takenBy.get(t.name_key) !== t.id);
  const rows = [
    ...local.filter((t) => !clashing.includes(t)).map((t) => [t.id, t.name, t.name_key, t.role, machineId, t.enc_pub?.toString('base64url') ?? null, t.created_at, false] as const),
    ...gone.map((t) => [t.id, t.name, t.name_key, t.role, machineId, null, t.created_at, true] as const),
  ];
  if (rows.length === 0) return clashing.map((t) => t.name);
  // One statement for the lot: unnest the columns.
  const cols = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => rows.map((r) => r[i]));
  await client.query(
    `INSERT INTO sb_profile AS p (space_id, id, name, name_key, role, machine_id, enc_pub, created_at, removed)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::boolean[])
     ON CONFLICT (space_id, id) DO UPDATE SET name = excluded.name, name_key = excluded.name_key, role = excluded.role,
       enc_pub = coalesce(excluded.enc_pub, p.enc_pub), removed = p.removed OR excluded.removed,
       machine_id = CASE WHEN excluded.removed THEN p.machine_id ELSE excluded.machine_id END
     WHERE (p.name, p.name_key, p.role, p.enc_pub, p.removed) IS DISTINCT FROM (excluded.name, excluded.name_key, excluded.role, coalesce(excluded.enc_pub, p.enc_pub), p.removed OR excluded.removed)`,
    [space.id, ...cols],
  );
  return clashing.map((t) => t.name);
}

/** Roles, keys and removals of the statement this machine applied last (verified when it was applied). */
async function appliedStatement(tx: Tx): Promise<{ roles: Map<string, string>; keys: Map<string, string>; removed: Set<string> }> {
  try {
    const raw = await getSetting(tx, SIGNATURE_SETTING.policy);
    const body = (JSON.parse((JSON.parse(raw ?? '{}') as { statement: string }).statement) as { body: PolicyBody }).body;
    return { roles: new Map(body.roles), keys: new Map(body.keys ?? []), removed: new Set(body.removed ?? []) };
  } catch {
    return { roles: new Map(), keys: new Map(), removed: new Set() };
  }
}

/** Read directory rows changed since the last pull into team_profile (profiles of other machines) and the machines' last sync. */
export async function pullDirectory(client: pg.ClientBase, space: Space, machineId: string): Promise<number> {
  const since = await syncNumber(space.registry, 'dir_seq');
  const { rows } = await client.query<{ id: string; name: string; name_key: string; role: string; machine_id: string; enc_pub: string | null; created_at: string; removed: boolean; seq: string }>(
    'SELECT id, name, name_key, role, machine_id, enc_pub, created_at, removed, seq FROM sb_profile WHERE space_id = $1 AND seq > $2 ORDER BY seq LIMIT 20000',
    [space.id, since],
  );
  const machines = await client.query<{ id: string; name: string; last_sync: Date }>('SELECT id, name, last_sync FROM sb_machine WHERE space_id = $1', [space.id]);
  await space.registry.transaction(async (tx) => {
    // A profile new here starts with the role and key of the statement this machine last applied (so
    // an admin signing here before the next record arrives keeps every role as signed).
    const signed = await appliedStatement(tx);
    for (const r of rows) {
      if (r.machine_id === machineId && !r.removed) continue;
      if (await tx.get('SELECT 1 AS x FROM tenant WHERE id = ?', [r.id])) continue; // a profile of this machine: its own row is the truth
      // Roles and keys: as the signed policy gives them (apply writes them); a new profile starts as a member
      // with the key it published (trust on first use, as on one machine; docs/SECURITY.md).
      const role = signed.roles.get(r.id) ?? 'member';
      const pub = signed.keys.get(r.id) ?? r.enc_pub;
      await tx.run(
        `INSERT INTO team_profile (id, name, name_key, role, machine_id, enc_pub, created_at, removed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_key = excluded.name_key, machine_id = excluded.machine_id,
           enc_pub = coalesce(team_profile.enc_pub, excluded.enc_pub), removed = max(team_profile.removed, excluded.removed)`,
        [r.id, r.name, r.name_key, isRole(role) ? role : 'member', r.machine_id, pub ? Buffer.from(pub, 'base64url') : null, Number(r.created_at), r.removed || signed.removed.has(r.id) ? 1 : 0],
      );
    }
    for (const m of machines.rows) {
      await tx.run('INSERT INTO team_machine (id, name, last_sync) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, last_sync = excluded.last_sync', [
        m.id,
        m.name,
        m.last_sync.getTime(),
      ]);
    }
    const last = rows[rows.length - 1];
    if (last) await setSync(tx, 'dir_seq', last.seq);
  });
  return rows.length;
}

/** Push this machine's counters (recent days, absolute values) and its audit entries not pushed yet: one transaction. */
export async function pushCountersAndAudit(client: pg.ClientBase, space: Space, machineId: string): Promise<void> {
  await space.usage.flush();
  const today = Math.floor(space.now() / DAY);
  const counters = await space.registry.all<{ tenant_id: string; day: number; connector_id: string; calls: number; errors: number; total_ms: number; approvals: number; denials: number }>(
    'SELECT u.tenant_id, u.day, u.connector_id, u.calls, u.errors, u.total_ms, u.approvals, u.denials FROM usage_daily u JOIN tenant t ON t.id = u.tenant_id WHERE u.day >= ?',
    [(await getSync(space.registry, 'last_sync')) ? today - 2 : today - 400],
  );
  const pushed = await syncNumber(space.registry, 'audit_pushed');
  const audit = await space.registry.all<{ id: number; at: number; actor_id: string; actor: string; action: string; detail: string; prev_hash: string; hash: string }>(
    'SELECT id, at, actor_id, actor, action, detail, prev_hash, hash FROM audit WHERE id > ? ORDER BY id LIMIT 5000',
    [pushed],
  );
  if (counters.length === 0 && audit.length === 0) return;
  await client.query('BEGIN');
  try {
    if (counters.length) {
      const c = counters;
      await client.query(
        `INSERT INTO sb_counter (space_id, machine_id, tenant_id, day, connector_id, calls, errors, total_ms, approvals, denials)
         SELECT $1, $2, * FROM unnest($3::text[], $4::int[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[])
         ON CONFLICT (space_id, tenant_id, day, connector_id) DO UPDATE SET calls = excluded.calls, errors = excluded.errors,
           total_ms = excluded.total_ms, approvals = excluded.approvals, denials = excluded.denials, machine_id = excluded.machine_id`,
        [space.id, machineId, c.map((r) => r.tenant_id), c.map((r) => r.day), c.map((r) => r.connector_id), c.map((r) => r.calls), c.map((r) => r.errors), c.map((r) => r.total_ms), c.map((r) => r.approvals), c.map((r) => r.denials)],
      );
    }
    if (audit.length) {
      const a = audit;
      await client.query(
        `INSERT INTO sb_audit (space_id, machine_id, local_id, at, actor_id, actor, action, detail, prev_hash, hash)
         SELECT $1, $2, * FROM unnest($3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
         ON CONFLICT DO NOTHING`,
        [space.id, machineId, a.map((r) => r.id), a.map((r) => r.at), a.map((r) => r.actor_id), a.map((r) => r.actor), a.map((r) => r.action), a.map((r) => r.detail), a.map((r) => r.prev_hash), a.map((r) => r.hash)],
      );
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  if (audit.length) await setSync(space.registry, 'audit_pushed', audit[audit.length - 1]!.id);
}

export interface DirectoryEntry {
  id: string;
  name: string;
  role: string;
  machineId: string;
  machine: string;
  lastSync: string | null;
  removed: boolean;
  calls30d: number;
  errors30d: number;
}

/**
 * The admin view of every profile of the space, from every machine: the directory, each machine's
 * last sync and the published counters of the last 30 days, in one query over indexed rollups.
 */
export async function readDirectory(client: pg.ClientBase, spaceId: string, now: number, { limit = 10_000, offset = 0 } = {}): Promise<DirectoryEntry[]> {
  const { rows } = await client.query<{ id: string; name: string; role: string; machine_id: string; machine: string | null; last_sync: Date | null; removed: boolean; calls: string | null; errors: string | null }>(
    `SELECT p.id, p.name, p.role, p.machine_id, m.name AS machine, m.last_sync, p.removed, c.calls, c.errors
     FROM sb_profile p
     LEFT JOIN sb_machine m ON m.space_id = p.space_id AND m.id = p.machine_id
     LEFT JOIN (SELECT tenant_id, sum(calls) AS calls, sum(errors) AS errors FROM sb_counter WHERE space_id = $1 AND day >= $2 GROUP BY tenant_id) c ON c.tenant_id = p.id
     WHERE p.space_id = $1 ORDER BY p.removed, p.name_key LIMIT $3 OFFSET $4`,
    [spaceId, Math.floor(now / DAY) - 30, limit, offset],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    machineId: r.machine_id,
    machine: r.machine ?? r.machine_id,
    lastSync: r.last_sync ? r.last_sync.toISOString() : null,
    removed: r.removed,
    calls30d: Number(r.calls ?? 0),
    errors30d: Number(r.errors ?? 0),
  }));
}
