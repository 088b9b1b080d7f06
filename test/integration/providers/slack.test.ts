// Slack against its fake, rebuilt from slack_web_openapi_v2.json (1.7.0) and @slack/web-api 8.0.0:
// every action, what Slack received, the shaped output (checked against its outputSchema), paging
// by response_metadata.next_cursor, missing_scope with the scope named, and Slack's errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/engine/index.js';
import { slackLimits, slackUserId } from '../../fixtures/fake-saas/slack.js';
import { catalog, providerWorld, type ProviderWorld } from './provider-helpers.js';

let p: ProviderWorld;
beforeAll(async () => {
  p = await providerWorld('slack');
  p.w.fake.addToken('slack', 'xoxp-sarah-000000000001', 'sarah');
  await p.setUp('', { authType: 'bearer', credentials: { token: 'xoxp-sarah-000000000001' } }, { authType: 'bearer', credentials: { token: 'xoxp-revoked-0000000000' } });
});
afterAll(async () => p.close());

describe('Slack', () => {
  it('posts, updates and reacts to a message', async () => {
    const sent = await p.run('slack.send_message', { channel: '#general', text: 'Deploy at noon?' });
    expect(p.last()).toMatchObject({ method: 'POST', path: '/chat.postMessage', headers: { authorization: 'Bearer xoxp-sarah-000000000001', 'content-type': 'application/json; charset=utf-8' } });
    expect(sent).toEqual({ channel: 'C0001', ts: expect.stringMatching(/^\d+\.\d+$/), text: 'Deploy at noon?' });
    expect(await p.run('slack.update_message', { channel: 'C0001', ts: sent.ts, text: 'Deploy at 1 pm?' })).toEqual({ channel: 'C0001', ts: sent.ts, text: 'Deploy at 1 pm?' });
    expect(p.last().body).toEqual({ channel: 'C0001', ts: sent.ts, text: 'Deploy at 1 pm?' });
    expect(await p.run('slack.add_reaction', { channel: 'C0001', timestamp: sent.ts, name: 'thumbsup' })).toEqual({ ok: true, already_reacted: false });
    // The same reaction again: the state asked for holds, so it is no error.
    expect(await p.run('slack.add_reaction', { channel: 'C0001', timestamp: sent.ts, name: 'thumbsup' })).toEqual({ ok: true, already_reacted: true });
    // Someone else's message cannot be edited.
    expect(await p.fail('slack.update_message', { channel: 'C0001', ts: '1699990000.000100', text: 'x' })).toMatchObject({ code: 'UPSTREAM_ERROR', message: expect.stringContaining('cant_update_message') });
  });

  it('reads history and a thread, paging by next_cursor', async () => {
    const page1 = await p.run('slack.channel_history', { channel: 'C0001', limit: 1 });
    expect(p.last()).toMatchObject({ method: 'GET', path: '/conversations.history', query: { channel: 'C0001', limit: '1' } });
    expect(page1).toMatchObject({ messages: [{ text: 'Deploy at 1 pm?', user: slackUserId('sarah') }], has_more: true, next_cursor: expect.any(String) });
    const page2 = await p.run('slack.channel_history', { channel: 'C0001', limit: 1, cursor: page1.next_cursor });
    expect(page2).toMatchObject({ messages: [{ text: 'Release plan for Friday?', reply_count: 2, thread_ts: '1699990000.000100' }], has_more: false, next_cursor: null });
    const thread = await p.run('slack.get_thread', { channel: 'C0001', ts: '1699990000.000100' });
    expect(p.last().query).toMatchObject({ channel: 'C0001', ts: '1699990000.000100', limit: '15' });
    expect((thread.messages as { text: string }[]).map((m) => m.text)).toEqual(['Release plan for Friday?', 'Ship at noon.', 'Noon it is.']);
    expect(thread.next_cursor).toBeNull();
    expect(await p.fail('slack.get_thread', { channel: 'C0001', ts: '1.2' })).toMatchObject({ message: expect.stringContaining('thread_not_found') });
    expect(await p.fail('slack.channel_history', { channel: 'C0001', cursor: 'dXNlcjpVMDYxTkZUVDI=' })).toMatchObject({ message: expect.stringContaining('invalid_cursor') });
  });

  it('lists channels of every type: a DM has no name, but a user', async () => {
    const all = await p.run('slack.list_channels', { types: ['public_channel', 'private_channel', 'mpim', 'im'], exclude_archived: true });
    expect(p.last().query).toMatchObject({ types: 'public_channel,private_channel,mpim,im', exclude_archived: 'true' });
    expect(all.channels).toEqual(
      expect.arrayContaining([
        { id: 'C0003', name: 'secret-plans', is_private: true, is_im: false, is_mpim: false, is_archived: false, num_members: 3 },
        { id: 'D0005', name: null, is_private: false, is_im: true, is_mpim: false, is_archived: false, user: 'U0ANN' },
      ]),
    );
    expect((all.channels as { id: string }[]).map((c) => c.id)).not.toContain('C0006');
    expect(all.next_cursor).toBeNull();
  });

  it('looks people up, by id and by email, and pages the member list', async () => {
    const page1 = await p.run('slack.list_users', { limit: 2 });
    expect(page1).toMatchObject({ users: [{ id: slackUserId('sarah') }, { id: 'U0ANN', real_name: 'Ann Lee', email: 'ann@example.com' }], next_cursor: expect.any(String) });
    const page2 = await p.run('slack.list_users', { limit: 2, cursor: page1.next_cursor });
    expect(page2).toMatchObject({ users: [{ id: 'U0BOB' }, { id: 'U0OLD', deleted: true }], next_cursor: null });
    expect(await p.run('slack.get_user', { user: 'U0BOB' })).toEqual({ user: { id: 'U0BOB', name: 'bob', real_name: 'Bob Smith', display_name: 'bob', title: null, email: 'bob@example.com', is_bot: false, deleted: false, tz: 'America/New_York' } });
    expect(p.last()).toMatchObject({ path: '/users.info', query: { user: 'U0BOB' } });
    expect(await p.run('slack.find_user_by_email', { email: 'ann@example.com' })).toMatchObject({ user: { id: 'U0ANN', title: 'CTO' } });
    expect(await p.fail('slack.find_user_by_email', { email: 'nobody@example.com' })).toMatchObject({ code: 'UPSTREAM_ERROR', message: expect.stringContaining('users_not_found') });
  });

  it('says which scope a call lacks, without marking the connection broken', async () => {
    p.w.fake.addToken('slack', 'xoxp-narrow-00000000001', 'narrow', ['channels:read', 'channels:history']);
    await connect(p.w.june, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token: 'xoxp-narrow-00000000001' }, baseUrl: p.w.fake.baseUrl('slack') });
    expect(await p.run('slack.list_channels', {}, p.w.june)).toMatchObject({ channels: [{ id: 'C0001' }, { id: 'C0002' }, { id: 'C0006' }] });
    expect(p.last().headers.authorization).toBe('Bearer xoxp-narrow-00000000001');
    const err = await p.fail('slack.list_channels', { types: ['private_channel'] }, p.w.june);
    expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', message: 'The Slack token lacks the scope groups:read this action needs (missing_scope). Reconnect Slack to grant it.' });
    expect(await p.fail('slack.find_user_by_email', { email: 'ann@example.com' }, p.w.june)).toMatchObject({ message: expect.stringContaining('users:read.email') });
    // The connection still works for what it was granted.
    expect(await p.run('slack.channel_history', { channel: 'C0002' }, p.w.june)).toMatchObject({ messages: [] });
  });

  it('under the 2025 non-Marketplace limits: 15 messages a page, and a rate limit that says when', async () => {
    slackLimits(p.w.fake).nonMarketplace = true;
    try {
      const page = await p.run('slack.channel_history', { channel: 'C0003', limit: 100 });
      expect(page).toMatchObject({ messages: [{ text: 'The offsite is in Lyon.' }] });
      const err = await p.fail('slack.channel_history', { channel: 'C0003' });
      expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', details: { rateLimited: true, retryAfterMs: expect.any(Number) }, message: expect.stringMatching(/^Slack is rate-limiting these calls; try again in \d+ s\.$/) });
      expect(catalog.action('slack.channel_history').action.input.properties!.limit!.default).toBe(15);
    } finally {
      slackLimits(p.w.fake).nonMarketplace = false;
    }
  });

  it('refuses a revoked token, tests the connection, and ran every action', async () => {
    p.w.fake.tokens.delete('xoxp-narrow-00000000001');
    await p.checkAuthAndTest('slack.list_users', {});
    expect(p.last().path).toBe('/auth.test');
    p.expectAllRan();
  });
});
