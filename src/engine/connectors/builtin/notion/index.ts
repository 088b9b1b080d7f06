/**
 * Notion API at Notion-Version 2022-06-28 (the last version with `POST /databases/{id}/query`;
 * 2025-09-03 moved queries to data sources). https://developers.notion.com/reference/intro
 * Checked against makenotion/notion-sdk-js tag v4.0.2 (4e0b5364, defaultNotionVersion 2022-06-28):
 * src/api-endpoints.ts (search, getPage, updatePage, createPage, listBlockChildren,
 * appendBlockChildren, queryDatabase, oauthToken) and src/Client.ts (the token request is JSON with
 * HTTP Basic client auth). Paging: `start_cursor` in, `next_cursor` out, 100 at most per page.
 * Notion has no OAuth scopes: an integration's capabilities and the pages people share decide.
 */
import { defineConnector, type ActionDefinition } from '../../definition.js';
import { ANY_OBJECT, arr, BOOLEAN, cursorOrNull, obj, page, STRING } from '../../output-schema.js';
import { BLOCKS, blockText, CURSOR, NOTION_ID, PAGE, PAGE_SIZE, pageView, summarize, SUMMARY, type NotionObject } from './common.js';

type ListBody = { results?: unknown[]; next_cursor?: string | null; has_more?: boolean };
const next = (b: ListBody) => (b.has_more === false ? null : cursorOrNull(b.next_cursor));
const BLOCK = obj({ id: STRING, type: STRING, text: STRING, has_children: BOOLEAN });
const block = (b: Record<string, unknown>) => ({ id: b.id as string, type: b.type as string, text: blockText(b), has_children: (b.has_children as boolean | undefined) ?? false });

const actions: ActionDefinition[] = [
  {
    id: 'search',
    title: 'Search',
    description:
      'Search the pages and databases shared with the integration by title. Returns id, object type, title and URL of each match; `filter` narrows to pages or databases. Page with `cursor`.',
    kind: 'read',
    docs: 'https://developers.notion.com/reference/post-search',
    input: {
      type: 'object',
      properties: {
        query: { type: 'string', maxLength: 1000, description: 'Text to match in titles; empty lists everything shared.' },
        filter: {
          type: 'object',
          properties: { property: { const: 'object' }, value: { enum: ['page', 'database'] } },
          required: ['property', 'value'],
          additionalProperties: false,
        },
        page_size: { ...PAGE_SIZE, default: 20 },
        cursor: CURSOR,
      },
      additionalProperties: false,
    },
    outputSchema: page('results', SUMMARY),
    request: {
      method: 'POST',
      path: '/search',
      build: ({ cursor, ...rest }) => ({ method: 'POST', path: '/search', body: { type: 'json', value: { ...rest, ...(cursor !== undefined ? { start_cursor: cursor } : {}) } } }),
    },
    output: (body) => ({ results: ((body as ListBody).results as NotionObject[] | undefined ?? []).map(summarize), next_cursor: next(body as ListBody) }),
  },
  {
    id: 'get_page',
    title: 'Get page',
    description: "Read a page's properties (title, status, dates… in Notion's property format), its parent, URL and whether it is archived. Use get_page_content for the text.",
    kind: 'read',
    docs: 'https://developers.notion.com/reference/retrieve-a-page',
    input: {
      type: 'object',
      properties: { page_id: { ...NOTION_ID, description: 'The page id (32 hex digits, dashes optional).' } },
      required: ['page_id'],
      additionalProperties: false,
    },
    outputSchema: PAGE,
    request: { method: 'GET', path: '/pages/{page_id}' },
    output: (body) => pageView(body as NotionObject),
  },
  {
    id: 'get_page_content',
    title: 'Get page content',
    description: 'Read the blocks (paragraphs, headings, lists…) of a page or block, with the plain text of each and whether it has children of its own. Page with `cursor`.',
    kind: 'read',
    docs: 'https://developers.notion.com/reference/get-block-children',
    input: {
      type: 'object',
      properties: { block_id: { ...NOTION_ID, description: 'The page or block id.' }, page_size: PAGE_SIZE, cursor: CURSOR },
      required: ['block_id'],
      additionalProperties: false,
    },
    outputSchema: page('blocks', BLOCK),
    request: {
      method: 'GET',
      path: '/blocks/{block_id}/children',
      build: ({ block_id, cursor, page_size }) => ({
        method: 'GET',
        path: `/blocks/${encodeURIComponent(block_id as string)}/children`,
        query: { page_size: page_size as number | undefined, start_cursor: cursor as string | undefined },
      }),
    },
    output: (body) => ({ blocks: (((body as ListBody).results ?? []) as Record<string, unknown>[]).map(block), next_cursor: next(body as ListBody) }),
  },
  {
    id: 'create_page',
    title: 'Create page',
    description:
      'Create a page under a parent page or in a database. `parent` is {"page_id": …} or {"database_id": …}; `properties` follows Notion\'s property format (under a page: {"title": [{"text": {"content": "My title"}}]}; in a database: its columns); `children` are optional blocks.',
    kind: 'write',
    destructive: false,
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
        children: { ...BLOCKS, minItems: 0 },
      },
      required: ['parent', 'properties'],
      additionalProperties: false,
    },
    outputSchema: SUMMARY,
    request: { method: 'POST', path: '/pages', body: 'json' },
    output: (body) => summarize(body as NotionObject),
  },
  {
    id: 'update_page',
    title: 'Update page properties',
    description:
      'Change some properties of a page (only those given; null clears one), in Notion\'s property format, e.g. {"Status": {"select": {"name": "Done"}}, "Due": {"date": {"start": "2025-05-01"}}}. `archived: true` moves the page to the trash. Returns the page as it now is.',
    kind: 'write',
    destructive: true,
    idempotent: true,
    docs: 'https://developers.notion.com/reference/patch-page',
    input: {
      type: 'object',
      properties: {
        page_id: NOTION_ID,
        properties: { type: 'object', minProperties: 1, maxProperties: 100, description: 'The properties to change, by name or id.' },
        archived: { type: 'boolean', description: 'true moves the page to the trash; false restores it.' },
      },
      required: ['page_id'],
      minProperties: 2,
      additionalProperties: false,
    },
    outputSchema: PAGE,
    request: { method: 'PATCH', path: '/pages/{page_id}', body: 'json' },
    output: (body) => pageView(body as NotionObject),
  },
  {
    id: 'append_blocks',
    title: 'Append blocks',
    description:
      'Add blocks (paragraphs, headings, to-dos…) at the end of a page or block, or after the block `after`. Each call adds them again: repeating it duplicates the blocks. Returns the new blocks.',
    kind: 'write',
    destructive: false,
    docs: 'https://developers.notion.com/reference/patch-block-children',
    input: {
      type: 'object',
      properties: { block_id: { ...NOTION_ID, description: 'The page or block to add to.' }, children: BLOCKS, after: { ...NOTION_ID, description: 'Insert after this child block instead of at the end.' } },
      required: ['block_id', 'children'],
      additionalProperties: false,
    },
    outputSchema: obj({ blocks: arr(BLOCK) }),
    request: { method: 'PATCH', path: '/blocks/{block_id}/children', body: 'json' },
    output: (body) => ({ blocks: (((body as ListBody).results ?? []) as Record<string, unknown>[]).map(block) }),
  },
  {
    id: 'query_database',
    title: 'Query database',
    description:
      'List the pages of a database, filtered and sorted, in Notion\'s filter format: e.g. `filter` {"property": "Status", "select": {"equals": "Done"}} (or {"and": [...]}) and `sorts` [{"property": "Due", "direction": "ascending"}]. Returns each page\'s id, title, URL and properties. Page with `cursor`.',
    kind: 'read',
    docs: 'https://developers.notion.com/reference/post-database-query',
    input: {
      type: 'object',
      properties: {
        database_id: NOTION_ID,
        filter: { type: 'object', maxProperties: 5, description: 'A Notion filter object.' },
        sorts: { type: 'array', maxItems: 10, items: { type: 'object', maxProperties: 3 }, description: 'Sort objects: {"property", "direction"} or {"timestamp", "direction"}.' },
        page_size: PAGE_SIZE,
        cursor: CURSOR,
      },
      required: ['database_id'],
      additionalProperties: false,
    },
    outputSchema: page('pages', obj({ object: STRING, id: STRING, title: STRING, url: STRING, properties: ANY_OBJECT }, ['id', 'title', 'properties'])),
    request: {
      method: 'POST',
      path: '/databases/{database_id}/query',
      build: ({ database_id, cursor, ...rest }) => ({
        method: 'POST',
        path: `/databases/${encodeURIComponent(database_id as string)}/query`,
        body: { type: 'json', value: { ...rest, ...(cursor !== undefined ? { start_cursor: cursor } : {}) } },
      }),
    },
    output: (body) => ({
      pages: (((body as ListBody).results ?? []) as NotionObject[]).map((p) => ({ ...summarize(p), properties: p.properties ?? {} })),
      next_cursor: next(body as ListBody),
    }),
  },
];

export const notion = defineConnector({
  id: 'notion',
  name: 'Notion',
  icon: 'notion',
  category: 'docs',
  description: 'Search, read, create and update pages, append blocks and query databases in the Notion workspaces shared with your integration.',
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
      // JSON with HTTP Basic, and only grant fields: Notion refuses unknown body fields.
      tokenAuth: 'basic',
      tokenBody: 'json',
      pkce: false,
    },
  ],
  // https://developers.notion.com/reference/versioning
  headers: { 'Notion-Version': '2022-06-28' },
  // https://developers.notion.com/reference/get-self
  test: { method: 'GET', path: '/users/me' },
  actions,
});
