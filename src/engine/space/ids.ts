import { randomInt } from 'node:crypto';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ID_BODY_LENGTH = 16; // ~82 bits

/** A new random id such as `tn_k3v9…`: lowercase letters and digits only, safe in a file name. */
export function newId(prefix: 'sp_' | 'tn_'): string {
  let body = '';
  for (let i = 0; i < ID_BODY_LENGTH; i++) body += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return prefix + body;
}

const ID_PATTERN = /^(sp|tn)_[a-z0-9]{16}$/;

/** True for an id this engine could have made; anything else never reaches a file path. */
export function isWellFormedId(value: unknown, prefix: 'sp_' | 'tn_'): value is string {
  return typeof value === 'string' && value.startsWith(prefix) && ID_PATTERN.test(value);
}
