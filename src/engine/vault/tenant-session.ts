/**
 * A TenantSession is an unlocked vault: the only handle through which tenant data can be read
 * or changed. Everything it holds is cleared on lock, in one place (`lock`): the database handle
 * is closed, the data key is zeroed, and every piece of session state declared with
 * `sessionState(…)` is disposed of.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { SwitchboardError } from '../../shared/errors.js';
import { DEFAULT_AUTO_LOCK_MINUTES } from '../../shared/limits.js';
import type { Role } from '../../shared/model.js';
import type { Db } from '../db/sqlite.js';

export { DEFAULT_AUTO_LOCK_MINUTES };

/** Why a session locked: shown to the person ("locked after 15 idle minutes", "profile removed"). */
export type LockReason = 'manual' | 'idle' | 'system' | 'deleted' | 'shutdown' | 'switched' | 'revoked';

/**
 * State that belongs to one unlocked session and vanishes with it (clearOn: lock): caches,
 * buffers, timers, listeners. Declare it once at module level; `session.state(key)` makes it on
 * first use, and `lock()` disposes of it.
 */
export interface SessionStateKey<T> {
  readonly name: string;
  readonly init: (session: TenantSession) => T;
  readonly dispose?: (value: T) => void;
}

export function sessionState<T>(name: string, init: (session: TenantSession) => T, dispose?: (value: T) => void): SessionStateKey<T> {
  return { name, init, ...(dispose ? { dispose } : {}) };
}

/** The shape of a tenant's setup, as ids only: what the admin view may know of it. */
export interface TenantStatus {
  connectors: string[];
  reauth: string[];
  enabledActions: string[];
}

/** Work done in the background on a session's behalf (a change poller), which must not keep it awake. */
const background = new AsyncLocalStorage<true>();

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
  readonly #state = new Map<object, unknown>();

  #lastUsed: number;
  #autoLockMs: number;
  readonly #now: () => number;
  readonly #lockListeners = new Set<(reason: LockReason) => void>();
  readonly #changeListeners = new Set<(status: TenantStatus) => void>();
  /** Write-behind buffers (the activity log) that must reach the vault before a read of it or a lock. */
  readonly #flushers = new Set<() => void>();
  /** Last writes before the vault closes (pending approvals are cancelled). */
  readonly #beforeClose = new Set<() => void>();
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

  /** The space's clock (tests move it). */
  now(): number {
    return this.#now();
  }

  /** The vault handle, for engine modules. Counts as activity for the idle timer, except inside `quietly`. */
  vault(): Db {
    if (!this.#db) throw lockedError();
    if (!background.getStore()) this.#lastUsed = this.#now();
    return this.#db;
  }

  /** Run background work (a poller) whose reads of the vault do not count as the person's activity. */
  quietly<T>(fn: () => Promise<T>): Promise<T> {
    return background.run(true, fn);
  }

  /** How long since the session was last used (the idle timer's measure). */
  get idleMs(): number {
    return this.#now() - this.#lastUsed;
  }

  /** Run `fn` with the unwrapped data key (to wrap it anew). Never hand the key outward. */
  withDataKey<T>(fn: (key: Buffer) => T): T {
    if (!this.#dataKey) throw lockedError();
    return fn(this.#dataKey);
  }

  /** This session's value for `key`, made on first use; VAULT_LOCKED once locked. */
  state<T>(key: SessionStateKey<T>): T {
    if (!this.#db) throw lockedError();
    if (!this.#state.has(key)) this.#state.set(key, key.init(this));
    return this.#state.get(key) as T;
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

  /** Register a last write to queue when the vault locks, before it closes. */
  beforeClose(step: () => void): () => void {
    this.#beforeClose.add(step);
    return () => this.#beforeClose.delete(step);
  }

  /**
   * Say that this tenant's setup changed (connected, enabled, needs re-auth…), with its new shape:
   * the space publishes the shape for the admin view and tells its live views.
   */
  announceChange(status: TenantStatus): void {
    for (const listener of [...this.#changeListeners]) {
      try {
        listener(status);
      } catch {
        // A broken view must not fail the change.
      }
    }
  }

  onChange(listener: (status: TenantStatus) => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  onLock(listener: (reason: LockReason) => void): () => void {
    this.#lockListeners.add(listener);
    return () => this.#lockListeners.delete(listener);
  }

  /** Close the vault, zero the key, drop every piece of session state. Safe to call more than once. */
  lock(reason: LockReason = 'manual'): Promise<void> {
    if (this.#lockPromise) return this.#lockPromise;
    this.flushPending();
    this.#flushers.clear();
    for (const step of [...this.#beforeClose]) {
      try {
        step();
      } catch {
        // A last write that cannot be queued must not keep the vault from locking.
      }
    }
    this.#beforeClose.clear();
    const db = this.#db;
    this.#db = null;
    this.#dataKey?.fill(0);
    this.#dataKey = null;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    for (const [key, value] of this.#state) {
      try {
        (key as SessionStateKey<unknown>).dispose?.(value);
      } catch {
        // Disposing of a cache must not keep a vault open.
      }
    }
    this.#state.clear();
    this.#changeListeners.clear();
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
