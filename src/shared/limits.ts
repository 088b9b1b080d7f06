/**
 * Limits, defaults and small rules that more than one side states: the engine enforces them, the
 * renderer's forms explain them before a round trip, the CLI's help text names them. Each lives
 * here once. No Node, no DOM.
 */
import type { Role } from './model.js';

/** A whole-number range, inclusive. */
export interface Range {
  min: number;
  max: number;
}

/** Auto-lock of an idle profile, in minutes. */
export const AUTO_LOCK_MINUTES: Range = { min: 1, max: 24 * 60 };
export const DEFAULT_AUTO_LOCK_MINUTES = 15;

/** Activity older than this is deleted when the vault is unlocked, in days. */
export const ACTIVITY_RETENTION_DAYS: Range = { min: 1, max: 3650 };
export const DEFAULT_ACTIVITY_RETENTION_DAYS = 90;

/** How many activity entries one query returns. */
export const ACTIVITY_QUERY_LIMIT: Range = { min: 1, max: 10_000 };
export const DEFAULT_ACTIVITY_QUERY_LIMIT = 50;

/** How long an agent's call waits for the owner's approval, in seconds (a profile setting). */
export const APPROVAL_TIMEOUT_SECONDS: Range = { min: 10, max: 3600 };
export const DEFAULT_APPROVAL_TIMEOUT_SECONDS = 120;

/** An MCP token's lifetime, in days (none: until revoked). */
export const TOKEN_EXPIRY_DAYS: Range = { min: 1, max: 3650 };

/** How far back the admin's insights look, in days. */
export const INSIGHT_DAYS: Range = { min: 1, max: 366 };
export const DEFAULT_INSIGHT_DAYS = 30;

/** The router's defaults for one provider call. */
export const CALL_DEFAULTS = {
  timeoutMs: 30_000,
  maxResponseBytes: 5 * 1024 * 1024,
  maxInputBytes: 256 * 1024,
  maxRetries: 2,
  /** Longest Retry-After the router waits for; longer ones fail with the wait in the error. */
  maxRetryAfterMs: 10_000,
} as const;

/** "1 to 1440" — how a range reads in messages and help text. */
export function rangeText(range: Range): string {
  return `${range.min} to ${range.max}`;
}

export function inRange(value: unknown, range: Range): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;
}

/**
 * How an enabled action runs when an agent calls it: `allow` runs it; `ask` waits for the
 * profile's owner to approve that exact call. The owner's own calls (UI, CLI) are never gated.
 */
export const ACTION_MODES = ['allow', 'ask'] as const;
export type ActionMode = (typeof ACTION_MODES)[number];

/** The mode an action starts with when enabled: writes ask, reads are allowed. */
export function defaultMode(kind: 'read' | 'write'): ActionMode {
  return kind === 'write' ? 'ask' : 'allow';
}

/** Who may create new profiles of a space, a space setting. */
export const PROFILE_CREATION = ['anyone', 'members', 'admins'] as const;
export type ProfileCreation = (typeof PROFILE_CREATION)[number];
export const DEFAULT_PROFILE_CREATION: ProfileCreation = 'anyone';

/**
 * Whether a profile may be created on a space with this setting by `actorRole`: the role of the
 * unlocked profile asking, or undefined for the lock screen (nobody unlocked).
 */
export function mayCreateProfile(setting: ProfileCreation, actorRole: Role | undefined | null): boolean {
  if (setting === 'anyone') return true;
  if (setting === 'admins') return actorRole === 'admin';
  return actorRole === 'admin' || actorRole === 'member';
}

/** Why a profile cannot be created here, for a person. */
export function profileCreationLimitText(setting: ProfileCreation): string {
  return setting === 'admins'
    ? 'Only admins can create profiles on this space: ask an admin to create yours.'
    : 'Only admins and members can create profiles on this space: ask an admin or a member to create yours.';
}

/** Importing an OpenAPI document or a declarative connector (custom connectors). */
export const IMPORT_LIMITS = {
  /** Largest document read, in bytes. */
  maxFileBytes: 50 * 1024 * 1024,
  /** Bound given to every imported input string without a smaller maxLength. */
  maxStringLength: 10_000,
  /** Bound given to every imported input array (and open object) without a smaller one. */
  maxArrayItems: 1000,
  /** How deep imported schemas may nest. */
  maxSchemaDepth: 40,
  /** Actions of one custom connector. */
  maxActions: 2000,
  /** MCP tool names (`{connector}_{action}`) are at most this long. */
  maxToolName: 64,
} as const;
