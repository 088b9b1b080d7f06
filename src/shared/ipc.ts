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
import type { CreatedTenant, TenantSummary } from './model.js';
import type {
  ActionState,
  AdminTenantView,
  AuditEntryView,
  InsightPointView,
  PolicyEffectView,
  PolicyRuleView,
  ActivityEntry,
  ConnectionSummary,
  ConnectorView,
  ExecuteResult,
  McpInfo,
  OAuthClientView,
  ProfileCreation,
  SpaceSettingsView,
  McpTokenView,
  OutboxItem,
  SessionInfo,
  TenantSettingsView,
} from './views.js';

const id = z.string().min(1).max(100);
const text = (max: number) => z.string().max(max);
const passphrase = z.string().min(1).max(1024);
const actionId = z.string().min(3).max(100).regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, 'an action id such as slack.send_message');
const connectorId = z.string().min(1).max(40).regex(/^[a-z][a-z0-9_]*$/, 'a connector id such as slack');
const none = z.object({}).strict().optional();
const policyChange = z
  .object({
    subject: z.string().min(1).max(100).regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/, 'a connector id or an action id'),
    role: z.enum(['admin', 'member', 'viewer']),
    effect: z.enum(['allow', 'deny', 'inherit']),
  })
  .strict();

/** A channel: its input schema, and (as a type only) its output. */
export interface Channel<I extends z.ZodType, O> {
  input: I;
  /** Never set: carries the output type. */
  output?: O;
  /** Whether the channel needs an unlocked session. */
  session: boolean;
}

function channel<O>() {
  return <I extends z.ZodType>(input: I, session: boolean): Channel<I, O> => ({ input, session });
}

export const CONTRACT = {
  // --- the space and its profiles (no session needed) ---------------------------------------
  'space.info': channel<{ id: string; name: string; profileCreation: ProfileCreation } | null>()(none, false),
  'profiles.list': channel<TenantSummary[]>()(none, false),
  'profiles.create': channel<CreatedTenant & { session: SessionInfo }>()(
    z.object({ name: text(256), passphrase }).strict(),
    false,
  ),
  'session.current': channel<SessionInfo | null>()(none, false),
  'session.unlock': channel<SessionInfo>()(z.object({ tenantId: id, passphrase }).strict(), false),
  'session.recover': channel<null>()(z.object({ tenantId: id, recoveryKey: text(200), newPassphrase: passphrase }).strict(), false),
  'session.lock': channel<null>()(none, false),
  /** Quick unlock through the OS keychain: available only in the desktop app. */
  'quickUnlock.status': channel<{ available: boolean; enabled: boolean }>()(z.object({ tenantId: id }).strict(), false),
  'quickUnlock.unlock': channel<SessionInfo>()(z.object({ tenantId: id }).strict(), false),

  // --- this session ------------------------------------------------------------------------------
  'quickUnlock.set': channel<{ available: boolean; enabled: boolean }>()(z.object({ enabled: z.boolean() }).strict(), true),
  'session.changePassphrase': channel<null>()(z.object({ current: passphrase, next: passphrase }).strict(), true),
  'session.deleteProfile': channel<null>()(z.object({ passphrase }).strict(), true),
  'settings.get': channel<TenantSettingsView>()(none, true),
  'settings.update': channel<TenantSettingsView>()(
    z.object({ autoLockMinutes: z.number().int().optional(), activityRetentionDays: z.number().int().optional() }).strict(),
    true,
  ),

  'catalog.list': channel<ConnectorView[]>()(none, true),
  'connections.list': channel<ConnectionSummary[]>()(none, true),
  'connections.connect': channel<ConnectionSummary>()(
    z
      .object({
        connectorId,
        authType: z.enum(['bearer', 'api_key', 'basic', 'none']),
        credentials: z.record(z.string().max(64), z.string().max(8192)),
        baseUrl: text(2000).optional(),
      })
      .strict(),
    true,
  ),
  /** Start an OAuth sign-in: the engine opens the authorize URL (and returns it); the connection arrives as a `connections` event. */
  'connections.startOAuth': channel<{ authorizeUrl: string }>()(z.object({ connectorId, baseUrl: text(2000).optional() }).strict(), true),
  'connections.test': channel<{ ok: true; durationMs: number }>()(z.object({ connectorId }).strict(), true),
  'connections.disconnect': channel<null>()(z.object({ connectorId }).strict(), true),

  'actions.list': channel<ActionState[]>()(z.object({ connectorId: connectorId.optional() }).strict(), true),
  'actions.setEnabled': channel<ActionState[]>()(z.object({ actionId, enabled: z.boolean() }).strict(), true),
  'actions.run': channel<ExecuteResult>()(z.object({ actionId, input: z.unknown(), queue: z.boolean().optional() }).strict(), true),

  'activity.query': channel<ActivityEntry[]>()(
    z
      .object({
        limit: z.number().int().min(1).max(10_000).optional(),
        action: text(200).optional(),
        status: z.enum(['ok', 'error', 'queued']).optional(),
        since: text(40).optional(),
        until: text(40).optional(),
      })
      .strict(),
    true,
  ),
  'outbox.list': channel<OutboxItem[]>()(none, true),
  'outbox.cancel': channel<OutboxItem>()(z.object({ id: text(40) }).strict(), true),

  // --- AI clients (MCP) -------------------------------------------------------------------------
  /** How an MCP client reaches this profile: the stdio command line, and the HTTP endpoint when a gateway runs. */
  'mcp.info': channel<McpInfo>()(none, true),
  'mcp.tokens.list': channel<McpTokenView[]>()(none, true),
  /** The token is in this answer only; it is never shown again. */
  'mcp.tokens.create': channel<{ id: string; token: string; name: string; expiresAt?: string }>()(
    z.object({ name: text(64).optional(), expiresDays: z.number().int().min(1).max(3650).optional() }).strict(),
    true,
  ),
  'mcp.tokens.revoke': channel<null>()(z.object({ id: text(40) }).strict(), true),

  // --- admin (the session's live role must be admin: POLICY_DENIED otherwise) ------------------
  'admin.tenants': channel<AdminTenantView[]>()(none, true),
  'admin.setRole': channel<null>()(z.object({ tenantId: id, role: z.enum(['admin', 'member', 'viewer']) }).strict(), true),
  /** Deletes the tenant's vault without opening it. */
  'admin.removeTenant': channel<null>()(z.object({ tenantId: id }).strict(), true),
  'admin.policy': channel<PolicyRuleView[]>()(none, true),
  'admin.previewPolicy': channel<PolicyEffectView[]>()(policyChange, true),
  'admin.setPolicy': channel<PolicyRuleView[]>()(policyChange, true),
  'admin.audit': channel<{ entries: AuditEntryView[]; intact: boolean }>()(none, true),
  'admin.insights': channel<{ byConnector: InsightPointView[]; byTenant: InsightPointView[] }>()(
    z.object({ days: z.number().int().min(1).max(366).optional() }).strict(),
    true,
  ),
  'admin.spaceSettings': channel<SpaceSettingsView>()(none, true),
  'admin.setSpaceSettings': channel<SpaceSettingsView>()(
    z
      .object({
        name: text(256).optional(),
        defaultAutoLockMinutes: z.number().int().min(1).max(1440).optional(),
        profileCreation: z.enum(['anyone', 'members', 'admins']).optional(),
      })
      .strict(),
    true,
  ),
  'admin.oauthClients': channel<OAuthClientView[]>()(none, true),
  'admin.setOAuthClient': channel<OAuthClientView>()(
    z
      .object({
        connectorId,
        clientId: text(512),
        clientSecret: text(1024).optional(),
        authorizeUrl: text(2000).optional(),
        tokenUrl: text(2000).optional(),
      })
      .strict(),
    true,
  ),
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
