/**
 * Making a space a team space: `publish` moves an existing space's shared state into an empty
 * PostgreSQL database in one transaction; `join` brings a published space onto another machine,
 * writing into a new local registry only records it verified. `teamStatus` is what `space status`
 * and the header show.
 */
import { hostname } from 'node:os';
import pg from 'pg';
import { SwitchboardError } from '../../shared/errors.js';
import { normalizeName } from '../../shared/validation.js';
import type { AdminSession } from '../space/admin-session.js';
import type { Home } from '../space/home.js';
import { newId } from '../space/ids.js';
import { registryPub } from '../space/space-keys.js';
import type { Space } from '../space/space.js';
import { pullDirectory, pushCountersAndAudit, pushDirectory, readDirectory, type DirectoryEntry } from './directory.js';
import { clientConfig, databaseError, databaseUrl, hostOf, type DatabaseTarget } from './pg-config.js';
import { migratePg } from './pg-schema.js';
import { applyPolicyRecord, collectPolicyRecord, finishApply, verifyPolicyRecord } from './policy-record.js';
import { getSync, passwordFile, savePassword, setSync, syncNumber } from './team-config.js';
import { TeamSync, type TeamSyncOptions } from './team-sync.js';

export interface PublishResult {
  spaceId: string;
  database: string;
  machine: string;
  /** Where the password was kept (0600), when one was given. */
  passwordFile: string | undefined;
  /** The space's signing key, for whoever joins to compare (`join --space-key`). */
  spaceKey: string;
}

async function connect(target: DatabaseTarget): Promise<pg.Client> {
  const client = new pg.Client(clientConfig(target));
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.end().catch(() => undefined);
    throw databaseError(err, target.url);
  }
}

function machineName(raw: unknown): string {
  return normalizeName(raw ?? hostname(), 'space');
}

/** Publish `space` (as its admin) into the empty database at `target`. */
export async function publishSpace(space: Space, _admin: AdminSession, target: DatabaseTarget, options: { machineName?: string; sync?: TeamSyncOptions } = {}): Promise<PublishResult> {
  const url = databaseUrl(target.url);
  if (await getSync(space.registry, 'url')) throw new SwitchboardError('CONFLICT', 'This space is a team space already (space status shows its database).');
  const record = await collectPolicyRecord(space.registry);
  const pub = (await registryPub(space.registry))!;
  // Check the record as any machine will before it goes out: signed by the space key, rows matching.
  const verified = verifyPolicyRecord(space, JSON.stringify(record), { pinned: pub, chain: record.chain, applied: 0 });
  const info = await space.info();
  const machineId = `mc_${newId('tn_').slice(3)}`;
  const name = machineName(options.machineName);
  const client = await connect({ url, password: target.password });
  try {
    await migratePg(client);
    await client.query('BEGIN');
    try {
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM sb_space');
      if (Number(rows[0]?.n) > 0) {
        throw new SwitchboardError('CONFLICT', `The database ${hostOf(url)} holds a space already: publish into an empty database, or join that space with \`switchboard space join\`.`);
      }
      await client.query('INSERT INTO sb_space (id, name, created_at, public_key) VALUES ($1, $2, $3, $4)', [space.id, info.name, Date.parse(info.createdAt), pub]);
      await client.query("INSERT INTO sb_state (space_id, kind, version, record, machine_id) VALUES ($1, 'policy', $2, $3, $4)", [space.id, verified.version, JSON.stringify(record), machineId]);
      await client.query('INSERT INTO sb_machine (space_id, id, name) VALUES ($1, $2, $3)', [space.id, machineId, name]);
      await pushDirectory(client, space, machineId);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw databaseError(err, url);
    }
  } catch (err) {
    throw databaseError(err, url);
  } finally {
    await client.end().catch(() => undefined);
  }
  await space.registry.transaction(async (tx) => {
    await setSync(tx, 'url', url);
    await setSync(tx, 'machine_id', machineId);
    await setSync(tx, 'machine_name', name);
    await setSync(tx, 'pinned_key', verified.signer);
    await setSync(tx, 'chain', JSON.stringify(record.chain));
    await setSync(tx, 'applied:policy', verified.version);
  });
  const file = await savePassword(space, target.password);
  space.team = await TeamSync.attach(space, options.sync);
  return { spaceId: space.id, database: hostOf(url), machine: name, passwordFile: file, spaceKey: pub };
}

/**
 * Join the space published in the database at `target`: a new local registry under the space's
 * id, holding the policy record this machine verified (signed by the key the database names, or
 * by `expectKey` when given: compare it with the admin's `space status`), and the directory.
 */
export async function joinSpace(home: Home, target: DatabaseTarget, options: { machineName?: string; expectKey?: string; sync?: TeamSyncOptions } = {}): Promise<Space> {
  const url = databaseUrl(target.url);
  const client = await connect({ url, password: target.password });
  const machineId = `mc_${newId('tn_').slice(3)}`;
  const name = machineName(options.machineName);
  try {
    const exists = await client.query<{ t: string | null }>("SELECT to_regclass('sb_space')::text AS t");
    if (!exists.rows[0]?.t) throw new SwitchboardError('NOT_FOUND', `No space is published in ${hostOf(url)}. An admin publishes one with \`switchboard space publish\`.`);
    await migratePg(client);
    const spaces = await client.query<{ id: string; name: string; created_at: string; public_key: string }>('SELECT id, name, created_at, public_key FROM sb_space');
    const row = spaces.rows[0];
    if (!row || spaces.rows.length !== 1) throw new SwitchboardError('NOT_FOUND', `No space is published in ${hostOf(url)}. An admin publishes one with \`switchboard space publish\`.`);
    const pinned = options.expectKey ?? row.public_key;
    if (options.expectKey && options.expectKey !== row.public_key) {
      throw new SwitchboardError('POLICY_DENIED', 'The database names another signing key than the one you were given: it is not the space you expect. Nothing was joined.');
    }
    const state = await client.query<{ record: string }>("SELECT record FROM sb_state WHERE space_id = $1 AND kind = 'policy'", [row.id]);
    if (!state.rows[0]) throw new SwitchboardError('POLICY_DENIED', 'The team database holds no signed policy for its space (deleted there). Nothing was joined.');
    return await home.adoptSpace(row.id, row.name, Number(row.created_at), async (space) => {
      const verified = verifyPolicyRecord(space, state.rows[0]!.record, { pinned, chain: [], applied: 0 });
      await space.registry.transaction(async (tx) => {
        await setSync(tx, 'url', url);
        await setSync(tx, 'machine_id', machineId);
        await setSync(tx, 'machine_name', name);
        await applyPolicyRecord(space, tx, verified);
        await setSync(tx, 'pinned_key', verified.signer);
        await setSync(tx, 'chain', JSON.stringify(verified.record.chain));
        await setSync(tx, 'applied:policy', verified.version);
      });
      await client.query('INSERT INTO sb_machine (space_id, id, name) VALUES ($1, $2, $3)', [space.id, machineId, name]);
      await pullDirectory(client, space, machineId);
      await finishApply(space, { removed: [] });
      await savePassword(space, target.password);
      space.team = await TeamSync.attach(space, options.sync);
    });
  } catch (err) {
    throw databaseError(err, url);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface TeamStatus {
  team: boolean;
  database?: string;
  machine?: string;
  /** ISO time the database was last reached, if ever. */
  lastSync?: string | null;
  /** ISO time since when it cannot be reached; null while online. */
  offlineSince?: string | null;
  /** An admin change saved here while offline, not pushed yet. */
  pending?: boolean;
  /** The last thing refused or failed (a tampered record, a lost race). */
  problem?: string | null;
  version?: number;
  passwordFile?: string;
  spaceKey?: string;
}

/** The database this team space syncs with (its URL, never with a password). */
export async function databaseTarget(space: Space): Promise<{ url: string }> {
  const url = await getSync(space.registry, 'url');
  if (!url) throw new SwitchboardError('NOT_FOUND', 'This space is not a team space: publish it first (switchboard space publish).');
  return { url };
}

export async function teamStatus(space: Space): Promise<TeamStatus> {
  const db = space.registry;
  const url = await getSync(db, 'url');
  if (!url) return { team: false };
  const iso = async (key: 'last_sync' | 'offline_since'): Promise<string | null> => {
    const n = await syncNumber(db, key);
    return n ? new Date(n).toISOString() : null;
  };
  return {
    team: true,
    database: hostOf(url),
    machine: (await getSync(db, 'machine_name')) ?? '',
    lastSync: await iso('last_sync'),
    offlineSince: await iso('offline_since'),
    pending: (await getSync(db, 'pending:policy')) !== undefined,
    problem: (await getSync(db, 'conflict')) ?? (await getSync(db, 'last_error')) ?? null,
    version: await syncNumber(db, 'applied:policy'),
    passwordFile: passwordFile(space),
    spaceKey: (await getSync(db, 'pinned_key')) ?? '',
  };
}

/** The admin view of every profile of the team space, from the database (admins only: the caller checks). */
export async function teamDirectory(space: Space, target: DatabaseTarget, options: { limit?: number; offset?: number } = {}): Promise<DirectoryEntry[]> {
  const client = await connect(target);
  try {
    await pushCountersAndAudit(client, space, (await getSync(space.registry, 'machine_id')) ?? '');
    return await readDirectory(client, space.id, space.now(), options);
  } catch (err) {
    throw databaseError(err, target.url);
  } finally {
    await client.end().catch(() => undefined);
  }
}
