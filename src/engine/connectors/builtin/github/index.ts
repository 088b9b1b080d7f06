/**
 * GitHub REST API, version 2022-11-28, on github.com or GitHub Enterprise.
 * https://docs.github.com/en/rest
 * Checked against github/rest-api-description as shipped by @octokit/openapi 23.0.2
 * (generated/api.github.com.deref.json, API version 2022-11-28), and github/docs
 * rate-limits-for-the-rest-api.md @21143d5a and api-versions.md @58a26b8b.
 * GitHub refuses requests without a User-Agent.
 */
import { defineConnector, signInScopes, type UpstreamResponse } from '../../definition.js';
import { parseRetryAfter, signal, untilEpochSeconds } from '../../rate-limits.js';
import { issueActions } from './issues.js';
import { pullActions } from './pulls.js';
import { repoActions } from './repos.js';

/**
 * GitHub's limits: the primary one is a 403 or 429 with `x-ratelimit-remaining: 0` (wait until
 * `x-ratelimit-reset`, epoch seconds); a secondary one is a 403 or 429 with `retry-after`, or
 * one whose message names it, after which GitHub asks for at least a minute.
 */
function githubRateLimit({ status, headers, body }: UpstreamResponse, now: number) {
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = parseRetryAfter(headers['retry-after'], now);
  if (retryAfter !== undefined) return signal(retryAfter);
  if (headers['x-ratelimit-remaining'] === '0') return signal(untilEpochSeconds(headers['x-ratelimit-reset'], now));
  const message = (body as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && /secondary rate limit/i.test(message)) return signal(60_000);
  return status === 429 ? {} : undefined;
}

const actions = [...issueActions, ...pullActions, ...repoActions];

export const github = defineConnector({
  id: 'github',
  name: 'GitHub',
  icon: 'github',
  category: 'developer',
  description: 'Create, update, search and comment on issues, read pull requests and files, and list repositories on GitHub or GitHub Enterprise.',
  baseUrl: 'https://api.github.com',
  baseUrlHint: 'GitHub Enterprise: https://HOST/api/v3',
  auth: [
    { type: 'bearer', label: 'Personal access token (github_pat_… or ghp_…)' },
    {
      type: 'oauth2',
      authorizeUrl: 'https://github.com/login/oauth/authorize',
      tokenUrl: 'https://github.com/login/oauth/access_token',
      scopes: signInScopes([], actions),
      scopeSeparator: ' ',
      clientSecret: 'required',
    },
  ],
  // https://docs.github.com/en/rest/about-the-rest-api/api-versions
  headers: { Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28', 'User-Agent': 'Switchboard' },
  // https://docs.github.com/en/rest/users/users#get-the-authenticated-user
  test: { method: 'GET', path: '/user' },
  rateLimit: githubRateLimit,
  actions,
});
