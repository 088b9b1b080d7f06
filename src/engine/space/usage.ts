/**
 * The non-secret figures each tenant's sessions publish to the registry for the admin view:
 * calls, errors and latency per connector and hour, and the shape of each tenant's setup
 * (connector ids, enabled action ids, which need re-auth). Counts are batched and written every
 * few seconds in one transaction (the registry syncs every commit to disk).
 */
import type { Db, Tx } from '../db/sqlite.js';
import type { TenantStatus } from '../vault/tenant-session.js';

const HOUR = 3_600_000;
/** Buckets written per transaction by a flush (each is five upserts): a few milliseconds of the event loop. */
export const FLUSH_CHUNK = 100;

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
  /** The hour the rollups' windows were last moved to by this process (a hint: the row decides). */
  #rolledTo = -1;
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly registry: Db,
    private readonly now: () => number = Date.now,
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

  /**
   * Write the counted calls, and move the rollups' windows to the current hour: in transactions
   * of at most FLUSH_CHUNK buckets with the event loop free between them, so thousands of
   * profiles' counts never hold up a call for more than a few milliseconds. Flushes run one
   * after another; one that returns has written everything counted before it was called.
   */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#flushNow());
    return this.#flushing;
  }

  async #flushNow(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const hourNow = Math.floor(this.now() / HOUR);
    if ((this.#buckets.size === 0 && this.#rolledTo === hourNow) || this.registry.isClosed) return;
    const buckets = [...this.#buckets.values()];
    this.#buckets.clear();
    for (let start = 0; start === 0 || start < buckets.length; start += FLUSH_CHUNK) {
      if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.registry.isClosed) return;
      await this.#write(buckets.slice(start, start + FLUSH_CHUNK), hourNow, start + FLUSH_CHUNK >= buckets.length);
    }
  }

  async #write(buckets: Bucket[], hourNow: number, last: boolean): Promise<void> {
    await this.registry
      .transaction(async (tx) => {
        await advanceRollup(tx, hourNow);
        const lastActive = new Map<string, number>();
        for (const b of buckets) {
          const day = Math.floor(b.hour / 24);
          for (const [table, column, value] of [
            ['usage_hourly', 'hour', b.hour],
            ['usage_daily', 'day', day],
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
          await tx.run(
            `INSERT INTO usage_tenant_daily (tenant_id, day, calls, errors, total_ms) SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM tenant WHERE id = ?)
             ON CONFLICT (tenant_id, day) DO UPDATE SET calls = calls + excluded.calls, errors = errors + excluded.errors, total_ms = total_ms + excluded.total_ms`,
            [b.tenantId, day, b.calls, b.errors, b.totalMs, b.tenantId],
          );
          await tx.run(
            `INSERT INTO usage_connector_daily (day, connector_id, calls, errors, total_ms) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (day, connector_id) DO UPDATE SET calls = calls + excluded.calls, errors = errors + excluded.errors, total_ms = total_ms + excluded.total_ms`,
            [day, b.connectorId, b.calls, b.errors, b.totalMs],
          );
          // Into the windows only what falls inside them; what leaves them later is subtracted from the raw rows.
          const in24h = b.hour > hourNow - 24 ? 1 : 0;
          const in30d = day > Math.floor(hourNow / 24) - 30 ? 1 : 0;
          if (in24h || in30d) {
            await tx.run(
              `INSERT INTO usage_rollup (tenant_id, calls24h, errors24h, calls30d, errors30d, approvals30d, denials30d)
               SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM tenant WHERE id = ?)
               ON CONFLICT (tenant_id) DO UPDATE SET calls24h = calls24h + excluded.calls24h, errors24h = errors24h + excluded.errors24h,
                 calls30d = calls30d + excluded.calls30d, errors30d = errors30d + excluded.errors30d,
                 approvals30d = approvals30d + excluded.approvals30d, denials30d = denials30d + excluded.denials30d`,
              [b.tenantId, in24h * b.calls, in24h * b.errors, in30d * b.calls, in30d * b.errors, in30d * b.approvals, in30d * b.denials, b.tenantId],
            );
          }
          lastActive.set(b.tenantId, Math.max(lastActive.get(b.tenantId) ?? 0, b.lastAt));
        }
        if (last) {
          // Hourly rows serve the last 24 hours only; daily rows serve a year.
          await tx.run('DELETE FROM usage_hourly WHERE hour < ?', [hourNow - 48]);
          const oldestDay = Math.floor(hourNow / 24) - 400;
          await tx.run('DELETE FROM usage_daily WHERE day < ?', [oldestDay]);
          await tx.run('DELETE FROM usage_tenant_daily WHERE day < ?', [oldestDay]);
          await tx.run('DELETE FROM usage_connector_daily WHERE day < ?', [oldestDay]);
        }
        for (const [tenantId, at] of lastActive) {
          await tx.run('UPDATE tenant SET last_active_at = max(coalesce(last_active_at, 0), ?) WHERE id = ?', [at, tenantId]);
        }
        this.#rolledTo = hourNow;
      })
      .catch(() => undefined); // the admin view's figures must never fail a tenant's call
  }
}

/**
 * Move the rollups' windows from the hour they end at to `hourNow`: subtract the hours (24-hour
 * window) and days (30-day window) that left them, or recompute a window from the raw rows when
 * more than its length has passed (or the rollups were never built). A clock that went back
 * leaves them where they are.
 */
export async function advanceRollup(tx: Tx, hourNow: number): Promise<void> {
  const meta = await tx.get<{ hour: number }>('SELECT hour FROM usage_rollup_meta WHERE id = 1');
  const from = meta?.hour;
  if (from !== undefined && hourNow <= from) return;
  const dayNow = Math.floor(hourNow / 24);
  if (from === undefined || hourNow - from >= 24) {
    await tx.run('INSERT OR IGNORE INTO usage_rollup (tenant_id) SELECT id FROM tenant');
    await tx.run('UPDATE usage_rollup SET calls24h = 0, errors24h = 0');
    await tx.run(
      `UPDATE usage_rollup SET calls24h = x.calls, errors24h = x.errors
         FROM (SELECT tenant_id, sum(calls) AS calls, sum(errors) AS errors FROM usage_hourly WHERE hour > ? GROUP BY tenant_id) AS x
        WHERE x.tenant_id = usage_rollup.tenant_id`,
      [hourNow - 24],
    );
  } else {
    await tx.run(
      `UPDATE usage_rollup SET calls24h = calls24h - x.calls, errors24h = errors24h - x.errors
         FROM (SELECT tenant_id, sum(calls) AS calls, sum(errors) AS errors FROM usage_hourly WHERE hour > ? AND hour <= ? GROUP BY tenant_id) AS x
        WHERE x.tenant_id = usage_rollup.tenant_id`,
      [from - 24, hourNow - 24],
    );
  }
  const fromDay = from === undefined ? undefined : Math.floor(from / 24);
  if (fromDay === undefined || dayNow - fromDay >= 30) {
    await tx.run('UPDATE usage_rollup SET calls30d = 0, errors30d = 0, approvals30d = 0, denials30d = 0');
    await tx.run(
      `UPDATE usage_rollup SET calls30d = x.calls, errors30d = x.errors, approvals30d = x.approvals, denials30d = x.denials
         FROM (SELECT tenant_id, sum(calls) AS calls, sum(errors) AS errors, sum(approvals) AS approvals, sum(denials) AS denials
                 FROM usage_daily WHERE day > ? GROUP BY tenant_id) AS x
        WHERE x.tenant_id = usage_rollup.tenant_id`,
      [dayNow - 30],
    );
  } else if (dayNow > fromDay) {
    await tx.run(
      `UPDATE usage_rollup SET calls30d = calls30d - x.calls, errors30d = errors30d - x.errors, approvals30d = approvals30d - x.approvals, denials30d = denials30d - x.denials
         FROM (SELECT tenant_id, sum(calls) AS calls, sum(errors) AS errors, sum(approvals) AS approvals, sum(denials) AS denials
                 FROM usage_daily WHERE day > ? AND day <= ? GROUP BY tenant_id) AS x
        WHERE x.tenant_id = usage_rollup.tenant_id`,
      [fromDay - 30, dayNow - 30],
    );
  }
  await tx.run('INSERT INTO usage_rollup_meta (id, hour) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET hour = excluded.hour', [hourNow]);
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
