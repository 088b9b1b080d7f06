import type { Migration } from '../../db/migrate.js';

/**
 * Keys that make policy tamper-evident (see policy-signing.ts): each tenant's X25519 public key
 * (its private half wrapped under the tenant's own data key), and the space's Ed25519 policy
 * signing key sealed to each admin's X25519 key. The policy public key and signature live in
 * space_setting; every vault pins the public key.
 */
export const r0005PolicySigning: Migration = {
  version: 5,
  name: 'policy-signing',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE tenant_key (
        tenant_id TEXT PRIMARY KEY REFERENCES tenant (id) ON DELETE CASCADE,
        enc_pub   BLOB NOT NULL,               -- X25519 public key, raw 32 bytes
        enc_wrap  BLOB NOT NULL                -- X25519 private key, AES-256-GCM under the tenant's data key
      ) STRICT;
      CREATE TABLE admin_key (
        tenant_id TEXT PRIMARY KEY REFERENCES tenant (id) ON DELETE CASCADE,
        sealed    BLOB NOT NULL                -- the policy signing key, sealed to this admin's X25519 key
      ) STRICT;
    `);
  },
};
