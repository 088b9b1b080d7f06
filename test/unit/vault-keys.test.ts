import { describe, expect, it } from 'vitest';
import {
  newDataKey,
  newRecoveryKey,
  parseRecoveryKey,
  parseScryptParams,
  recoveryWrappingKey,
  unwrapKey,
  wrapAad,
  wrapKey,
} from '../../src/engine/vault/vault-keys.js';

describe('key wrapping (AES-256-GCM)', () => {
  const aad = wrapAad('passphrase', 'sp_aaaaaaaaaaaaaaaa', 'tn_aaaaaaaaaaaaaaaa');

  it('unwraps with the key that wrapped it', () => {
    const wrapping = newDataKey();
    const data = newDataKey();
    expect(unwrapKey(wrapping, wrapKey(wrapping, data, aad), aad)).toEqual(data);
  });

  it('fails closed with another key', () => {
    const data = newDataKey();
    expect(unwrapKey(newDataKey(), wrapKey(newDataKey(), data, aad), aad)).toBeNull();
  });

  it('is bound to its tenant: a wrap copied to another tenant does not open', () => {
    const wrapping = newDataKey();
    const wrapped = wrapKey(wrapping, newDataKey(), aad);
    expect(unwrapKey(wrapping, wrapped, wrapAad('passphrase', 'sp_aaaaaaaaaaaaaaaa', 'tn_bbbbbbbbbbbbbbbb'))).toBeNull();
    expect(unwrapKey(wrapping, wrapped, wrapAad('recovery', 'sp_aaaaaaaaaaaaaaaa', 'tn_aaaaaaaaaaaaaaaa'))).toBeNull();
  });

  it('detects a flipped bit', () => {
    const wrapping = newDataKey();
    const wrapped = wrapKey(wrapping, newDataKey(), aad);
    wrapped[20]! ^= 1;
    expect(unwrapKey(wrapping, wrapped, aad)).toBeNull();
  });

  it('uses a fresh nonce each time', () => {
    const wrapping = newDataKey();
    const data = newDataKey();
    expect(wrapKey(wrapping, data, aad).equals(wrapKey(wrapping, data, aad))).toBe(false);
  });

  it('refuses a wrap of the wrong length as damaged', () => {
    expect(() => unwrapKey(newDataKey(), Buffer.alloc(10), aad)).toThrow(expect.objectContaining({ code: 'VAULT_CORRUPT' }));
  });
});

describe('recovery keys', () => {
  it('prints as 13 groups of 4 unambiguous characters', () => {
    const { text } = newRecoveryKey();
    expect(text).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){12}[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('parses back as typed: lower case, spaces instead of dashes, O for 0 and l for 1', () => {
    const { text, secret } = newRecoveryKey();
    const sloppy = text.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    expect(parseRecoveryKey(sloppy)).toEqual(secret);
    expect(recoveryWrappingKey(parseRecoveryKey(text))).toEqual(recoveryWrappingKey(secret));
  });

  it('catches a typo with its checksum', () => {
    const { text } = newRecoveryKey();
    // Any character but the last, whose low bits are padding.
    for (let i = 0; i < 20; i++) {
      const pos = i + Math.floor(i / 4);
      const ch = text[pos]!;
      const typo = text.slice(0, pos) + (ch === 'A' ? 'B' : 'A') + text.slice(pos + 1);
      expect(() => parseRecoveryKey(typo)).toThrow(/typo/);
    }
    const typo = 'Z' + text.slice(1) === text ? 'Y' + text.slice(1) : 'Z' + text.slice(1);
    expect(() => parseRecoveryKey(typo)).toThrow(/typo/);
  });

  it('rejects what is not a recovery key', () => {
    for (const bad of ['', 'abc', 'x'.repeat(500), 42, null]) {
      expect(() => parseRecoveryKey(bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });
});

describe('stored KDF parameters', () => {
  it('refuses damaged parameters rather than deriving with them', () => {
    for (const bad of ['{}', '{"alg":"scrypt","N":3,"r":8,"p":1,"salt":"AAAAAAAAAAAAAAAAAAAAAA=="}', '{"alg":"pbkdf2"}']) {
      expect(() => parseScryptParams(bad)).toThrow(expect.objectContaining({ code: 'VAULT_CORRUPT' }));
    }
  });
});
