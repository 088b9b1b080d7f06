/**
 * Jira issues: create, search, read, comment, update. Checked against swagger-v3.v3.json
 * (1001.0.0-SNAPSHOT-57a0ca5b…, 2025-12-25): operations createIssue, searchAndReconsileIssuesUsingJql
 * (GET /rest/api/3/search/jql: `nextPageToken`, `isLast`, no total; fields default to `id`),
 * getIssue, addComment, editIssue (PUT: 204, `fields` set values; `notifyUsers`).
 */
import type { ActionDefinition } from '../../definition.js';
import { ANY_OBJECT, arr, cursorOrNull, obj, page, STRING, STRING_OR_NULL } from '../../output-schema.js';
import { browseUrl, fromAdf, ISSUE, ISSUE_KEY, issueSummary, toAdf, type JiraIssue } from './adf.js';

const SEARCH_FIELDS = ['summary', 'status', 'issuetype', 'priority', 'assignee', 'created', 'updated'];
const READ = ['read:jira-work'];
const WRITE = ['write:jira-work'];
const SUMMARY = { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^\\r\\n]*$', description: 'The issue title (one line).' } as const;
const LABELS = { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 255, pattern: '^\\S+$' }, description: 'Labels, without spaces.' } as const;
const issuePath = (input: Record<string, unknown>, rest = '') => `/rest/api/3/issue/${encodeURIComponent(input.issue_key as string)}${rest}`;

export const issueActions: ActionDefinition[] = [
  {
    id: 'create_issue',
    title: 'Create issue',
    description:
      'Create an issue in a project. Needs `project_key` (e.g. "PROJ") and a one-line `summary`; `issue_type` is the type name as the project knows it (Task by default; Bug, Story…); `description` is plain text (blank lines make paragraphs); `labels` have no spaces. Returns the issue key, id and URL.',
    kind: 'write',
    destructive: false,
    docs: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post',
    scopes: WRITE,
    input: {
      type: 'object',
      properties: {
        project_key: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z][A-Za-z0-9_]*$', description: 'The project key, e.g. "PROJ".' },
        summary: SUMMARY,
        issue_type: { type: 'string', minLength: 1, maxLength: 100, default: 'Task', description: 'Issue type name: Task (default), Bug, Story, Epic…' },
        description: { type: 'string', maxLength: 32767, description: 'The issue description, plain text.' },
        labels: LABELS,
      },
      required: ['project_key', 'summary'],
      additionalProperties: false,
    },
    outputSchema: obj({ id: STRING, key: STRING, url: STRING_OR_NULL }),
    request: {
      method: 'POST',
      path: '/rest/api/3/issue',
      build: (input) => ({
        method: 'POST',
        path: '/rest/api/3/issue',
        body: {
          type: 'json',
          value: {
            fields: {
              project: { key: input.project_key },
              summary: input.summary,
              issuetype: { name: (input.issue_type as string | undefined) ?? 'Task' },
              ...(input.description !== undefined ? { description: toAdf(input.description as string) } : {}),
              ...(input.labels !== undefined ? { labels: input.labels } : {}),
            },
          },
        },
      }),
    },
    output: (body) => {
      const b = body as { id: string; key: string; self?: string };
      return { id: b.id, key: b.key, url: browseUrl(b.self, b.key) ?? null };
    },
  },
  {
    id: 'search_issues',
    title: 'Search issues',
    description:
      'Find issues with a JQL query, e.g. "project = PROJ AND status != Done ORDER BY updated DESC" or "assignee = currentUser() AND resolution = Unresolved". The query must be bounded (have a condition). Returns key, summary, status, type, priority, assignee and dates of each; page with `cursor`.',
    kind: 'read',
    docs: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-get',
    scopes: READ,
    input: {
      type: 'object',
      properties: {
        jql: { type: 'string', minLength: 1, maxLength: 10000, description: 'The JQL query.' },
        maxResults: { type: 'integer', minimum: 1, maximum: 100, default: 50, description: 'How many issues (at most 100).' },
        cursor: { type: 'string', minLength: 1, maxLength: 2000, description: 'The next_cursor of a previous page.' },
        fields: {
          type: 'array',
          maxItems: 50,
          items: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.*-]+$' },
          description: 'Extra fields to return besides the summary ones, e.g. ["labels", "customfield_10016"]; their raw values come in `fields`.',
        },
      },
      required: ['jql'],
      additionalProperties: false,
    },
    outputSchema: page('issues', obj({ ...(ISSUE.properties ?? {}), fields: ANY_OBJECT }, ISSUE.required)),
    request: {
      method: 'GET',
      path: '/rest/api/3/search/jql',
      // The enhanced search returns only ids unless `fields` (comma-separated) names more.
      build: (input) => ({
        method: 'GET',
        path: '/rest/api/3/search/jql',
        query: {
          jql: input.jql as string,
          maxResults: (input.maxResults as number | undefined) ?? 50,
          nextPageToken: input.cursor as string | undefined,
          fields: [...new Set([...SEARCH_FIELDS, ...((input.fields as string[] | undefined) ?? [])])].join(','),
        },
      }),
    },
    output: (body, input) => {
      const b = body as { issues?: JiraIssue[]; nextPageToken?: string | null; isLast?: boolean };
      const extra = (input.fields as string[] | undefined) ?? [];
      return {
        issues: (b.issues ?? []).map((i) => ({
          ...issueSummary(i),
          ...(extra.length ? { fields: Object.fromEntries(extra.map((name) => [name, (i.fields as Record<string, unknown> | undefined)?.[name]])) } : {}),
        })),
        next_cursor: b.isLast === true ? null : cursorOrNull(b.nextPageToken),
      };
    },
  },
  {
    id: 'get_issue',
    title: 'Get issue',
    description: 'Read one issue by key (PROJ-123) or id: summary, status, type, priority, assignee, reporter, labels, dates, and the description as plain text.',
    kind: 'read',
    docs: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-get',
    scopes: READ,
    input: { type: 'object', properties: { issue_key: ISSUE_KEY }, required: ['issue_key'], additionalProperties: false },
    outputSchema: obj({ ...(ISSUE.properties ?? {}), project: STRING, reporter: STRING_OR_NULL, labels: arr(STRING), description: STRING }, [...(ISSUE.required ?? []), 'reporter', 'labels', 'description']),
    request: {
      method: 'GET',
      path: '/rest/api/3/issue/{issue_key}',
      // Only the fields shown: the default `*all` makes large answers.
      build: (input) => ({ method: 'GET', path: issuePath(input), query: { fields: [...SEARCH_FIELDS, 'reporter', 'labels', 'description', 'project'].join(',') } }),
    },
    output: (body) => {
      const i = body as JiraIssue;
      return {
        ...issueSummary(i),
        ...(i.fields?.project?.key ? { project: i.fields.project.key } : {}),
        reporter: i.fields?.reporter?.displayName ?? null,
        labels: i.fields?.labels ?? [],
        description: fromAdf(i.fields?.description).trimEnd(),
      };
    },
  },
  {
    id: 'update_issue',
    title: 'Update issue',
    description:
      'Change fields of an issue: `summary`, `description` (plain text, replaces the old one), `labels` (replaces the set), `priority` (by name: Highest, High, Medium, Low, Lowest). To change the status use transition_issue; to assign, assign_issue. `notify` false updates without emailing watchers (needs admin rights).',
    kind: 'write',
    destructive: true,
    idempotent: true,
    docs: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-put',
    scopes: WRITE,
    input: {
      type: 'object',
      properties: {
        issue_key: ISSUE_KEY,
        summary: SUMMARY,
        description: { type: 'string', maxLength: 32767 },
        labels: LABELS,
        priority: { type: 'string', minLength: 1, maxLength: 100 },
        notify: { type: 'boolean', description: 'Email watchers about it (default true).' },
      },
      required: ['issue_key'],
      minProperties: 2,
      additionalProperties: false,
    },
    outputSchema: obj({ key: STRING, updated: { const: true } }),
    request: {
      method: 'PUT',
      path: '/rest/api/3/issue/{issue_key}',
      build: (input) => ({
        method: 'PUT',
        path: issuePath(input),
        query: { notifyUsers: input.notify as boolean | undefined },
        body: {
          type: 'json',
          value: {
            fields: {
              ...(input.summary !== undefined ? { summary: input.summary } : {}),
              ...(input.description !== undefined ? { description: toAdf(input.description as string) } : {}),
              ...(input.labels !== undefined ? { labels: input.labels } : {}),
              ...(input.priority !== undefined ? { priority: { name: input.priority } } : {}),
            },
          },
        },
      }),
    },
    output: (_body, input) => ({ key: input.issue_key as string, updated: true }),
  },
  {
    id: 'add_comment',
    title: 'Add comment',
    description: 'Add a plain-text comment to an issue (blank lines make paragraphs). Returns the comment id, author and time.',
    kind: 'write',
    destructive: false,
    docs: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-post',
    scopes: WRITE,
    input: {
      type: 'object',
      properties: { issue_key: ISSUE_KEY, body: { type: 'string', minLength: 1, maxLength: 32767, pattern: '\\S', description: 'The comment text.' } },
      required: ['issue_key', 'body'],
      additionalProperties: false,
    },
    outputSchema: obj({ id: STRING, author: STRING_OR_NULL, created: STRING }, ['id', 'author']),
    request: {
      method: 'POST',
      path: '/rest/api/3/issue/{issue_key}/comment',
      build: (input) => ({ method: 'POST', path: issuePath(input, '/comment'), body: { type: 'json', value: { body: toAdf(input.body as string) } } }),
    },
    output: (body) => {
      const b = body as { id: string; created?: string; author?: { displayName?: string } };
      return { id: b.id, author: b.author?.displayName ?? null, ...(b.created ? { created: b.created } : {}) };
    },
  },
];
