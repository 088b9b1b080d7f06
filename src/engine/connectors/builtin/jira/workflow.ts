/**
 * Jira workflow and projects: list and do transitions, assign, list projects. Checked against
 * swagger-v3.v3.json (1001.0.0-SNAPSHOT-57a0ca5b…, 2025-12-25): getTransitions (`Transitions`:
 * transitions[] {id, name, to: StatusDetails}, unpaged), doTransition (POST, `transition.id`
 * required, 204), assignIssue (PUT /assignee, `accountId`; null unassigns, "-1" the project
 * default; 204), searchProjects (GET /project/search: PageBeanProject with startAt, maxResults ≤ 100,
 * isLast).
 */
import type { ActionDefinition } from '../../definition.js';
import { arr, BOOLEAN, INTEGER, obj, page, STRING, STRING_OR_NULL } from '../../output-schema.js';
import { ISSUE_KEY } from './adf.js';

const issuePath = (input: Record<string, unknown>, rest: string) => `/rest/api/3/issue/${encodeURIComponent(input.issue_key as string)}${rest}`;

interface JiraTransition {
  id: string;
  name: string;
  to?: { id?: string; name?: string; statusCategory?: { key?: string } };
  hasScreen?: boolean;
  isAvailable?: boolean;
}

export const workflowActions: ActionDefinition[] = [
  {
    id: 'list_transitions',
    title: 'List transitions',
    description:
      "The transitions an issue can take now (its workflow's next steps): id (for transition_issue), name (e.g. \"Start progress\"), and the status it leads to, with the status category (new, indeterminate, done). A user who may not transition the issue gets an empty list.",
    kind: 'read',
    docs: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-get',
    unpaged: 'Jira returns every available transition at once',
    scopes: ['read:jira-work'],
    input: { type: 'object', properties: { issue_key: ISSUE_KEY }, required: ['issue_key'], additionalProperties: false },
    outputSchema: obj({ transitions: arr(obj({ id: STRING, name: STRING, to_status: STRING_OR_NULL, to_category: STRING_OR_NULL, has_screen: BOOLEAN })) }),
    request: { method: 'GET', path: '/rest/api/3/issue/{issue_key}/transitions' },
    output: (body) => ({
      transitions: ((body as { transitions?: JiraTransition[] }).transitions ?? [])
        .filter((t) => t.isAvailable !== false)
        .map((t) => ({ id: t.id, name: t.name, to_status: t.to?.name ?? null, to_category: t.to?.statusCategory?.key ?? null, has_screen: t.hasScreen ?? false })),
    }),
  },
  {
    id: 'transition_issue',
    title: 'Transition issue',
    description:
      'Move an issue along its workflow (e.g. to In Progress or Done) with a transition id from list_transitions. A transition with a screen may need `resolution` (e.g. "Done", "Won\'t Do"). The same id may not apply once the issue has moved.',
    kind: 'write',
    destructive: true,
    idempotent: false,
    docs: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-post',
    scopes: ['write:jira-work'],
    input: {
      type: 'object',
      properties: {
        issue_key: ISSUE_KEY,
        transition_id: { type: 'string', minLength: 1, maxLength: 20, pattern: '^[0-9]+$', description: 'The transition id (from list_transitions).' },
        resolution: { type: 'string', minLength: 1, maxLength: 100, description: 'Resolution name, for transitions that set one.' },
      },
      required: ['issue_key', 'transition_id'],
      additionalProperties: false,
    },
    outputSchema: obj({ key: STRING, transition_id: STRING, transitioned: { const: true } }),
    request: {
      method: 'POST',
      path: '/rest/api/3/issue/{issue_key}/transitions',
      build: (input) => ({
        method: 'POST',
        path: issuePath(input, '/transitions'),
        body: { type: 'json', value: { transition: { id: input.transition_id }, ...(input.resolution !== undefined ? { fields: { resolution: { name: input.resolution } } } : {}) } },
      }),
    },
    output: (_body, input) => ({ key: input.issue_key as string, transition_id: input.transition_id as string, transitioned: true }),
  },
  {
    id: 'assign_issue',
    title: 'Assign issue',
    description:
      'Set who an issue is assigned to, by Atlassian account id (find one in get_issue\'s assignee_id or Jira\'s people search). null unassigns it; "-1" gives it to the project\'s default assignee.',
    kind: 'write',
    destructive: true,
    idempotent: true,
    docs: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-assignee-put',
    scopes: ['write:jira-work'],
    input: {
      type: 'object',
      properties: {
        issue_key: ISSUE_KEY,
        account_id: { type: ['string', 'null'], minLength: 1, maxLength: 128, pattern: '^(-1|[A-Za-z0-9:_-]+)$', description: 'The assignee\'s account id, null to unassign, "-1" for the project default.' },
      },
      required: ['issue_key', 'account_id'],
      additionalProperties: false,
    },
    outputSchema: obj({ key: STRING, account_id: STRING_OR_NULL }),
    request: {
      method: 'PUT',
      path: '/rest/api/3/issue/{issue_key}/assignee',
      build: (input) => ({ method: 'PUT', path: issuePath(input, '/assignee'), body: { type: 'json', value: { accountId: input.account_id } } }),
    },
    output: (_body, input) => ({ key: input.issue_key as string, account_id: (input.account_id as string | null) ?? null }),
  },
  {
    id: 'list_projects',
    title: 'List projects',
    description: 'List the projects the user can see: id, key (the issue prefix, e.g. PROJ), name and type. `query` matches key or name. Page with `cursor`.',
    kind: 'read',
    docs: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-projects/#api-rest-api-3-project-search-get',
    scopes: ['read:jira-work'],
    input: {
      type: 'object',
      properties: {
        query: { type: 'string', minLength: 1, maxLength: 200, description: 'Only projects whose key or name contains this.' },
        maxResults: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
        cursor: { type: 'string', maxLength: 10, pattern: '^[0-9]+$', description: 'The next_cursor of a previous page.' },
      },
      additionalProperties: false,
    },
    outputSchema: page('projects', obj({ id: STRING, key: STRING, name: STRING, type: STRING_OR_NULL }), { total: INTEGER }),
    request: {
      method: 'GET',
      path: '/rest/api/3/project/search',
      build: (input) => ({ method: 'GET', path: '/rest/api/3/project/search', query: { query: input.query as string | undefined, maxResults: (input.maxResults as number | undefined) ?? 50, startAt: input.cursor as string | undefined } }),
    },
    output: (body) => {
      const b = body as { values?: { id: string; key: string; name: string; projectTypeKey?: string }[]; startAt?: number; maxResults?: number; total?: number; isLast?: boolean };
      const values = b.values ?? [];
      const next = b.isLast === false ? String((b.startAt ?? 0) + values.length) : null;
      return { projects: values.map((p) => ({ id: p.id, key: p.key, name: p.name, type: p.projectTypeKey ?? null })), ...(b.total !== undefined ? { total: b.total } : {}), next_cursor: next };
    },
  },
];
