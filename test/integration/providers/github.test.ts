// GitHub against its fake, rebuilt from @octokit/openapi 23.0.2 (api.github.com.deref.json,
// 2022-11-28): issues (create, update/close, list, get, comment, search), pull requests, files,
// repositories; paging by the Link header; private repositories hidden from a public_repo token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/engine/index.js';
import { catalog, providerWorld, type ProviderWorld } from './provider-helpers.js';

let p: ProviderWorld;
beforeAll(async () => {
  p = await providerWorld('github');
  p.w.fake.addToken('github', 'ghp_sarah000000000000000000000000', 'sarah');
  await p.setUp('', { authType: 'bearer', credentials: { token: 'ghp_sarah000000000000000000000000' } }, { authType: 'bearer', credentials: { token: 'ghp_revoked0000000000000000000000' } });
});
afterAll(async () => p.close());

describe('GitHub', () => {
  it('creates, updates, closes, reads and comments on issues', async () => {
    const created = await p.run('github.create_issue', { owner: 'acme', repo: 'platform', title: 'Flaky test', body: 'Fails one run in ten.', labels: ['ci'], assignees: ['sarah'] });
    expect(p.last()).toMatchObject({ method: 'POST', path: '/repos/acme/platform/issues', headers: { 'x-github-api-version': '2022-11-28', 'user-agent': 'Switchboard', accept: 'application/vnd.github+json' } });
    expect(created).toMatchObject({ number: 4, state: 'open', labels: ['ci'], assignees: ['sarah'], author: 'sarah', is_pull_request: false, url: 'https://github.com/acme/platform/issues/4' });
    const closed = await p.run('github.update_issue', { owner: 'acme', repo: 'platform', issue_number: 4, state: 'closed', state_reason: 'not_planned', labels: [] });
    expect(p.last()).toMatchObject({ method: 'PATCH', path: '/repos/acme/platform/issues/4', body: { state: 'closed', state_reason: 'not_planned', labels: [] } });
    expect(closed).toMatchObject({ state: 'closed', state_reason: 'not_planned', labels: [], closed_at: expect.any(String) });
    expect(await p.run('github.get_issue', { owner: 'acme', repo: 'platform', issue_number: 1 })).toMatchObject({ title: 'Crash on start', body: 'It crashes.', labels: ['bug'] });
    const comment = await p.run('github.comment_on_issue', { owner: 'acme', repo: 'platform', issue_number: 1, body: 'Seen on 2.3 too.' });
    expect(comment).toEqual({ id: expect.any(Number), url: expect.stringMatching(/#issuecomment-\d+$/), created_at: expect.any(String) });
    expect(await p.fail('github.get_issue', { owner: 'acme', repo: 'platform', issue_number: 99 })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 404 } });
  });

  it('lists issues a page at a time, following the Link header', async () => {
    const page1 = await p.run('github.list_issues', { owner: 'acme', repo: 'platform', state: 'all', per_page: 2 });
    expect(p.last().query).toEqual({ state: 'all', per_page: '2' });
    expect(page1).toMatchObject({ issues: [{ number: 4 }, { number: 3 }], next_cursor: '2' });
    const page2 = await p.run('github.list_issues', { owner: 'acme', repo: 'platform', state: 'all', per_page: 2, cursor: page1.next_cursor });
    expect(p.last().query).toEqual({ state: 'all', per_page: '2', page: '2' });
    expect(page2).toMatchObject({ issues: [{ number: 2, is_pull_request: true }, { number: 1 }], next_cursor: null });
  });

  it('lists and reads pull requests; mergeable may still be unknown', async () => {
    expect(await p.run('github.list_pull_requests', { owner: 'acme', repo: 'platform' })).toEqual({
      pull_requests: [expect.objectContaining({ number: 2, title: 'Fix crash on start', head: 'fix-crash', base: 'main', draft: false, merged_at: null, author: 'bob' })],
      next_cursor: null,
    });
    expect(await p.run('github.get_pull_request', { owner: 'acme', repo: 'platform', pull_number: 2 })).toMatchObject({ merged: false, mergeable: null, additions: 12, deletions: 3, changed_files: 2, commits: 1, body: 'Fixes #1.' });
  });

  it('searches issues with qualifiers, with the advanced parser', async () => {
    const found = await p.run('github.search_issues', { q: 'repo:acme/platform is:issue is:open crash' });
    expect(p.last()).toMatchObject({ path: '/search/issues', query: { q: 'repo:acme/platform is:issue is:open crash', advanced_search: 'true' } });
    expect(found).toMatchObject({ total_count: 1, incomplete_results: false, issues: [{ number: 1, repository: 'acme/platform' }], next_cursor: null });
    expect(await p.fail('github.search_issues', { q: 'x'.repeat(300) })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 422 } });
  });

  it('reads a file as text (a path with a space and a slash), a directory, and knows binary', async () => {
    const file = await p.run('github.get_file', { owner: 'acme', repo: 'platform', path: 'docs/setup guide.md', ref: 'main' });
    expect(p.last()).toMatchObject({ path: '/repos/acme/platform/contents/docs/setup%20guide.md', query: { ref: 'main' } });
    expect(file).toMatchObject({ type: 'file', path: 'docs/setup guide.md', content: 'Run `make`.\n', binary: false });
    expect(await p.run('github.get_file', { owner: 'acme', repo: 'platform', path: 'docs' })).toMatchObject({ type: 'dir', entries: [{ type: 'file', name: 'setup guide.md' }] });
    expect(await p.run('github.get_file', { owner: 'acme', repo: 'platform', path: 'logo.png' })).toMatchObject({ binary: true, content: null });
    expect(await p.fail('github.get_file', { owner: 'acme', repo: 'platform', path: 'docs/../secrets' })).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('lists repositories most recently updated first; a public_repo token sees no private one', async () => {
    const repos = await p.run('github.list_repos', { per_page: 3 });
    expect(p.last().query).toEqual({ sort: 'updated', per_page: '3' });
    expect((repos.repos as { full_name: string }[]).map((r) => r.full_name)).toEqual(['acme/zeta', 'acme/website', 'acme/platform']);
    expect(repos.next_cursor).toBe('2');
    p.w.fake.addToken('github', 'ghp_public00000000000000000000000', 'june', ['public_repo']);
    await connect(p.w.june, catalog, { connectorId: 'github', authType: 'bearer', credentials: { token: 'ghp_public00000000000000000000000' }, baseUrl: p.w.fake.baseUrl('github') });
    expect((await p.run('github.list_repos', {}, p.w.june)).repos).toEqual([expect.objectContaining({ full_name: 'acme/website' }), expect.objectContaining({ full_name: 'june/dotfiles' })]);
    expect(await p.fail('github.get_issue', { owner: 'acme', repo: 'platform', issue_number: 1 }, p.w.june)).toMatchObject({ details: { status: 404 } });
    p.w.fake.tokens.delete('ghp_public00000000000000000000000');
  });

  it('refuses a revoked token, tests the connection, and ran every action', async () => {
    await p.checkAuthAndTest('github.list_repos', {});
    expect(p.last().path).toBe('/user');
    p.expectAllRan();
  });
});
