/**
 * A space: its registry handle, its catalog, its tenants, and the sessions this process has
 * unlocked in it. There is one Space per space id per process (Home caches it), so every window,
 * the CLI's command and the MCP gateway of a process see the same sessions and hear the same
 * changes. Tenant operations live in tenants.ts and unlock.ts; who may call them is decided in
 * the operations layer (src/engine/ops), which alone calls `requireAdmin` (access.ts).
 */
import { EventEmitter } from 'node:events';
import { SwitchboardError } from '../../shared/errors.js';
import { isRole, type Role, type SpaceSummary, type TenantSummary } from '../../shared/model.js';
import { nameKey } from '../../shared/validation.js';
import { builtinCatalog, type Catalog } from '../connectors/catalog.js';
import type { Db } from '../db/sqlite.js';
import type { RouterOptions } from '../net/call-limits.js';
import { DEFAULT_SCRYPT_COST, type ScryptCost } from '../vault/vault-keys.js';
import type { LockReason, TenantSession } from '../vault/tenant-session.js';
import { isWellFormedId } from './ids.js';
import { registryFile, vaultFile } from './paths.js';
import { openRegistry, type TenantRow } from './registry.js';
import type { SharedState } from './shared-state.js';
import { publishTenantStatus, UsagePublisher } from './usage.js';

export interface EngineOptions {
  /** The clock (epoch ms); tests move it to cross a lockout or an idle timeout. */
  now?: () => number;
  /** scrypt cost for new passphrase wraps. Lower only in tests and benchmarks that do not measure the KDF. */
  scryptCost?: ScryptCost;
  /** Limits of the space's router (tests and benchmarks lower them). */
  router?: RouterOptions;
  /** Another catalog than the built-in one (benchmarks with synthetic connectors). */
  catalog?: Catalog;
  /** Link a space to its shared database when it is a team space (src/engine/team's `teamSpaces`). */
  shared?: (space: Space) => Promise<SharedState | undefined>;
  /** A long-running host (the app, serve, MCP): a space joined here syncs live. */
  liveTeamSync?: boolean;
}

/**
 * What changed, for live views (MCP tool lists, UI switches) in this process. Changes made by
 * another process are found by the views' own periodic check.
 */
export type SpaceChange = { kind: 'tenant'; tenantId: string } | { kind: 'space' };

export class Space {
  readonly now: () => number;
  readonly scryptCost: ScryptCost;
  readonly #sessions = new Set<TenantSession>();
  /** Counters for the admin view, flushed every few seconds and on close. */
  readonly usage: UsagePublisher;
  readonly #changes = new EventEmitter().setMaxListeners(0);
  readonly #onClose: () => void;
  #closed = false;
  /** The shared database of a team space (published or joined); undefined for a space of this machine alone. */
  team: SharedState | undefined;

  private constructor(
    readonly home: string,
    readonly id: string,
    readonly registry: Db,
    readonly options: EngineOptions,
    onClose: () => void,
  ) {
    this.now = options.now ?? Date.now;
    this.scryptCost = options.scryptCost ?? DEFAULT_SCRYPT_COST;
    this.usage = new UsagePublisher(registry, this.now);
    this.#onClose = onClose;
  }

  /** Open a space's registry. Use `Home.openSpace`, which keeps one Space per id. */
  static async open(home: string, id: string, options: EngineOptions = {}, { create = false, onClose = () => {} } = {}): Promise<Space> {
    if (!isWellFormedId(id, 'sp_')) throw new SwitchboardError('NOT_FOUND', `There is no space with id ${JSON.stringify(id)}.`);
    const registry = await openRegistry(registryFile(home, id), { create });
    const space = new Space(home, id, registry, options, onClose);
    try {
      space.team = await options.shared?.(space);
    } catch (err) {
      await registry.close().catch(() => undefined);
      throw err;
    }
    return space;
  }

  /** The built-in connectors (or the options' catalog: benchmarks with synthetic connectors). */
  get baseCatalog(): Catalog {
    return this.options.catalog ?? builtinCatalog();
  }

  /** The catalog the registry's signed state last gave (custom connectors included), for labels only; decisions use `catalogFor(space, session)`. */
  lastCatalog: Catalog | undefined;

  /** The connectors every profile of this space shares, as last verified: for labels. What a session may act on is `catalogFor`. */
  get catalog(): Catalog {
    return this.lastCatalog ?? this.baseCatalog;
  }

  get closed(): boolean {
    return this.#closed;
  }

  async info(): Promise<SpaceSummary> {
    const row = await this.registry.get<{ id: string; name: string; created_at: number }>(
      'SELECT id, name, created_at FROM space LIMIT 1',
    );
    if (!row) throw new SwitchboardError('VAULT_CORRUPT', `The registry of space ${this.id} has no space record.`);
    return { id: row.id, name: row.name, createdAt: new Date(row.created_at).toISOString() };
  }

  async tenantCount(): Promise<number> {
    return (await this.registry.get<{ n: number }>('SELECT count(*) AS n FROM tenant'))?.n ?? 0;
  }

  async listTenants(): Promise<TenantSummary[]> {
    const rows = await this.registry.all<Pick<TenantRow, 'id' | 'name' | 'role' | 'created_at'>>(
      'SELECT id, name, role, created_at FROM tenant ORDER BY name_key',
    );
    return rows.map(toSummary);
  }

  /** The tenant named `ref` (case-insensitive) or with id `ref`; NOT_FOUND otherwise. */
  async tenantRow(ref: unknown): Promise<TenantRow> {
    if (typeof ref !== 'string' || ref.length === 0 || ref.length > 256) {
      throw new SwitchboardError('INVALID_INPUT', 'Name the profile by its name or id.');
    }
    const row = isWellFormedId(ref, 'tn_')
      ? await this.registry.get<TenantRow>('SELECT * FROM tenant WHERE id = ?', [ref])
      : await this.registry.get<TenantRow>('SELECT * FROM tenant WHERE name_key = ?', [nameKey(ref)]);
    if (!row || !isWellFormedId(row.id, 'tn_') || !isRole(row.role)) {
      throw new SwitchboardError(
        'NOT_FOUND',
        `There is no profile ${JSON.stringify(ref)} in this space. List the profiles with \`switchboard tenant list\`.`,
      );
    }
    return row;
  }

  async findTenant(ref: unknown): Promise<TenantSummary> {
    return toSummary(await this.tenantRow(ref));
  }

  /** The role the registry holds now for this session's tenant (a role change applies at once). */
  async liveRole(session: TenantSession): Promise<Role> {
    if (session.locked) throw new SwitchboardError('VAULT_LOCKED', 'This profile is locked. Unlock it to continue.');
    if (session.spaceId !== this.id) throw new SwitchboardError('POLICY_DENIED', 'That profile belongs to another space.');
    const row = await this.registry.get<{ role: string }>('SELECT role FROM tenant WHERE id = ?', [session.tenantId]);
    if (!row || !isRole(row.role)) {
      await this.lockTenant(session.tenantId, 'deleted');
      throw new SwitchboardError('VAULT_LOCKED', 'This profile no longer exists in this space.');
    }
    return row.role;
  }

  vaultPath(tenantId: string): string {
    if (!isWellFormedId(tenantId, 'tn_')) throw new SwitchboardError('VAULT_CORRUPT', 'A profile id in the registry is malformed.');
    return vaultFile(this.home, this.id, tenantId);
  }

  /** Remember a session so closing the space (or deleting the tenant) locks it, and hear of its changes. */
  track(session: TenantSession): void {
    if (this.#closed) {
      void session.lock('shutdown');
      throw new SwitchboardError('VAULT_LOCKED', 'This space is closing.');
    }
    this.#sessions.add(session);
    session.onLock(() => this.#sessions.delete(session));
    session.onChange((status) => {
      void publishTenantStatus(this.registry, session.tenantId, status, this.now()).catch(() => undefined);
      this.announce({ kind: 'tenant', tenantId: session.tenantId });
    });
  }

  get openSessions(): readonly TenantSession[] {
    return [...this.#sessions];
  }

  /** Tell this process's live views that what tenants may call changed. */
  announce(change: SpaceChange): void {
    this.#changes.emit('change', change);
  }

  onChange(listener: (change: SpaceChange) => void): () => void {
    this.#changes.on('change', listener);
    return () => this.#changes.off('change', listener);
  }

  /** Lock every session of one tenant in this process (deleted, demoted, revoked). */
  async lockTenant(tenantId: string, reason: LockReason): Promise<void> {
    await Promise.all(this.openSessions.filter((s) => s.tenantId === tenantId).map((s) => s.lock(reason)));
  }

  /** Lock every session of this space (OS sleep, screen lock, quit). */
  async lockAll(reason: LockReason = 'system'): Promise<void> {
    await Promise.all(this.openSessions.map((s) => s.lock(reason)));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#onClose();
    await this.lockAll('shutdown');
    await this.usage.flush();
    await this.team?.close().catch(() => undefined);
    this.#changes.removeAllListeners();
    await this.registry.close();
  }
}

export function toSummary(row: Pick<TenantRow, 'id' | 'name' | 'role' | 'created_at'>): TenantSummary {
  return { id: row.id, name: row.name, role: row.role as Role, createdAt: new Date(row.created_at).toISOString() };
}
