/**
 * Space settings an admin sets: the default auto-lock time of new profiles, and who may create
 * new profiles on this machine. Not secret; changes are recorded in the audit trail.
 */
import { zodFieldErrors } from '../../shared/field-messages.js';
import { z } from 'zod';
import { SwitchboardError } from '../../shared/errors.js';
import {
  AUTO_LOCK_MINUTES,
  DEFAULT_AUTO_LOCK_MINUTES,
  DEFAULT_PROFILE_CREATION,
  PROFILE_CREATION,
  mayCreateProfile,
  type ProfileCreation,
} from '../../shared/limits.js';
import { ROLES, type Role } from '../../shared/model.js';
import type { AdminSession } from './admin-session.js';
import { normalizeName } from '../../shared/validation.js';
import type { SpaceSummary } from '../../shared/model.js';
import type { TenantSession } from '../vault/tenant-session.js';
import { SIGNED_SETTINGS, recordAdminChange, signedPolicy, type SignedPolicy } from './signed-state.js';
import type { Space } from './space.js';

export type { ProfileCreation } from '../../shared/limits.js';

export interface SpaceSettings {
  defaultAutoLockMinutes: number;
  /** anyone: the lock screen's "New profile"; members: an unlocked admin or member; admins: an unlocked admin. */
  profileCreation: ProfileCreation;
  /** Roles whose agents must ask before any write action, whatever each profile's mode says. */
  askForAgentWrites: Role[];
}

const DEFAULTS: SpaceSettings = { defaultAutoLockMinutes: DEFAULT_AUTO_LOCK_MINUTES, profileCreation: DEFAULT_PROFILE_CREATION, askForAgentWrites: [] };
const schema = z
  .object({
    defaultAutoLockMinutes: z.number().int().min(AUTO_LOCK_MINUTES.min).max(AUTO_LOCK_MINUTES.max),
    profileCreation: z.enum(PROFILE_CREATION),
    askForAgentWrites: z.array(z.enum(ROLES)).max(ROLES.length),
  })
  .partial()
  .strict();

export async function getSpaceSettings(space: Space): Promise<SpaceSettings> {
  const rows = await space.registry.all<{ key: string; value: string }>(
    `SELECT key, value FROM space_setting WHERE key IN (${SIGNED_SETTINGS.map(() => '?').join(', ')})`,
    [...SIGNED_SETTINGS],
  );
  return settingsOf(rows.map((r) => [r.key, r.value]));
}

/**
 * The settings as the policy statement this session's vault verified says them (what decisions
 * read: a row changed after the check cannot count); the registry's for a space from before
 * settings were signed.
 */
export async function signedSettings(space: Space, session: TenantSession): Promise<SpaceSettings> {
  return settingsOfPolicy(await signedPolicy(space, session)) ?? getSpaceSettings(space);
}

const SETTINGS_OF = new WeakMap<SignedPolicy, SpaceSettings>();
/** The settings a verified statement signs (parsed once per statement); undefined for a statement from before settings were signed. */
export function settingsOfPolicy(policy: SignedPolicy): SpaceSettings | undefined {
  if (!policy.settings) return undefined;
  let settings = SETTINGS_OF.get(policy);
  if (!settings) SETTINGS_OF.set(policy, (settings = settingsOf(policy.settings)));
  return settings;
}

function settingsOf(pairs: Iterable<readonly [string, string]>): SpaceSettings {
  const stored: Record<string, unknown> = {};
  for (const [key, value] of pairs) {
    try {
      stored[key] = JSON.parse(value);
    } catch {
      // a damaged value falls back to its default
    }
  }
  // Each setting on its own: one damaged value falls back to its default, not all of them.
  const settings: SpaceSettings = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof SpaceSettings)[]) {
    const one = schema.shape[key].safeParse(stored[key]);
    if (one.success && one.data !== undefined) (settings as unknown as Record<string, unknown>)[key] = one.data;
  }
  return settings;
}

export async function setSpaceSettings(space: Space, actor: AdminSession, patch: unknown): Promise<SpaceSettings> {
  const parsed = schema.safeParse(patch);
  if (!parsed.success) {
    const { message, fields } = zodFieldErrors(parsed.error.issues, { schema, input: patch });
    throw new SwitchboardError('INVALID_INPUT', message, { fields });
  }
  await space.registry.transaction(async (tx) => {
    for (const [key, value] of Object.entries(parsed.data)) {
      await tx.run('INSERT INTO space_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, JSON.stringify(value)]);
    }
    await recordAdminChange(tx, space, actor, 'space.settings', parsed.data);
  });
  return getSpaceSettings(space);
}

/** Rename the space: anyone before its first profile (no admin exists to sign yet), then an admin. */
export async function renameSpace(space: Space, actor: AdminSession | null, rawName: unknown): Promise<SpaceSummary> {
  const name = normalizeName(rawName, 'space');
  await space.registry.transaction(async (tx) => {
    await tx.run('UPDATE space SET name = ?', [name]);
    if (actor) await recordAdminChange(tx, space, actor, 'space.rename', { name });
  });
  return space.info();
}

/** Throw POLICY_DENIED unless this space lets `actorRole` (none: the lock screen) create a profile. */
export function assertMayCreateProfile(settings: SpaceSettings, actorRole: Role | undefined): void {
  if (mayCreateProfile(settings.profileCreation, actorRole)) return;
  const who = settings.profileCreation === 'admins' ? 'an admin' : 'an admin or a member';
  throw new SwitchboardError('POLICY_DENIED', `On this space, only ${who} can create profiles. Ask them to create yours while they are unlocked.`);
}
