/**
 * GitHub issues: create, update or close, list, read, comment, search.
 * Checked against github/rest-api-description as shipped by @octokit/openapi 23.0.2,
 * generated/api.github.com.deref.json (API version 2022-11-28), operations issues/create,
 * issues/update, issues/list-for-repo, issues/get, issues/create-comment, search/issues-and-pull-requests.
 * Title ≤ 256, labels ≤ 50 characters, ≤ 10 assignees are GitHub product limits, not in the description.
 */
import type { ActionDefinition } from '../../definition.js';
import { BOOLEAN, INTEGER, obj, page, STRING } from '../../output-schema.js';
import { CURSOR, ISSUE, issueSummary, nextPage, NUMBER_FIELD, OWNER, pageQuery, PER_PAGE, REPO, type GithubIssue } from './common.js';

const LABELS = { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 50 } } as const;
const ASSIGNEES = { type: 'array', maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 39, pattern: '^[A-Za-z0-9-]+$' } } as const;
const WITH_BODY = obj({ ...(ISSUE.properties ?? {}), body: STRING }, [...(ISSUE.required ?? []), 'body']);

const withBody = (body: unknown) => ({ ...issueSummary(body as GithubIssue), body: (body as GithubIssue).body ?? '' });

export const issueActions: ActionDefinition[] = [
  {
    id: 'create_issue',
    title: 'Create issue',
    description: 'Open an issue in a repository, with optional labels and assignees. Returns its number, URL and state.',
    kind: 'write',
    destructive: false,
    docs: 'https://docs.github.com/en/rest/issues/issues#create-an-issue',
    scopes: ['repo'],
    input: {
      type: 'object',
      properties: {
        owner: OWNER,
        repo: REPO,
        title: { type: 'string', minLength: 1, maxLength: 256, description: 'The issue title.' },
        body: { type: 'string', maxLength: 65536, description: 'The issue text (Markdown).' },
        labels: LABELS,
        assignees: ASSIGNEES,
      },
      required: ['owner', 'repo', 'title'],
      additionalProperties: false,
    },
    outputSchema: ISSUE,
    request: { method: 'POST', path: '/repos/{owner}/{repo}/issues', body: 'json' },
    output: (body) => issueSummary(body as GithubIssue),
  },
  {
    id: 'update_issue',
    title: 'Update or close issue',
    description:
      'Change an issue or pull request: title, body, state ("closed" closes it, with state_reason completed, not_planned or duplicate; "open" reopens), labels and assignees. `labels` and `assignees` replace the whole set ([] clears it). Fields left out stay as they are.',
    kind: 'write',
    destructive: true,
    idempotent: true,
    docs: 'https://docs.github.com/en/rest/issues/issues#update-an-issue',
    scopes: ['repo'],
    input: {
      type: 'object',
      properties: {
        owner: OWNER,
        repo: REPO,
        issue_number: NUMBER_FIELD,
        title: { type: 'string', minLength: 1, maxLength: 256 },
        body: { type: 'string', maxLength: 65536 },
        state: { type: 'string', enum: ['open', 'closed'] },
        state_reason: { type: 'string', enum: ['completed', 'not_planned', 'duplicate', 'reopened'], description: 'Why it was closed (or reopened); used only when state changes.' },
        labels: { ...LABELS, description: 'The full set of labels (replaces the current ones).' },
        assignees: { ...ASSIGNEES, description: 'The full set of assignees (replaces the current ones).' },
      },
      required: ['owner', 'repo', 'issue_number'],
      minProperties: 4,
      additionalProperties: false,
    },
    outputSchema: ISSUE,
    request: { method: 'PATCH', path: '/repos/{owner}/{repo}/issues/{issue_number}', body: 'json' },
    output: (body) => issueSummary(body as GithubIssue),
  },
  {
    id: 'list_issues',
    title: 'List issues',
    description:
      'List issues (and pull requests, marked as such) of a repository, newest first unless `sort`/`direction` say otherwise. `state` is open (default), closed or all; `labels` a comma-separated list. Page with `cursor`.',
    kind: 'read',
    docs: 'https://docs.github.com/en/rest/issues/issues#list-repository-issues',
    scopes: ['repo'],
    input: {
      type: 'object',
      properties: {
        owner: OWNER,
        repo: REPO,
        state: { enum: ['open', 'closed', 'all'], type: 'string', default: 'open' },
        labels: { type: 'string', maxLength: 500, description: 'Comma-separated label names.' },
        sort: { type: 'string', enum: ['created', 'updated', 'comments'], description: 'created (default), updated or comments.' },
        direction: { type: 'string', enum: ['asc', 'desc'], description: 'desc (default) or asc.' },
        since: { type: 'string', format: 'date-time', maxLength: 40, description: 'Only issues updated at or after this time.' },
        per_page: PER_PAGE,
        cursor: CURSOR,
      },
      required: ['owner', 'repo'],
      additionalProperties: false,
    },
    outputSchema: page('issues', ISSUE),
    request: {
      method: 'GET',
      path: '/repos/{owner}/{repo}/issues',
      build: ({ owner, repo, cursor: _cursor, ...rest }) => ({
        method: 'GET',
        path: `/repos/${encodeURIComponent(owner as string)}/${encodeURIComponent(repo as string)}/issues`,
        query: { ...(rest as Record<string, string | number>), ...pageQuery({ cursor: _cursor }) },
      }),
    },
    output: (body, _input, response) => ({ issues: ((body as GithubIssue[]) ?? []).map(issueSummary), next_cursor: nextPage(response) }),
  },
  {
    id: 'get_issue',
    title: 'Get issue',
    description: 'Read one issue (or pull request) with its text, labels, assignees and state.',
    kind: 'read',
    docs: 'https://docs.github.com/en/rest/issues/issues#get-an-issue',
    scopes: ['repo'],
    input: {
      type: 'object',
      properties: { owner: OWNER, repo: REPO, issue_number: NUMBER_FIELD },
      required: ['owner', 'repo', 'issue_number'],
      additionalProperties: false,
    },
    outputSchema: WITH_BODY,
    request: { method: 'GET', path: '/repos/{owner}/{repo}/issues/{issue_number}' },
    output: withBody,
  },
  {
    id: 'comment_on_issue',
    title: 'Comment on issue',
    description: 'Add a comment to an issue or pull request. Returns the comment id and URL.',
    kind: 'write',
    destructive: false,
    docs: 'https://docs.github.com/en/rest/issues/comments#create-an-issue-comment',
    scopes: ['repo'],
    input: {
      type: 'object',
      properties: { owner: OWNER, repo: REPO, issue_number: NUMBER_FIELD, body: { type: 'string', minLength: 1, maxLength: 65536 } },
      required: ['owner', 'repo', 'issue_number', 'body'],
      additionalProperties: false,
    },
    outputSchema: obj({ id: INTEGER, url: STRING, created_at: STRING }, ['id', 'url']),
    request: { method: 'POST', path: '/repos/{owner}/{repo}/issues/{issue_number}/comments', body: 'json' },
    output: (body) => {
      const b = body as { id: number; html_url: string; created_at?: string };
      return { id: b.id, url: b.html_url, ...(b.created_at ? { created_at: b.created_at } : {}) };
    },
  },
  {
    id: 'search_issues',
    title: 'Search issues and pull requests',
    description:
      'Search issues and pull requests across the repositories the token can see, with GitHub\'s search syntax: words plus qualifiers such as "repo:acme/app is:issue is:open label:bug author:ann". Include is:issue or is:pr. Returns the total count and the matches (with their repository); page with `cursor`. Search allows 30 calls a minute.',
    kind: 'read',
    docs: 'https://docs.github.com/en/rest/search/search#search-issues-and-pull-requests',
    scopes: ['repo'],
    input: {
      type: 'object',
      properties: {
        q: { type: 'string', minLength: 1, maxLength: 1000, description: 'The search query (at most 256 characters besides qualifiers, and 5 AND/OR/NOT).' },
        sort: { type: 'string', enum: ['comments', 'reactions', 'interactions', 'created', 'updated'], description: 'Sort field; best match when left out.' },
        order: { type: 'string', enum: ['desc', 'asc'], description: 'With sort: desc (default) or asc.' },
        per_page: PER_PAGE,
        cursor: CURSOR,
      },
      required: ['q'],
      additionalProperties: false,
    },
    outputSchema: page('issues', obj({ ...(ISSUE.properties ?? {}), repository: STRING }, [...(ISSUE.required ?? []), 'repository']), { total_count: INTEGER, incomplete_results: BOOLEAN }, ['total_count', 'incomplete_results']),
    request: {
      method: 'GET',
      path: '/search/issues',
      build: ({ cursor, ...rest }) => ({ method: 'GET', path: '/search/issues', query: { ...(rest as Record<string, string | number>), advanced_search: 'true', ...pageQuery({ cursor }) } }),
    },
    output: (body, _input, response) => {
      const b = body as { total_count?: number; incomplete_results?: boolean; items?: GithubIssue[] };
      return {
        total_count: b.total_count ?? 0,
        incomplete_results: b.incomplete_results ?? false,
        issues: (b.items ?? []).map((i) => ({ ...issueSummary(i), repository: (i.repository_url ?? '').replace(/^.*\/repos\//, '') })),
        next_cursor: nextPage(response),
      };
    },
  },
];
