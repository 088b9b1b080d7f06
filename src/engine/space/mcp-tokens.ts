/**
 * MCP access tokens: `sbt_` + 256 random bits, shown once. The registry stores SHA-256(token) to
 * find it, and the tenant's data key wrapped (AES-256-GCM) under HKDF(token), bound to the token
 * id, so a gateway holding only the token can open that one vault. Revoking deletes both.
 */
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { SwitchboardError } from '../../shared/errors.js';
import { TOKEN_EXPIRY_DAYS, inRange, rangeText } from '../../shared/limits.js';
import type { McpTokenView } from '../../shared/views.js';
import { normalizeName } from '../../shared/validation.js';
import { isWellFormedId } from './ids.js';
import { openSession } from './unlock.js';
import type { Space } from './space.js';
import type { TenantSession } from '../vault/tenant-session.js';
import { unwrapKey, wrapAad, wrapKey } from '../vault/vault-keys.js';

export type McpTokenSummary = McpTokenView;

interface TokenRow {
  id: string;
  tenant_id: string;
  name: string;
  token_hash: Buffer;
  wrap: Buffer;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
}

const TOKEN = /^sbt_[A-Za-z0-9_-]{43}$/;

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function tokenKey(token: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(token), Buffer.alloc(0), 'switchboard/mcp-token-wrap/v1', 32));
}

/**
 * What a token's wrap is bound to: its space, tenant, id and expiry. Editing the expiry in the
 * registry (or removing it) makes the wrap fail to open.
 */
function aad(space: Space, tenantId: string, tokenId: string, expiresAt: number | null): Buffer {
  return Buffer.concat([wrapAad('token', space.id, tenantId), Buffer.from(`/${tokenId}/expires=${expiresAt ?? 'never'}`)]);
}

/** The binding of tokens made before the expiry was bound (re-bound on their first use). */
function legacyAad(space: Space, tenantId: string, tokenId: string): Buffer {
  return Buffer.concat([wrapAad('token', space.id, tenantId), Buffer.from(`/${tokenId}`)]);
}

/** Create a token for the session's tenant. The token is in the result only. */
export async function createMcpToken(
  space: Space,
  session: TenantSession,
  options: { name?: unknown; expiresDays?: unknown } = {},
): Promise<{ token: string; id: string; name: string; expiresAt?: string }> {
  const name = options.name === undefined ? 'MCP client' : normalizeName(options.name, 'token');
  let expiresAt: number | null = null;
  if (options.expiresDays !== undefined) {
    const days = Number(options.expiresDays);
    if (!inRange(days, TOKEN_EXPIRY_DAYS)) throw new SwitchboardError('INVALID_INPUT', `--expires takes whole days from ${rangeText(TOKEN_EXPIRY_DAYS)}.`);
    expiresAt = space.now() + days * 86_400_000;
  }
  const id = `mt_${randomBytes(8).toString('hex')}`;
  const token = `sbt_${randomBytes(32).toString('base64url')}`;
  const key = tokenKey(token);
  const wrap = session.withDataKey((dataKey) => wrapKey(key, dataKey, aad(space, session.tenantId, id, expiresAt)));
  key.fill(0);
  await space.registry.run(
    'INSERT INTO mcp_token (id, tenant_id, name, token_hash, wrap, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [id, session.tenantId, name, hashToken(token), wrap, space.now(), expiresAt],
  );
  return { token, id, name, ...(expiresAt ? { expiresAt: new Date(expiresAt).toISOString() } : {}) };
}

export async function listMcpTokens(space: Space, session: TenantSession): Promise<McpTokenSummary[]> {
  const rows = await space.registry.all<TokenRow>('SELECT * FROM mcp_token WHERE tenant_id = ? ORDER BY created_at', [session.tenantId]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: new Date(r.created_at).toISOString(),
    ...(r.expires_at ? { expiresAt: new Date(r.expires_at).toISOString() } : {}),
    ...(r.last_used_at ? { lastUsedAt: new Date(r.last_used_at).toISOString() } : {}),
  }));
}

/** Revoke one of the session tenant's own tokens; another tenant's id is NOT_FOUND. */
export async function revokeMcpToken(space: Space, session: TenantSession, id: unknown): Promise<void> {
  const result = await space.registry.run('DELETE FROM mcp_token WHERE id = ? AND tenant_id = ?', [typeof id === 'string' ? id : '', session.tenantId]);
  if (result.changes === 0) throw new SwitchboardError('NOT_FOUND', `There is no token ${JSON.stringify(String(id).slice(0, 40))} for this profile. List them with \`switchboard mcp token list\`.`);
}

/** The token's row if it is well-formed, known and not expired; undefined otherwise (say 401, nothing more). */
export async function findToken(space: Space, token: string | undefined): Promise<{ id: string; tenantId: string } | undefined> {
  if (!token || !TOKEN.test(token)) return undefined;
  const row = await space.registry.get<TokenRow>('SELECT * FROM mcp_token WHERE token_hash = ?', [hashToken(token)]);
  if (!row || expired(row, space.now())) return undefined;
  return { id: row.id, tenantId: row.tenant_id };
}

/** Whether a token still exists and has not expired (the gateway drops what a dead token opened). */
export async function tokenStillValid(space: Space, tokenId: string): Promise<boolean> {
  const row = await space.registry.get<Pick<TokenRow, 'expires_at'>>('SELECT expires_at FROM mcp_token WHERE id = ?', [tokenId]);
  return row !== undefined && !expired(row, space.now());
}

/** The one expiry rule. */
function expired(row: Pick<TokenRow, 'expires_at'>, now: number): boolean {
  return row.expires_at !== null && row.expires_at <= now;
}

/**
 * Open the tenant's vault with the token's wrap (the gateway's unlock). Returns the expiry the
 * wrap is bound to: the one the gateway holds the session to, whatever the registry says later.
 */
export async function openSessionWithToken(space: Space, token: string): Promise<{ session: TenantSession; tokenId: string; expiresAt: number | null } | undefined> {
  const found = await findToken(space, token);
  if (!found) return undefined;
  const row = await space.registry.get<TokenRow>('SELECT * FROM mcp_token WHERE id = ?', [found.id]);
  if (!row || !isWellFormedId(row.tenant_id, 'tn_')) return undefined;
  const key = tokenKey(token);
  try {
    let dataKey = unwrapKey(key, row.wrap, aad(space, row.tenant_id, row.id, row.expires_at));
    if (!dataKey) {
      dataKey = unwrapKey(key, row.wrap, legacyAad(space, row.tenant_id, row.id));
      if (!dataKey) return undefined;
      // A token from before expiries were bound: bind the expiry it has now.
      const rewrapped = wrapKey(key, dataKey, aad(space, row.tenant_id, row.id, row.expires_at));
      await space.registry.run('UPDATE mcp_token SET wrap = ? WHERE id = ?', [rewrapped, row.id]);
    }
    const tenant = await space.tenantRow(row.tenant_id);
    const session = await openSession(space, tenant, dataKey);
    await space.registry.run('UPDATE mcp_token SET last_used_at = ? WHERE id = ?', [space.now(), row.id]);
    return { session, tokenId: row.id, expiresAt: row.expires_at };
  } finally {
    key.fill(0);
  }
}

/** Note a use (at most once a minute per token, to keep writes off the hot path). */
export async function touchToken(space: Space, tokenId: string): Promise<void> {
  await space.registry.run('UPDATE mcp_token SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)', [space.now(), tokenId, space.now() - 60_000]);
}
