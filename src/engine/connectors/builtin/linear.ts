/**
 * Linear GraphQL API: every action is a POST to /graphql with `{query, variables}`.
 * Failures may come as HTTP 200 with `{errors: [...]}`, found by checkResponse; a rate limit is
 * `errors[].extensions.code: "RATELIMITED"` whatever the status. https://linear.app/developers/graphql
 * Checked against linear/linear packages/sdk/src/schema.graphql (file commit d044ca65,
 * 2026-07-22; @linear/sdk 88.3.0): Mutation.issueCreate, issueUpdate, commentCreate;
 * Query.issues, teams, workflowStates (Relay connections: first/after, pageInfo.endCursor);
 * priority is Int on input and Float on output (0 none, 1 urgent, 2 high, 3 medium, 4 low).
 * Scopes from linear.app/developers/oauth-2-0-authentication (read, write, issues:create, comments:create).
 */
import { defineConnector, signInScopes, type ActionDefinition, type BuiltRequest, type UpstreamProblem, type UpstreamResponse } from '../definition.js';
import { NUMBER, BOOLEAN, obj, page, STRING, STRING_OR_NULL } from '../output-schema.js';
import { parseRetryAfter, signal } from '../rate-limits.js';

const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' } as const;
const CURSOR = { type: 'string', minLength: 1, maxLength: 500, description: 'The next_cursor of a previous page.' } as const;
const PRIORITY = { type: 'integer', minimum: 0, maximum: 4, description: '0 no priority, 1 urgent, 2 high, 3 medium, 4 low.' } as const;

function graphql(query: string, variables: Record<string, unknown> = {}): BuiltRequest {
  return { method: 'POST', path: '/graphql', body: { type: 'json', value: { query, variables } } };
}

interface GraphqlError {
  message?: string;
  extensions?: { code?: string; type?: string; userPresentableMessage?: string };
}

const errorsOf = (body: unknown): GraphqlError[] => {
  const errors = (body as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? (errors as GraphqlError[]) : [];
};

function checkLinear({ body }: UpstreamResponse): UpstreamProblem | undefined {
  const first = errorsOf(body)[0];
  if (!first) return undefined;
  const text = first.extensions?.userPresentableMessage ?? first.message ?? 'unknown error';
  const code = `${first.extensions?.code ?? ''} ${first.extensions?.type ?? ''}`.toLowerCase();
  if (/ratelimit/.test(code)) return { kind: 'rate_limited', message: `Linear is rate-limiting these calls: ${text}` };
  if (/authenticat|unauthenticated/.test(code) || /authenticat/i.test(first.message ?? '')) {
    return { kind: 'auth', message: `Linear refused the credentials: ${text} Reconnect Linear.` };
  }
  if (/forbidden/.test(code)) return { kind: 'error', message: `Linear refused this call: ${text} If the sign-in lacks a scope, reconnect Linear to grant it.` };
  return { kind: 'error', message: `Linear answered: ${text}` };
}

/** RATELIMITED in the errors, at any status; the requests budget resets at X-RateLimit-Requests-Reset (epoch ms). */
function linearRateLimit({ status, headers, body }: UpstreamResponse, now: number) {
  if (!errorsOf(body).some((e) => e.extensions?.code === 'RATELIMITED') && status !== 429) return undefined;
  const reset = Number(headers['x-ratelimit-requests-reset']);
  return signal(parseRetryAfter(headers['retry-after'], now) ?? (Number.isFinite(reset) && reset > 0 ? Math.max(0, reset - now) : undefined));
}

interface LinearIssue {
  id: string;
  identifier: string;
  title: string;
  url: string;
  priority?: number;
  state?: { id?: string; name?: string; type?: string } | null;
  assignee?: { name?: string } | null;
  team?: { key?: string } | null;
  updatedAt?: string;
}

interface Connection<T> {
  nodes?: T[];
  pageInfo?: { hasNextPage?: boolean; endCursor?: string | null };
}

const ISSUE_FIELDS = 'id identifier title url priority state { id name type } assignee { name } team { key } updatedAt';
const ISSUE = obj(
  { id: STRING, identifier: STRING, title: STRING, url: STRING, state: STRING_OR_NULL, state_type: STRING_OR_NULL, priority: NUMBER, assignee: STRING_OR_NULL, team: STRING_OR_NULL, updated_at: STRING },
  ['id', 'identifier', 'title', 'url', 'state', 'assignee'],
);

function issue(i: LinearIssue) {
  return {
    id: i.id,
    identifier: i.identifier,
    title: i.title,
    url: i.url,
    state: i.state?.name ?? null,
    state_type: i.state?.type ?? null,
    ...(i.priority !== undefined ? { priority: i.priority } : {}),
    assignee: i.assignee?.name ?? null,
    team: i.team?.key ?? null,
    ...(i.updatedAt ? { updated_at: i.updatedAt } : {}),
  };
}

const next = (p: Connection<unknown> | undefined) => (p?.pageInfo?.hasNextPage ? (p.pageInfo.endCursor ?? null) : null);
const data = (body: unknown) => (body as { data?: Record<string, unknown> }).data ?? {};
const payload = (body: unknown, field: string) => {
  const r = data(body)[field] as { success?: boolean; issue?: LinearIssue | null } | undefined;
  return { success: r?.success ?? false, ...(r?.issue ? issue(r.issue) : {}) };
};
const PAYLOAD = obj({ success: BOOLEAN, ...(ISSUE.properties ?? {}) }, ['success']);

const UPDATE = `mutation IssueUpdate($id: String!, $input: IssueUpdateInput!) {
  issueUpdate(id: $id, input: $input) { success issue { ${ISSUE_FIELDS} } }
}`;

const actions: ActionDefinition[] = [
  {
    id: 'create_issue',
    title: 'Create issue',
    description:
      "Create an issue in a team. Needs `teamId` (the team's id from list_teams) and `title`; `description` is Markdown; `priority` is 0 none, 1 urgent, 2 high, 3 medium, 4 low; `stateId` (from list_workflow_states) and `assigneeId` are optional. Returns the issue id, identifier (e.g. ENG-123), title and URL.",
    kind: 'write',
    destructive: false,
    docs: 'https://linear.app/developers/graphql',
    scopes: ['issues:create'],
    input: {
      type: 'object',
      properties: {
        teamId: { ...ID, description: 'The team id (a UUID, from list_teams).' },
        title: { type: 'string', minLength: 1, maxLength: 512, description: 'The issue title.' },
        description: { type: 'string', maxLength: 100000, description: 'The issue description, Markdown.' },
        priority: PRIORITY,
        stateId: { ...ID, description: 'A workflow state of that team.' },
        assigneeId: { ...ID, description: 'The user to assign it to.' },
      },
      required: ['teamId', 'title'],
      additionalProperties: false,
    },
    outputSchema: PAYLOAD,
    request: {
      method: 'POST',
      path: '/graphql',
      build: (input) => graphql(`mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { ${ISSUE_FIELDS} } } }`, { input }),
    },
    output: (body) => payload(body, 'issueCreate'),
  },
  {
    id: 'update_issue',
    title: 'Update issue',
    description:
      "Change an issue: title, description (Markdown), priority, state (`stateId`, a workflow state of the issue's team), assignee (`assigneeId`, null unassigns). Fields left out stay as they are. `id` is the issue's id or identifier (ENG-123).",
    kind: 'write',
    destructive: true,
    idempotent: true,
    docs: 'https://linear.app/developers/graphql',
    scopes: ['write'],
    input: {
      type: 'object',
      properties: {
        id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$', description: 'The issue id or identifier (ENG-123).' },
        title: { type: 'string', minLength: 1, maxLength: 512 },
        description: { type: 'string', maxLength: 100000 },
        priority: PRIORITY,
        stateId: ID,
        assigneeId: { type: ['string', 'null'], minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$', description: 'The assignee, or null to unassign.' },
      },
      required: ['id'],
      minProperties: 2,
      additionalProperties: false,
    },
    outputSchema: PAYLOAD,
    request: { method: 'POST', path: '/graphql', build: ({ id, ...input }) => graphql(UPDATE, { id, input }) },
    output: (body) => payload(body, 'issueUpdate'),
  },
  {
    id: 'set_issue_state',
    title: 'Set issue state',
    description: "Move an issue to a workflow state (Todo, In Progress, Done…) by the state's id from list_workflow_states; it must be a state of the issue's team. Returns the issue with its new state.",
    kind: 'write',
    destructive: true,
    idempotent: true,
    docs: 'https://linear.app/developers/graphql',
    scopes: ['write'],
    input: {
      type: 'object',
      properties: { id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$', description: 'The issue id or identifier (ENG-123).' }, stateId: ID },
      required: ['id', 'stateId'],
      additionalProperties: false,
    },
    outputSchema: PAYLOAD,
    request: { method: 'POST', path: '/graphql', build: ({ id, stateId }) => graphql(UPDATE, { id, input: { stateId } }) },
    output: (body) => payload(body, 'issueUpdate'),
  },
  {
    id: 'add_comment',
    title: 'Comment on issue',
    description: 'Add a Markdown comment to an issue (`issueId`: its id or identifier, ENG-123). Returns the comment id, URL and author.',
    kind: 'write',
    destructive: false,
    docs: 'https://linear.app/developers/graphql',
    scopes: ['comments:create'],
    input: {
      type: 'object',
      properties: { issueId: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' }, body: { type: 'string', minLength: 1, maxLength: 100000, description: 'The comment, Markdown.' } },
      required: ['issueId', 'body'],
      additionalProperties: false,
    },
    outputSchema: obj({ success: BOOLEAN, id: STRING, url: STRING, author: STRING_OR_NULL, created_at: STRING }, ['success']),
    request: {
      method: 'POST',
      path: '/graphql',
      build: (input) => graphql('mutation CommentCreate($input: CommentCreateInput!) { commentCreate(input: $input) { success comment { id url createdAt user { name } } } }', { input }),
    },
    output: (body) => {
      const r = data(body).commentCreate as { success?: boolean; comment?: { id: string; url: string; createdAt?: string; user?: { name?: string } | null } } | undefined;
      const c = r?.comment;
      return { success: r?.success ?? false, ...(c ? { id: c.id, url: c.url, author: c.user?.name ?? null, ...(c.createdAt ? { created_at: c.createdAt } : {}) } : {}) };
    },
  },
  {
    id: 'list_issues',
    title: 'List issues',
    description: 'List issues, most recently updated first, optionally of one team (`teamId`). Returns identifier, title, URL, state, priority, assignee and team of each; page with `cursor`.',
    kind: 'read',
    docs: 'https://linear.app/developers/graphql',
    scopes: ['read'],
    input: {
      type: 'object',
      properties: {
        first: { type: 'integer', minimum: 1, maximum: 100, default: 50, description: 'How many issues (at most 100).' },
        cursor: CURSOR,
        teamId: { ...ID, description: 'Only issues of this team (its id, from list_teams).' },
      },
      additionalProperties: false,
    },
    outputSchema: page('issues', ISSUE),
    request: {
      method: 'POST',
      path: '/graphql',
      build: (input) =>
        graphql(`query Issues($first: Int, $after: String, $filter: IssueFilter) { issues(first: $first, after: $after, filter: $filter, orderBy: updatedAt) { nodes { ${ISSUE_FIELDS} } pageInfo { hasNextPage endCursor } } }`, {
          first: (input.first as number | undefined) ?? 50,
          after: input.cursor,
          ...(input.teamId !== undefined ? { filter: { team: { id: { eq: input.teamId } } } } : {}),
        }),
    },
    output: (body) => {
      const p = data(body).issues as Connection<LinearIssue> | undefined;
      return { issues: (p?.nodes ?? []).map(issue), next_cursor: next(p) };
    },
  },
  {
    id: 'list_teams',
    title: 'List teams',
    description: 'List the teams of the workspace: id (needed by create_issue), key (the issue prefix, e.g. ENG) and name.',
    kind: 'read',
    docs: 'https://linear.app/developers/graphql',
    scopes: ['read'],
    input: { type: 'object', properties: { first: { type: 'integer', minimum: 1, maximum: 250, default: 50 }, cursor: CURSOR }, additionalProperties: false },
    outputSchema: page('teams', obj({ id: STRING, key: STRING, name: STRING })),
    request: {
      method: 'POST',
      path: '/graphql',
      build: (input) => graphql('query Teams($first: Int, $after: String) { teams(first: $first, after: $after) { nodes { id key name } pageInfo { hasNextPage endCursor } } }', { first: (input.first as number | undefined) ?? 50, after: input.cursor }),
    },
    output: (body) => {
      const p = data(body).teams as Connection<{ id: string; key: string; name: string }> | undefined;
      return { teams: (p?.nodes ?? []).map((t) => ({ id: t.id, key: t.key, name: t.name })), next_cursor: next(p) };
    },
  },
  {
    id: 'list_workflow_states',
    title: 'List workflow states',
    description: "List the workflow states (Backlog, Todo, In Progress, Done, Canceled…) of one team (`teamId`) or of every team: id (for set_issue_state), name, type (triage, backlog, unstarted, started, completed, canceled) and team.",
    kind: 'read',
    docs: 'https://linear.app/developers/graphql',
    scopes: ['read'],
    input: { type: 'object', properties: { teamId: ID, first: { type: 'integer', minimum: 1, maximum: 250, default: 50 }, cursor: CURSOR }, additionalProperties: false },
    outputSchema: page('states', obj({ id: STRING, name: STRING, type: STRING, position: NUMBER, team: STRING_OR_NULL }, ['id', 'name', 'type', 'team'])),
    request: {
      method: 'POST',
      path: '/graphql',
      build: (input) =>
        graphql('query States($first: Int, $after: String, $filter: WorkflowStateFilter) { workflowStates(first: $first, after: $after, filter: $filter) { nodes { id name type position team { key } } pageInfo { hasNextPage endCursor } } }', {
          first: (input.first as number | undefined) ?? 50,
          after: input.cursor,
          ...(input.teamId !== undefined ? { filter: { team: { id: { eq: input.teamId } } } } : {}),
        }),
    },
    output: (body) => {
      const p = data(body).workflowStates as Connection<{ id: string; name: string; type: string; position?: number; team?: { key?: string } | null }> | undefined;
      return {
        states: (p?.nodes ?? []).map((s) => ({ id: s.id, name: s.name, type: s.type, ...(s.position !== undefined ? { position: s.position } : {}), team: s.team?.key ?? null })),
        next_cursor: next(p),
      };
    },
  },
];

export const linear = defineConnector({
  id: 'linear',
  name: 'Linear',
  icon: 'linear',
  category: 'project',
  description: 'Create, update and comment on Linear issues, move them between workflow states, and list issues, teams and states.',
  baseUrl: 'https://api.linear.app',
  auth: [
    // Personal API keys go bare in Authorization; OAuth access tokens go as Bearer.
    { type: 'api_key', label: 'Personal API key (lin_api_…)', in: 'header', name: 'Authorization', prefix: '' },
    {
      type: 'oauth2',
      authorizeUrl: 'https://linear.app/oauth/authorize',
      tokenUrl: 'https://api.linear.app/oauth/token',
      baseScopes: ['read'],
      scopes: signInScopes(['read'], actions),
      scopeSeparator: ',',
      clientSecret: 'required',
    },
  ],
  test: { method: 'POST', path: '/graphql', body: { query: '{ viewer { id } }' } },
  checkResponse: checkLinear,
  rateLimit: linearRateLimit,
  actions,
});
