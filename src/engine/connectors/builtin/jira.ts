/**
 * Jira Cloud platform REST API v3. https://developer.atlassian.com/cloud/jira/platform/rest/v3/
 * Rich text (descriptions, comments) is Atlassian Document Format: plain text from the caller is
 * turned into ADF paragraphs here, and ADF from Jira back into plain text.
 */
import { defineConnector } from '../definition.js';

const ISSUE_KEY = {
  type: 'string',
  minLength: 1,
  maxLength: 100,
  pattern: '^([A-Za-z][A-Za-z0-9_]*-[0-9]+|[0-9]+)$',
  description: 'The issue key (PROJ-123) or numeric id.',
} as const;

/** Text → ADF: blank lines separate paragraphs, single line breaks become hard breaks. */
function toAdf(text: string) {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '')
    .map((p) => ({
      type: 'paragraph',
      content: p.split('\n').flatMap((line, i) => [
        ...(i > 0 ? [{ type: 'hardBreak' }] : []),
        ...(line ? [{ type: 'text', text: line }] : []),
      ]),
    }));
  return { type: 'doc', version: 1, content: paragraphs };
}

interface AdfNode {
  type?: string;
  text?: string;
  content?: AdfNode[];
  attrs?: { text?: string; shortName?: string };
}

/** ADF → text, for reading: block nodes end with a line break. */
function fromAdf(node: AdfNode | null | undefined): string {
  if (!node) return '';
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  if (node.type === 'mention') return node.attrs?.text ?? '';
  if (node.type === 'emoji') return node.attrs?.shortName ?? '';
  const inner = (node.content ?? []).map(fromAdf).join('');
  const block = ['paragraph', 'heading', 'listItem', 'codeBlock', 'blockquote', 'rule'].includes(node.type ?? '');
  return block ? `${inner.replace(/\n+$/, '')}\n` : inner;
}

/** Jira's `self` is an API URL; on a site URL (not the OAuth gateway) the browse URL sits beside it. */
function browseUrl(self: string | undefined, key: string): string | undefined {
  const site = self?.match(/^(https:\/\/[^/]+)\/rest\/api\//)?.[1];
  return site && !site.endsWith('api.atlassian.com') ? `${site}/browse/${key}` : undefined;
}

interface JiraIssue {
  id: string;
  key: string;
  self?: string;
  fields?: {
    summary?: string;
    status?: { name?: string };
    issuetype?: { name?: string };
    priority?: { name?: string };
    assignee?: { displayName?: string; accountId?: string } | null;
    reporter?: { displayName?: string } | null;
    labels?: string[];
    created?: string;
    updated?: string;
    description?: AdfNode | null;
    project?: { key?: string };
  };
}

function issueSummary(i: JiraIssue) {
  const f = i.fields ?? {};
  return {
    id: i.id,
    key: i.key,
    summary: f.summary,
    status: f.status?.name,
    issue_type: f.issuetype?.name,
    priority: f.priority?.name,
    assignee: f.assignee?.displayName ?? null,
    created: f.created,
    updated: f.updated,
    url: browseUrl(i.self, i.key),
  };
}

const SEARCH_FIELDS = ['summary', 'status', 'issuetype', 'priority', 'assignee', 'created', 'updated'];

export const jira = defineConnector({
  id: 'jira',
  name: 'Jira',
  icon: '🎫',
  category: 'project',
  description: 'Create, search and read Jira Cloud issues and comment on them.',
  baseUrl: '',
  baseUrlHint: 'Your Jira site, e.g. https://acme.atlassian.net (with OAuth: https://api.atlassian.com/ex/jira/CLOUD_ID)',
  auth: [
    { type: 'basic', usernameLabel: 'Atlassian account email', passwordLabel: 'API token' },
    {
      type: 'oauth2',
      authorizeUrl: 'https://auth.atlassian.com/authorize',
      tokenUrl: 'https://auth.atlassian.com/oauth/token',
      scopes: ['read:jira-work', 'write:jira-work', 'read:jira-user', 'offline_access'],
      scopeSeparator: ' ',
      authorizeParams: { audience: 'api.atlassian.com', prompt: 'consent' },
      clientSecret: 'required',
    },
  ],
  // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-myself/#api-rest-api-3-myself-get
  test: { method: 'GET', path: '/rest/api/3/myself' },
  actions: [
    {
      id: 'create_issue',
      title: 'Create issue',
      description:
        'Create an issue in a project. Needs `project_key` (e.g. "PROJ") and a one-line `summary`; `issue_type` is the type name as the project knows it (Task by default; Bug, Story…); `description` is plain text (blank lines make paragraphs); `labels` have no spaces. Returns the issue key, id and URL.',
      kind: 'write',
      docs: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post',
      input: {
        type: 'object',
        properties: {
          project_key: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z][A-Za-z0-9_]*$', description: 'The project key, e.g. "PROJ".' },
          summary: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^\\r\\n]*$', description: 'The issue title (one line).' },
          issue_type: { type: 'string', minLength: 1, maxLength: 100, default: 'Task', description: 'Issue type name: Task (default), Bug, Story, Epic…' },
          description: { type: 'string', maxLength: 32767, description: 'The issue description, plain text.' },
          labels: {
            type: 'array',
            maxItems: 50,
            items: { type: 'string', minLength: 1, maxLength: 255, pattern: '^\\S+$' },
            description: 'Labels, without spaces.',
          },
        },
        required: ['project_key', 'summary'],
        additionalProperties: false,
      },
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
        return { id: b.id, key: b.key, url: browseUrl(b.self, b.key) };
      },
    },
    {
      id: 'search_issues',
      title: 'Search issues',
      description:
        'Find issues with a JQL query, e.g. "project = PROJ AND status != Done ORDER BY updated DESC" or "assignee = currentUser() AND resolution = Unresolved". The query must be bounded (have a condition). Returns key, summary, status, type, priority, assignee and dates of each, and `next_page_token` while more remain.',
      kind: 'read',
      docs: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-get',
      input: {
        type: 'object',
        properties: {
          jql: { type: 'string', minLength: 1, maxLength: 10000, description: 'The JQL query.' },
          maxResults: { type: 'integer', minimum: 1, maximum: 100, default: 50, description: 'How many issues (at most 100).' },
          nextPageToken: { type: 'string', maxLength: 2000, description: 'The next_page_token of a previous page.' },
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
            nextPageToken: input.nextPageToken as string | undefined,
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
            ...(extra.length
              ? { fields: Object.fromEntries(extra.map((name) => [name, (i.fields as Record<string, unknown> | undefined)?.[name]])) }
              : {}),
          })),
          next_page_token: b.nextPageToken ?? undefined,
          is_last: b.isLast ?? !b.nextPageToken,
        };
      },
    },
    {
      id: 'get_issue',
      title: 'Get issue',
      description:
        'Read one issue by key (PROJ-123) or id: summary, status, type, priority, assignee, reporter, labels, dates, and the description as plain text.',
      kind: 'read',
      docs: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-get',
      input: {
        type: 'object',
        properties: { issue_key: ISSUE_KEY },
        required: ['issue_key'],
        additionalProperties: false,
      },
      request: { method: 'GET', path: '/rest/api/3/issue/{issue_key}' },
      output: (body) => {
        const i = body as JiraIssue;
        return {
          ...issueSummary(i),
          project: i.fields?.project?.key,
          reporter: i.fields?.reporter?.displayName ?? null,
          labels: i.fields?.labels ?? [],
          description: fromAdf(i.fields?.description).trimEnd(),
        };
      },
    },
    {
      id: 'add_comment',
      title: 'Add comment',
      description: 'Add a plain-text comment to an issue (blank lines make paragraphs). Returns the comment id, author and time.',
      kind: 'write',
      docs: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-post',
      input: {
        type: 'object',
        properties: {
          issue_key: ISSUE_KEY,
          body: { type: 'string', minLength: 1, maxLength: 32767, pattern: '\\S', description: 'The comment text.' },
        },
        required: ['issue_key', 'body'],
        additionalProperties: false,
      },
      request: {
        method: 'POST',
        path: '/rest/api/3/issue/{issue_key}/comment',
        build: (input) => ({
          method: 'POST',
          path: `/rest/api/3/issue/${encodeURIComponent(input.issue_key as string)}/comment`,
          body: { type: 'json', value: { body: toAdf(input.body as string) } },
        }),
      },
      output: (body) => {
        const b = body as { id: string; created?: string; author?: { displayName?: string } };
        return { id: b.id, author: b.author?.displayName, created: b.created };
      },
    },
  ],
});
