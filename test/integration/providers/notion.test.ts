// Notion against its fake, rebuilt from notion-sdk-js v4.0.2 at Notion-Version 2022-06-28: search,
// pages (read, create, update), blocks (read, append), database queries; opaque start_cursor
// paging; capabilities (restricted_resource) and Notion's validation errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/engine/index.js';
import { NOTION_DATABASE_ID, NOTION_PAGE_ID } from '../../fixtures/fake-saas/notion.js';
import { catalog, providerWorld, type ProviderWorld } from './provider-helpers.js';

let p: ProviderWorld;
const title = (text: string) => ({ title: [{ text: { content: text } }] });
beforeAll(async () => {
  p = await providerWorld('notion');
  p.w.fake.addToken('notion', 'ntn_sarah000000000000000000000', 'sarah');
  await p.setUp('/v1', { authType: 'bearer', credentials: { token: 'ntn_sarah000000000000000000000' } }, { authType: 'bearer', credentials: { token: 'ntn_revoked0000000000000000000' } });
});
afterAll(async () => p.close());

describe('Notion', () => {
  it('searches with a filter and pages with cursor', async () => {
    const page1 = await p.run('notion.search', { query: '', page_size: 2 });
    expect(p.last()).toMatchObject({ method: 'POST', path: '/v1/search', headers: { 'notion-version': '2022-06-28' }, body: { query: '', page_size: 2 } });
    expect(page1).toMatchObject({ results: [{ object: 'page', title: 'Notes of sarah' }, { object: 'page', title: 'Write spec' }], next_cursor: expect.any(String) });
    await p.run('notion.search', { query: '', page_size: 2, cursor: page1.next_cursor });
    expect(p.last().body).toEqual({ query: '', page_size: 2, start_cursor: page1.next_cursor });
    expect(await p.run('notion.search', { query: 'tasks', filter: { property: 'object', value: 'database' } })).toEqual({ results: [{ object: 'database', id: NOTION_DATABASE_ID, title: 'Tasks', url: expect.any(String) }], next_cursor: null });
    expect(await p.fail('notion.search', { cursor: 'not-a-cursor-of-this-search' })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 400 }, message: expect.stringContaining('start_cursor') });
  });

  it('reads a page and its blocks, appends blocks, and creates a page under it', async () => {
    expect(await p.run('notion.get_page', { page_id: NOTION_PAGE_ID })).toMatchObject({ object: 'page', title: 'Notes of sarah', archived: false, parent: { type: 'workspace' }, properties: { title: { type: 'title' } } });
    const blocks = await p.run('notion.get_page_content', { block_id: NOTION_PAGE_ID, page_size: 2 });
    expect(p.last().query).toEqual({ page_size: '2' });
    expect(blocks).toMatchObject({ blocks: [{ type: 'paragraph', text: 'Hello', has_children: false }, { text: 'World' }], next_cursor: expect.any(String) });
    expect(await p.run('notion.get_page_content', { block_id: NOTION_PAGE_ID, cursor: blocks.next_cursor })).toMatchObject({ blocks: [{ text: 'Third' }], next_cursor: null });
    const added = await p.run('notion.append_blocks', { block_id: NOTION_PAGE_ID, children: [{ type: 'to_do', to_do: { rich_text: [{ text: { content: 'Call Ann' } }], checked: false } }] });
    expect(p.last()).toMatchObject({ method: 'PATCH', path: `/v1/blocks/${NOTION_PAGE_ID}/children` });
    expect(added).toEqual({ blocks: [{ id: expect.any(String), type: 'to_do', text: 'Call Ann', has_children: false }] });
    const created = await p.run('notion.create_page', { parent: { page_id: NOTION_PAGE_ID }, properties: title('Meeting notes') });
    expect(created).toMatchObject({ object: 'page', title: 'Meeting notes' });
    const tooLong = { type: 'paragraph', paragraph: { rich_text: [{ text: { content: 'x'.repeat(2001) } }] } };
    expect(await p.fail('notion.append_blocks', { block_id: NOTION_PAGE_ID, children: [tooLong] })).toMatchObject({ details: { status: 400 }, message: expect.stringContaining('2000') });
  });

  it('queries a database with a filter and sorts, and updates a page of it', async () => {
    const open = await p.run('notion.query_database', { database_id: NOTION_DATABASE_ID, filter: { property: 'Status', select: { does_not_equal: 'Done' } }, sorts: [{ property: 'Due', direction: 'descending' }] });
    expect(p.last()).toMatchObject({ path: `/v1/databases/${NOTION_DATABASE_ID}/query`, body: { filter: { property: 'Status' }, sorts: [{ property: 'Due' }] } });
    expect((open.pages as { title: string }[]).map((x) => x.title)).toEqual(['Review spec', 'Ship']);
    expect(open.next_cursor).toBeNull();
    const id = (open.pages as { id: string }[])[0]!.id;
    const updated = await p.run('notion.update_page', { page_id: id, properties: { Status: { select: { name: 'Done' } } } });
    expect(p.last()).toMatchObject({ method: 'PATCH', path: `/v1/pages/${id}`, body: { properties: { Status: { select: { name: 'Done' } } } } });
    expect(updated).toMatchObject({ id, properties: { Status: { select: { name: 'Done' } } } });
    expect(await p.fail('notion.update_page', { page_id: id, properties: { Nope: { checkbox: true } } })).toMatchObject({ message: expect.stringContaining('Nope is not a property that exists') });
    expect(await p.fail('notion.query_database', { database_id: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ details: { status: 404 }, message: expect.stringContaining('shared with your integration') });
  });

  it('a read-only integration may read but not write (restricted_resource)', async () => {
    p.w.fake.addToken('notion', 'ntn_reader00000000000000000000', 'sarah', ['read_content']);
    await connect(p.w.june, catalog, { connectorId: 'notion', authType: 'bearer', credentials: { token: 'ntn_reader00000000000000000000' }, baseUrl: p.w.fake.baseUrl('notion') + '/v1' });
    expect(await p.run('notion.get_page', { page_id: NOTION_PAGE_ID }, p.w.june)).toMatchObject({ title: 'Notes of sarah' });
    expect(await p.fail('notion.update_page', { page_id: NOTION_PAGE_ID, archived: true }, p.w.june)).toMatchObject({ details: { status: 403 }, message: expect.stringContaining('capability') });
    p.w.fake.tokens.delete('ntn_reader00000000000000000000');
  });

  it('refuses a revoked token, tests the connection, and ran every action', async () => {
    await p.checkAuthAndTest('notion.search', {});
    expect(p.last().path).toBe('/v1/users/me');
    p.expectAllRan();
  });
});
