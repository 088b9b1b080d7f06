/**
 * Reading "too many calls" from a provider's answer: the header forms providers use for "when to
 * try again", shared by the connectors' `rateLimit` hooks and the router's plain-429 rule.
 */
import type { RateLimitSignal, UpstreamResponse } from './definition.js';

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Milliseconds until a reset given as Unix epoch seconds (GitHub's `x-ratelimit-reset`). */
export function untilEpochSeconds(value: string | undefined, now: number): number | undefined {
  if (!value || !/^\d+$/.test(value.trim())) return undefined;
  return Math.max(0, Number(value.trim()) * 1000 - now);
}

/** A signal with the wait, when one is known. */
export function signal(retryAfterMs: number | undefined): RateLimitSignal {
  return retryAfterMs === undefined ? {} : { retryAfterMs };
}

/** The plain rule: a 429 is a rate limit, and Retry-After says when to try again. */
export function plain429(response: UpstreamResponse, now: number): RateLimitSignal | undefined {
  return response.status === 429 ? signal(parseRetryAfter(response.headers['retry-after'], now)) : undefined;
}
