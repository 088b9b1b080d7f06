/**
 * A space: its registry handle, its tenants, and the sessions this process has unlocked in it.
 * Tenant operations live in tenants.ts (create, rename, role, delete) and unlock.ts (unlock,
 * recovery, passphrase change); this class is the handle they share.
 */
import { SwitchboardError } from '../../shared/errors.js';
import { isRole, type Role, type SpaceSummary, type TenantSummary } from '../../shared/model.js';
import { nameKey, normalizeName } from '../../shared/validation.js';
import type { Db } from '../db/sqlite.js';
import { registryFile, vaultFile } from '../home.js';
import { isWellFormedId } from '../ids.js';
import { DEFAULT_SCRYPT_COST, type ScryptCost } from '../vault/vault-keys.js';
import type { TenantSession } from '../vault/tenant-session.js';
import { onConfigChange } from '../config-events.js';
import { appendAudit } from './audit.js';
import { assertPolicyIntact, holdsSigningKey, policyIntact } from './policy-signing.js';
import { openRegistry, type TenantRow } from './registry.js';
import { publishTenantStatus, UsagePublisher } from './usage.js';

export interface EngineOptions {
  /** The clock (epoch ms); tests move it to cross a lockout or an idle timeout. */
  now?: () => number;
  /** scrypt cost for new passphrase wraps. Lower only in tests and benchmarks that do not measure the KDF. */
  scryptCost?: ScryptCost;
}

export class Space {
  readonly now: () => number;
  readonly scryptCost: ScryptCost;
  readonly #sessions = new Set<TenantSession>();
  /** Counters for the admin view, flushed every few seconds and on close. */
  readonly usage: UsagePublisher;
  readonly #offConfig: () => void;
  #closed = false;

  private constructor(
    readonly home: string,
    readonly id: string,
    readonly registry: Db,
    options: EngineOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.scryptCost = options.scryptCost ?? DEFAULT_SCRYPT_COST;
    this.usage = new UsagePublisher(registry);
    // When a tenant's setup changes in this process, publish its new shape for the admin view.
    this.#offConfig = onConfigChange((change) => {
      if (change.spaceId !== this.id || change.kind !== 'tenant') return;
      for (const session of this.openSessions) if (session.tenantId === change.tenantId) void this.publishStatus(session);
    });
  }

  /** Publish a session's setup (ids and counts) to the registry; never fails the caller. */
  async publishStatus(session: TenantSession): Promise<void> {
    await publishTenantStatus(this.registry, session, this.now()).catch(() => undefined);
  }

  static async open(home: string, id: string, options: EngineOptions = {}, { create = false } = {}): Promise<Space> {
    if (!isWellFormedId(id, 'sp_')) throw new SwitchboardError('NOT_FOUND', `There is no space with id ${JSON.stringify(id)}.`);
    const registry = await openRegistry(registryFile(home, id), { create });
    return new Space(home, id, registry, options);
  }

  async info(): Promise<SpaceSummary> {
    const row = await this.registry.get<{ id: string; name: string; created_at: number }>(
      'SELECT id, name, created_at FROM space LIMIT 1',
    );
    if (!row) throw new SwitchboardError('VAULT_CORRUPT', `The registry of space ${this.id} has no space record.`);
    return { id: row.id, name: row.name, createdAt: new Date(row.created_at).toISOString() };
  }

  /** Rename the space. Once it has profiles, only an admin may. */
  async rename(actor: TenantSession | null, rawName: unknown): Promise<SpaceSummary> {
    const name = normalizeName(rawName, 'space');
    const tenants = await this.registry.get<{ n: number }>('SELECT count(*) AS n FROM tenant');
    if ((tenants?.n ?? 0) > 0) await this.requireAdmin(actor);
    await this.registry.transaction(async (tx) => {
      await tx.run('UPDATE space SET name = ?', [name]);
      if (actor) await appendAudit(tx, this, actor, 'space.rename', { name });
    });
    return this.info();
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
      await session.lock('deleted');
      throw new SwitchboardError('VAULT_LOCKED', 'This profile no longer exists in this space.');
    }
    return row.role;
  }

  async requireAdmin(actor: TenantSession | null): Promise<TenantSession> {
    if (!actor || (await this.liveRole(actor)) !== 'admin') {
      throw new SwitchboardError('POLICY_DENIED', 'Only an admin of this space can do that. Ask an admin, or unlock an admin profile.');
    }
    // A role edited into the registry by hand fails the policy signature; a real admin (who holds
    // the signing key) may still act, to review and re-save a tampered policy.
    if (!(await policyIntact(this, actor)) && !(await holdsSigningKey(this, actor))) await assertPolicyIntact(this, actor);
    return actor;
  }

  vaultPath(tenantId: string): string {
    if (!isWellFormedId(tenantId, 'tn_')) throw new SwitchboardError('VAULT_CORRUPT', 'A profile id in the registry is malformed.');
    return vaultFile(this.home, this.id, tenantId);
  }

  /** Remember a session so closing the space (or deleting the tenant) locks it. */
  track(session: TenantSession): void {
    if (this.#closed) {
      void session.lock('shutdown');
      throw new SwitchboardError('VAULT_LOCKED', 'This space is closing.');
    }
    this.#sessions.add(session);
    session.onLock(() => this.#sessions.delete(session));
    void this.publishStatus(session);
  }

  get openSessions(): readonly TenantSession[] {
    return [...this.#sessions];
  }

  async lockTenant(tenantId: string, reason: Parameters<TenantSession['lock']>[0]): Promise<void> {
    await Promise.all(this.openSessions.filter((s) => s.tenantId === tenantId).map((s) => s.lock(reason)));
  }

  /** Lock every session of this space (OS sleep, screen lock, quit). */
  async lockAll(reason: Parameters<TenantSession['lock']>[0] = 'system'): Promise<void> {
    await Promise.all(this.openSessions.map((s) => s.lock(reason)));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#offConfig();
    await this.lockAll('shutdown');
    await this.usage.flush();
    await this.registry.close();
  }
}

export function toSummary(row: Pick<TenantRow, 'id' | 'name' | 'role' | 'created_at'>): TenantSummary {
  return { id: row.id, name: row.name, role: row.role as Role, createdAt: new Date(row.created_at).toISOString() };
}
