import type { TenantSession } from '../vault/tenant-session.js';

declare const adminProof: unique symbol;
/** A session whose live role was checked to be admin by `requireAdmin` (access.ts), which only the operations layer calls. */
export type AdminSession = TenantSession & { readonly [adminProof]: true };
