/**
 * What each vault pins about its space (vault_meta), the ground truth its checks measure against:
 * the trusted signing key, keys it moved on from, the key chain, the highest versions seen, and
 * copies of the last statements it verified or signed.
 */
import type { Db } from '../db/sqlite.js';
import type { TenantSession } from '../vault/tenant-session.js';
import type { Kind } from './signed-bodies.js';
import { PIN_KEY } from './space-keys.js';

export const PIN_VERSION: Record<Kind, string> = { policy: 'policy_version', audit: 'audit_version' };
/** Keys a vault trusted once and moved on from (what they sign is an old state). */
export const RETIRED_KEYS = 'policy_retired_keys';
/** The last statement of each kind this vault verified or signed, `{statement, signature}`. */
export const STATEMENT_COPY: Record<Kind, string> = { policy: 'policy_statement_copy', audit: 'audit_statement_copy' };

/** A vault's own handle, or an unlocked session's. */
export type VaultRef = TenantSession | Db;
export const vaultOf = (ref: VaultRef): Db => ('vault' in ref ? ref.vault() : ref);

export async function pinned(ref: VaultRef, key: string): Promise<string | undefined> {
  return (await vaultOf(ref).get<{ value: string }>('SELECT value FROM vault_meta WHERE key = ?', [key]))?.value;
}

export async function pin(ref: VaultRef, key: string, value: string): Promise<void> {
  await vaultOf(ref).run('INSERT INTO vault_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
}

export async function retiredKeys(ref: VaultRef): Promise<string[]> {
  try {
    const parsed = JSON.parse((await pinned(ref, RETIRED_KEYS)) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

/** Pin `next` as the trusted key; the keys left behind (and `passed` on the way) are retired. */
export async function movePin(ref: VaultRef, passed: string[], next: string): Promise<void> {
  const current = await pinned(ref, PIN_KEY);
  if (current === next) return;
  const retired = await retiredKeys(ref);
  const leaving = [...passed, ...(current ? [current] : [])].filter((k) => k !== next && !retired.includes(k));
  if (leaving.length) await pin(ref, RETIRED_KEYS, JSON.stringify([...retired, ...leaving].slice(-50)));
  await pin(ref, PIN_KEY, next);
}

export async function seenVersion(ref: VaultRef, kind: Kind): Promise<number> {
  const raw = Number((await pinned(ref, PIN_VERSION[kind])) ?? 0);
  return Number.isSafeInteger(raw) && raw >= 0 ? raw : 0;
}
