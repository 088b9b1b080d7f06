// Jira against its fake, rebuilt from Atlassian's swagger-v3.v3.json: issues in ADF, JQL search
// with opaque page tokens, transitions, edit, assign, projects; Basic on the site and Bearer
// through the OAuth gateway, which says "scope does not match" for a token without the scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/engine/index.js';
import { isAdf, jiraIssues } from '../../fixtures/fake-saas/jira.js';
import { catalog, providerWorld, type ProviderWorld } from './provider-helpers.js';

let p: ProviderWorld;
const gateway = '/ex/jira/11223344-a1b2-3b33-c444-def123456789';
beforeAll(async () => {
  p = await providerWorld('jira');
  p.w.fake.addToken('jira', 'sarah@acme.com:ATATT3xFfGF0-sarah', 'sarah@acme.com');
  await p.setUp('', { authType: 'basic', credentials: { username: 'sarah@acme.com', password: 'ATATT3xFfGF0-sarah' } }, { authType: 'basic', credentials: { username: 'june@acme.com', password: 'wrong' } });
});
afterAll(async () => p.close());
const t = (text: string) => ({ type: 'text', text });

describe('Jira', () => {
  it('creates (ADF), searches, reads and comments on issues', async () => {
    const description = 'Steps:\n1. Add to cart\n2. Pay\n\nExpected: a receipt.';
    const created = await p.run('jira.create_issue', { project_key: 'PROJ', summary: 'Checkout fails on Safari', issue_type: 'Bug', description, labels: ['checkout', 'safari'] });
    const req = p.last();
    expect(req).toMatchObject({ method: 'POST', path: '/rest/api/3/issue', headers: { authorization: `Basic ${Buffer.from('sarah@acme.com:ATATT3xFfGF0-sarah').toString('base64')}` } });
    const sent = (req.body as { fields: Record<string, unknown> }).fields;
    expect(isAdf(sent.description)).toBe(true);
    expect(sent.description).toEqual({
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [t('Steps:'), { type: 'hardBreak' }, t('1. Add to cart'), { type: 'hardBreak' }, t('2. Pay')] },
        { type: 'paragraph', content: [t('Expected: a receipt.')] },
      ],
    });
    expect(created).toEqual({ id: '10003', key: 'PROJ-3', url: 'https://acme.atlassian.net/browse/PROJ-3' });
    const found = await p.run('jira.search_issues', { jql: 'project = PROJ AND status != Done ORDER BY created DESC', maxResults: 1, fields: ['labels'] });
    expect(p.last()).toMatchObject({ method: 'GET', path: '/rest/api/3/search/jql', query: { maxResults: '1', fields: 'summary,status,issuetype,priority,assignee,created,updated,labels' } });
    expect(found).toMatchObject({ issues: [{ key: 'PROJ-3', status: 'To Do', issue_type: 'Bug', fields: { labels: ['checkout', 'safari'] } }], next_cursor: expect.any(String) });
    expect(await p.run('jira.search_issues', { jql: 'project = PROJ AND status != Done ORDER BY created DESC', cursor: found.next_cursor })).toMatchObject({ issues: [{ key: 'PROJ-1', assignee: 'Ann' }], next_cursor: null });
    expect(await p.fail('jira.search_issues', { jql: 'project = PROJ', cursor: 'MTA' })).toMatchObject({ details: { status: 400 }, message: expect.stringContaining('next page token') });
    expect(await p.run('jira.get_issue', { issue_key: 'PROJ-1' })).toMatchObject({ key: 'PROJ-1', status: 'In Progress', project: 'PROJ', reporter: 'Ann', labels: ['ci'], description: 'Builds run on every push.\nAsk @Ann for access.\nlint\ntest' });
    expect(p.last().query).toMatchObject({ fields: expect.stringContaining('description') });
    expect(await p.run('jira.add_comment', { issue_key: 'PROJ-3', body: 'Reproduced on iOS 18.\n\nLogs attached.' })).toEqual({ id: expect.any(String), author: 'Sarah', created: expect.any(String) });
  });

  it('lists and does transitions, updates and assigns an issue', async () => {
    const { transitions } = await p.run('jira.list_transitions', { issue_key: 'PROJ-3' });
    expect(transitions).toEqual([
      { id: '21', name: 'Start progress', to_status: 'In Progress', to_category: 'indeterminate', has_screen: false },
      { id: '31', name: 'Done', to_status: 'Done', to_category: 'done', has_screen: true },
    ]);
    expect(await p.run('jira.transition_issue', { issue_key: 'PROJ-3', transition_id: '21' })).toEqual({ key: 'PROJ-3', transition_id: '21', transitioned: true });
    expect(p.last()).toMatchObject({ method: 'POST', path: '/rest/api/3/issue/PROJ-3/transitions', body: { transition: { id: '21' } } });
    // The same transition no longer applies from In Progress.
    expect(await p.fail('jira.transition_issue', { issue_key: 'PROJ-3', transition_id: '21' })).toMatchObject({ details: { status: 400 }, message: expect.stringContaining('not valid') });
    await p.run('jira.transition_issue', { issue_key: 'PROJ-3', transition_id: '31', resolution: 'Done' });
    expect(jiraIssues(p.w.fake).find((i) => i.key === 'PROJ-3')!.status).toBe('Done');
    expect(await p.run('jira.update_issue', { issue_key: 'PROJ-3', summary: 'Checkout fails on Safari 18', priority: 'High', notify: false })).toEqual({ key: 'PROJ-3', updated: true });
    expect(p.last()).toMatchObject({ method: 'PUT', path: '/rest/api/3/issue/PROJ-3', query: { notifyUsers: 'false' }, body: { fields: { summary: 'Checkout fails on Safari 18', priority: { name: 'High' } } } });
    const ann = (await p.run('jira.get_issue', { issue_key: 'PROJ-1' })).assignee_id as string;
    expect(await p.run('jira.assign_issue', { issue_key: 'PROJ-3', account_id: ann })).toEqual({ key: 'PROJ-3', account_id: ann });
    expect(p.last()).toMatchObject({ method: 'PUT', path: '/rest/api/3/issue/PROJ-3/assignee', body: { accountId: ann } });
    expect(await p.run('jira.get_issue', { issue_key: 'PROJ-3' })).toMatchObject({ summary: 'Checkout fails on Safari 18', priority: 'High', assignee: 'Ann' });
    expect(await p.run('jira.assign_issue', { issue_key: 'PROJ-3', account_id: null })).toEqual({ key: 'PROJ-3', account_id: null });
    expect(await p.fail('jira.assign_issue', { issue_key: 'PROJ-3', account_id: 'nobody' })).toMatchObject({ details: { status: 400 } });
  });

  it('lists projects a page at a time', async () => {
    const page1 = await p.run('jira.list_projects', { maxResults: 1 });
    expect(p.last()).toMatchObject({ path: '/rest/api/3/project/search', query: { maxResults: '1' } });
    expect(page1).toEqual({ projects: [{ id: '10000', key: 'PROJ', name: 'Project X', type: 'software' }], total: 2, next_cursor: '1' });
    expect(await p.run('jira.list_projects', { maxResults: 1, cursor: page1.next_cursor })).toMatchObject({ projects: [{ key: 'OPS' }], next_cursor: null });
    expect(await p.fail('jira.list_projects', { query: 'zzz' })).toMatchObject({ details: { status: 404 } });
  });

  it("names Jira's reason in an error", async () => {
    expect(await p.fail('jira.search_issues', { jql: 'project = NOPE' })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 400 }, message: expect.stringContaining("The value 'NOPE' does not exist for the field 'project'.") });
  });

  it('refuses a wrong password, tests the connection, goes through the OAuth gateway, and ran every action', async () => {
    await p.checkAuthAndTest('jira.get_issue', { issue_key: 'PROJ-1' });
    expect(p.last().path).toBe('/rest/api/3/myself');
    p.w.fake.addToken('jira', 'eyJ-june-jira-oauth', 'june@acme.com', ['read:jira-work', 'read:jira-user']);
    await connect(p.w.june, catalog, { connectorId: 'jira', authType: 'oauth2', credentials: { accessToken: 'eyJ-june-jira-oauth' }, baseUrl: p.w.fake.baseUrl('jira') + gateway });
    expect(await p.run('jira.get_issue', { issue_key: 'PROJ-1' }, p.w.june)).toMatchObject({ key: 'PROJ-1', url: null });
    expect(p.last()).toMatchObject({ path: `${gateway}/rest/api/3/issue/PROJ-1`, headers: { authorization: 'Bearer eyJ-june-jira-oauth' } });
    // A write needs write:jira-work: the gateway answers 401 "scope does not match".
    expect(await p.fail('jira.add_comment', { issue_key: 'PROJ-1', body: 'x' }, p.w.june)).toMatchObject({ code: 'AUTH_REQUIRED' });
    p.expectAllRan();
  });
});
