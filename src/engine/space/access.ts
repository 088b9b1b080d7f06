/**
 * The admin check, which only the operations layer calls (each operation declares the access it
 * needs beside it, in src/engine/ops). Domain functions that only admins may run take an
 * AdminSession, so none can be reached without passing here.
 */
import { SwitchboardError } from '../../shared/errors.js';
import type { TenantSession } from '../vault/tenant-session.js';
import { assertPolicyIntact, holdsSigningKey, policyIntact } from './signed-state.js';
import type { Space } from './space.js';

import type { AdminSession } from './admin-session.js';

export type { AdminSession } from './admin-session.js';

/**
 * The live role is admin and, unless this admin holds the signing key (and so may review and
 * re-save a tampered policy), the signed roles agree.
 */
export async function requireAdmin(space: Space, actor: TenantSession | null): Promise<AdminSession> {
  if (!actor || (await space.liveRole(actor)) !== 'admin') {
    throw new SwitchboardError('POLICY_DENIED', 'Only an admin of this space can do that. Ask an admin, or unlock an admin profile.');
  }
  if (!(await policyIntact(space, actor)) && !(await holdsSigningKey(space, actor))) await assertPolicyIntact(space, actor);
  return actor as AdminSession;
}
