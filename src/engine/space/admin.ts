/**
 * What an admin sees of the space: tenants with their published ids and counters, insights over
 * time, the effect of a policy change before it is saved, and the audit trail. Each takes the
 * AdminSession the operations layer checked; none opens another tenant's vault or reads its log.
 */
import type { Role } from '../../shared/model.js';
import type { AdminTenantView, InsightPointView, PolicyEffectView } from '../../shared/views.js';
import type { Catalog } from '../connectors/catalog.js';
import type { AdminSession } from './admin-session.js';
import { readAudit, type AuditEntry } from './audit.js';
import { auditIntegrity } from './signed-state.js';
import { INSIGHT_DAYS } from '../../shared/limits.js';
import { decide, rulesForRole, type PolicyEffect } from './policy.js';
import type { Space } from './space.js';

const HOUR = 3_600_000;

export type AdminTenantRow = AdminTenantView;

export async function adminTenants(space: Space, _admin: AdminSession): Promise<AdminTenantRow[]> {
  await space.usage.flush(); // this process's latest counts first
  const rows = await space.registry.all<{
    id: string;
    name: string;
    role: Role;
    created_at: number;
    last_active_at: number | null;
    connectors: string | null;
    reauth: string | null;
    enabled_actions: string | null;
    calls24h: number | null;
    errors24h: number | null;
    calls30d: number | null;
    errors30d: number | null;
    approvals30d: number | null;
    denials30d: number | null;
  }>(
    // One row per profile: the rollups the usage flush keeps (migration 11), not the raw buckets.
    `SELECT t.id, t.name, t.role, t.created_at, t.last_active_at, s.connectors, s.reauth, s.enabled_actions,
            u.calls24h, u.errors24h, u.calls30d, u.errors30d, u.approvals30d, u.denials30d
       FROM tenant t
       LEFT JOIN tenant_status s ON s.tenant_id = t.id
       LEFT JOIN usage_rollup u ON u.tenant_id = t.id
      ORDER BY t.name_key`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    createdAt: new Date(r.created_at).toISOString(),
    ...(r.last_active_at ? { lastActiveAt: new Date(r.last_active_at).toISOString() } : {}),
    connectors: r.connectors ? (JSON.parse(r.connectors) as string[]) : [],
    actionsEnabled: r.enabled_actions ? (JSON.parse(r.enabled_actions) as string[]).length : 0,
    needsReauth: r.reauth ? (JSON.parse(r.reauth) as string[]) : [],
    calls24h: r.calls24h ?? 0,
    errors24h: r.errors24h ?? 0,
    calls30d: r.calls30d ?? 0,
    errors30d: r.errors30d ?? 0,
    approvals30d: r.approvals30d ?? 0,
    denials30d: r.denials30d ?? 0,
  }));
}

export type InsightPoint = InsightPointView;

/** How many profiles the insights show one by one: the busiest of the last 30 days. */
export const INSIGHT_TENANTS = 25;

/**
 * Calls, errors and mean latency per day over the last `days`: by connector (every call of the
 * space), and by profile for the INSIGHT_TENANTS busiest profiles of the last 30 days. Read from
 * the per-day rollups, so the cost follows days × connectors, not the number of profiles.
 */
export async function adminInsights(space: Space, _admin: AdminSession, days = 30): Promise<{ byConnector: InsightPoint[]; byTenant: InsightPoint[] }> {
  await space.usage.flush();
  const since = Math.floor(space.now() / HOUR / 24) - Math.max(INSIGHT_DAYS.min, Math.min(days, INSIGHT_DAYS.max));
  type Point = { day: number; key: string; calls: number; errors: number; total_ms: number };
  const shape = (rows: Point[]): InsightPoint[] =>
    rows.map((r) => ({ day: new Date(r.day * 24 * HOUR).toISOString().slice(0, 10), key: r.key, calls: r.calls, errors: r.errors, avgMs: r.calls ? Math.round(r.total_ms / r.calls) : 0 }));
  const byConnector = await space.registry.all<Point>(
    'SELECT day, connector_id AS key, calls, errors, total_ms FROM usage_connector_daily WHERE day > ? ORDER BY day, key',
    [since],
  );
  const byTenant = await space.registry.all<Point>(
    `SELECT d.day AS day, t.name AS key, d.calls AS calls, d.errors AS errors, d.total_ms AS total_ms
       FROM (SELECT tenant_id FROM usage_rollup WHERE calls30d > 0 ORDER BY calls30d DESC LIMIT ?) AS busiest
       JOIN tenant t ON t.id = busiest.tenant_id
       JOIN usage_tenant_daily d ON d.tenant_id = busiest.tenant_id AND d.day > ?
      ORDER BY d.day, t.name`,
    [INSIGHT_TENANTS, since],
  );
  return { byConnector: shape(byConnector), byTenant: shape(byTenant) };
}

export type PolicyEffectPreview = PolicyEffectView;

/** Which tenants lose (or regain) which of their enabled actions if this rule is saved. */
export async function previewPolicy(
  space: Space,
  catalog: Catalog,
  _admin: AdminSession,
  subject: string,
  role: Role,
  effect: PolicyEffect | 'inherit',
): Promise<PolicyEffectPreview[]> {
  const before = await rulesForRole(space, role);
  const after = [...before.filter((r) => r.subject !== subject), ...(effect === 'inherit' ? [] : [{ subject, effect }])];
  const tenants = await space.registry.all<{ id: string; name: string; enabled_actions: string | null }>(
    'SELECT t.id, t.name, s.enabled_actions FROM tenant t LEFT JOIN tenant_status s ON s.tenant_id = t.id WHERE t.role = ? ORDER BY t.name_key',
    [role],
  );
  const out: PolicyEffectPreview[] = [];
  for (const t of tenants) {
    const enabled = (t.enabled_actions ? (JSON.parse(t.enabled_actions) as string[]) : []).filter((id) => catalog.hasAction(id));
    const loses: string[] = [];
    const gains: string[] = [];
    for (const id of enabled) {
      const action = catalog.action(id);
      const was = decide(role, action, before).allowed;
      const will = decide(role, action, after).allowed;
      if (was && !will) loses.push(id);
      if (!was && will) gains.push(id);
    }
    if (loses.length || gains.length) out.push({ tenantId: t.id, name: t.name, loses, gains });
  }
  return out;
}

/**
 * The audit trail and whether it is what admins signed: an unbroken chain whose signed head is in
 * place, with a current signature (not rolled back) as the admin's vault sees it.
 */
export async function adminAudit(space: Space, admin: AdminSession, limit = 500): Promise<{ entries: AuditEntry[]; intact: boolean; unsigned: number; problem?: string }> {
  const { entries, chainIntact, chain } = await readAudit(space.registry, limit);
  const integrity = await auditIntegrity(space, admin, chainIntact, chain);
  return { entries, ...integrity };
}
