/**
 * Linear GraphQL API: every action is a POST to /graphql with `{query, variables}`.
 * Failures may come as HTTP 200 with `{errors: [...]}`, found by checkResponse.
 * https://linear.app/developers/graphql
 */
import { defineConnector, type BuiltRequest, type UpstreamProblem, type UpstreamResponse } from '../definition.js';

const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' } as const;

function graphql(query: string, variables: Record<string, unknown> = {}): BuiltRequest {
  return { method: 'POST', path: '/graphql', body: { type: 'json', value: { query, variables } } };
}

interface GraphqlError {
  message?: string;
  extensions?: { code?: string; type?: string; userPresentableMessage?: string };
}

function checkLinear({ body }: UpstreamResponse): UpstreamProblem | undefined {
  const errors = (body as { errors?: GraphqlError[] } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const first = errors[0]!;
  const text = first.extensions?.userPresentableMessage ?? first.message ?? 'unknown error';
  const code = `${first.extensions?.code ?? ''} ${first.extensions?.type ?? ''}`.toLowerCase();
  if (/ratelimit/.test(code)) return { kind: 'rate_limited', message: `Linear is rate-limiting these calls: ${text}` };
  if (/authenticat|unauthenticated|forbidden/.test(code) || /authenticat/i.test(first.message ?? '')) {
    return { kind: 'auth', message: `Linear refused the credentials: ${text} Reconnect Linear.` };
  }
  return { kind: 'error', message: `Linear answered: ${text}` };
}

interface LinearIssue {
  id: string;
  identifier: string;
  title: string;
  url: string;
  priority?: number;
  state?: { name?: string } | null;
  assignee?: { name?: string } | null;
  team?: { key?: string } | null;
  updatedAt?: string;
}

const CREATE_ISSUE = `mutation IssueCreate($input: IssueCreateInput!) {
  issueCreate(input: $input) { success issue { id identifier title url } }
}`;

const LIST_ISSUES = `query Issues($first: Int, $after: String, $filter: IssueFilter) {
  issues(first: $first, after: $after, filter: $filter, orderBy: updatedAt) {
    nodes { id identifier title url priority state { name } assignee { name } team { key } updatedAt }
    pageInfo { hasNextPage endCursor }
  }
}`;

const LIST_TEAMS = `query Teams($first: Int, $after: String) {
  teams(first: $first, after: $after) { nodes { id key name } pageInfo { hasNextPage endCursor } }
}`;

function nextCursor(pageInfo: { hasNextPage?: boolean; endCursor?: string | null } | undefined): string | undefined {
  return pageInfo?.hasNextPage ? (pageInfo.endCursor ?? undefined) : undefined;
}

export const linear = defineConnector({
  id: 'linear',
  name: 'Linear',
  icon: '📐',
  category: 'project',
  description: 'Create and list Linear issues and list teams.',
  baseUrl: 'https://api.linear.app',
  auth: [
    // Personal API keys go bare in Authorization; OAuth access tokens go as Bearer.
    { type: 'api_key', label: 'Personal API key (lin_api_…)', in: 'header', name: 'Authorization', prefix: '' },
    {
      type: 'oauth2',
      authorizeUrl: 'https://linear.app/oauth/authorize',
      tokenUrl: 'https://api.linear.app/oauth/token',
      scopes: ['read', 'write'],
      scopeSeparator: ',',
      clientSecret: 'required',
    },
  ],
  test: { method: 'POST', path: '/graphql', body: { query: '{ viewer { id } }' } },
  checkResponse: checkLinear,
  actions: [
    {
      id: 'create_issue',
      title: 'Create issue',
      description:
        'Create an issue in a team. Needs `teamId` (the team\'s id from list_teams) and `title`; `description` is Markdown; `priority` is 0 none, 1 urgent, 2 high, 3 normal, 4 low. Returns the issue id, identifier (e.g. ENG-123), title and URL.',
      kind: 'write',
      docs: 'https://linear.app/developers/graphql',
      input: {
        type: 'object',
        properties: {
          teamId: { ...ID, description: 'The team id (a UUID, from list_teams).' },
          title: { type: 'string', minLength: 1, maxLength: 512, description: 'The issue title.' },
          description: { type: 'string', maxLength: 100000, description: 'The issue description, Markdown.' },
          priority: { type: 'integer', minimum: 0, maximum: 4, description: '0 no priority, 1 urgent, 2 high, 3 normal, 4 low.' },
        },
        required: ['teamId', 'title'],
        additionalProperties: false,
      },
      request: {
        method: 'POST',
        path: '/graphql',
        build: ({ teamId, title, description, priority }) => graphql(CREATE_ISSUE, { input: { teamId, title, description, priority } }),
      },
      output: (body) => {
        const r = (body as { data?: { issueCreate?: { success?: boolean; issue?: LinearIssue | null } } }).data?.issueCreate;
        return { success: r?.success ?? false, ...(r?.issue ?? {}) };
      },
    },
    {
      id: 'list_issues',
      title: 'List issues',
      description:
        'List issues, most recently updated first, optionally of one team (`teamId`). Returns identifier, title, URL, state, priority, assignee and team of each, and `next_cursor`: pass it as `after` for the next page.',
      kind: 'read',
      docs: 'https://linear.app/developers/graphql',
      input: {
        type: 'object',
        properties: {
          first: { type: 'integer', minimum: 1, maximum: 100, default: 50, description: 'How many issues (at most 100).' },
          after: { type: 'string', maxLength: 500, description: 'The next_cursor of a previous page.' },
          teamId: { ...ID, description: 'Only issues of this team (its id, from list_teams).' },
        },
        additionalProperties: false,
      },
      request: {
        method: 'POST',
        path: '/graphql',
        build: (input) =>
          graphql(LIST_ISSUES, {
            first: (input.first as number | undefined) ?? 50,
            after: input.after,
            ...(input.teamId !== undefined ? { filter: { team: { id: { eq: input.teamId } } } } : {}),
          }),
      },
      output: (body) => {
        const page = (body as { data?: { issues?: { nodes?: LinearIssue[]; pageInfo?: { hasNextPage?: boolean; endCursor?: string } } } }).data?.issues;
        return {
          issues: (page?.nodes ?? []).map((i) => ({
            id: i.id,
            identifier: i.identifier,
            title: i.title,
            url: i.url,
            state: i.state?.name,
            priority: i.priority,
            assignee: i.assignee?.name ?? null,
            team: i.team?.key,
            updated_at: i.updatedAt,
          })),
          next_cursor: nextCursor(page?.pageInfo),
        };
      },
    },
    {
      id: 'list_teams',
      title: 'List teams',
      description: 'List the teams of the workspace: id (needed by create_issue), key (the issue prefix, e.g. ENG) and name.',
      kind: 'read',
      docs: 'https://linear.app/developers/graphql',
      input: {
        type: 'object',
        properties: {
          first: { type: 'integer', minimum: 1, maximum: 250, default: 50 },
          after: { type: 'string', maxLength: 500, description: 'The next_cursor of a previous page.' },
        },
        additionalProperties: false,
      },
      request: {
        method: 'POST',
        path: '/graphql',
        build: (input) => graphql(LIST_TEAMS, { first: (input.first as number | undefined) ?? 50, after: input.after }),
      },
      output: (body) => {
        const page = (body as { data?: { teams?: { nodes?: { id: string; key: string; name: string }[]; pageInfo?: { hasNextPage?: boolean; endCursor?: string } } } }).data?.teams;
        return {
          teams: (page?.nodes ?? []).map((t) => ({ id: t.id, key: t.key, name: t.name })),
          next_cursor: nextCursor(page?.pageInfo),
        };
      },
    },
  ],
});
