/**
 * Jira issues as the actions read and write them: Atlassian Document Format (ADF) for rich text
 * (plain text from the caller becomes ADF paragraphs; ADF from Jira becomes plain text), the
 * issue summary, and the browse URL. Checked against Jira Cloud platform swagger-v3.v3.json
 * (info.version 1001.0.0-SNAPSHOT-57a0ca5b…, file commit 9a9e84d of 2025-12-25):
 * components/schemas/{IssueBean, CreatedIssue, Comment, Transitions, PageBeanProject}.
 */
import { obj, STRING, STRING_OR_NULL } from '../../output-schema.js';

export const ISSUE_KEY = {
  type: 'string',
  minLength: 1,
  maxLength: 100,
  pattern: '^([A-Za-z][A-Za-z0-9_]*-[0-9]+|[0-9]+)$',
  description: 'The issue key (PROJ-123) or numeric id.',
} as const;

/** Text → ADF: blank lines separate paragraphs, single line breaks become hard breaks. */
export function toAdf(text: string) {
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

export interface AdfNode {
  type?: string;
  text?: string;
  content?: AdfNode[];
  attrs?: { text?: string; shortName?: string };
}

/** ADF → text, for reading: block nodes end with a line break. */
export function fromAdf(node: AdfNode | null | undefined): string {
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
export function browseUrl(self: string | undefined, key: string): string | undefined {
  const site = self?.match(/^(https:\/\/[^/]+)\/rest\/api\//)?.[1];
  return site && !site.endsWith('api.atlassian.com') ? `${site}/browse/${key}` : undefined;
}

export interface JiraIssue {
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

export function issueSummary(i: JiraIssue) {
  const f = i.fields ?? {};
  return {
    id: i.id,
    key: i.key,
    summary: f.summary ?? '',
    status: f.status?.name ?? '',
    ...(f.issuetype?.name ? { issue_type: f.issuetype.name } : {}),
    priority: f.priority?.name ?? null,
    assignee: f.assignee?.displayName ?? null,
    assignee_id: f.assignee?.accountId ?? null,
    ...(f.created ? { created: f.created } : {}),
    ...(f.updated ? { updated: f.updated } : {}),
    url: browseUrl(i.self, i.key) ?? null,
  };
}


export const ISSUE = obj(
  { id: STRING, key: STRING, summary: STRING, status: STRING, issue_type: STRING, priority: STRING_OR_NULL, assignee: STRING_OR_NULL, assignee_id: STRING_OR_NULL, created: STRING, updated: STRING, url: STRING_OR_NULL },
  ['id', 'key', 'summary', 'status', 'assignee', 'assignee_id', 'url'],
);
