/**
 * One machine's link to its team space's database (docs/ARCHITECTURE.md, "Team spaces"). The local
 * registry stays the working copy. Admin changes are checked against the database before they are
 * signed and written there in the same step (optimistic concurrency on the record's version); other
 * machines hear of them through LISTEN/NOTIFY while connected and by polling otherwise. Directory,
 * counters and audit are pushed in batches. When the database cannot be reached the machine goes on
 * serving from its last verified state, queues what it must push, says since when it is offline,
 * and catches up when the database is back.
 */
import pg from 'pg';
import { SwitchboardError } from '../../shared/errors.js';
import type { Db, Tx } from '../db/sqlite.js';
import type { SharedChange, SharedState } from '../space/shared-state.js';
import type { Space } from '../space/space.js';
import { pullDirectory, pushCountersAndAudit, pushDirectory } from './directory.js';
import { clientConfig, databaseError, isUnreachable, type DatabaseTarget } from './pg-config.js';
import { NOTIFY_CHANNEL } from './pg-schema.js';
import { applyPolicyRecord, collectPolicyRecord, finishApply, recordVersion, verifyPolicyRecord, type MachineTrust } from './policy-record.js';
import { getSync, loadPassword, setSync, syncNumber } from './team-config.js';
import { linksIn, mergeChains } from '../space/space-keys.js';

/** How often a machine polls when it cannot listen (or as a safety net while it does). */
export const POLL_MS = 5000;
/** How often counters and audit entries are pushed while connected. */
export const BATCH_MS = 5000;

export interface TeamSyncOptions {
  /** Listen and poll (a long-running app, the MCP gateway, `serve`); a one-shot CLI command syncs once at open and once at close. */
  live?: boolean;
  pollMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Write the policy record (a row deleted in the database is written again: an admin's save outranks what was lost). */
const UPSERT_STATE = `INSERT INTO sb_state (space_id, kind, version, record, machine_id) VALUES ($1, 'policy', $2, $3, $4)
  ON CONFLICT (space_id, kind) DO UPDATE SET version = excluded.version, record = excluded.record, machine_id = excluded.machine_id, updated_at = now()`;

export const CHANGED_ELSEWHERE = 'The space policy was changed by someone else (on another machine) since this machine last synced: changed by someone else; review and save again.';

export class TeamSync implements SharedState {
  #client: pg.Client | undefined;
  #connecting: Promise<pg.Client> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  /** The last sync step of this process found the database unreachable. */
  #wentOffline = false;

  private constructor(
    readonly space: Space,
    readonly target: DatabaseTarget,
    readonly machineId: string,
    readonly options: TeamSyncOptions,
  ) {}

  /** The team link of `space` when it is a team space (published or joined), after a first sync (bounded; offline is fine). */
  static async attach(space: Space, options: TeamSyncOptions = {}): Promise<TeamSync | undefined> {
    const url = await getSync(space.registry, 'url');
    const machineId = await getSync(space.registry, 'machine_id');
    if (!url || !machineId) return undefined;
    const sync = new TeamSync(space, { url, password: await loadPassword(space, options.env) }, machineId, options);
    space.team = sync;
    await sync.syncNow().catch(() => undefined);
    if (options.live) sync.#startLive();
    return sync;
  }

  // --- connection -------------------------------------------------------------------------------

  async #connect(): Promise<pg.Client> {
    if (this.#client) return this.#client;
    this.#connecting ??= (async () => {
      const client = new pg.Client(clientConfig(this.target));
      client.on('error', () => this.#drop(client));
      client.on('end', () => this.#drop(client));
      try {
        await client.connect();
      } catch (err) {
        await client.end().catch(() => undefined);
        throw err;
      }
      if (this.options.live) {
        client.on('notification', (n) => {
          if (n.channel === NOTIFY_CHANNEL && n.payload?.startsWith(`${this.space.id} `)) void this.syncNow().catch(() => undefined);
        });
        await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      }
      this.#client = client;
      return client;
    })().finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  #drop(client: pg.Client): void {
    if (this.#client === client) this.#client = undefined;
    void client.end().catch(() => undefined);
  }

  /** Note that the database cannot be reached; `db` is the registry transaction when inside one (the handle would wait for it). */
  async #offline(err: unknown, db: Db | Tx = this.space.registry): Promise<void> {
    this.#wentOffline = true;
    if (this.#client) this.#drop(this.#client);
    if (this.space.registry.isClosed) return;
    if (!(await getSync(db, 'offline_since'))) await setSync(db, 'offline_since', this.space.now());
    await setSync(db, 'last_error', databaseError(err, this.target.url).message);
  }

  // --- sync -------------------------------------------------------------------------------------

  /** One sync step, serialised with every other: push what is queued, pull state and directory, push directory, counters and audit. */
  syncNow(): Promise<void> {
    const step = this.#queue.then(() => this.#syncStep());
    this.#queue = step.catch(() => undefined);
    return step;
  }

  async #syncStep(): Promise<void> {
    if (this.#closed || this.space.registry.isClosed) return;
    let client: pg.Client;
    try {
      client = await this.#connect();
    } catch (err) {
      await this.#offline(err);
      throw databaseError(err, this.target.url);
    }
    try {
      await this.#pushQueued(client);
      // A refused state leaves this machine on its last verified copy; the rest of the sync goes on.
      const refused = await this.#pullState(client).then(
        () => undefined,
        (err: unknown) => {
          if (isUnreachable(err) || !(err instanceof SwitchboardError)) throw err;
          return err;
        },
      );
      const clashing = await pushDirectory(client, this.space, this.machineId);
      await pullDirectory(client, this.space, this.machineId);
      await pushCountersAndAudit(client, this.space, this.machineId);
      await client.query(
        `INSERT INTO sb_machine (space_id, id, name, last_sync) VALUES ($1, $2, $3, now())
         ON CONFLICT (space_id, id) DO UPDATE SET name = excluded.name, last_sync = now()`,
        [this.space.id, this.machineId, (await getSync(this.space.registry, 'machine_name')) ?? this.machineId],
      );
      this.#wentOffline = false;
      await setSync(this.space.registry, 'offline_since', undefined);
      await setSync(this.space.registry, 'last_sync', this.space.now());
      if (refused) throw refused;
      await setSync(
        this.space.registry,
        'last_error',
        clashing.length ? `A profile on another machine is named ${clashing.map((n) => JSON.stringify(n)).join(', ')} too: rename this machine’s (switchboard tenant rename) to list it in the directory.` : undefined,
      );
    } catch (err) {
      if (isUnreachable(err)) {
        await this.#offline(err);
        throw databaseError(err, this.target.url);
      }
      if (!this.space.registry.isClosed) {
        await setSync(this.space.registry, 'last_error', err instanceof SwitchboardError ? err.message : databaseError(err, this.target.url).message);
      }
      throw err;
    }
  }

  async #trust(db: Db | Tx = this.space.registry): Promise<MachineTrust> {
    return { pinned: (await getSync(db, 'pinned_key')) ?? '', chain: linksIn(await getSync(db, 'chain')), applied: await syncNumber(db, 'applied:policy') };
  }

  /** Pull the newest signed state, verify it as this machine trusts the space, and apply it; a refused one leaves everything as it was. */
  async #pullState(client: pg.ClientBase): Promise<void> {
    const trust = await this.#trust();
    const { rows } = await client.query<{ record: string }>("SELECT record FROM sb_state WHERE space_id = $1 AND kind = 'policy'", [this.space.id]);
    const row = rows[0];
    if (!row) {
      if (trust.applied > 0) throw new SwitchboardError('POLICY_DENIED', 'The team database no longer holds the space’s signed policy (deleted there). This machine keeps working on its last verified copy until an admin saves the policy again.');
      return;
    }
    const verified = verifyPolicyRecord(this.space, row.record, trust);
    if (verified.version === trust.applied) {
      await setSync(this.space.registry, 'last_error', undefined);
      return;
    }
    const applied = await this.space.registry.transaction(async (tx) => {
      // Re-read inside the write lock: another process of this machine may have applied it meanwhile.
      if ((await syncNumber(tx, 'applied:policy')) >= verified.version) return undefined;
      const result = await applyPolicyRecord(this.space, tx, verified);
      await setSync(tx, 'applied:policy', verified.version);
      await setSync(tx, 'chain', JSON.stringify(mergeChains(trust.chain, verified.record.chain)));
      await setSync(tx, 'pinned_key', verified.signer);
      await setSync(tx, 'last_error', undefined);
      return result;
    });
    if (applied) await finishApply(this.space, applied);
  }

  /**
   * Lock the database's policy record for this transaction and say whether it holds a state newer
   * than `base` that this machine trusts. A record that fails verification (edited, foreign, rolled
   * back) or a missing one is not newer: an admin's save replaces it. The version column is never
   * trusted on its own, so editing it blocks nobody.
   */
  async #newerHead(client: pg.ClientBase, db: Db | Tx, base: number): Promise<{ newer: boolean; version: number }> {
    const { rows } = await client.query<{ record: string }>("SELECT record FROM sb_state WHERE space_id = $1 AND kind = 'policy' FOR UPDATE", [this.space.id]);
    if (!rows[0]) return { newer: false, version: 0 };
    try {
      const verified = verifyPolicyRecord(this.space, rows[0].record, { ...(await this.#trust(db)), applied: 0 });
      return { newer: verified.version > base, version: verified.version };
    } catch {
      return { newer: false, version: 0 };
    }
  }

  /** An admin change saved while offline: push it now if the database is still where it was, else say it was changed elsewhere. */
  async #pushQueued(client: pg.ClientBase): Promise<void> {
    const pendingRaw = await getSync(this.space.registry, 'pending:policy');
    if (pendingRaw === undefined) return;
    const base = Number(pendingRaw);
    await client.query('BEGIN');
    try {
      const head = await this.#newerHead(client, this.space.registry, base);
      const record = await collectPolicyRecord(this.space.registry);
      const version = recordVersion(record);
      if (!head.newer) {
        await client.query(UPSERT_STATE, [
          this.space.id,
          version,
          JSON.stringify(record),
          this.machineId,
        ]);
        await client.query('COMMIT');
        await this.space.registry.transaction(async (tx) => {
          await setSync(tx, 'applied:policy', version);
          await setSync(tx, 'pending:policy', undefined);
        });
        return;
      }
      await client.query('ROLLBACK');
      // Someone saved first: the change made offline is not pushed; the database's state is pulled next.
      await setSync(this.space.registry, 'pending:policy', undefined);
      await setSync(this.space.registry, 'conflict', `${CHANGED_ELSEWHERE} (A change saved here while offline was not published.)`);

    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  // --- admin changes ----------------------------------------------------------------------------

  async beginAdminChange(tx: Tx): Promise<SharedChange | undefined> {
    const queued = (): SharedChange => ({
      signed: async (t) => {
        // Offline: the change applies here now and is pushed when the database is back.
        if ((await getSync(t, 'pending:policy')) === undefined) await setSync(t, 'pending:policy', await syncNumber(t, 'applied:policy'));
      },
      abort: async () => {},
    });
    // A connection of its own: the sync's connection runs its own transactions, which must never
    // interleave with this one (a COMMIT of theirs would release this row lock early).
    const client = new pg.Client(clientConfig(this.target));
    client.on('error', () => undefined);
    const release = (): Promise<void> => client.end().catch(() => undefined);
    try {
      await client.connect();
    } catch (err) {
      await release();
      await this.#offline(err, tx).catch(() => undefined);
      return queued();
    }
    const applied = await syncNumber(tx, 'applied:policy');
    try {
      await client.query('BEGIN');
      const head = await this.#newerHead(client, tx, applied);
      if (head.newer) {
        await client.query('ROLLBACK');
        void this.syncNow().catch(() => undefined);
        throw new SwitchboardError('CONFLICT', CHANGED_ELSEWHERE, { current: head.version, applied });
      }
    } catch (err) {
      await release();
      if (err instanceof SwitchboardError) throw err;
      if (!isUnreachable(err)) throw databaseError(err, this.target.url);
      await this.#offline(err, tx).catch(() => undefined);
      return queued();
    }
    return {
      signed: async (t) => {
        try {
          const record = await collectPolicyRecord(t);
          const version = recordVersion(record);
          await client.query(UPSERT_STATE, [
            this.space.id,
            version,
            JSON.stringify(record),
            this.machineId,
          ]);
          await client.query('COMMIT');
          await setSync(t, 'applied:policy', version);
          await setSync(t, 'pending:policy', undefined);
          await setSync(t, 'conflict', undefined);
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (!isUnreachable(err)) throw databaseError(err, this.target.url);
          await this.#offline(err, t).catch(() => undefined);
          await queued().signed(t);
        } finally {
          await release();
        }
      },
      abort: async () => {
        await client.query('ROLLBACK').catch(() => undefined);
        await release();
      },
    };
  }

  directoryChanged(): void {
    if (this.options.live) void this.syncNow().catch(() => undefined);
  }

  // --- live mode --------------------------------------------------------------------------------

  #startLive(): void {
    const tick = (): void => {
      this.#timer = setTimeout(() => {
        void this.syncNow()
          .catch(() => undefined)
          .finally(() => {
            if (!this.#closed) tick();
          });
      }, this.options.pollMs ?? POLL_MS);
      this.#timer.unref();
    };
    tick();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.#timer) clearTimeout(this.#timer);
    // A last push of what this process added (profiles, counters, audit), bounded by the connect
    // timeout; not tried again when this process found the database unreachable (it would wait again).
    if (!this.#wentOffline) await this.syncNow().catch(() => undefined);
    this.#closed = true;
    await this.#queue;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }
}
