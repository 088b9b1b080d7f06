// Linear against its fake, rebuilt from linear/linear schema.graphql (d044ca65): issues (create,
// update, set state), comments, teams, workflow states; opaque cursors; scopes of OAuth tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/engine/index.js';
import { catalog, providerWorld, type ProviderWorld } from './provider-helpers.js';

let p: ProviderWorld;
beforeAll(async () => {
  p = await providerWorld('linear');
  p.w.fake.addToken('linear', 'lin_api_sarah000000000000000000000001', 'Sarah Connor');
  await p.setUp('', { authType: 'api_key', credentials: { apiKey: 'lin_api_sarah000000000000000000000001' } }, { authType: 'api_key', credentials: { apiKey: 'lin_api_revoked0000000000000000000000' } });
});
afterAll(async () => p.close());
const vars = () => (p.last().body as { variables: Record<string, unknown> }).variables;

describe('Linear', () => {
  it('lists teams and states, creates, updates, moves and comments on an issue', async () => {
    const teams = await p.run('linear.list_teams', {});
    expect(p.last()).toMatchObject({ method: 'POST', path: '/graphql', headers: { authorization: 'lin_api_sarah000000000000000000000001' } });
    expect(teams).toEqual({ teams: [{ id: expect.any(String), key: 'ENG', name: 'Engineering' }, { id: expect.any(String), key: 'DES', name: 'Design' }], next_cursor: null });
    const eng = (teams.teams as { id: string }[])[0]!.id;
    const states = await p.run('linear.list_workflow_states', { teamId: eng });
    expect(vars()).toEqual({ first: 50, filter: { team: { id: { eq: eng } } } });
    expect((states.states as { name: string; team: string }[]).map((s) => `${s.team}:${s.name}`)).toEqual(['ENG:Backlog', 'ENG:Todo', 'ENG:In Progress', 'ENG:Done', 'ENG:Canceled']);
    const stateId = (name: string) => (states.states as { id: string; name: string }[]).find((s) => s.name === name)!.id;

    const created = await p.run('linear.create_issue', { teamId: eng, title: 'Crash on launch', description: '**Steps**: open the app', priority: 1 });
    expect(vars()).toEqual({ input: { teamId: eng, title: 'Crash on launch', description: '**Steps**: open the app', priority: 1 } });
    expect(created).toMatchObject({ success: true, identifier: 'ENG-2', title: 'Crash on launch', state: 'Todo', priority: 1, url: 'https://linear.app/acme/issue/ENG-2/crash-on-launch' });
    const updated = await p.run('linear.update_issue', { id: 'ENG-2', title: 'Crash on launch (iOS)', priority: 3, assigneeId: null });
    expect(vars()).toEqual({ id: 'ENG-2', input: { title: 'Crash on launch (iOS)', priority: 3, assigneeId: null } });
    expect(updated).toMatchObject({ success: true, title: 'Crash on launch (iOS)', priority: 3, assignee: null });
    expect(await p.run('linear.set_issue_state', { id: String(created.id), stateId: stateId('In Progress') })).toMatchObject({ success: true, state: 'In Progress', state_type: 'started' });
    const des = (teams.teams as { id: string }[])[1]!.id;
    const desTodo = ((await p.run('linear.list_workflow_states', { teamId: des })).states as { id: string }[])[1]!.id;
    expect(await p.fail('linear.set_issue_state', { id: 'ENG-2', stateId: desTodo })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 200 }, message: expect.stringContaining('WorkflowState') });
    expect(await p.run('linear.add_comment', { issueId: 'ENG-2', body: 'Fixed in **1.2.1**' })).toMatchObject({ success: true, id: expect.any(String), url: expect.stringContaining('ENG-2'), author: 'Sarah Connor' });
  });

  it('lists issues a page at a time with opaque cursors, and refuses a forged one', async () => {
    const eng = ((await p.run('linear.list_teams', { first: 1 })).teams as { id: string }[])[0]!.id;
    const page1 = await p.run('linear.list_issues', { teamId: eng, first: 1 });
    expect(vars()).toEqual({ first: 1, filter: { team: { id: { eq: eng } } } });
    expect(page1).toMatchObject({ issues: [{ identifier: 'ENG-2', state: 'In Progress', team: 'ENG' }], next_cursor: expect.any(String) });
    expect(page1.next_cursor).not.toBe((page1.issues as { id: string }[])[0]!.id);
    expect(await p.run('linear.list_issues', { teamId: eng, first: 1, cursor: page1.next_cursor })).toMatchObject({ issues: [{ identifier: 'ENG-1', title: 'Flaky login test', assignee: 'Ann Lee' }], next_cursor: null });
    expect(await p.fail('linear.list_issues', { cursor: 'a1b2c3d4-0000-4000-8000-000000000001' })).toMatchObject({ message: 'Linear answered: Invalid cursor.' });
  });

  it('sends OAuth tokens as Bearer and refuses a mutation the token has no scope for', async () => {
    p.w.fake.addToken('linear', 'lin_oauth_june00000000000000000000001', 'June Osborne', ['read']);
    await connect(p.w.june, catalog, { connectorId: 'linear', authType: 'oauth2', credentials: { accessToken: 'lin_oauth_june00000000000000000000001' }, baseUrl: p.w.fake.baseUrl('linear') });
    expect(await p.run('linear.list_teams', { first: 1 }, p.w.june)).toMatchObject({ teams: [{ key: 'ENG' }] });
    expect(p.last().headers.authorization).toBe('Bearer lin_oauth_june00000000000000000000001');
    expect(await p.fail('linear.add_comment', { issueId: 'ENG-1', body: 'x' }, p.w.june)).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 403 }, message: expect.stringContaining('comments:create') });
    p.w.fake.tokens.delete('lin_oauth_june00000000000000000000001');
  });

  it('refuses a revoked key, tests the connection, and ran every action', async () => {
    await p.checkAuthAndTest('linear.list_teams', {});
    expect(p.last().body).toEqual({ query: '{ viewer { id } }' });
    expect(await p.fail('linear.create_issue', { teamId: 'no-such-team', title: 'x' })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 200 }, message: 'Linear answered: Could not find referenced Team.' });
    p.expectAllRan();
  });
});
