/**
 * A TenantSession is an unlocked vault: the only handle through which tenant data can be read
 * or changed. Everything it holds is cleared on lock (clearOn: lock): the database handle is
 * closed and the data key is zeroed.
 */
import { SwitchboardError } from '../../shared/errors.js';
import type { Role } from '../../shared/model.js';
import type { Db } from '../db/sqlite.js';

export type LockReason = 'manual' | 'idle' | 'system' | 'deleted' | 'shutdown';

export const DEFAULT_AUTO_LOCK_MINUTES = 15;

export interface SessionInit {
  spaceId: string;
  tenantId: string;
  name: string;
  role: Role;
  db: Db;
  dataKey: Buffer;
  autoLockMinutes: number;
  now: () => number;
}

export class TenantSession {
  readonly spaceId: string;
  readonly tenantId: string;
  /** The name and role when unlocked; checks that matter re-read the registry. */
  readonly name: string;
  readonly role: Role;

  // clearOn: lock
  #db: Db | null;
  #dataKey: Buffer | null;
  #timer: NodeJS.Timeout | null = null;

  #lastUsed: number;
  #autoLockMs: number;
  readonly #now: () => number;
  readonly #lockListeners = new Set<(reason: LockReason) => void>();
  /** Write-behind buffers (the activity log) that must reach the vault before a read of it or a lock. */
  readonly #flushers = new Set<() => void>();
  #lockPromise: Promise<void> | null = null;

  constructor(init: SessionInit) {
    this.spaceId = init.spaceId;
    this.tenantId = init.tenantId;
    this.name = init.name;
    this.role = init.role;
    this.#db = init.db;
    this.#dataKey = init.dataKey;
    this.#now = init.now;
    this.#lastUsed = init.now();
    this.#autoLockMs = init.autoLockMinutes * 60_000;
    this.#schedule();
  }

  get locked(): boolean {
    return this.#db === null;
  }

  /** The vault handle, for engine modules. Counts as activity for the idle timer. */
  vault(): Db {
    if (!this.#db) throw lockedError();
    this.#lastUsed = this.#now();
    return this.#db;
  }

  /** Run `fn` with the unwrapped data key (to wrap it anew). Never hand the key outward. */
  withDataKey<T>(fn: (key: Buffer) => T): T {
    if (!this.#dataKey) throw lockedError();
    return fn(this.#dataKey);
  }

  get autoLockMinutes(): number {
    return this.#autoLockMs / 60_000;
  }

  setAutoLockMinutes(minutes: number): void {
    this.#autoLockMs = minutes * 60_000;
    this.#schedule();
  }

  /** Register a write-behind buffer; `flushPending()` and `lock()` drain it while the vault is open. */
  addFlusher(flush: () => void): () => void {
    this.#flushers.add(flush);
    return () => this.#flushers.delete(flush);
  }

  /** Hand every buffered write to the vault now (they run before any later statement). */
  flushPending(): void {
    if (!this.#db) return;
    for (const flush of [...this.#flushers]) {
      try {
        flush();
      } catch {
        // A buffer that cannot flush must not keep the vault from locking.
      }
    }
  }

  onLock(listener: (reason: LockReason) => void): () => void {
    this.#lockListeners.add(listener);
    return () => this.#lockListeners.delete(listener);
  }

  /** Close the vault and zero the key. Safe to call more than once. */
  lock(reason: LockReason = 'manual'): Promise<void> {
    if (this.#lockPromise) return this.#lockPromise;
    this.flushPending();
    this.#flushers.clear();
    const db = this.#db;
    this.#db = null;
    this.#dataKey?.fill(0);
    this.#dataKey = null;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#lockPromise = (async () => {
      await db?.close().catch(() => undefined);
      for (const listener of this.#lockListeners) {
        try {
          listener(reason);
        } catch {
          // A listener's failure must not keep a vault open.
        }
      }
      this.#lockListeners.clear();
    })();
    return this.#lockPromise;
  }

  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (!this.#db || this.#autoLockMs <= 0) return;
    const due = this.#lastUsed + this.#autoLockMs - this.#now();
    this.#timer = setTimeout(() => {
      if (this.#now() - this.#lastUsed >= this.#autoLockMs) void this.lock('idle');
      else this.#schedule();
    }, Math.max(due, 0));
    this.#timer.unref();
  }
}

function lockedError(): SwitchboardError {
  return new SwitchboardError('VAULT_LOCKED', 'This profile is locked. Unlock it with its passphrase to continue.');
}
