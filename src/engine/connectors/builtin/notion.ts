/**
 * Notion API. Every request carries `Notion-Version`. https://developers.notion.com/reference/intro
 */
import { defineConnector } from '../definition.js';

const NOTION_ID = { type: 'string', minLength: 32, maxLength: 36, pattern: '^[0-9a-fA-F-]{32,36}$' } as const;

export const notion = defineConnector({
  id: 'notion',
  name: 'Notion',
  icon: '📝',
  category: 'docs',
  description: 'Search, read and create pages in the Notion workspaces shared with your integration.',
  baseUrl: 'https://api.notion.com/v1',
  auth: [
    { type: 'bearer', label: 'Internal integration secret (ntn_… or secret_…)' },
    {
      type: 'oauth2',
      authorizeUrl: 'https://api.notion.com/v1/oauth/authorize',
      tokenUrl: 'https://api.notion.com/v1/oauth/token',
      scopes: [],
      authorizeParams: { owner: 'user' },
      clientSecret: 'required',
      tokenAuth: 'basic',
    },
  ],
  // https://developers.notion.com/reference/versioning
  headers: { 'Notion-Version': '2022-06-28' },
  // https://developers.notion.com/reference/get-self
  test: { method: 'GET', path: '/users/me' },
  actions: [
    {
      id: 'search',
      title: 'Search',
      description:
        'Search the pages and databases shared with the integration by title. Returns id, object type, title and URL of each match; page with `start_cursor`.',
      kind: 'read',
      docs: 'https://developers.notion.com/reference/post-search',
      input: {
        type: 'object',
        properties: {
          query: { type: 'string', maxLength: 1000, description: 'Text to match in titles; empty lists everything shared.' },
          filter: {
            type: 'object',
            properties: {
              property: { const: 'object' },
              value: { enum: ['page', 'database'] },
            },
            required: ['property', 'value'],
            additionalProperties: false,
          },
          page_size: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          start_cursor: { type: 'string', maxLength: 100 },
        },
        additionalProperties: false,
      },
      request: { method: 'POST', path: '/search', body: 'json' },
      output: (body) => {
        const b = body as { results?: NotionObject[]; next_cursor?: string | null; has_more?: boolean };
        return { results: (b.results ?? []).map(summarize), next_cursor: b.next_cursor ?? undefined, has_more: b.has_more ?? false };
      },
    },
    {
      id: 'get_page',
      title: 'Get page',
      description: "Read a page's properties (title, dates, …), its parent and URL. Use get_page_content for the text.",
      kind: 'read',
      docs: 'https://developers.notion.com/reference/retrieve-a-page',
      input: {
        type: 'object',
        properties: { page_id: { ...NOTION_ID, description: 'The page id (32 hex digits, dashes optional).' } },
        required: ['page_id'],
        additionalProperties: false,
      },
      request: { method: 'GET', path: '/pages/{page_id}' },
    },
    {
      id: 'get_page_content',
      title: 'Get page content',
      description: 'Read the blocks (paragraphs, headings, lists…) of a page, with the plain text of each.',
      kind: 'read',
      docs: 'https://developers.notion.com/reference/get-block-children',
      input: {
        type: 'object',
        properties: {
          block_id: { ...NOTION_ID, description: 'The page or block id.' },
          page_size: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
          start_cursor: { type: 'string', maxLength: 100 },
        },
        required: ['block_id'],
        additionalProperties: false,
      },
      request: { method: 'GET', path: '/blocks/{block_id}/children' },
      output: (body) => {
        const b = body as { results?: { id: string; type: string; [k: string]: unknown }[]; next_cursor?: string | null };
        return {
          blocks: (b.results ?? []).map((block) => ({ id: block.id, type: block.type, text: richText(block[block.type]) })),
          next_cursor: b.next_cursor ?? undefined,
        };
      },
    },
    {
      id: 'create_page',
      title: 'Create page',
      description:
        'Create a page under a parent page or in a database. `parent` is {"page_id": …} or {"database_id": …}; `properties` follows Notion\'s property format (for a page under a page: {"title": [{"text": {"content": "My title"}}]}); `children` are optional blocks.',
      kind: 'write',
      docs: 'https://developers.notion.com/reference/post-page',
      input: {
        type: 'object',
        properties: {
          parent: {
            type: 'object',
            properties: { page_id: NOTION_ID, database_id: NOTION_ID },
            minProperties: 1,
            maxProperties: 1,
            additionalProperties: false,
          },
          properties: { type: 'object', maxProperties: 100, description: 'Page properties in Notion format.' },
          children: { type: 'array', maxItems: 100, items: { type: 'object' }, description: 'Blocks to add to the page.' },
        },
        required: ['parent', 'properties'],
        additionalProperties: false,
      },
      request: { method: 'POST', path: '/pages', body: 'json' },
      output: (body) => summarize(body as NotionObject),
    },
  ],
});

interface NotionObject {
  object: string;
  id: string;
  url?: string;
  properties?: Record<string, { type?: string; title?: { plain_text?: string }[] }>;
  title?: { plain_text?: string }[];
}

function summarize(o: NotionObject): { object: string; id: string; title: string; url?: string } {
  const titleProp = Object.values(o.properties ?? {}).find((p) => p.type === 'title');
  const title = (titleProp?.title ?? o.title ?? []).map((t) => t.plain_text ?? '').join('');
  return { object: o.object, id: o.id, title, ...(o.url ? { url: o.url } : {}) };
}

function richText(value: unknown): string {
  const rich = (value as { rich_text?: { plain_text?: string }[] } | undefined)?.rich_text;
  return (rich ?? []).map((t) => t.plain_text ?? '').join('');
}
