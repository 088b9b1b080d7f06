/**
 * Pieces every GitHub action uses: owner and repo fields, the issue summary, and paging.
 * GitHub pages with `page`/`per_page` and says where the next page is in the `Link` header
 * (`rel="next"`); the cursor we hand out is that link's `page`, GitHub's own documented parameter,
 * so a cursor can only ever turn the page of the same list.
 * https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api
 */
import type { ResponseMeta } from '../../definition.js';
import { arr, BOOLEAN, INTEGER, obj, STRING, STRING_OR_NULL } from '../../output-schema.js';

export const OWNER = { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.-]+$', description: 'The account owning the repository.' } as const;
export const REPO = { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.-]+$', description: 'The repository name, without the owner.' } as const;
export const NUMBER_FIELD = { type: 'integer', minimum: 1, maximum: 100_000_000 } as const;
export const PER_PAGE = { type: 'integer', minimum: 1, maximum: 100, default: 30, description: 'How many per page (at most 100).' } as const;
export const CURSOR = { type: 'string', maxLength: 7, pattern: '^[1-9][0-9]{0,6}$', description: 'The next_cursor of a previous page.' } as const;

/** The next page's `page` from a Link header, or null on the last page. */
export function nextPage(response: ResponseMeta): string | null {
  for (const part of (response.headers.link ?? '').split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (!m) continue;
    try {
      const page = new URL(m[1]!).searchParams.get('page');
      return page && /^[1-9][0-9]{0,6}$/.test(page) ? page : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** `cursor` becomes GitHub's `page`. */
export function pageQuery(input: Record<string, unknown>): { page?: string } {
  return typeof input.cursor === 'string' ? { page: input.cursor } : {};
}

export interface GithubIssue {
  number: number;
  title: string;
  state: string;
  state_reason?: string | null;
  html_url: string;
  user?: { login: string } | null;
  labels?: ({ name?: string } | string)[];
  assignees?: { login: string }[] | null;
  pull_request?: unknown;
  comments?: number;
  created_at?: string;
  updated_at?: string;
  closed_at?: string | null;
  body?: string | null;
  repository_url?: string;
}

export const ISSUE = obj(
  {
    number: INTEGER,
    title: STRING,
    state: { type: 'string', enum: ['open', 'closed'] },
    state_reason: STRING_OR_NULL,
    url: STRING,
    author: STRING_OR_NULL,
    labels: arr(STRING),
    assignees: arr(STRING),
    is_pull_request: BOOLEAN,
    comments: INTEGER,
    created_at: STRING,
    updated_at: STRING,
    closed_at: STRING_OR_NULL,
  },
  ['number', 'title', 'state', 'url', 'author', 'labels', 'assignees', 'is_pull_request'],
);

export const labelNames = (labels: GithubIssue['labels']): string[] => (labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? '')));

export function issueSummary(i: GithubIssue) {
  return {
    number: i.number,
    title: i.title,
    state: i.state,
    state_reason: i.state_reason ?? null,
    url: i.html_url,
    author: i.user?.login ?? null,
    labels: labelNames(i.labels),
    assignees: (i.assignees ?? []).map((a) => a.login),
    is_pull_request: i.pull_request !== undefined,
    ...(i.comments !== undefined ? { comments: i.comments } : {}),
    ...(i.created_at !== undefined ? { created_at: i.created_at } : {}),
    ...(i.updated_at !== undefined ? { updated_at: i.updated_at } : {}),
    closed_at: i.closed_at ?? null,
  };
}
