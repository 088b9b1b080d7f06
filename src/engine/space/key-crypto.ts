/**
 * The public-key pieces the space's signatures rest on, on raw 32-byte keys: Ed25519 to sign,
 * X25519 + HKDF + AES-256-GCM to seal a secret to one profile's key pair.
 */
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

export interface RawPair {
  pub: Buffer;
  priv: Buffer;
}

export function x25519Pair(): RawPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return { pub: Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'), priv: Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url') };
}

export function ed25519Pair(): RawPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { pub: Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'), priv: Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url') };
}

function x25519Private(priv: Buffer, pub: Buffer): KeyObject {
  return createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: priv.toString('base64url'), x: pub.toString('base64url') }, format: 'jwk' });
}

function x25519Public(pub: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: pub.toString('base64url') }, format: 'jwk' });
}

/** The public half of a raw Ed25519 private key. */
export function ed25519PubOf(priv: Buffer): Buffer {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), priv]);
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return Buffer.from(createPublicKey(key).export({ format: 'jwk' }).x!, 'base64url');
}

/** The public half of a raw X25519 private key. */
export function x25519PubOf(priv: Buffer): Buffer {
  const der = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), priv]);
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return Buffer.from(createPublicKey(key).export({ format: 'jwk' }).x!, 'base64url');
}

/** Sign `body` with a raw Ed25519 key; base64url. */
export function signWith(key: RawPair, body: string): string {
  const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: key.priv.toString('base64url'), x: key.pub.toString('base64url') }, format: 'jwk' });
  return sign(null, Buffer.from(body), privateKey).toString('base64url');
}

/** Whether `signature` (base64url) is `pub`'s (base64url) over `body`. Never throws. */
export function signedBy(pub: string, body: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: pub }, format: 'jwk' });
    return verify(null, Buffer.from(body), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** ECIES: ephemeral X25519 → HKDF → AES-256-GCM. Output: ephemeral pub(32) | nonce(12) | ct | tag(16). */
export function seal(recipientPub: Buffer, plaintext: Buffer, info: string): Buffer {
  const eph = x25519Pair();
  const shared = diffieHellman({ privateKey: x25519Private(eph.priv, eph.pub), publicKey: x25519Public(recipientPub) });
  const key = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([eph.pub, recipientPub]), info, 32));
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  eph.priv.fill(0);
  return Buffer.concat([eph.pub, nonce, ct, cipher.getAuthTag()]);
}

export function unseal(priv: Buffer, pub: Buffer, sealed: Buffer, info: string): Buffer | null {
  if (sealed.length < 32 + 12 + 16) return null;
  const ephPub = sealed.subarray(0, 32);
  const nonce = sealed.subarray(32, 44);
  const tag = sealed.subarray(sealed.length - 16);
  const ct = sealed.subarray(44, sealed.length - 16);
  try {
    const shared = diffieHellman({ privateKey: x25519Private(priv, pub), publicKey: x25519Public(ephPub) });
    const key = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephPub, pub]), info, 32));
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]);
  } catch {
    return null;
  }
}
