// Outlook against its fake, rebuilt from microsoft-graph-docs-contrib v1.0: mail (send, list,
// read with its body, reply), events (list, calendar view with recurring series expanded,
// create with transactionId); paging by following the whole @odata.nextLink; ErrorAccessDenied.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/engine/index.js';
import { outlookMailbox } from '../../fixtures/fake-saas/outlook.js';
import { catalog, providerWorld, type ProviderWorld } from './provider-helpers.js';

let p: ProviderWorld;
const TOKEN = 'eyJ0eXAiOiJKV1Qi.eyJhdWQiOi-sarah.sig';
beforeAll(async () => {
  p = await providerWorld('outlook');
  p.w.fake.addToken('outlook', TOKEN, 'sarah@contoso.example');
  await p.setUp('/v1.0', { authType: 'bearer', credentials: { token: TOKEN } }, { authType: 'oauth2', credentials: { accessToken: 'eyJ0eXAiOiJKV1Qi.expired.sig' } });
});
afterAll(async () => p.close());

describe('Outlook', () => {
  it('sends mail (202, no body), lists and reads messages with their bodies, and replies', async () => {
    expect(await p.run('outlook.send_mail', { to: ['ann@contoso.example'], cc: ['bob@contoso.example'], subject: 'Q4 plan', body: '<p>Draft attached</p>', content_type: 'HTML' })).toEqual({ sent: true, to: ['ann@contoso.example'] });
    expect(p.last()).toMatchObject({ method: 'POST', path: '/v1.0/me/sendMail', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(p.last().body).toEqual({
      message: { subject: 'Q4 plan', body: { contentType: 'HTML', content: '<p>Draft attached</p>' }, toRecipients: [{ emailAddress: { address: 'ann@contoso.example' } }], ccRecipients: [{ emailAddress: { address: 'bob@contoso.example' } }] },
      saveToSentItems: true,
    });
    const unread = await p.run('outlook.list_messages', { filter: 'isRead eq false' });
    expect(p.last().query).toMatchObject({ $filter: 'isRead eq false', $select: expect.stringContaining('receivedDateTime') });
    expect(unread.messages).toEqual([expect.objectContaining({ subject: 'Contract renewal', from: 'legal@fabrikam.example', importance: 'high', url: expect.stringMatching(/^https:\/\/outlook\.office365\.com\//) })]);
    const id = (unread.messages as { id: string }[])[0]!.id;
    const full = await p.run('outlook.get_message', { id });
    expect(p.last()).toMatchObject({ path: `/v1.0/me/messages/${encodeURIComponent(id)}`, headers: { prefer: 'outlook.body-content-type="text"' } });
    expect(full).toMatchObject({ id, body: 'Contract renewal: details inside.', body_type: 'text', cc: [] });
    expect(await p.run('outlook.get_message', { id, body_type: 'html' })).toMatchObject({ body: expect.stringContaining('<p>'), body_type: 'html' });
    expect(await p.run('outlook.reply', { id, comment: 'Signed, see attached.' })).toEqual({ sent: true, id });
    expect(p.last()).toMatchObject({ method: 'POST', path: `/v1.0/me/messages/${encodeURIComponent(id)}/reply`, body: { comment: 'Signed, see attached.' } });
    await p.run('outlook.reply', { id, comment: 'All: signed.', reply_all: true, cc: ['bob@contoso.example'] });
    expect(p.last()).toMatchObject({ path: `/v1.0/me/messages/${encodeURIComponent(id)}/replyAll`, body: { comment: 'All: signed.', message: { ccRecipients: [{ emailAddress: { address: 'bob@contoso.example' } }] } } });
    expect(await p.fail('outlook.get_message', { id: 'AAMkNOPE=' })).toMatchObject({ details: { status: 404 } });
  });

  it('pages by following the whole @odata.nextLink, for a list and a search', async () => {
    const page1 = await p.run('outlook.list_messages', { top: 2, select: 'subject,isRead' });
    expect(p.last().query).toEqual({ $top: '2', $select: 'subject,isRead' });
    expect(page1.next_cursor).toEqual(expect.stringContaining('/v1.0/me/messages?'));
    const page2 = await p.run('outlook.list_messages', { cursor: page1.next_cursor });
    const link = new URL(page1.next_cursor as string);
    expect(p.last().query).toEqual(Object.fromEntries(link.searchParams));
    expect(Number(link.searchParams.get('$skip'))).toBeGreaterThan(2);
    expect((page2.messages as { subject: string }[]).length).toBe(2);
    const hit = await p.run('outlook.list_messages', { search: 'from:contoso.example', top: 1 });
    expect(p.last().query).toMatchObject({ $search: '"from:contoso.example"', $top: '1' });
    expect(await p.run('outlook.list_messages', { cursor: hit.next_cursor })).toMatchObject({ messages: [expect.objectContaining({ from: expect.stringContaining('contoso.example') })] });
    expect(await p.fail('outlook.list_messages', { cursor: page1.next_cursor, top: 5 })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await p.fail('outlook.list_events', { cursor: page1.next_cursor })).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('lists events (series unexpanded) and a calendar view with the series expanded', async () => {
    const events = await p.run('outlook.list_events', { top: 5, orderby: 'start/dateTime desc', time_zone: 'Europe/Paris' });
    expect(p.last()).toMatchObject({ path: '/v1.0/me/events', headers: { prefer: 'outlook.timezone="Europe/Paris"' }, query: { $top: '5', $orderby: 'start/dateTime desc' } });
    expect((events.events as { subject: string; type: string }[]).map((e) => `${e.subject}:${e.type}`)).toEqual(['Offsite:singleInstance', 'Design review:singleInstance', 'Weekly sync:seriesMaster']);
    expect((events.events as { subject: string }[]).find((e) => e.subject === 'Design review')).toMatchObject({ start: '2026-12-02T15:00:00.0000000', time_zone: 'Europe/Paris', location: 'Room 4', attendees: [{ email: 'ann@contoso.example', response: 'accepted' }], online_meeting_url: expect.stringContaining('teams.microsoft.com') });
    const view = await p.run('outlook.calendar_view', { start: '2026-12-01T00:00:00+01:00', end: '2026-12-15T00:00:00+01:00', time_zone: 'UTC' });
    expect(p.last()).toMatchObject({ path: '/v1.0/me/calendarView', query: { startDateTime: '2026-12-01T00:00:00+01:00', endDateTime: '2026-12-15T00:00:00+01:00', $orderby: 'start/dateTime' } });
    expect((view.events as { subject: string; start: string; type: string }[]).map((e) => `${e.start.slice(0, 10)} ${e.subject} ${e.type}`)).toEqual([
      '2026-12-02 Design review singleInstance',
      '2026-12-07 Weekly sync occurrence',
      '2026-12-10 Offsite singleInstance',
      '2026-12-14 Weekly sync occurrence',
    ]);
    expect((view.events as { series_master_id: string | null }[])[1]!.series_master_id).toBe('AAMkAGViNDU7zAAA3=');
    expect(await p.fail('outlook.calendar_view', { top: 2 })).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('creates an event once, even when the create is repeated with its transaction id', async () => {
    const input = { subject: 'Budget review', start: '2026-12-08T14:00:00', end: '2026-12-08T15:00:00', time_zone: 'Europe/Paris', location: 'Room 2', attendees: ['ann@contoso.example'], transaction_id: 'sb-budget-0001' };
    const created = await p.run('outlook.create_event', input);
    expect(p.last()).toMatchObject({ method: 'POST', path: '/v1.0/me/events', body: { subject: 'Budget review', start: { dateTime: '2026-12-08T14:00:00', timeZone: 'Europe/Paris' }, transactionId: 'sb-budget-0001', attendees: [{ emailAddress: { address: 'ann@contoso.example' }, type: 'required' }] } });
    expect(created).toMatchObject({ subject: 'Budget review', start: '2026-12-08T13:00:00.0000000', time_zone: 'UTC', location: 'Room 2', attendees: [{ email: 'ann@contoso.example', response: 'none' }] });
    expect((await p.run('outlook.create_event', input)).id).toBe(created.id);
    expect(outlookMailbox(p.w.fake, 'sarah@contoso.example').events.filter((e) => e.subject === 'Budget review')).toHaveLength(1);
    expect(await p.fail('outlook.create_event', { ...input, transaction_id: 'sb-2', end: '2026-12-08T13:00:00' })).toMatchObject({ details: { status: 400 }, message: expect.stringContaining('end time') });
  });

  it('a token without a permission gets ErrorAccessDenied', async () => {
    p.w.fake.addToken('outlook', 'eyJ0eXAiOiJKV1Qi.read-only.sig', 'june@contoso.example', ['User.Read', 'Mail.Read', 'Calendars.Read']);
    await connect(p.w.june, catalog, { connectorId: 'outlook', authType: 'bearer', credentials: { token: 'eyJ0eXAiOiJKV1Qi.read-only.sig' }, baseUrl: p.w.fake.baseUrl('outlook') + '/v1.0' });
    expect(await p.run('outlook.list_events', {}, p.w.june)).toMatchObject({ events: expect.any(Array) });
    expect(await p.fail('outlook.create_event', { subject: 'x', start: '2026-12-08T14:00:00', end: '2026-12-08T15:00:00' }, p.w.june)).toMatchObject({ details: { status: 403 }, message: expect.stringContaining('Access is denied') });
    p.w.fake.tokens.delete('eyJ0eXAiOiJKV1Qi.read-only.sig');
  });

  it('refuses an expired token, tests the connection, and ran every action', async () => {
    await p.checkAuthAndTest('outlook.list_messages', {});
    expect(p.last().path).toBe('/v1.0/me');
    expect(await p.fail('outlook.list_messages', { filter: 'nope eq 1' })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 400 }, message: expect.stringContaining("Could not find a property named 'nope'") });
    p.expectAllRan();
  });
});
