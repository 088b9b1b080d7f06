/**
 * What the engine hands to every caller (UI, CLI, MCP): plain data, never a secret.
 * The engine builds these; the renderer only reads them.
 */
import type { JsonSchema } from './json-schema.js';
import type { ActionMode, ProfileCreation } from './limits.js';
import type { Role } from './model.js';

export type { ProfileCreation } from './limits.js';

export type ActionKind = 'read' | 'write';
export type ConnectionStatus = 'connected' | 'auth_required';
export type AuthType = 'bearer' | 'api_key' | 'basic' | 'oauth2' | 'client_credentials' | 'none';

/** What anyone may see about a connection: never a credential. */
export interface ConnectionSummary {
  connectorId: string;
  authType: AuthType;
  baseUrl: string;
  /** True when the base URL is this connection's own, not the connector's default. */
  customBaseUrl: boolean;
  status: ConnectionStatus;
  statusDetail?: string;
  /** False while the provider has not accepted these credentials yet (saved offline): the next call or test checks them. */
  verified: boolean;
  /** The scopes an OAuth sign-in granted, when the provider said. */
  grantedScopes?: string[];
  /** On the answer to a connect only: why the provider could not check the credentials (saved, not verified yet). */
  verifyProblem?: string;
  enabledActions: string[];
  createdAt: string;
  updatedAt: string;
}

/** One action as a tenant sees it: effective = allowed ∧ connected ∧ enabled ∧ not waiting for re-auth. */
export interface ActionState {
  id: string;
  connectorId: string;
  title: string;
  description: string;
  kind: ActionKind;
  input: JsonSchema;
  /** JSON Schema of what the action returns. */
  output: JsonSchema;
  /** Provider scopes the action needs (OAuth connectors). */
  scopes?: string[];
  /** Whether it may overwrite or remove what exists (update, delete); false for reads and additive writes. */
  destructive: boolean;
  /** Whether repeating it with the same input leaves the same state (every read; set/update/delete writes). */
  idempotent: boolean;
  docs: string;
  connected: boolean;
  enabled: boolean;
  allowed: boolean;
  /** Why policy forbids it, when it does. */
  policyReason?: string;
  effective: boolean;
  /** When enabled: how it runs when an agent calls it (the owner's own calls are never gated). */
  mode?: ActionMode;
  /** True when the space policy makes agents' calls to it ask, whatever `mode` says. */
  askRequired?: boolean;
  /** When not effective: the first rule that stops it (the code the router would answer). */
  blockedBy?: 'POLICY_DENIED' | 'NOT_CONNECTED' | 'ACTION_DISABLED' | 'AUTH_REQUIRED' | 'SCOPE_MISSING';
}

export type ActivityStatus = 'ok' | 'error' | 'queued';

export interface ActivityEntry {
  id: number;
  at: string;
  action: string;
  status: ActivityStatus;
  code?: string;
  /** What the caller was told when it failed (scrubbed of the connection's secrets). */
  message?: string;
  httpStatus?: number;
  durationMs: number;
  via: string;
  /** The input as called, with secret-looking values redacted. */
  input?: unknown;
  /** The approval an agent's call went through, when it waited for one. */
  approval?: ApprovalRecord;
}

/** What the activity log keeps of an approval. */
export interface ApprovalRecord {
  id: string;
  hash: string;
  outcome: 'approved' | 'denied' | 'expired' | 'cancelled';
  /** Who answered: ui, cli or elicitation (the agent's own client); absent when nobody did. */
  answeredVia?: string;
  waitedMs: number;
}

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired' | 'cancelled' | 'used';

/** An agent's call waiting for (or past) the owner's answer. The input is redacted where shown. */
export interface ApprovalView {
  id: string;
  action: string;
  actionTitle: string;
  connectorId: string;
  connectorName: string;
  kind: ActionKind;
  /** The input that will be sent, secret-looking values redacted. */
  input: unknown;
  /** The action's input schema, to show the input as a readable form. */
  inputSchema: JsonSchema;
  /** SHA-256 of action id and canonical input: the approval is bound to exactly this call. */
  hash: string;
  caller: string;
  status: ApprovalStatus;
  requestedAt: string;
  expiresAt: string;
  answeredAt?: string;
  answeredVia?: string;
  reason?: string;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'uncertain';

export interface OutboxItem {
  id: string;
  action: string;
  status: OutboxStatus;
  attempts: number;
  lastCode?: string;
  lastMessage?: string;
  via: string;
  createdAt: string;
  updatedAt: string;
}

export type ExecuteResult = { status: 'ok'; output: unknown; durationMs: number } | { status: 'queued'; outboxId: string };

/** How a connector is connected, as the connect form needs it. */
export type AuthView =
  | { type: 'bearer'; label: string }
  | { type: 'api_key'; label: string }
  | { type: 'basic'; usernameLabel: string; passwordLabel: string }
  | { type: 'oauth2'; configured: boolean }
  | { type: 'client_credentials' }
  | { type: 'none' };

export interface ConnectorView {
  id: string;
  name: string;
  icon: string;
  category: string;
  description: string;
  /** Empty when each connection must give its own. */
  baseUrl: string;
  baseUrlHint?: string;
  auth: AuthView[];
  actionCount: number;
}

export interface SessionInfo {
  tenantId: string;
  name: string;
  role: Role;
  spaceId: string;
  spaceName: string;
}

export interface TenantSettingsView {
  autoLockMinutes: number;
  activityRetentionDays: number;
  approvalTimeoutSeconds: number;
}

/** An MCP access token as listed: never the token itself. */
export interface McpTokenView {
  id: string;
  name: string;
  createdAt: string;
  expiresAt?: string;
  lastUsedAt?: string;
}

export interface McpInfo {
  /** The command and arguments an MCP client config launches for stdio (passphrase in its env). */
  stdioCommand: string[];
  /** The Streamable HTTP endpoint, when a gateway runs (`switchboard mcp serve`, or the desktop app). */
  httpUrl?: string;
  profileName: string;
}

/** One row of the admin's tenants view: ids and counts only, never anything from inside a vault. */
export interface AdminTenantView {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  lastActiveAt?: string;
  connectors: string[];
  actionsEnabled: number;
  needsReauth: string[];
  calls24h: number;
  errors24h: number;
  calls30d: number;
  errors30d: number;
  /** Agents' calls this profile's owner approved, and denied, in 30 days. */
  approvals30d: number;
  denials30d: number;
}

export interface PolicyRuleView {
  subject: string;
  role: Role;
  effect: 'allow' | 'deny';
  updatedAt: string;
  updatedBy: string;
}

export interface PolicyEffectView {
  tenantId: string;
  name: string;
  loses: string[];
  gains: string[];
}

export interface AuditEntryView {
  id: number;
  at: string;
  actorId: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

export interface InsightPointView {
  /** YYYY-MM-DD */
  day: string;
  /** A connector id (byConnector) or a tenant name (byTenant). */
  key: string;
  calls: number;
  errors: number;
  avgMs: number;
}

/** A team space's sync state as the header shows it (src/engine/team); `team: false` for a space of one machine. */
export interface TeamStatusView {
  team: boolean;
  machine?: string;
  lastSync?: string | null;
  /** ISO time since when the database cannot be reached; null while online. */
  offlineSince?: string | null;
  /** An admin change saved here while offline, not pushed yet. */
  pending?: boolean;
}

export interface SpaceSettingsView {
  name: string;
  defaultAutoLockMinutes: number;
  /** anyone: from the lock screen; members: while an admin or member is unlocked; admins: while an admin is unlocked. */
  profileCreation: ProfileCreation;
  /** Roles whose agents must ask before every write action (signed with the policy). */
  askForAgentWrites: Role[];
}

/** An OAuth app of the space: never its secret. */
export interface OAuthClientView {
  connectorId: string;
  clientId: string;
  hasClientSecret: boolean;
  authorizeUrl: string;
  tokenUrl: string;
}

/** A custom connector of the space, as admins list them. */
export interface CustomConnectorView {
  id: string;
  name: string;
  version: number;
  actions: number;
  updatedAt: string;
  updatedBy: string;
  /** Why profiles refuse it (edited by hand, rolled back), when they do. */
  problem?: string;
}

/** What saving or removing a custom connector changes, shown before it is saved. */
export interface ConnectorChangePreview {
  connectorId: string;
  /** A connector of this id exists already (this is an update). */
  replaces: boolean;
  /** Action ids (local: `list_notes`). */
  added: string[];
  removed: string[];
  /** Same id, another input, kind or request. */
  changed: string[];
  /** Profiles that would lose enabled actions (full ids), as the policy editor's preview shows. */
  losses: { tenantId: string; name: string; loses: string[] }[];
  saved: boolean;
  /** Not saved: profiles would lose enabled actions; save again with confirm. */
  needsConfirm?: boolean;
  version?: number;
}

/** One operation of an imported document, for the preview and the import screen. */
export interface ImportedActionView {
  id: string;
  title: string;
  kind: 'read' | 'write';
  method: string;
  path: string;
  tags: string[];
  deprecated: boolean;
}

export interface ConnectorImportView {
  connector: { id: string; name: string; baseUrl: string; baseUrlHint?: string; auth: string[]; actions: ImportedActionView[] };
  /** Security schemes left out, operations skipped, the document's servers. */
  report: { unsupportedAuth: string[]; skipped: string[]; servers: string[] };
  change: ConnectorChangePreview;
}
