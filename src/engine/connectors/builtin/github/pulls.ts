/**
 * GitHub pull requests: list and read.
 * Checked against @octokit/openapi 23.0.2 generated/api.github.com.deref.json (2022-11-28),
 * operations pulls/list (pull-request-simple) and pulls/get (pull-request: `mergeable` is null
 * while GitHub is still computing it).
 */
import type { ActionDefinition } from '../../definition.js';
import { arr, BOOLEAN, INTEGER, obj, page, STRING, STRING_OR_NULL } from '../../output-schema.js';
import { CURSOR, labelNames, nextPage, NUMBER_FIELD, OWNER, pageQuery, PER_PAGE, REPO, type GithubIssue } from './common.js';

interface GithubPull {
  number: number;
  title: string;
  state: string;
  draft?: boolean;
  html_url: string;
  user?: { login: string } | null;
  labels?: GithubIssue['labels'];
  head?: { ref?: string; sha?: string };
  base?: { ref?: string };
  merged_at?: string | null;
  created_at?: string;
  updated_at?: string;
  body?: string | null;
  merged?: boolean;
  mergeable?: boolean | null;
  additions?: number;
  deletions?: number;
  changed_files?: number;
  commits?: number;
}

const PULL = obj(
  {
    number: INTEGER,
    title: STRING,
    state: { type: 'string', enum: ['open', 'closed'] },
    draft: BOOLEAN,
    url: STRING,
    author: STRING_OR_NULL,
    labels: arr(STRING),
    head: STRING,
    head_sha: STRING,
    base: STRING,
    merged_at: STRING_OR_NULL,
    created_at: STRING,
    updated_at: STRING,
  },
  ['number', 'title', 'state', 'draft', 'url', 'author', 'labels', 'head', 'base', 'merged_at'],
);

function pullSummary(p: GithubPull) {
  return {
    number: p.number,
    title: p.title,
    state: p.state,
    draft: p.draft ?? false,
    url: p.html_url,
    author: p.user?.login ?? null,
    labels: labelNames(p.labels),
    head: p.head?.ref ?? '',
    ...(p.head?.sha ? { head_sha: p.head.sha } : {}),
    base: p.base?.ref ?? '',
    merged_at: p.merged_at ?? null,
    ...(p.created_at ? { created_at: p.created_at } : {}),
    ...(p.updated_at ? { updated_at: p.updated_at } : {}),
  };
}

export const pullActions: ActionDefinition[] = [
  {
    id: 'list_pull_requests',
    title: 'List pull requests',
    description:
      'List pull requests of a repository: number, title, state, draft, author, head and base branches, merge time. `state` is open (default), closed or all; `base` and `head` ("user:branch") narrow it. Page with `cursor`.',
    kind: 'read',
    docs: 'https://docs.github.com/en/rest/pulls/pulls#list-pull-requests',
    scopes: ['repo'],
    input: {
      type: 'object',
      properties: {
        owner: OWNER,
        repo: REPO,
        state: { type: 'string', enum: ['open', 'closed', 'all'], default: 'open' },
        base: { type: 'string', minLength: 1, maxLength: 255, description: 'Only pull requests into this branch.' },
        head: { type: 'string', minLength: 1, maxLength: 300, description: 'Only pull requests from this branch, as "user:ref-name".' },
        sort: { type: 'string', enum: ['created', 'updated', 'popularity', 'long-running'] },
        direction: { type: 'string', enum: ['asc', 'desc'] },
        per_page: PER_PAGE,
        cursor: CURSOR,
      },
      required: ['owner', 'repo'],
      additionalProperties: false,
    },
    outputSchema: page('pull_requests', PULL),
    request: {
      method: 'GET',
      path: '/repos/{owner}/{repo}/pulls',
      build: ({ owner, repo, cursor, ...rest }) => ({
        method: 'GET',
        path: `/repos/${encodeURIComponent(owner as string)}/${encodeURIComponent(repo as string)}/pulls`,
        query: { ...(rest as Record<string, string | number>), ...pageQuery({ cursor }) },
      }),
    },
    output: (body, _input, response) => ({ pull_requests: ((body as GithubPull[]) ?? []).map(pullSummary), next_cursor: nextPage(response) }),
  },
  {
    id: 'get_pull_request',
    title: 'Get pull request',
    description:
      'Read one pull request: its text, branches, whether merged, whether mergeable (null while GitHub is still computing it: ask again shortly), and the size of the change (commits, additions, deletions, files).',
    kind: 'read',
    docs: 'https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request',
    scopes: ['repo'],
    input: {
      type: 'object',
      properties: { owner: OWNER, repo: REPO, pull_number: NUMBER_FIELD },
      required: ['owner', 'repo', 'pull_number'],
      additionalProperties: false,
    },
    outputSchema: obj(
      { ...(PULL.properties ?? {}), body: STRING, merged: BOOLEAN, mergeable: { type: ['boolean', 'null'] }, commits: INTEGER, additions: INTEGER, deletions: INTEGER, changed_files: INTEGER },
      [...(PULL.required ?? []), 'body', 'merged', 'mergeable'],
    ),
    request: { method: 'GET', path: '/repos/{owner}/{repo}/pulls/{pull_number}' },
    output: (body) => {
      const p = body as GithubPull;
      return {
        ...pullSummary(p),
        body: p.body ?? '',
        merged: p.merged ?? false,
        mergeable: p.mergeable ?? null,
        ...(p.commits !== undefined ? { commits: p.commits } : {}),
        ...(p.additions !== undefined ? { additions: p.additions } : {}),
        ...(p.deletions !== undefined ? { deletions: p.deletions } : {}),
        ...(p.changed_files !== undefined ? { changed_files: p.changed_files } : {}),
      };
    },
  },
];
