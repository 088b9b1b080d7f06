/**
 * GitHub repositories: the token's repositories, and a file's contents.
 * Checked against @octokit/openapi 23.0.2 generated/api.github.com.deref.json (2022-11-28),
 * operations repos/list-for-authenticated-user (`sort` defaults to full_name, so "recently
 * updated first" must ask for sort=updated) and repos/get-content (a file comes base64-encoded;
 * a directory is an array; 1 MB is the most the JSON answer carries).
 */
import { SwitchboardError } from '../../../../shared/errors.js';
import type { ActionDefinition } from '../../definition.js';
import { arr, BOOLEAN, INTEGER, obj, page, STRING, STRING_OR_NULL } from '../../output-schema.js';
import { CURSOR, nextPage, OWNER, pageQuery, PER_PAGE, REPO } from './common.js';

interface GithubRepo {
  full_name: string;
  private: boolean;
  html_url: string;
  description?: string | null;
  default_branch?: string;
  archived?: boolean;
  updated_at?: string;
  pushed_at?: string | null;
}

interface GithubContent {
  type: string;
  name: string;
  path: string;
  sha: string;
  size?: number;
  encoding?: string;
  content?: string;
  html_url?: string | null;
  target?: string;
  submodule_git_url?: string;
}

/** A file path in the repository, each segment URL-encoded but the slashes kept (an encoded "/" gets a 404). */
function contentsPath(input: Record<string, unknown>): string {
  const path = input.path as string;
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new SwitchboardError('INVALID_INPUT', 'path: a file path such as "docs/README.md", without empty, "." or ".." parts.');
  }
  return `/repos/${encodeURIComponent(input.owner as string)}/${encodeURIComponent(input.repo as string)}/contents/${segments.map(encodeURIComponent).join('/')}`;
}

const ENTRY = obj({ type: STRING, name: STRING, path: STRING, sha: STRING, size: INTEGER });

export const repoActions: ActionDefinition[] = [
  {
    id: 'list_repos',
    title: 'List my repositories',
    description:
      'List repositories the token can access, most recently updated first (or by `sort`: created, pushed, full_name). `visibility` narrows to public or private ones; `affiliation` to owner, collaborator, organization_member. Page with `cursor`.',
    kind: 'read',
    docs: 'https://docs.github.com/en/rest/repos/repos#list-repositories-for-the-authenticated-user',
    scopes: ['repo'],
    input: {
      type: 'object',
      properties: {
        sort: { type: 'string', enum: ['updated', 'created', 'pushed', 'full_name'], default: 'updated' },
        direction: { type: 'string', enum: ['asc', 'desc'], description: 'desc by default, asc for full_name.' },
        visibility: { type: 'string', enum: ['all', 'public', 'private'] },
        affiliation: { type: 'string', maxLength: 100, pattern: '^(owner|collaborator|organization_member)(,(owner|collaborator|organization_member))*$' },
        per_page: PER_PAGE,
        cursor: CURSOR,
      },
      additionalProperties: false,
    },
    outputSchema: page(
      'repos',
      obj(
        { full_name: STRING, private: BOOLEAN, url: STRING, description: STRING_OR_NULL, default_branch: STRING, archived: BOOLEAN, updated_at: STRING, pushed_at: STRING_OR_NULL },
        ['full_name', 'private', 'url', 'description'],
      ),
    ),
    request: {
      method: 'GET',
      path: '/user/repos',
      build: ({ cursor, sort, ...rest }) => ({ method: 'GET', path: '/user/repos', query: { sort: (sort as string | undefined) ?? 'updated', ...(rest as Record<string, string | number>), ...pageQuery({ cursor }) } }),
    },
    output: (body, _input, response) => ({
      repos: ((body as GithubRepo[]) ?? []).map((r) => ({
        full_name: r.full_name,
        private: r.private,
        url: r.html_url,
        description: r.description ?? null,
        ...(r.default_branch ? { default_branch: r.default_branch } : {}),
        ...(r.archived !== undefined ? { archived: r.archived } : {}),
        ...(r.updated_at ? { updated_at: r.updated_at } : {}),
        pushed_at: r.pushed_at ?? null,
      })),
      next_cursor: nextPage(response),
    }),
  },
  {
    id: 'get_file',
    title: 'Get file contents',
    description:
      'Read a file of a repository, as text, at a branch, tag or commit (`ref`, default the default branch). For a directory, lists its entries instead. Files up to 1 MB.',
    kind: 'read',
    docs: 'https://docs.github.com/en/rest/repos/contents#get-repository-content',
    scopes: ['repo'],
    input: {
      type: 'object',
      properties: {
        owner: OWNER,
        repo: REPO,
        path: { type: 'string', minLength: 1, maxLength: 1000, pattern: '^[^\\u0000-\\u001f]+$', description: 'The path in the repository, e.g. "docs/README.md".' },
        ref: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^\\s]+$', description: 'A branch, tag or commit SHA.' },
      },
      required: ['owner', 'repo', 'path'],
      additionalProperties: false,
    },
    outputSchema: obj(
      { type: { type: 'string', enum: ['file', 'dir', 'symlink', 'submodule'] }, path: STRING, name: STRING, sha: STRING, size: INTEGER, content: STRING_OR_NULL, binary: BOOLEAN, url: STRING_OR_NULL, entries: arr(ENTRY), target: STRING },
      ['type', 'path'],
    ),
    request: {
      method: 'GET',
      path: '/repos/{owner}/{repo}/contents/{path}',
      build: (input) => ({ method: 'GET', path: contentsPath(input), query: { ref: input.ref as string | undefined } }),
    },
    output: (body, input) => {
      if (Array.isArray(body)) {
        const entries = (body as GithubContent[]).map((e) => ({ type: e.type, name: e.name, path: e.path, sha: e.sha, size: e.size ?? 0 }));
        return { type: 'dir', path: input.path as string, entries };
      }
      const c = body as GithubContent;
      const bytes = c.encoding === 'base64' && typeof c.content === 'string' ? Buffer.from(c.content.replace(/\s+/g, ''), 'base64') : undefined;
      const binary = bytes !== undefined && bytes.includes(0);
      return {
        type: c.type,
        path: c.path,
        name: c.name,
        sha: c.sha,
        size: c.size ?? bytes?.length ?? 0,
        content: bytes && !binary ? bytes.toString('utf8') : null,
        binary,
        url: c.html_url ?? null,
        ...(c.target !== undefined ? { target: c.target } : {}),
      };
    },
  },
];
