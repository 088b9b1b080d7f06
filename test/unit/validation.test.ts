import { describe, expect, it } from 'vitest';
import {
  assertAcceptablePassphrase,
  assertPassphraseText,
  nameKey,
  normalizeName,
  passphraseStrength,
} from '../../src/shared/validation.js';

const invalid = expect.objectContaining({ code: 'INVALID_INPUT' });

describe('names', () => {
  it('trims and normalises to NFC', () => {
    expect(normalizeName('  Sarah  ', 'profile')).toBe('Sarah');
    expect(normalizeName('Zoe\u0301', 'profile')).toBe('Zoé');
  });

  it('refuses empty, whitespace-only, huge, control and non-UTF-8 names', () => {
    for (const bad of ['', '   ', '\t\n', 'a'.repeat(65), 'x'.repeat(100_000), 'bad\u0000name', 'line\nbreak', 'half\ud800', '\ufffdbytes', 7, null]) {
      expect(() => normalizeName(bad, 'profile')).toThrow(invalid);
    }
  });

  it('accepts 64 characters, counted as a person counts them', () => {
    expect(normalizeName('é'.repeat(64), 'profile')).toHaveLength(64);
    expect(normalizeName('😀'.repeat(64), 'space')).toBe('😀'.repeat(64));
  });

  it('compares names ignoring case', () => {
    expect(nameKey('Sarah')).toBe(nameKey('SARAH '));
  });
});

describe('passphrases', () => {
  it('refuses short, common, whitespace-only and huge passphrases with the reason', async () => {
    await expect(assertAcceptablePassphrase('short')).rejects.toThrow(/at least 12/);
    await expect(assertAcceptablePassphrase('password1234')).rejects.toThrow(/guess/);
    await expect(assertAcceptablePassphrase('            ')).rejects.toThrow(invalid);
    await expect(assertAcceptablePassphrase('a'.repeat(2000))).rejects.toThrow(invalid);
    await expect(assertAcceptablePassphrase('aaaaaaaaaaaaaaaa')).rejects.toThrow(/guess/);
  });

  it('counts the profile name against the passphrase', async () => {
    expect((await passphraseStrength('sarahsarah2024', ['sarah'])).acceptable).toBe(false);
  });

  it('accepts a passphrase of unrelated words', async () => {
    expect(await assertAcceptablePassphrase('correct horse battery staple')).toBe('correct horse battery staple');
    expect((await passphraseStrength('violet ocean tractor whisper')).score).toBeGreaterThanOrEqual(3);
  });

  it('refuses non-UTF-8 passphrases at unlock too', () => {
    expect(() => assertPassphraseText('caf\ufffd')).toThrow(invalid);
    expect(() => assertPassphraseText('')).toThrow(invalid);
    expect(() => assertPassphraseText(undefined)).toThrow(invalid);
  });
});
