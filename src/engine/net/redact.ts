/**
 * Redaction for the activity log and for anything that echoes a provider's words: keys that
 * name secrets, values shaped like tokens, and the connection's own credential values.
 */
const SECRET_KEY = /(pass(word|wd|phrase)?|secret|token|api[-_]?key|auth(orization)?|cookie|session|credential|private[-_]?key|signature)/i;

// Common token shapes: Slack, GitHub, Notion, OpenAI-style, Google, JWTs, AWS keys, bearer headers.
const SECRET_VALUE = [
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g,
  /\b(secret|ntn)_[A-Za-z0-9]{20,}/g,
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  /\bya29\.[A-Za-z0-9._-]{10,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
];

export const REDACTED = '[redacted]';

/** Replace every secret-looking substring of `text`, and every one of `known` secrets. */
export function redactText(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of known) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  for (const pattern of SECRET_VALUE) out = out.replace(pattern, REDACTED);
  return out;
}

/**
 * A deep copy of a provider's answer with every one of `known` secrets (this connection's own)
 * replaced, in strings and in keys. Only the known ones: an answer's own token-shaped fields
 * (paging cursors, ids) stay as they are.
 */
export function scrubKnown(value: unknown, known: readonly string[], depth = 0): unknown {
  const secrets = known.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return value;
  const scrub = (text: string): string => secrets.reduce((out, secret) => (out.includes(secret) ? out.split(secret).join(REDACTED) : out), text);
  const walk = (v: unknown, d: number): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (d > 64 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, d + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [scrub(k), walk(x, d + 1)]));
  };
  return walk(value, depth);
}

/** Redact first, then cut to `max` characters: a secret at the cut cannot leave a piece of itself. */
export function redactAndCut(text: string, known: readonly string[], max: number): string {
  const redacted = redactText(text, known);
  return redacted.length > max ? redacted.slice(0, max) + '…' : redacted;
}

/** A deep copy of `value` with secret-named keys and secret-shaped strings redacted. */
export function redactValue(value: unknown, known: readonly string[] = [], depth = 0): unknown {
  if (depth > 20) return REDACTED;
  if (typeof value === 'string') return redactText(value, known);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, known, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY.test(k) && v !== null && typeof v !== 'boolean' && typeof v !== 'number' ? REDACTED : redactValue(v, known, depth + 1);
    }
    return out;
  }
  return value;
}

/** JSON of the redacted input, cut to `max` characters, for the activity log. */
export function redactedInputJson(input: unknown, known: readonly string[], max = 4000): string {
  let json: string;
  try {
    json = JSON.stringify(redactValue(input, known)) ?? 'null';
  } catch {
    json = '"[unserialisable]"';
  }
  return json.length > max ? json.slice(0, max) + '…' : json;
}
