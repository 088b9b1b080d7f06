/**
 * Rules for names and passphrases, shared by the engine (which enforces them) and the UI
 * (which explains them before a round trip). No Node, no DOM.
 */
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { SwitchboardError } from './errors.js';

export const NAME_MAX_LENGTH = 64;
export const PASSPHRASE_MIN_LENGTH = 12;
export const PASSPHRASE_MAX_LENGTH = 1024;
/** zxcvbn score (0–4) a passphrase must reach. 3 = "safely unguessable: moderate protection from offline attacks". */
export const PASSPHRASE_MIN_SCORE = 3;

// Control characters, and U+FFFD: what a decoder leaves where the input was not valid UTF-8.
const CONTROL_OR_REPLACEMENT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffd]/u;
// Format characters: bidi overrides and isolates, zero-width spaces and joiners, the BOM. They make
// one name look like another, or like nothing.
const FORMAT = /\p{Cf}/u;
// What Switchboard's own ids look like (tn_…, sp_…, mt_…, ob_…): a name of that shape could be taken for one.
const ID_SHAPED = /^[a-z]{2}_[a-z0-9]{16}$/i;

function hasLoneSurrogate(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return true;
    }
  }
  return false;
}

/**
 * Validate and normalise a display name (space or tenant): NFC, trimmed, 1–64 characters,
 * no control characters, valid Unicode. Returns the name to store.
 */
export function normalizeName(raw: unknown, what: 'space' | 'profile' | 'token'): string {
  if (typeof raw !== 'string') {
    throw new SwitchboardError('INVALID_INPUT', `The ${what} name must be text.`);
  }
  if (raw.length > NAME_MAX_LENGTH * 4) {
    throw new SwitchboardError('INVALID_INPUT', `The ${what} name is too long: use at most ${NAME_MAX_LENGTH} characters.`);
  }
  if (hasLoneSurrogate(raw) || CONTROL_OR_REPLACEMENT.test(raw)) {
    throw new SwitchboardError(
      'INVALID_INPUT',
      `The ${what} name contains control characters or is not valid UTF-8: use letters, digits, spaces and punctuation.`,
    );
  }
  if (FORMAT.test(raw)) {
    throw new SwitchboardError('INVALID_INPUT', `The ${what} name contains invisible formatting characters (such as zero-width or right-to-left marks): type it with visible characters only.`);
  }
  const name = raw.normalize('NFC').trim();
  if (name.length === 0) {
    throw new SwitchboardError('INVALID_INPUT', `The ${what} name is empty: give it at least one visible character.`);
  }
  if (ID_SHAPED.test(name.normalize('NFKC'))) {
    throw new SwitchboardError('INVALID_INPUT', `The ${what} name looks like a Switchboard id (such as tn_…): choose a name a person would recognise.`);
  }
  if ([...name].length > NAME_MAX_LENGTH) {
    throw new SwitchboardError('INVALID_INPUT', `The ${what} name is too long: use at most ${NAME_MAX_LENGTH} characters.`);
  }
  return name;
}

/**
 * The key names are unique under: "Sarah", "sarah" and full-width "Ｓａｒａｈ" are the same profile
 * (NFKC folds compatibility look-alikes, then case is ignored).
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').trim().toLocaleLowerCase('en-US');
}

// Loaded on first use: the dictionaries cost ~100 ms to load, which every CLI command that
// never checks a new passphrase should not pay.
let estimator: Promise<ZxcvbnFactory> | undefined;
function zxcvbn(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
    });
  })();
  return estimator;
}

export interface PassphraseStrength {
  /** 0 (too guessable) … 4 (very unguessable). */
  score: 0 | 1 | 2 | 3 | 4;
  acceptable: boolean;
  /** Why it is not acceptable, or empty. Written for a person. */
  problems: string[];
}

/** How strong a passphrase is, without throwing. `context` words (the profile name) count against it. */
export async function passphraseStrength(passphrase: string, context: string[] = []): Promise<PassphraseStrength> {
  const problems: string[] = [];
  if (passphrase.length < PASSPHRASE_MIN_LENGTH) {
    problems.push(`Use at least ${PASSPHRASE_MIN_LENGTH} characters.`);
  }
  if (passphrase.length > PASSPHRASE_MAX_LENGTH) {
    problems.push(`Use at most ${PASSPHRASE_MAX_LENGTH} characters.`);
    return { score: 0, acceptable: false, problems };
  }
  if (passphrase.trim().length === 0) {
    problems.push('A passphrase of only spaces is not a passphrase.');
    return { score: 0, acceptable: false, problems };
  }
  // zxcvbn's cost grows with length; past 100 characters the score is 4 for anything varied.
  const result = (await zxcvbn()).check(passphrase.slice(0, 100), context);
  const score = result.score;
  if (score < PASSPHRASE_MIN_SCORE) {
    problems.push('Too easy to guess: add more words that do not belong together, or make it longer.');
  }
  return { score, acceptable: problems.length === 0, problems };
}

/** Throw INVALID_INPUT unless the passphrase is valid text and strong enough to protect a vault. */
export async function assertAcceptablePassphrase(raw: unknown, context: string[] = []): Promise<string> {
  const passphrase = assertPassphraseText(raw);
  const strength = await passphraseStrength(passphrase, context);
  if (!strength.acceptable) {
    throw new SwitchboardError('INVALID_INPUT', `That passphrase is too weak. ${strength.problems.join(' ')}`);
  }
  return passphrase;
}

/** Check only that a passphrase is text a person could have typed (used when unlocking). */
export function assertPassphraseText(raw: unknown): string {
  if (typeof raw !== 'string') {
    throw new SwitchboardError('INVALID_INPUT', 'The passphrase must be text.');
  }
  if (raw.length === 0) {
    throw new SwitchboardError('INVALID_INPUT', 'Enter a passphrase.');
  }
  if (raw.length > PASSPHRASE_MAX_LENGTH) {
    throw new SwitchboardError('INVALID_INPUT', `The passphrase is too long: use at most ${PASSPHRASE_MAX_LENGTH} characters.`);
  }
  if (hasLoneSurrogate(raw) || raw.includes('\ufffd')) {
    throw new SwitchboardError('INVALID_INPUT', 'The passphrase is not valid UTF-8 text.');
  }
  return raw.normalize('NFC');
}
