/**
 * The one rule for "may this tenant call this action", used by the router before every call, by
 * the effective-actions view (the UI's switches, the CLI's `actions`) and by the MCP tool list:
 *
 *   1. the space policy allows it for the tenant's live role      (POLICY_DENIED)
 *   2. its connector is connected in the tenant's vault            (NOT_CONNECTED)
 *   3. the tenant switched it on                                   (ACTION_DISABLED)
 *   4. the connection does not need the person to sign in again    (AUTH_REQUIRED)
 *   5. its sign-in granted the scopes the action needs, when known (SCOPE_MISSING)
 *
 * Checked in that order; the first that fails is the reason, with a message a person can act on.
 * For a callable action it also says how an agent's call runs: its enabled mode, or `ask` when
 * the space policy makes agents of this role ask before every write.
 */
import { SwitchboardError, type ErrorCode } from '../../shared/errors.js';
import type { ActionMode } from '../../shared/limits.js';
import type { Role } from '../../shared/model.js';
import { getSpaceSettings, settingsOfPolicy } from '../space/space-settings.js';
import type { ActionState, ConnectionStatus } from '../../shared/views.js';
import { notConnected, setupForCall, tenantSetup, type StoredConnection } from '../connections/connections.js';
import type { CatalogAction } from '../connectors/catalog.js';
import { actionHints, type ConnectorDefinition } from '../connectors/definition.js';
import { decide, decideOn, type PolicyDecision, type PolicyEffect } from '../space/policy.js';
import { signedPolicy, type SignedPolicy } from '../space/signed-state.js';
import type { Space } from '../space/space.js';
import type { TenantSession } from '../vault/tenant-session.js';

export type { ActionState } from '../../shared/views.js';

export type BlockCode = Extract<ErrorCode, 'POLICY_DENIED' | 'NOT_CONNECTED' | 'ACTION_DISABLED' | 'AUTH_REQUIRED' | 'SCOPE_MISSING'>;

export interface Verdict {
  allowed: boolean;
  connected: boolean;
  enabled: boolean;
  /** The enabled action's mode for agents' calls. */
  mode?: ActionMode;
  /** The space policy makes this role's agents ask before this (write) action. */
  askRequired: boolean;
  /** Set when the action cannot be called now: the first rule that fails, and why. */
  blocked?: { code: BlockCode; message: string };
  policyReason?: string;
}

/** The rule itself, on what was read: pure. */
export function judge(
  action: CatalogAction,
  policy: PolicyDecision,
  connection: ConnectionStatus | undefined,
  mode: ActionMode | undefined,
  askRequired = false,
  granted?: readonly string[],
): Verdict {
  const enabled = mode !== undefined;
  const verdict: Verdict = {
    allowed: policy.allowed,
    connected: connection !== undefined,
    enabled,
    ...(mode ? { mode } : {}),
    askRequired: askRequired && action.action.kind === 'write',
    ...(policy.reason ? { policyReason: policy.reason } : {}),
  };
  const def = action.connector;
  if (!policy.allowed) verdict.blocked = { code: 'POLICY_DENIED', message: policy.reason ?? 'Policy denies this action.' };
  else if (connection === undefined) verdict.blocked = { code: 'NOT_CONNECTED', message: notConnected(def).message };
  else if (!enabled) {
    verdict.blocked = { code: 'ACTION_DISABLED', message: `${action.id} is switched off for this profile. Enable it first (switchboard enable ${action.id}).` };
  } else if (connection === 'auth_required') verdict.blocked = { code: 'AUTH_REQUIRED', message: reconnectMessage(def) };
  else {
    const missing = missingScopes(action.action.scopes, granted);
    if (missing.length) {
      verdict.blocked = {
        code: 'SCOPE_MISSING',
        message: `${action.id} needs the ${missing.length === 1 ? 'scope' : 'scopes'} ${missing.join(', ')}, which ${def.name}'s sign-in did not grant. Reconnect ${def.name} to grant ${missing.length === 1 ? 'it' : 'them'} (switchboard connect ${def.id} --oauth).`,
      };
    }
  }
  return verdict;
}

/**
 * The scopes of `needed` a sign-in did not grant; none when what was granted is not known. A
 * granted scope counts for a needed one written the same, or as its full URL form (Microsoft and
 * Google answer `https://…/Mail.Read` for `Mail.Read`, and the other way round).
 */
export function missingScopes(needed: readonly string[] | undefined, granted: readonly string[] | undefined): string[] {
  if (!needed?.length || !granted) return [];
  const has = (scope: string): boolean => granted.some((g) => g === scope || g.endsWith(`/${scope}`) || scope.endsWith(`/${g}`));
  return needed.filter((scope) => !has(scope));
}

export function reconnectMessage(def: ConnectorDefinition): string {
  return `${def.name} needs you to reconnect: its credentials were refused or expired.`;
}

/** Throw the verdict's reason, if it has one. */
export function assertCallable(verdict: Verdict): void {
  if (verdict.blocked) throw new SwitchboardError(verdict.blocked.code, verdict.blocked.message);
}

/** Whether an agent's call of this action must wait for the owner's approval. */
export function agentMustAsk(verdict: Verdict): boolean {
  return verdict.askRequired || verdict.mode === 'ask';
}

/** The verdict for one action (the router's check before a call). */
export async function mayCall(space: Space, session: TenantSession, action: CatalogAction): Promise<Verdict> {
  return (await checkCall(space, session, action)).verdict;
}

/**
 * The router's check before a call, with the stored connection it will use: one look at the
 * registry's state counter and one at the vault's, whatever the number of profiles.
 */
export async function checkCall(
  space: Space,
  session: TenantSession,
  action: CatalogAction,
  verified?: SignedPolicy,
): Promise<{ verdict: Verdict; connection: StoredConnection | undefined }> {
  const policy = verified ?? (await signedPolicy(space, session));
  const decision = decideOn(policy, session.tenantId, action);
  const { setup, connection } = await setupForCall(session, action.connector);
  const settings = settingsOfPolicy(policy) ?? (await getSpaceSettings(space));
  const asks = action.action.kind === 'write' && settings.askForAgentWrites.includes(decision.role);
  const verdict = judge(action, decision, setup.connections.get(action.connector.id), setup.enabled.get(action.id), asks, setup.granted.get(action.connector.id));
  return { verdict, connection };
}

/** Every action of the catalog (or of one connector) as this tenant sees it. */
export async function actionStates(space: Space, session: TenantSession, connectorId?: string): Promise<ActionState[]> {
  // The signed role and rules, as the router's check reads them (decideFor).
  const policy = await signedPolicy(space, session);
  const role: Role = policy.roleOf(session.tenantId);
  const rules = policy.rules.filter((r) => r.role === role) as { subject: string; effect: PolicyEffect }[];
  const { connections, enabled, granted } = await tenantSetup(session);
  const asks = (settingsOfPolicy(policy) ?? (await getSpaceSettings(space))).askForAgentWrites.includes(role);
  const catalog = policy.catalog;
  const actions = connectorId === undefined ? catalog.actions() : catalog.connector(connectorId).actions.map((a) => catalog.action(`${connectorId}.${a.id}`));
  return actions.map((a) => {
    const verdict = judge(a, decide(role, a, rules), connections.get(a.connector.id), enabled.get(a.id), asks, granted.get(a.connector.id));
    const hints = actionHints(a.action);
    return {
      id: a.id,
      connectorId: a.connector.id,
      title: a.action.title,
      description: a.action.description,
      kind: a.action.kind,
      input: a.action.input,
      output: a.action.outputSchema,
      ...(a.action.scopes ? { scopes: [...a.action.scopes] } : {}),
      destructive: hints.destructive,
      idempotent: hints.idempotent,
      docs: a.action.docs,
      connected: verdict.connected,
      enabled: verdict.enabled,
      allowed: verdict.allowed,
      ...(verdict.policyReason ? { policyReason: verdict.policyReason } : {}),
      effective: verdict.blocked === undefined,
      ...(verdict.mode ? { mode: verdict.mode } : {}),
      ...(verdict.askRequired ? { askRequired: true } : {}),
      ...(verdict.blocked ? { blockedBy: verdict.blocked.code } : {}),
    };
  });
}
