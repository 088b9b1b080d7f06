/**
 * Slack Web API. Every method answers HTTP 200 with `{ok: true|false, error?}`, so failures are
 * found by checkResponse, not by status; a rate limit is HTTP 429 with Retry-After, or
 * `ratelimited` / `rate_limited` in a 200 (both spellings are in Slack's error lists).
 * https://docs.slack.dev/reference/methods
 *
 * Checked against slackapi/slack-api-specs web-api/slack_web_openapi_v2.json (info.version 1.7.0,
 * file commit dfea73e0) for methods, arguments, error lists and scopes, and against
 * slackapi/node-slack-sdk @slack/web-api 8.0.0 (HEAD 4322e14f) packages/web-api/src/types/request
 * for current arguments; the 2025 history limits from docs.slack.dev (see channel_history).
 *
 * Sign-in asks for user-token scopes (`user_scope`): Slack gives desktop apps with a loopback
 * redirect no bot scopes, and `oauth.v2.access` returns the user token under `authed_user`.
 */
import { signInScopes, type UpstreamProblem, type UpstreamResponse } from '../../definition.js';
import { defineConnector } from '../../definition.js';
import { parseRetryAfter, signal } from '../../rate-limits.js';
import { channelActions } from './channels.js';
import { messageActions } from './messages.js';
import { peopleActions } from './people.js';

const AUTH_ERRORS = new Set(['not_authed', 'invalid_auth', 'account_inactive', 'token_revoked', 'token_expired']);
const RATE_LIMITED = new Set(['ratelimited', 'rate_limited']);

function checkSlack({ body }: UpstreamResponse): UpstreamProblem | undefined {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return undefined;
  const { ok, error, needed } = body as { ok: boolean; error?: string; needed?: string };
  // reactions.add on a reaction that is there already: the state asked for holds.
  if (ok || error === 'already_reacted') return undefined;
  const code = typeof error === 'string' ? error : 'unknown_error';
  if (RATE_LIMITED.has(code)) return { kind: 'rate_limited', message: `Slack is rate-limiting these calls (${code}).` };
  if (AUTH_ERRORS.has(code)) return { kind: 'auth', message: `Slack refused the token (${code}). Reconnect Slack.` };
  if (code === 'missing_scope') {
    // Only this action lacks a grant: the connection itself still works.
    const which = typeof needed === 'string' && /^[a-z.:,_-]{1,200}$/.test(needed) ? ` ${needed}` : '';
    return { kind: 'error', message: `The Slack token lacks the scope${which} this action needs (missing_scope). Reconnect Slack to grant it.` };
  }
  return { kind: 'error', message: `Slack answered ${code}.` };
}

/** HTTP 429 with Retry-After, or `ratelimited` / `rate_limited` in the body of a 200. */
function slackRateLimit({ status, headers, body }: UpstreamResponse, now: number) {
  const error = (body as { error?: unknown } | null)?.error;
  if (status !== 429 && !(typeof error === 'string' && RATE_LIMITED.has(error))) return undefined;
  return signal(parseRetryAfter(headers['retry-after'], now));
}

const actions = [...messageActions, ...channelActions, ...peopleActions];

export const slack = defineConnector({
  id: 'slack',
  name: 'Slack',
  icon: '',
  category: 'communication',
  description: 'Send, update and react to messages, read channels and threads, and look up people in a Slack workspace.',
  baseUrl: 'https://slack.com/api',
  auth: [
    { type: 'bearer', label: 'Bot or user token (xoxb-… or xoxp-…)' },
    {
      type: 'oauth2',
      authorizeUrl: 'https://slack.com/oauth/v2/authorize',
      tokenUrl: 'https://slack.com/api/oauth.v2.access',
      scopes: signInScopes([], actions),
      scopeParam: 'user_scope',
      scopeSeparator: ',',
      tokenIn: 'authed_user',
      clientSecret: 'required',
    },
  ],
  // https://docs.slack.dev/reference/methods/auth.test (no scope needed)
  test: { method: 'POST', path: '/auth.test' },
  checkResponse: checkSlack,
  rateLimit: slackRateLimit,
  actions,
});
