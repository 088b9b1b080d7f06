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
  const hourNow = Math.floor(space.now() / HOUR);
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
    `SELECT t.id, t.name, t.role, t.created_at, t.last_active_at, s.connectors, s.reauth, s.enabled_actions,
            h.calls24h, h.errors24h, u.calls30d, u.errors30d, u.approvals30d, u.denials30d
       FROM tenant t
       LEFT JOIN tenant_status s ON s.tenant_id = t.id
       LEFT JOIN (
         SELECT tenant_id, sum(calls) AS calls24h, sum(errors) AS errors24h FROM usage_hourly WHERE hour > ? GROUP BY tenant_id
       ) h ON h.tenant_id = t.id
       LEFT JOIN (
         SELECT tenant_id, sum(calls) AS calls30d, sum(errors) AS errors30d, sum(approvals) AS approvals30d, sum(denials) AS denials30d
           FROM usage_daily WHERE day > ? GROUP BY tenant_id
       ) u ON u.tenant_id = t.id
      ORDER BY t.name_key`,
    [hourNow - 24, Math.floor(hourNow / 24) - 30],
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

/** Calls, errors and mean latency per day, by connector and by tenant, over the last `days`. */
export async function adminInsights(space: Space, _admin: AdminSession, days = 30): Promise<{ byConnector: InsightPoint[]; byTenant: InsightPoint[] }> {
  await space.usage.flush();
  const since = Math.floor(space.now() / HOUR / 24) - Math.max(INSIGHT_DAYS.min, Math.min(days, INSIGHT_DAYS.max));
  const query = (keyExpr: string, join = '') =>
    space.registry.all<{ day: number; key: string; calls: number; errors: number; total_ms: number }>(
      `SELECT u.day AS day, ${keyExpr} AS key, sum(u.calls) AS calls, sum(u.errors) AS errors, sum(u.total_ms) AS total_ms
         FROM usage_daily u ${join} WHERE u.day > ? GROUP BY u.day, key ORDER BY u.day, key`,
      [since],
    );
  const shape = (rows: { day: number; key: string; calls: number; errors: number; total_ms: number }[]): InsightPoint[] =>
    rows.map((r) => ({ day: new Date(r.day * 24 * HOUR).toISOString().slice(0, 10), key: r.key, calls: r.calls, errors: r.errors, avgMs: r.calls ? Math.round(r.total_ms / r.calls) : 0 }));
  return {
    byConnector: shape(await query('u.connector_id')),
    byTenant: shape(await query('t.name', 'JOIN tenant t ON t.id = u.tenant_id')),
  };
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
