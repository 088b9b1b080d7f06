import type { Migration } from '../../db/migrate.js';

/**
 * MCP access tokens. A token selects its tenant for the headless MCP gateway: the registry keeps
 * its SHA-256 (never the token) and a wrap of the tenant's data key under a key derived from the
 * token, so the gateway can open that vault without the passphrase. Revoking deletes the row,
 * and with it the wrap. Deleting the tenant deletes its tokens.
 */
export const r0003McpTokens: Migration = {
  version: 3,
  name: 'mcp-tokens',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE mcp_token (
        id           TEXT PRIMARY KEY,
        tenant_id    TEXT NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
        name         TEXT NOT NULL,
        token_hash   BLOB NOT NULL UNIQUE,
        wrap         BLOB NOT NULL,
        created_at   INTEGER NOT NULL,
        expires_at   INTEGER,
        last_used_at INTEGER
      ) STRICT;
      CREATE INDEX mcp_token_tenant ON mcp_token (tenant_id);
    `);
  },
};
