/**
 * Space policy: admins allow or deny a connector or an action per role. Evaluated on every call
 * from the registry, so a change applies to every tenant's very next call, in every process.
 *
 *   viewer + write action → denied (viewers only read, whatever the rules say)
 *   a rule on the action wins over a rule on its connector; no rule → allowed
 */
import { SwitchboardError } from '../../shared/errors.js';
import type { PolicyRuleView } from '../../shared/views.js';
import { ROLES, isRole, type Role } from '../../shared/model.js';
import type { Catalog, CatalogAction } from '../connectors/catalog.js';
import type { TenantSession } from '../vault/tenant-session.js';
import type { AdminSession } from './admin-session.js';
import { recordAdminChange, signedPolicy, type SignedPolicy } from './signed-state.js';
export { policyIntact } from './signed-state.js';
import type { Space } from './space.js';

export type PolicyEffect = 'allow' | 'deny';

export type PolicyRule = PolicyRuleView;

export interface PolicyDecision {
  allowed: boolean;
  /** Why not, for a person: shown beside a locked switch and in the error. */
  reason?: string;
}

/** Decide for one action from the rules that name it or its connector for this role. */
export function decide(role: Role, action: CatalogAction, rules: readonly Pick<PolicyRule, 'subject' | 'effect'>[]): PolicyDecision {
  if (role === 'viewer' && action.action.kind === 'write') {
    return { allowed: false, reason: 'Viewers may use read actions only. Ask an admin for the member role.' };
  }
  const onAction = rules.find((r) => r.subject === action.id);
  const onConnector = rules.find((r) => r.subject === action.connector.id);
  const rule = onAction ?? onConnector;
  if (rule?.effect === 'deny') {
    const what = onAction ? `the action ${action.id}` : `the ${action.connector.name} connector`;
    return { allowed: false, reason: `An admin's policy denies ${what} to the ${role} role.` };
  }
  return { allowed: true };
}

/** The decision on `action` for a tenant, from a verified statement: its signed role and the signed rules on the action or its connector. */
export function decideOn(policy: SignedPolicy, tenantId: string, action: CatalogAction): PolicyDecision & { role: Role } {
  const role = policy.roleOf(tenantId);
  const rules = policy.rules.filter((r) => r.role === role && (r.subject === action.id || r.subject === action.connector.id)) as { subject: string; effect: PolicyEffect }[];
  return { ...decide(role, action, rules), role };
}

/**
 * The session's signed role and the signed rules that bear on `action`: read from the statement
 * its vault verified, never from the rows beside it (a row changed after the check cannot count).
 */
export async function decideFor(space: Space, session: TenantSession, action: CatalogAction): Promise<PolicyDecision & { role: Role }> {
  return decideOn(await signedPolicy(space, session), session.tenantId, action);
}

export async function listPolicy(space: Space): Promise<PolicyRule[]> {
  const rows = await space.registry.all<{ subject: string; role: Role; effect: PolicyEffect; updated_at: number; updated_by: string }>(
    'SELECT subject, role, effect, updated_at, updated_by FROM policy_rule ORDER BY subject, role',
  );
  return rows.map((r) => ({ subject: r.subject, role: r.role, effect: r.effect, updatedAt: new Date(r.updated_at).toISOString(), updatedBy: r.updated_by }));
}

export async function rulesForRole(space: Space, role: Role): Promise<Pick<PolicyRule, 'subject' | 'effect'>[]> {
  return space.registry.all('SELECT subject, effect FROM policy_rule WHERE role = ?', [role]);
}

/** Allow, deny, or clear (`inherit`) a rule. `subject` is a connector id or an action id of the catalog. */
export async function setPolicy(
  space: Space,
  catalog: Catalog,
  actor: AdminSession,
  subject: unknown,
  role: unknown,
  effect: unknown,
): Promise<PolicyRule[]> {
  if (typeof subject !== 'string' || !(catalog.hasAction(subject) || catalog.connectors().some((c) => c.id === subject))) {
    throw new SwitchboardError('INVALID_INPUT', `${JSON.stringify(subject)} is neither a connector nor an action of this space.`);
  }
  if (!isRole(role)) throw new SwitchboardError('INVALID_INPUT', `A role is one of ${ROLES.join(', ')}.`);
  if (effect !== 'allow' && effect !== 'deny' && effect !== 'inherit') {
    throw new SwitchboardError('INVALID_INPUT', 'An effect is allow, deny or inherit.');
  }
  await space.registry.transaction(async (tx) => {
    if (effect === 'inherit') {
      await tx.run('DELETE FROM policy_rule WHERE subject = ? AND role = ?', [subject, role]);
    } else {
      await tx.run(
        `INSERT INTO policy_rule (subject, role, effect, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (subject, role) DO UPDATE SET effect = excluded.effect, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        [subject, role, effect, space.now(), actor.tenantId],
      );
    }
    await recordAdminChange(tx, space, actor, 'policy.set', { subject, role, effect });
  });
  space.announce({ kind: 'space' });
  return listPolicy(space);
}
