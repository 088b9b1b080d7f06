/** Model types every side shares. No Node, no DOM. */

export const ROLES = ['admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export interface SpaceSummary {
  id: string;
  name: string;
  createdAt: string;
}

/** What anyone in the space may see about a tenant: never a key, a wrap or a counter of failures. */
export interface TenantSummary {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
}

export interface CreatedTenant extends TenantSummary {
  /** Shown once, at creation; Switchboard keeps only a wrap of the data key made with it. */
  recoveryKey: string;
}

export const SPACE_ID_PREFIX = 'sp_';
export const TENANT_ID_PREFIX = 'tn_';
