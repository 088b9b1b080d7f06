/**
 * A small promise wrapper around @journeyapps/sqlcipher (a node-sqlite3 fork linked with SQLCipher).
 *
 * One `Db` owns one connection. Statements and transactions on it are queued in order, so a
 * transaction never interleaves with another caller's statements on the same handle.
 */
import sqlite3 from '@journeyapps/sqlcipher';
import { SwitchboardError } from '../../shared/errors.js';

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

interface SqliteError extends Error {
  code?: string;
  errno?: number;
}

/** The sqlite error code ("SQLITE_BUSY", …) of a driver error, if any. */
export function sqliteCode(err: unknown): string | undefined {
  if (err instanceof Error && typeof (err as SqliteError).code === 'string') return (err as SqliteError).code;
  return undefined;
}

export class Db {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly raw: sqlite3.Database,
    readonly file: string,
  ) {}

  static open(file: string, options: OpenOptions = {}): Promise<Db> {
    const mode =
      (options.readOnly ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE) |
      (options.create && !options.readOnly ? sqlite3.OPEN_CREATE : 0);
    return new Promise((resolve, reject) => {
      const raw = new sqlite3.Database(file, mode, (err) => {
        if (err) {
          reject(err);
          return;
        }
        raw.configure('busyTimeout', options.busyTimeoutMs ?? 5000);
        resolve(new Db(raw, file));
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Queue `fn` after everything already queued on this handle. */
  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) {
      return Promise.reject(new SwitchboardError('VAULT_LOCKED', 'This database is closed: unlock the profile again.'));
    }
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private rawRun(sql: string, params: SqlParams = []): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      this.raw.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve({ changes: this.changes, lastID: this.lastID });
      });
    });
  }

  private rawGet<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.raw.get(sql, params, (err: Error | null, row: T | undefined) => {
        if (err) reject(err);
        else resolve(row);
      });
    });
  }

  private rawAll<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.raw.all(sql, params, (err: Error | null, rows: T[]) => {
        if (err) reject(err);
        else resolve(rows);
      });
    });
  }

  private rawExec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.raw.exec(sql, (err: Error | null) => {
        if (err) reject(err);
        else resolve();
      });
    });
  }

  run(sql: string, params?: SqlParams): Promise<RunResult> {
    return this.enqueue(() => this.rawRun(sql, params));
  }

  get<T>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return this.enqueue(() => this.rawGet<T>(sql, params));
  }

  all<T>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.enqueue(() => this.rawAll<T>(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.enqueue(() => this.rawExec(sql));
  }

  /**
   * Run `fn` inside one transaction on this handle; nothing else on the handle runs meanwhile.
   * `immediate` takes the write lock up front, so two processes serialise instead of deadlocking.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>, { immediate = true } = {}): Promise<T> {
    return this.enqueue(async () => {
      await this.rawExec(immediate ? 'BEGIN IMMEDIATE' : 'BEGIN');
      const tx: Tx = {
        run: (sql, params) => this.rawRun(sql, params),
        get: (sql, params) => this.rawGet(sql, params),
        all: (sql, params) => this.rawAll(sql, params),
        exec: (sql) => this.rawExec(sql),
      };
      try {
        const result = await fn(tx);
        await this.rawExec('COMMIT');
        return result;
      } catch (err) {
        await this.rawExec('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  /** Close the connection once everything queued has finished. Safe to call twice. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    const done = this.queue.then(
      () =>
        new Promise<void>((resolve, reject) => {
          this.raw.close((err) => (err ? reject(err) : resolve()));
        }),
    );
    this.closed = true;
    return done;
  }
}

/** The statements a transaction body may run. */
export interface Tx {
  run(sql: string, params?: SqlParams): Promise<RunResult>;
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  exec(sql: string): Promise<void>;
}
