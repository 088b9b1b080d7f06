/**
 * Jira Cloud platform REST API v3. https://developer.atlassian.com/cloud/jira/platform/rest/v3/
 * Checked against Atlassian's swagger-v3.v3.json (info.version 1001.0.0-SNAPSHOT-57a0ca5b…, as
 * copied verbatim in jarekbird/jira-api-mcp-wrapper @9a9e84d, 2025-12-25): each operation's
 * `x-atlassian-oauth2-scopes` (classic: read:jira-work, write:jira-work, read:jira-user), and for
 * sign-in developer.atlassian.com/cloud/oauth/getting-started/implementing-oauth-3lo (a JSON token
 * request with the client secret in it; no PKCE) and rate-limiting (429 with Retry-After or an
 * ISO 8601 X-RateLimit-Reset).
 */
import { defineConnector, signInScopes, type UpstreamResponse } from '../../definition.js';
import { parseRetryAfter, signal } from '../../rate-limits.js';
import { issueActions } from './issues.js';
import { workflowActions } from './workflow.js';

function jiraRateLimit({ status, headers }: UpstreamResponse, now: number) {
  if (status !== 429) return undefined;
  const reset = Date.parse(headers['x-ratelimit-reset'] ?? '');
  return signal(parseRetryAfter(headers['retry-after'], now) ?? (Number.isFinite(reset) ? Math.max(0, reset - now) : undefined));
}

const actions = [...issueActions, ...workflowActions];
const BASE_SCOPES = ['read:jira-user', 'offline_access'];

export const jira = defineConnector({
  id: 'jira',
  name: 'Jira',
  icon: 'jira',
  category: 'project',
  description: 'Create, search, read, update, assign and transition Jira Cloud issues, comment on them, and list projects.',
  baseUrl: '',
  baseUrlHint: 'Your Jira site, e.g. https://acme.atlassian.net (with OAuth: https://api.atlassian.com/ex/jira/CLOUD_ID)',
  auth: [
    { type: 'basic', usernameLabel: 'Atlassian account email', passwordLabel: 'API token' },
    {
      type: 'oauth2',
      authorizeUrl: 'https://auth.atlassian.com/authorize',
      tokenUrl: 'https://auth.atlassian.com/oauth/token',
      // read:jira-user for the connection test (/myself); offline_access for a refresh token.
      baseScopes: BASE_SCOPES,
      scopes: signInScopes(BASE_SCOPES, actions),
      scopeSeparator: ' ',
      authorizeParams: { audience: 'api.atlassian.com', prompt: 'consent' },
      clientSecret: 'required',
      tokenBody: 'json',
      pkce: false,
    },
  ],
  // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-myself/#api-rest-api-3-myself-get
  test: { method: 'GET', path: '/rest/api/3/myself' },
  rateLimit: jiraRateLimit,
  actions,
});
