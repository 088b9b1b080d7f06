/**
 * The non-secret figures each tenant's sessions publish to the registry for the admin view:
 * calls, errors and latency per connector and hour, and the shape of each tenant's setup
 * (connector ids, enabled action ids, which need re-auth). Counts are batched and written every
 * few seconds in one transaction (the registry syncs every commit to disk).
 */
import type { Db } from '../db/sqlite.js';
import type { TenantStatus } from '../vault/tenant-session.js';

const HOUR = 3_600_000;

interface Bucket {
  tenantId: string;
  hour: number;
  connectorId: string;
  calls: number;
  errors: number;
  totalMs: number;
  approvals: number;
  denials: number;
  lastAt: number;
}

export class UsagePublisher {
  readonly #buckets = new Map<string, Bucket>();
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly registry: Db,
    private readonly flushMs = 5000,
  ) {}

  /** Count one call; `approval` says how an approval it waited for ended, when it waited for one. */
  record(tenantId: string, connectorId: string, at: number, ok: boolean, durationMs: number, approval?: string): void {
    const hour = Math.floor(at / HOUR);
    const key = `${tenantId}|${hour}|${connectorId}`;
    let bucket = this.#buckets.get(key);
    if (!bucket) this.#buckets.set(key, (bucket = { tenantId, hour, connectorId, calls: 0, errors: 0, totalMs: 0, approvals: 0, denials: 0, lastAt: at }));
    bucket.calls++;
    if (!ok) bucket.errors++;
    if (approval === 'approved') bucket.approvals++;
    if (approval === 'denied') bucket.denials++;
    bucket.totalMs += Math.max(0, Math.round(durationMs));
    bucket.lastAt = Math.max(bucket.lastAt, at);
    if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), this.flushMs);
      this.#timer.unref();
    }
  }

  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#buckets.size === 0 || this.registry.isClosed) return;
    const buckets = [...this.#buckets.values()];
    this.#buckets.clear();
    await this.registry
      .transaction(async (tx) => {
        const lastActive = new Map<string, number>();
        for (const b of buckets) {
          for (const [table, column, value] of [
            ['usage_hourly', 'hour', b.hour],
            ['usage_daily', 'day', Math.floor(b.hour / 24)],
          ] as const) {
            await tx.run(
              `INSERT INTO ${table} (tenant_id, ${column}, connector_id, calls, errors, total_ms, approvals, denials)
               SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM tenant WHERE id = ?)
               ON CONFLICT (tenant_id, ${column}, connector_id) DO UPDATE SET calls = calls + excluded.calls,
                 errors = errors + excluded.errors, total_ms = total_ms + excluded.total_ms,
                 approvals = approvals + excluded.approvals, denials = denials + excluded.denials`,
              [b.tenantId, value, b.connectorId, b.calls, b.errors, b.totalMs, b.approvals, b.denials, b.tenantId],
            );
          }
          lastActive.set(b.tenantId, Math.max(lastActive.get(b.tenantId) ?? 0, b.lastAt));
        }
        // Hourly rows serve the last 24 hours only; daily rows serve a year.
        const newest = Math.max(...buckets.map((b) => b.hour));
        await tx.run('DELETE FROM usage_hourly WHERE hour < ?', [newest - 48]);
        await tx.run('DELETE FROM usage_daily WHERE day < ?', [Math.floor(newest / 24) - 400]);
        for (const [tenantId, at] of lastActive) {
          await tx.run('UPDATE tenant SET last_active_at = max(coalesce(last_active_at, 0), ?) WHERE id = ?', [at, tenantId]);
        }
      })
      .catch(() => undefined); // the admin view's figures must never fail a tenant's call
  }
}

/** Publish the shape of a tenant's setup (ids only, as its vault reported it) for the admin view. */
export async function publishTenantStatus(registry: Db, tenantId: string, status: TenantStatus, now: number): Promise<void> {
  await registry.run(
    `INSERT INTO tenant_status (tenant_id, connectors, reauth, enabled_actions, updated_at) SELECT ?, ?, ?, ?, ?
       WHERE EXISTS (SELECT 1 FROM tenant WHERE id = ?)
     ON CONFLICT (tenant_id) DO UPDATE SET connectors = excluded.connectors, reauth = excluded.reauth,
       enabled_actions = excluded.enabled_actions, updated_at = excluded.updated_at`,
    [tenantId, JSON.stringify(status.connectors), JSON.stringify(status.reauth), JSON.stringify(status.enabledActions), now, tenantId],
  );
}
