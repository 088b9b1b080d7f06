/**
 * The one database wrapper: better-sqlite3-multiple-ciphers (SQLite3MultipleCiphers), used in
 * SQLCipher 4 mode for vaults and as plain SQLite for registries.
 *
 * The driver is synchronous (a read costs microseconds, not a thread-pool round trip); the
 * wrapper keeps an async interface so a transaction body may await, and queues work per
 * handle so nothing runs inside another caller's open transaction.
 *
 * A write that finds the database locked by another connection waits *asynchronously* and tries
 * again (up to the busy timeout), instead of SQLite's own busy handler, which sleeps inside the
 * call: that would freeze the event loop, and with it a transaction of another connection in the
 * same process that is awaiting between its statements, until the timeout expired.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { SwitchboardError } from '../../shared/errors.js';
import type { HandlePool } from './handle-pool.js';

export type SqlValue = string | number | bigint | Buffer | null;
export type SqlParams = readonly SqlValue[] | Record<string, SqlValue>;

export interface RunResult {
  changes: number;
  lastID: number;
}

export interface OpenOptions {
  /** Create the file if it does not exist (default: the file must already exist). */
  create?: boolean;
  readOnly?: boolean;
  /** Milliseconds to wait on a lock held by another connection or process. */
  busyTimeoutMs?: number;
}

/** The primary SQLite result code of a driver error ("SQLITE_CONSTRAINT" for "SQLITE_CONSTRAINT_UNIQUE"). */
export function sqliteCode(err: unknown): string | undefined {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  return code.split('_').slice(0, 2).join('_');
}

type Statement = Database.Statement<unknown[], unknown>;

export class Db {
  private queue: Promise<unknown> = Promise.resolve();
  /** Queued steps and transactions not finished yet. */
  private pending = 0;
  private closed = false;
  private readonly statements = new Map<string, Statement>();
  /** The open connection; null while the handle pool has it closed (it reopens on the next use). */
  #raw: Database.Database | null;
  #pooled: { pool: HandlePool; reopen: () => Database.Database } | null = null;

  private constructor(
    raw: Database.Database,
    readonly file: string,
    private readonly busyTimeoutMs: number,
  ) {
    this.#raw = raw;
  }

  /** The connection, reopened (synchronously, well under a millisecond) if the pool closed it. */
  private get raw(): Database.Database {
    const pooled = this.#pooled;
    if (this.#raw) {
      pooled?.pool.touch(this);
      return this.#raw;
    }
    if (this.closed || !pooled) throw new SwitchboardError('VAULT_LOCKED', 'This database is closed: unlock the profile again.');
    this.#raw = pooled.reopen();
    pooled.pool.admit(this);
    return this.#raw;
  }

  /**
   * Let `pool` close this connection while it is idle, to bound open files and memory by the
   * pool's size rather than the number of unlocked profiles; `reopen` opens and keys a new one.
   */
  releasable(pool: HandlePool, reopen: () => Database.Database): void {
    this.#pooled = { pool, reopen };
    pool.admit(this);
  }

  /** Close the connection now if nothing is queued or in a transaction on it (the pool's eviction); true if closed. */
  release(): boolean {
    const raw = this.#raw;
    if (!raw || this.pending > 0 || raw.inTransaction) return false;
    this.statements.clear();
    raw.close();
    this.#raw = null;
    return true;
  }

  /** Whether the connection is open now (the pool may have closed it; it reopens on use). */
  get isOpen(): boolean {
    return this.#raw !== null;
  }

  static async open(file: string, options: OpenOptions = {}): Promise<Db> {
    const raw = new Database(file, {
      fileMustExist: !options.create,
      readonly: options.readOnly === true,
      timeout: 0,
    });
    return new Db(raw, file, options.busyTimeoutMs ?? 5000);
  }

  /**
   * Key the connection as a SQLCipher 4 database with a raw 256-bit key (no KDF). Must come
   * before the first read.
   */
  keyRaw(key: Buffer): void {
    this.raw.pragma(`cipher = 'sqlcipher'`);
    this.raw.pragma('legacy = 4');
    this.raw.pragma(`key = "x'${key.toString('hex')}'"`);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private prepared(sql: string): Statement {
    const raw = this.raw; // also marks this connection most recently used in the pool
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = raw.prepare(sql);
      if (this.statements.size > 200) this.statements.clear();
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private bind(params: SqlParams | undefined): unknown[] {
    if (params === undefined) return [];
    return Array.isArray(params) ? [...params] : [params];
  }

  private rawRun(sql: string, params?: SqlParams): RunResult {
    const result = this.prepared(sql).run(...this.bind(params));
    return { changes: result.changes, lastID: Number(result.lastInsertRowid) };
  }

  private rawGet<T>(sql: string, params?: SqlParams): T | undefined {
    return this.prepared(sql).get(...this.bind(params)) as T | undefined;
  }

  private rawAll<T>(sql: string, params?: SqlParams): T[] {
    return this.prepared(sql).all(...this.bind(params)) as T[];
  }

  private rawExec(sql: string): void {
    this.raw.exec(sql);
  }

  private assertOpen(): void {
    if (this.closed) throw new SwitchboardError('VAULT_LOCKED', 'This database is closed: unlock the profile again.');
  }

  /**
   * Run a synchronous step now when nothing is queued (the common case: no awaiting, no
   * thread hop), or after the queued work otherwise.
   */
  private step<T>(fn: () => T): Promise<T> {
    if (this.pending > 0) return this.enqueue(() => this.whenFree(fn));
    try {
      this.assertOpen();
      return Promise.resolve(fn());
    } catch (err) {
      if (isBusy(err)) return this.enqueue(() => this.whenFree(fn));
      return Promise.reject(err);
    }
  }

  /** Run `fn`; while another connection holds the lock, wait (without blocking) and retry, up to the busy timeout. */
  private async whenFree<T>(fn: () => T): Promise<T> {
    const deadline = performance.now() + this.busyTimeoutMs;
    for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
      try {
        return fn();
      } catch (err) {
        if (!isBusy(err) || performance.now() + delay > deadline) throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /** Queue `fn` behind earlier work. Work accepted before close() still runs before the handle closes. */
  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    try {
      this.assertOpen();
    } catch (err) {
      return Promise.reject(err);
    }
    this.pending++;
    const run = async (): Promise<T> => {
      try {
        return await fn();
      } finally {
        this.pending--;
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  run(sql: string, params?: SqlParams): Promise<RunResult> {
    return this.step(() => this.rawRun(sql, params));
  }

  get<T>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return this.step(() => this.rawGet<T>(sql, params));
  }

  all<T>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.step(() => this.rawAll<T>(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.step(() => this.rawExec(sql));
  }

  /**
   * Run `fn` inside one transaction on this handle; nothing else on the handle runs meanwhile.
   * `immediate` takes the write lock up front, so two processes serialise instead of deadlocking.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>, { immediate = true } = {}): Promise<T> {
    return this.enqueue(async () => {
      await this.whenFree(() => this.rawExec(immediate ? 'BEGIN IMMEDIATE' : 'BEGIN'));
      const tx: Tx = {
        run: async (sql, params) => this.rawRun(sql, params),
        get: async (sql, params) => this.rawGet(sql, params),
        all: async (sql, params) => this.rawAll(sql, params),
        exec: async (sql) => this.rawExec(sql),
      };
      try {
        const result = await fn(tx);
        this.rawExec('COMMIT');
        return result;
      } catch (err) {
        if (this.raw.inTransaction) this.rawExec('ROLLBACK');
        throw err;
      }
    });
  }

  /** Close the connection once everything queued has finished. Safe to call twice. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    const done = this.queue.then(() => {
      this.statements.clear();
      this.#raw?.close();
      this.#raw = null;
      this.#pooled?.pool.forget(this);
    });
    this.closed = true;
    return done;
  }
}

function isBusy(err: unknown): boolean {
  const code = sqliteCode(err);
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** The statements a transaction body may run. */
export interface Tx {
  run(sql: string, params?: SqlParams): Promise<RunResult>;
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  exec(sql: string): Promise<void>;
}
