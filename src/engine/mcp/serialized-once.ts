/**
 * Answers that are the same object every time (a session's tool list while nothing it rests on
 * changed) are serialised once: the object is marked when it is made, and the HTTP gateway's
 * transport writes the kept JSON instead of serialising it again. A marked object must never be
 * changed; a new answer is a new object.
 */
const kept = new WeakMap<object, string>();

/** Mark `value` as never changing again; returns it. */
export function serializeOnce<T extends object>(value: T): T {
  kept.set(value, JSON.stringify(value));
  return value;
}

/** The JSON of a marked value, or undefined. */
export function keptJson(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' ? kept.get(value) : undefined;
}
