/**
 * What a tenant may call: effective = connected ∧ enabled ∧ allowed by policy for the tenant's
 * live role. The UI, the CLI's `actions` and MCP's tool list all read it from here.
 */
import { SwitchboardError } from '../../shared/errors.js';
import { isRole } from '../../shared/model.js';
import type { Catalog } from '../connectors/catalog.js';
import type { ActionState } from '../../shared/views.js';
import { decide, rulesForRole } from '../space/policy.js';
import { assertPolicyIntact } from '../space/policy-signing.js';
import type { Space } from '../space/space.js';
import type { TenantSession } from '../vault/tenant-session.js';

export type { ActionState } from '../../shared/views.js';

export async function actionStates(space: Space, catalog: Catalog, session: TenantSession, connectorId?: string): Promise<ActionState[]> {
  await assertPolicyIntact(space, session);
  const role = await space.liveRole(session);
  if (!isRole(role)) throw new SwitchboardError('INTERNAL', 'Unknown role.');
  const rules = await rulesForRole(space, role);
  const db = session.vault();
  const connected = new Set((await db.all<{ connector_id: string }>("SELECT connector_id FROM connection")).map((r) => r.connector_id));
  const enabled = new Set((await db.all<{ action_id: string }>('SELECT action_id FROM enabled_action')).map((r) => r.action_id));
  const actions = connectorId === undefined ? catalog.actions() : catalog.connector(connectorId).actions.map((a) => catalog.action(`${connectorId}.${a.id}`));
  return actions.map((a) => {
    const decision = decide(role, a, rules);
    const isConnected = connected.has(a.connector.id);
    const isEnabled = enabled.has(a.id);
    return {
      id: a.id,
      connectorId: a.connector.id,
      title: a.action.title,
      description: a.action.description,
      kind: a.action.kind,
      input: a.action.input,
      docs: a.action.docs,
      connected: isConnected,
      enabled: isEnabled,
      allowed: decision.allowed,
      ...(decision.reason ? { policyReason: decision.reason } : {}),
      effective: isConnected && isEnabled && decision.allowed,
    };
  });
}
