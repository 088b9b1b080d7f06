/**
 * A bound on open database connections (vaults): each costs three file descriptors (the file,
 * its WAL and shared-memory index) and a page cache. When more than `max` are open, the least
 * recently used idle ones are closed; each reopens on its next use, synchronously and in well
 * under a millisecond (a raw SQLCipher key needs no KDF). Sessions stay unlocked throughout: the
 * key stays in the session, only the file handles go. A connection busy in a transaction or with
 * queued work is never closed.
 */
/** What the pool holds: a connection it may close while idle (a `Db`). */
export interface Pooled {
  readonly isOpen: boolean;
  /** Close now if idle; true if closed. */
  release(): boolean;
}

export const DEFAULT_MAX_OPEN_VAULTS = 1024;

export class HandlePool {
  /** Open handles, least recently used first. */
  readonly #open = new Map<Pooled, true>();
  #last: Pooled | null = null;

  constructor(readonly max: number) {}

  /** `db` was used: it becomes the most recently used. */
  touch(db: Pooled): void {
    if (this.#last === db) return;
    this.#open.delete(db);
    this.#open.set(db, true);
    this.#last = db;
  }

  /** `db` opened (or reopened): keep it, closing the least recently used idle ones above the bound. */
  admit(db: Pooled): void {
    this.touch(db);
    if (this.#open.size <= this.max) return;
    for (const candidate of this.#open.keys()) {
      if (this.#open.size <= this.max) break;
      if (candidate === db) continue;
      if (!candidate.isOpen || candidate.release()) this.#open.delete(candidate);
    }
  }

  forget(db: Pooled): void {
    this.#open.delete(db);
    if (this.#last === db) this.#last = null;
  }

  get openCount(): number {
    return this.#open.size;
  }
}

function maxFromEnv(): number {
  const n = Number(process.env.SWITCHBOARD_MAX_OPEN_VAULTS);
  return Number.isSafeInteger(n) && n >= 4 ? n : DEFAULT_MAX_OPEN_VAULTS;
}

/** The process's pool of vault connections (`SWITCHBOARD_MAX_OPEN_VAULTS`, default 1024). */
export const VAULT_POOL = new HandlePool(maxFromEnv());
