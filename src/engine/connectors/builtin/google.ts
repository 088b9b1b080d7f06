/**
 * What Gmail and Google Calendar share: Google's OAuth endpoints and rules, and its rate-limit
 * signals. Google reports "too many calls" as HTTP 429, or as 403 with `errors[0].reason`
 * `rateLimitExceeded` / `userRateLimitExceeded` (domain usageLimits), sometimes with Retry-After.
 * https://developers.google.com/workspace/calendar/api/guides/errors,
 * https://developers.google.com/gmail/api/reference/quota,
 * https://developers.google.com/identity/protocols/oauth2/native-app
 */
import type { ActionDefinition, OAuth2Auth, UpstreamResponse } from '../definition.js';
import { signInScopes } from '../definition.js';
import { parseRetryAfter, signal } from '../rate-limits.js';

const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

export function googleRateLimit({ status, headers, body }: UpstreamResponse, now: number) {
  if (status !== 429 && status !== 403) return undefined;
  const reasons = ((body as { error?: { errors?: { reason?: unknown }[] } } | null)?.error?.errors ?? []).map((e) => e.reason);
  if (status === 403 && !reasons.some((r) => typeof r === 'string' && RATE_REASONS.has(r))) return undefined;
  return signal(parseRetryAfter(headers['retry-after'], now));
}

/** Google's sign-in for these actions: a form body with the (desktop, not secret) client secret in it. */
export function googleOAuth(actions: readonly ActionDefinition[]): OAuth2Auth {
  return {
    type: 'oauth2',
    authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    scopes: signInScopes([], actions),
    scopeSeparator: ' ',
    // Without these Google returns no refresh token (and none again on a later consent).
    authorizeParams: { access_type: 'offline', prompt: 'consent' },
    clientSecret: 'optional',
  };
}
