/**
 * The input of every operation, once: the engine's operations layer (src/engine/ops) validates
 * with these, the IPC contract (ipc.ts) carries them, and the CLI builds them from its flags. So
 * the same mistake gets the same answer from the desktop app, the browser, the CLI and MCP.
 * Who may run each operation is declared beside its implementation, in src/engine/ops.
 */
import { z } from 'zod';
import { ACTION_MODES, ACTIVITY_QUERY_LIMIT, IMPORT_LIMITS, ACTIVITY_RETENTION_DAYS, APPROVAL_TIMEOUT_SECONDS, AUTO_LOCK_MINUTES, INSIGHT_DAYS, PROFILE_CREATION, TOKEN_EXPIRY_DAYS } from './limits.js';
import { ROLES } from './model.js';
import { zodFieldErrors, type FieldErrors } from './field-messages.js';

const id = z.string().min(1).max(100);
const text = (max: number) => z.string().max(max);
const passphrase = z.string().min(1).max(1024);
const whole = (range: { min: number; max: number }) => z.number().int().min(range.min).max(range.max);
export const actionIdSchema = z.string().min(3).max(100).regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, 'an action id such as slack.send_message');
export const connectorIdSchema = z.string().min(1).max(40).regex(/^[a-z][a-z0-9_]*$/, 'a connector id such as slack');
const none = z.object({}).strict().optional();
const policyChange = z
  .object({
    subject: z.string().min(1).max(100).regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/, 'a connector id or an action id'),
    role: z.enum(ROLES),
    effect: z.enum(['allow', 'deny', 'inherit']),
  })
  .strict();

/** A document to import: a local file (the CLI) or its text with a name for messages (the app's file picker). */
const documentSource = z.union([
  z.object({ file: z.string().min(1).max(4096) }).strict(),
  z.object({ text: z.string().max(IMPORT_LIMITS.maxFileBytes), name: z.string().min(1).max(256) }).strict(),
]);
const saveFlags = { dryRun: z.boolean().optional(), confirm: z.boolean().optional() };

export const OP_INPUTS = {
  // --- spaces and profiles ------------------------------------------------------------------------
  'space.list': none,
  'space.create': z.object({ name: text(256) }).strict(),
  'space.info': none,
  /** A team space's sync state (database, machine, last sync, offline since): what the header shows. */
  'space.teamStatus': none,
  'space.rename': z.object({ name: text(256) }).strict(),
  /** Join a team space from its database (the space key, when given, must be the one it names). */
  'space.join': z.object({ url: text(2000), password: text(1000).optional(), machineName: text(256).optional(), spaceKey: text(100).optional() }).strict(),
  'profiles.list': none,
  'profiles.create': z.object({ name: text(256), passphrase }).strict(),
  'profiles.unlock': z.object({ tenant: id, passphrase }).strict(),
  'profiles.recover': z.object({ tenant: id, recoveryKey: text(200), newPassphrase: passphrase }).strict(),
  /** Delete with the profile's own passphrase (an admin removes others with admin.removeTenant). */
  'profiles.delete': z.object({ tenant: id, passphrase }).strict(),
  'profiles.rename': z.object({ tenant: id, name: text(256) }).strict(),
  'profiles.changePassphrase': z.object({ current: passphrase, next: passphrase }).strict(),
  /** The vault's file and raw SQLCipher key; the passphrase is asked again even though the profile is unlocked. */
  'profiles.exportKey': z.object({ passphrase }).strict(),
  'settings.get': none,
  'settings.update': z
    .object({
      autoLockMinutes: whole(AUTO_LOCK_MINUTES).optional(),
      activityRetentionDays: whole(ACTIVITY_RETENTION_DAYS).optional(),
      approvalTimeoutSeconds: whole(APPROVAL_TIMEOUT_SECONDS).optional(),
    })
    .strict(),

  // --- connectors, connections, actions, calls ----------------------------------------------------
  'catalog.list': none,
  'catalog.show': z.object({ connectorId: connectorIdSchema }).strict(),
  /** A custom connector's declarative definition (docs/connector.schema.json). */
  'catalog.export': z.object({ connectorId: connectorIdSchema }).strict(),
  'connections.list': none,
  'connections.connect': z
    .object({
      connectorId: connectorIdSchema,
      authType: z.enum(['bearer', 'api_key', 'basic', 'oauth2', 'client_credentials', 'none']),
      credentials: z.record(z.string().max(64), z.string().max(8192)),
      baseUrl: text(2000).optional(),
    })
    .strict(),
  /** Sign in through the browser; the host opens the authorize URL. */
  'connections.connectOAuth': z.object({ connectorId: connectorIdSchema, baseUrl: text(2000).optional() }).strict(),
  'connections.test': z.object({ connectorId: connectorIdSchema }).strict(),
  'connections.disconnect': z.object({ connectorId: connectorIdSchema }).strict(),
  'actions.list': z.object({ connectorId: connectorIdSchema.optional() }).strict(),
  /** Switch actions on (each in its default mode, or `mode`) or off. */
  'actions.setEnabled': z.object({ actionIds: z.array(actionIdSchema).min(1).max(500), enabled: z.boolean(), mode: z.enum(ACTION_MODES).optional() }).strict(),
  /** How enabled actions run when an agent calls them: allow, or ask first. */
  'actions.setMode': z.object({ actionIds: z.array(actionIdSchema).min(1).max(500), mode: z.enum(ACTION_MODES) }).strict(),
  'actions.run': z.object({ actionId: actionIdSchema, input: z.unknown(), queue: z.boolean().optional() }).strict(),
  'activity.query': z
    .object({
      limit: whole(ACTIVITY_QUERY_LIMIT).optional(),
      action: text(200).optional(),
      status: z.enum(['ok', 'error', 'queued']).optional(),
      since: text(40).optional(),
      until: text(40).optional(),
    })
    .strict(),
  'outbox.list': z.object({ all: z.boolean().optional() }).strict().optional(),
  'outbox.cancel': z.object({ id: text(40) }).strict(),
  'outbox.flush': none,

  // --- approvals (an agent's call to an `ask` action waits for one) ---------------------------------
  'approvals.list': none,
  'approvals.answer': z
    .object({
      id: z.string().min(1).max(40),
      decision: z.enum(['approve', 'deny']),
      /** With approve: also switch the action to `allow` for agents from now on. */
      always: z.boolean().optional(),
      /** With deny: why, for the agent. */
      reason: z.string().max(500).optional(),
    })
    .strict(),

  // --- AI clients -----------------------------------------------------------------------------------
  'mcp.tokens.list': none,
  'mcp.tokens.create': z.object({ name: text(64).optional(), expiresDays: whole(TOKEN_EXPIRY_DAYS).optional() }).strict(),
  'mcp.tokens.revoke': z.object({ id: text(40) }).strict(),

  // --- admin ----------------------------------------------------------------------------------------
  'admin.tenants': none,
  'admin.setRole': z.object({ tenantId: id, role: z.enum(ROLES) }).strict(),
  /** Deletes the tenant's vault without opening it. */
  'admin.removeTenant': z.object({ tenantId: id }).strict(),
  'admin.policy': none,
  'admin.previewPolicy': policyChange,
  'admin.setPolicy': policyChange,
  'admin.audit': none,
  'admin.insights': z.object({ days: whole(INSIGHT_DAYS).optional() }).strict(),
  'admin.spaceSettings': none,
  'admin.setSpaceSettings': z
    .object({
      defaultAutoLockMinutes: whole(AUTO_LOCK_MINUTES).optional(),
      profileCreation: z.enum(PROFILE_CREATION).optional(),
      /** Roles whose agents must ask before every write action. */
      askForAgentWrites: z.array(z.enum(ROLES)).max(ROLES.length).optional(),
    })
    .strict(),
  'admin.customConnectors': none,
  'admin.importOpenApi': z
    .object({
      source: documentSource,
      id: connectorIdSchema,
      name: z.string().min(1).max(100).optional(),
      select: z.array(z.string().min(1).max(500)).max(IMPORT_LIMITS.maxActions).optional(),
      tag: z.string().min(1).max(200).optional(),
      baseUrl: text(2000).optional(),
      kinds: z.record(z.string().max(40), z.enum(['read', 'write'])).optional(),
      auth: z.array(z.string().min(1).max(200)).max(20).optional(),
      ...saveFlags,
    })
    .strict(),
  'admin.addConnector': z.object({ source: documentSource, ...saveFlags }).strict(),
  'admin.removeConnector': z.object({ connectorId: connectorIdSchema, ...saveFlags }).strict(),
  'admin.oauthClients': none,
  'admin.setOAuthClient': z
    .object({
      connectorId: connectorIdSchema,
      clientId: text(512),
      clientSecret: text(1024).optional(),
      authorizeUrl: text(2000).optional(),
      tokenUrl: text(2000).optional(),
    })
    .strict(),
  /** Publish this space to an empty PostgreSQL database (a team space); the password travels here, never in the URL. */
  'admin.publishTeam': z
    .object({
      url: text(2000),
      password: text(1000).optional(),
      machineName: text(256).optional(),
    })
    .strict(),
} as const;

export type OpName = keyof typeof OP_INPUTS;
export type OpInput<N extends OpName> = z.input<(typeof OP_INPUTS)[N]>;

/** A failed parse in words: one message per field (src/shared/field-messages.ts) and all of them as one text. */
export function describeInputError(error: z.ZodError, schema?: z.ZodType, input?: unknown): FieldErrors {
  return zodFieldErrors(error.issues, { schema, input });
}
