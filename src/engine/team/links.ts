import type { KeyLink } from '../space/space-keys.js';

const isLink = (l: unknown): l is KeyLink =>
  typeof l === 'object' &&
  l !== null &&
  typeof (l as KeyLink).prev === 'string' &&
  typeof (l as KeyLink).pub === 'string' &&
  typeof (l as KeyLink).sig === 'string' &&
  Number.isSafeInteger((l as KeyLink).version);

/** The well-formed links of a stored chain (only signed links are ever followed). */
export function linksIn(raw: string | undefined): KeyLink[] {
  try {
    const parsed = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(parsed) ? parsed.filter(isLink).slice(0, 1000) : [];
  } catch {
    return [];
  }
}
