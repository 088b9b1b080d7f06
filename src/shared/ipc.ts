/**
 * The one contract between the UI and the engine: channel → input schema → output type, and the
 * events the engine pushes. Electron's preload and the browser transport both carry exactly this;
 * `src/engine/rpc` implements it for one UI session. Every input is parsed with its schema on the
 * engine side; every error crosses as `{code, message}`.
 *
 * The renderer never names a tenant to act as: which tenant is unlocked is state the engine
 * keeps per window (per browser launch), and every channel below acts on that session.
 */
import { z } from 'zod';
import type { ErrorShape } from './errors.js';
import { CHANNEL_NAMES, EVENT_NAMES } from './ipc-names.js';
import { ACTION_MODES, IMPORT_LIMITS } from './limits.js';
import { actionIdSchema, OP_INPUTS, type OpName } from './operations.js';
import type { CreatedTenant, TenantSummary } from './model.js';
import type {
  ActionState,
  AdminTenantView,
  AuditEntryView,
  InsightPointView,
  PolicyEffectView,
  PolicyRuleView,
  ActivityEntry,
  ApprovalView,
  ConnectionSummary,
  ConnectorChangePreview,
  ConnectorImportView,
  ConnectorView,
  CustomConnectorView,
  ExecuteResult,
  McpInfo,
  OAuthClientView,
  ProfileCreation,
  SpaceSettingsView,
  McpTokenView,
  OutboxItem,
  SessionInfo,
  TenantSettingsView,
  TeamStatusView,
} from './views.js';

const id = z.string().min(1).max(100);
const passphrase = z.string().min(1).max(1024);
const none = z.object({}).strict().optional();
const input = <N extends OpName>(name: N): (typeof OP_INPUTS)[N] => OP_INPUTS[name];

/**
 * A channel: its input schema, and (as a type only) its output. Most channels are one operation
 * of the engine's operations layer and carry that operation's input schema; who may call each is
 * declared there. The rest are the UI session's own (unlock into this window, lock, quick unlock).
 */
export interface Channel<I extends z.ZodType, O> {
  input: I;
  /** Never set: carries the output type. */
  output?: O;
}

function channel<O>() {
  return <I extends z.ZodType>(input: I): Channel<I, O> => ({ input });
}

export const CONTRACT = {
  // --- the space and its profiles (no session needed) ---------------------------------------
  'space.info': channel<{ id: string; name: string; profileCreation: ProfileCreation; team?: boolean } | null>()(input('space.info')),
  'space.teamStatus': channel<TeamStatusView>()(input('space.teamStatus')),
  /** The first-run screen's "Join a team space": only while this home has no space yet. */
  'space.join': channel<{ id: string; name: string }>()(input('space.join')),
  'profiles.list': channel<TenantSummary[]>()(input('profiles.list')),
  /** Creates the profile and unlocks it in this window. */
  'profiles.create': channel<CreatedTenant & { session: SessionInfo }>()(input('profiles.create')),
  'session.current': channel<SessionInfo | null>()(none),
  'session.unlock': channel<SessionInfo>()(z.object({ tenantId: id, passphrase }).strict()),
  'session.recover': channel<null>()(z.object({ tenantId: id, recoveryKey: z.string().max(200), newPassphrase: passphrase }).strict()),
  'session.lock': channel<null>()(none),
  /** Fast switching: stop showing this profile but keep it unlocked in this window (its own auto-lock runs). */
  'session.park': channel<null>()(none),
  /** Show a profile this window holds unlocked, without its passphrase. */
  'session.switch': channel<SessionInfo>()(z.object({ tenantId: id }).strict()),
  /** The ids of the profiles unlocked in this window. */
  'session.unlockedHere': channel<string[]>()(none),
  /** Quick unlock through the OS keychain: available only in the desktop app. */
  'quickUnlock.status': channel<{ available: boolean; enabled: boolean }>()(z.object({ tenantId: id }).strict()),
  'quickUnlock.unlock': channel<SessionInfo>()(z.object({ tenantId: id }).strict()),

  // --- this session ------------------------------------------------------------------------------
  'quickUnlock.set': channel<{ available: boolean; enabled: boolean }>()(z.object({ enabled: z.boolean() }).strict()),
  'session.changePassphrase': channel<null>()(input('profiles.changePassphrase')),
  'session.deleteProfile': channel<null>()(z.object({ passphrase }).strict()),
  'settings.get': channel<TenantSettingsView>()(input('settings.get')),
  'settings.update': channel<TenantSettingsView>()(input('settings.update')),

  'catalog.list': channel<ConnectorView[]>()(input('catalog.list')),
  'connections.list': channel<ConnectionSummary[]>()(input('connections.list')),
  'connections.connect': channel<ConnectionSummary>()(input('connections.connect')),
  /** Start an OAuth sign-in: the engine opens the authorize URL (and returns it); the connection arrives as a `connections` event. */
  'connections.startOAuth': channel<{ authorizeUrl: string }>()(input('connections.connectOAuth')),
  'connections.test': channel<{ ok: true; durationMs: number }>()(input('connections.test')),
  'connections.disconnect': channel<null>()(input('connections.disconnect')),

  'actions.list': channel<ActionState[]>()(input('actions.list')),
  /** Switch one action; answers the connector's actions as they are now. */
  'actions.setEnabled': channel<ActionState[]>()(z.object({ actionId: actionIdSchema, enabled: z.boolean() }).strict()),
  /** How one enabled action runs when an agent calls it; answers the connector's actions as they are now. */
  'actions.setMode': channel<ActionState[]>()(z.object({ actionId: actionIdSchema, mode: z.enum(ACTION_MODES) }).strict()),
  'actions.run': channel<ExecuteResult>()(input('actions.run')),

  /** Agents' calls waiting for this profile's owner. */
  'approvals.list': channel<ApprovalView[]>()(input('approvals.list')),
  'approvals.answer': channel<ApprovalView>()(input('approvals.answer')),

  'activity.query': channel<ActivityEntry[]>()(input('activity.query')),
  'outbox.list': channel<OutboxItem[]>()(input('outbox.list')),
  'outbox.cancel': channel<OutboxItem>()(input('outbox.cancel')),

  // --- AI clients (MCP) -------------------------------------------------------------------------
  /** How an MCP client reaches this profile: the stdio command line, and the HTTP endpoint when a gateway runs. */
  'mcp.info': channel<McpInfo>()(none),
  'mcp.tokens.list': channel<McpTokenView[]>()(input('mcp.tokens.list')),
  /** The token is in this answer only; it is never shown again. */
  'mcp.tokens.create': channel<{ id: string; token: string; name: string; expiresAt?: string }>()(input('mcp.tokens.create')),
  'mcp.tokens.revoke': channel<null>()(input('mcp.tokens.revoke')),

  // --- admin (the session's live role must be admin: POLICY_DENIED otherwise) ------------------
  'admin.tenants': channel<AdminTenantView[]>()(input('admin.tenants')),
  'admin.setRole': channel<null>()(input('admin.setRole')),
  /** Deletes the tenant's vault without opening it. */
  'admin.removeTenant': channel<null>()(input('admin.removeTenant')),
  'admin.policy': channel<PolicyRuleView[]>()(input('admin.policy')),
  'admin.previewPolicy': channel<PolicyEffectView[]>()(input('admin.previewPolicy')),
  'admin.setPolicy': channel<PolicyRuleView[]>()(input('admin.setPolicy')),
  /** intact: the chain is unbroken and reaches the signed head; unsigned: newer entries no admin has signed yet. */
  'admin.audit': channel<{ entries: AuditEntryView[]; intact: boolean; unsigned: number; problem?: string }>()(input('admin.audit')),
  'admin.insights': channel<{ byConnector: InsightPointView[]; byTenant: InsightPointView[] }>()(input('admin.insights')),
  'admin.spaceSettings': channel<SpaceSettingsView>()(input('admin.spaceSettings')),
  /** The space settings, and its name (space.rename). */
  'admin.setSpaceSettings': channel<SpaceSettingsView>()(input('admin.setSpaceSettings').extend({ name: z.string().max(256).optional() }).strict()),
  'admin.oauthClients': channel<OAuthClientView[]>()(input('admin.oauthClients')),
  'admin.setOAuthClient': channel<OAuthClientView>()(input('admin.setOAuthClient')),
  'admin.customConnectors': channel<CustomConnectorView[]>()(input('admin.customConnectors')),
  /** The window sends the document's text (its file picker read it); never a path for the engine to open. */
  'admin.importOpenApi': channel<ConnectorImportView>()(
    input('admin.importOpenApi').extend({ source: z.object({ text: z.string().max(IMPORT_LIMITS.maxFileBytes), name: z.string().min(1).max(256) }).strict() }).strict(),
  ),
  'admin.removeConnector': channel<ConnectorChangePreview>()(input('admin.removeConnector')),
  'admin.publishTeam': channel<TeamStatusView>()(input('admin.publishTeam')),
} as const;

export type Contract = typeof CONTRACT;
export type ChannelName = keyof Contract;

// The name list and the contract must agree, both ways.
type Names = (typeof CHANNEL_NAMES)[number];
const _everyNameHasAChannel: Record<Names, unknown> = CONTRACT;
const _everyChannelIsNamed: Record<ChannelName, unknown> = Object.fromEntries(CHANNEL_NAMES.map((n) => [n, true])) as Record<Names, true>;
void _everyNameHasAChannel;
void _everyChannelIsNamed;
export type InputOf<K extends ChannelName> = z.input<Contract[K]['input']>;
export type OutputOf<K extends ChannelName> = Exclude<Contract[K]['output'], undefined>;

export const CHANNELS: readonly ChannelName[] = CHANNEL_NAMES;

export function isChannel(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CONTRACT, name);
}

/** What crosses the boundary for every call. */
export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorShape };

/** Events the engine pushes to the UI of one session. */
export interface EventMap {
  /** The session locked (manually, idle, OS sleep, deleted) or unlocked. */
  session: { state: 'locked'; reason: string } | { state: 'unlocked'; session: SessionInfo };
  /** A new entry in this session's activity log. */
  activity: ActivityEntry;
  /** A connection of this session changed (connected, refreshed, needs re-auth, removed). */
  connections: { connectorId: string };
  /** The space policy or this profile's role changed (in this process): what is allowed may differ now. */
  policy: Record<string, never>;
  /** An agent's call began waiting for approval, or a request was answered or ended. */
  approvals: ApprovalView;
}
export type EventName = keyof EventMap;
export const EVENTS: readonly EventName[] = EVENT_NAMES;

/** What the sandboxed preload exposes as `window.switchboardBridge`: raw results, rebuilt by the renderer. */
export interface SwitchboardBridge {
  invoke(channel: string, input: unknown): Promise<RpcResult<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** The typed client the renderer uses, whatever carries it (Electron IPC or HTTP). */
export interface SwitchboardClient {
  invoke<K extends ChannelName>(channel: K, input?: InputOf<K>): Promise<OutputOf<K>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}
