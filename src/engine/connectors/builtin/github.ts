/**
 * GitHub REST API. https://docs.github.com/en/rest
 * GitHub refuses requests without a User-Agent.
 */
import { defineConnector } from '../definition.js';

const OWNER = { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.-]+$', description: 'The account owning the repository.' } as const;
const REPO = { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.-]+$', description: 'The repository name, without the owner.' } as const;

interface GithubIssue {
  number: number;
  title: string;
  state: string;
  html_url: string;
  user?: { login: string };
  labels?: ({ name?: string } | string)[];
  pull_request?: unknown;
  created_at?: string;
  body?: string | null;
}

function issueSummary(i: GithubIssue) {
  return {
    number: i.number,
    title: i.title,
    state: i.state,
    url: i.html_url,
    author: i.user?.login,
    labels: (i.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))),
    is_pull_request: i.pull_request !== undefined,
    created_at: i.created_at,
  };
}

export const github = defineConnector({
  id: 'github',
  name: 'GitHub',
  icon: '🐙',
  category: 'developer',
  description: 'Create and list issues, comment, and list repositories on GitHub or GitHub Enterprise.',
  baseUrl: 'https://api.github.com',
  baseUrlHint: 'GitHub Enterprise: https://HOST/api/v3',
  auth: [
    { type: 'bearer', label: 'Personal access token (github_pat_… or ghp_…)' },
    {
      type: 'oauth2',
      authorizeUrl: 'https://github.com/login/oauth/authorize',
      tokenUrl: 'https://github.com/login/oauth/access_token',
      scopes: ['repo'],
      scopeSeparator: ' ',
      clientSecret: 'required',
    },
  ],
  // https://docs.github.com/en/rest/about-the-rest-api/api-versions
  headers: { Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28', 'User-Agent': 'Switchboard' },
  // https://docs.github.com/en/rest/users/users#get-the-authenticated-user
  test: { method: 'GET', path: '/user' },
  actions: [
    {
      id: 'create_issue',
      title: 'Create issue',
      description: 'Open an issue in a repository. Returns its number and URL.',
      kind: 'write',
      docs: 'https://docs.github.com/en/rest/issues/issues#create-an-issue',
      input: {
        type: 'object',
        properties: {
          owner: OWNER,
          repo: REPO,
          title: { type: 'string', minLength: 1, maxLength: 256, description: 'The issue title.' },
          body: { type: 'string', maxLength: 65536, description: 'The issue text (Markdown).' },
          labels: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 50 } },
          assignees: { type: 'array', maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 39 } },
        },
        required: ['owner', 'repo', 'title'],
        additionalProperties: false,
      },
      request: { method: 'POST', path: '/repos/{owner}/{repo}/issues', body: 'json' },
      output: (body) => issueSummary(body as GithubIssue),
    },
    {
      id: 'list_issues',
      title: 'List issues',
      description: 'List issues (and pull requests, marked as such) of a repository, newest first. `state` is open (default), closed or all.',
      kind: 'read',
      docs: 'https://docs.github.com/en/rest/issues/issues#list-repository-issues',
      input: {
        type: 'object',
        properties: {
          owner: OWNER,
          repo: REPO,
          state: { enum: ['open', 'closed', 'all'], type: 'string', default: 'open' },
          labels: { type: 'string', maxLength: 500, description: 'Comma-separated label names.' },
          per_page: { type: 'integer', minimum: 1, maximum: 100, default: 30 },
          page: { type: 'integer', minimum: 1, maximum: 10000 },
        },
        required: ['owner', 'repo'],
        additionalProperties: false,
      },
      request: { method: 'GET', path: '/repos/{owner}/{repo}/issues' },
      output: (body) => ({ issues: ((body as GithubIssue[]) ?? []).map(issueSummary) }),
    },
    {
      id: 'get_issue',
      title: 'Get issue',
      description: 'Read one issue with its text.',
      kind: 'read',
      docs: 'https://docs.github.com/en/rest/issues/issues#get-an-issue',
      input: {
        type: 'object',
        properties: { owner: OWNER, repo: REPO, issue_number: { type: 'integer', minimum: 1, maximum: 100_000_000 } },
        required: ['owner', 'repo', 'issue_number'],
        additionalProperties: false,
      },
      request: { method: 'GET', path: '/repos/{owner}/{repo}/issues/{issue_number}' },
      output: (body) => ({ ...issueSummary(body as GithubIssue), body: (body as GithubIssue).body ?? '' }),
    },
    {
      id: 'comment_on_issue',
      title: 'Comment on issue',
      description: 'Add a comment to an issue or pull request.',
      kind: 'write',
      docs: 'https://docs.github.com/en/rest/issues/comments#create-an-issue-comment',
      input: {
        type: 'object',
        properties: {
          owner: OWNER,
          repo: REPO,
          issue_number: { type: 'integer', minimum: 1, maximum: 100_000_000 },
          body: { type: 'string', minLength: 1, maxLength: 65536 },
        },
        required: ['owner', 'repo', 'issue_number', 'body'],
        additionalProperties: false,
      },
      request: { method: 'POST', path: '/repos/{owner}/{repo}/issues/{issue_number}/comments', body: 'json' },
      output: (body) => {
        const b = body as { id: number; html_url: string };
        return { id: b.id, url: b.html_url };
      },
    },
    {
      id: 'list_repos',
      title: 'List my repositories',
      description: 'List repositories the token can access, most recently updated first.',
      kind: 'read',
      docs: 'https://docs.github.com/en/rest/repos/repos#list-repositories-for-the-authenticated-user',
      input: {
        type: 'object',
        properties: {
          per_page: { type: 'integer', minimum: 1, maximum: 100, default: 30 },
          page: { type: 'integer', minimum: 1, maximum: 10000 },
        },
        additionalProperties: false,
      },
      request: { method: 'GET', path: '/user/repos' },
      output: (body) => ({
        repos: ((body as { full_name: string; private: boolean; html_url: string }[]) ?? []).map((r) => ({
          full_name: r.full_name,
          private: r.private,
          url: r.html_url,
        })),
      }),
    },
  ],
});
