/**
 * The key hierarchy (docs/ARCHITECTURE.md, "Keys and vaults"):
 *   data key (random 256-bit, given raw to SQLCipher)
 *     ← wrapped with AES-256-GCM by a key derived from the passphrase with scrypt
 *     ← wrapped with AES-256-GCM by a key derived (HKDF) from the recovery key
 * Only wraps and KDF parameters are ever stored. A wrap is bound to its space, tenant and
 * purpose through the GCM associated data, so a wrap copied onto another row does not open.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, scrypt } from 'node:crypto';
import { SwitchboardError } from '../../shared/errors.js';

export const DATA_KEY_BYTES = 32;
const WRAP_VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface ScryptParams {
  alg: 'scrypt';
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
  /** base64, 16 random bytes, per tenant and per passphrase. */
  salt: string;
}

/**
 * Chosen so that one unlock costs about 0.3–0.4 s on the reference machine (see README and
 * BENCHMARKS.md): N = 2^17, r = 8 means 128 MiB of memory per derivation.
 */
export const DEFAULT_SCRYPT_COST = { N: 2 ** 17, r: 8, p: 1 } as const;
export type ScryptCost = { N: number; r: number; p: number };

export function newScryptParams(cost: ScryptCost = DEFAULT_SCRYPT_COST): ScryptParams {
  return { alg: 'scrypt', N: cost.N, r: cost.r, p: cost.p, salt: randomBytes(16).toString('base64') };
}

export function parseScryptParams(json: string): ScryptParams {
  const value = JSON.parse(json) as Partial<ScryptParams>;
  const ok =
    value.alg === 'scrypt' &&
    Number.isInteger(value.N) && value.N! >= 2 && (value.N! & (value.N! - 1)) === 0 && value.N! <= 2 ** 22 &&
    Number.isInteger(value.r) && value.r! >= 1 && value.r! <= 32 &&
    Number.isInteger(value.p) && value.p! >= 1 && value.p! <= 16 &&
    typeof value.salt === 'string' && Buffer.from(value.salt, 'base64').length >= 16;
  if (!ok) throw new SwitchboardError('VAULT_CORRUPT', 'The stored key parameters of this profile are damaged.');
  return value as ScryptParams;
}

/** Derive the 256-bit key that wraps the data key from a passphrase. Runs off the main thread. */
export function derivePassphraseKey(passphrase: string, params: ScryptParams): Promise<Buffer> {
  const maxmem = 128 * params.N * params.r * params.p + 32 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(
      Buffer.from(passphrase.normalize('NFC'), 'utf8'),
      Buffer.from(params.salt, 'base64'),
      DATA_KEY_BYTES,
      { N: params.N, r: params.r, p: params.p, maxmem },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

/** What a wrap is for; part of its associated data, so a wrap cannot be replayed as another kind. */
export type WrapPurpose = 'passphrase' | 'recovery' | 'token' | 'quick-unlock' | 'tenant-x25519';

export function wrapAad(purpose: WrapPurpose, spaceId: string, tenantId: string): Buffer {
  return Buffer.from(`switchboard/wrap/v1/${purpose}/${spaceId}/${tenantId}`, 'utf8');
}

/** AES-256-GCM: version(1) | nonce(12) | ciphertext(32) | tag(16). */
export function wrapKey(wrappingKey: Buffer, dataKey: Buffer, aad: Buffer): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', wrappingKey, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([Buffer.from([WRAP_VERSION]), nonce, body, cipher.getAuthTag()]);
}

/** The data key, or null when the wrapping key (or the associated data) is wrong. */
export function unwrapKey(wrappingKey: Buffer, wrapped: Buffer, aad: Buffer): Buffer | null {
  if (wrapped.length !== 1 + NONCE_BYTES + DATA_KEY_BYTES + TAG_BYTES || wrapped[0] !== WRAP_VERSION) {
    throw new SwitchboardError('VAULT_CORRUPT', 'The stored key of this profile is damaged.');
  }
  const nonce = wrapped.subarray(1, 1 + NONCE_BYTES);
  const body = wrapped.subarray(1 + NONCE_BYTES, wrapped.length - TAG_BYTES);
  const tag = wrapped.subarray(wrapped.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', wrappingKey, nonce);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return null;
  }
}

// ---- recovery keys -------------------------------------------------------------------------

// Crockford's base32: no I, L, O, U, so a key read aloud or copied by hand is unambiguous.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECOVERY_SECRET_BYTES = 30; // 240 bits
const RECOVERY_CHECK_BYTES = 2;

function checksum(secret: Buffer): Buffer {
  return createHash('sha256').update('switchboard-recovery').update(secret).digest().subarray(0, RECOVERY_CHECK_BYTES);
}

function toBase32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function fromBase32(text: string): Buffer | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) return null;
    value = ((value << 5) | idx) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new recovery key: 240 random bits and a 16-bit checksum, as 13 groups of 4 characters. */
export function newRecoveryKey(): { text: string; secret: Buffer } {
  const secret = randomBytes(RECOVERY_SECRET_BYTES);
  const encoded = toBase32(Buffer.concat([secret, checksum(secret)]));
  const text = encoded.match(/.{1,4}/g)!.join('-');
  return { text, secret };
}

/**
 * Parse a recovery key as a person may type it: any case, with or without dashes and spaces,
 * O for 0 and I/L for 1. A mistyped key fails its checksum and says so.
 */
export function parseRecoveryKey(input: unknown): Buffer {
  if (typeof input !== 'string' || input.length > 200) {
    throw new SwitchboardError('INVALID_INPUT', 'Enter the recovery key you saved when the profile was created.');
  }
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const bytes = cleaned.length === 52 ? fromBase32(cleaned) : null;
  if (!bytes || bytes.length !== RECOVERY_SECRET_BYTES + RECOVERY_CHECK_BYTES) {
    throw new SwitchboardError('INVALID_INPUT', 'That is not a recovery key: it has 13 groups of 4 letters and digits.');
  }
  const secret = bytes.subarray(0, RECOVERY_SECRET_BYTES);
  if (!checksum(secret).equals(bytes.subarray(RECOVERY_SECRET_BYTES))) {
    throw new SwitchboardError('INVALID_INPUT', 'That recovery key has a typo: check each group against the one you saved.');
  }
  return Buffer.from(secret);
}

/** The key that wraps the data key for recovery. The secret is already 240 random bits: HKDF, no stretching. */
export function recoveryWrappingKey(secret: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'switchboard/recovery-wrap/v1', DATA_KEY_BYTES));
}
