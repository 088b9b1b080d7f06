// Google Calendar against its fake, rebuilt from the discovery document calendar/v3 (rev. 20240111):
// calendars, events (list, get, create, update, delete), free/busy; Google's errors and scopes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/engine/index.js';
import { catalog, providerWorld, type ProviderWorld } from './provider-helpers.js';

let p: ProviderWorld;
beforeAll(async () => {
  p = await providerWorld('google_calendar');
  p.w.fake.addToken('google_calendar', 'ya29.a0-sarah-cal', 'sarah@acme.example');
  await p.setUp('/calendar/v3', { authType: 'oauth2', credentials: { accessToken: 'ya29.a0-sarah-cal' } }, { authType: 'oauth2', credentials: { accessToken: 'ya29.revoked' } });
});
afterAll(async () => p.close());

describe('Google Calendar', () => {
  it('lists calendars, creates an event in one, reads, updates and deletes it', async () => {
    expect(await p.run('google_calendar.list_calendars', { minAccessRole: 'writer' })).toEqual({
      calendars: [
        { id: 'sarah@acme.example', name: 'sarah@acme.example', primary: true, access_role: 'owner', time_zone: 'Europe/Paris' },
        { id: 'c_offsites@group.calendar.google.com', name: 'Offsites', primary: false, access_role: 'writer', time_zone: 'Europe/Paris' },
      ],
      next_cursor: null,
    });
    const calendarId = 'c_offsites@group.calendar.google.com';
    const input = { calendarId, summary: 'Offsite planning', location: 'Lyon', start: { dateTime: '2026-12-03T10:00:00', timeZone: 'Europe/Paris' }, end: { dateTime: '2026-12-03T11:30:00+01:00' }, attendees: [{ email: 'ann@example.com' }], sendUpdates: 'all' };
    const event = await p.run('google_calendar.create_event', input);
    expect(p.last()).toMatchObject({ method: 'POST', path: '/calendar/v3/calendars/c_offsites%40group.calendar.google.com/events', query: { sendUpdates: 'all' } });
    expect(p.last().body).toEqual({ summary: 'Offsite planning', location: 'Lyon', start: input.start, end: input.end, attendees: input.attendees });
    expect(event).toMatchObject({ summary: 'Offsite planning', status: 'confirmed', start: '2026-12-03T10:00:00', time_zone: 'Europe/Paris', all_day: false, organizer: 'sarah@acme.example', attendees: [{ email: 'ann@example.com', response: 'needsAction' }] });
    const eventId = event.id as string;
    expect(await p.run('google_calendar.get_event', { calendarId, eventId })).toMatchObject({ id: eventId, location: 'Lyon' });
    const moved = await p.run('google_calendar.update_event', { calendarId, eventId, location: 'Paris', sendUpdates: 'none' });
    expect(p.last()).toMatchObject({ method: 'PATCH', path: `/calendar/v3/calendars/c_offsites%40group.calendar.google.com/events/${eventId}`, body: { location: 'Paris' }, query: { sendUpdates: 'none' } });
    expect(moved).toMatchObject({ location: 'Paris', summary: 'Offsite planning' });
    expect(await p.run('google_calendar.delete_event', { calendarId, eventId })).toEqual({ deleted: true, id: eventId });
    expect(p.last().method).toBe('DELETE');
    expect(await p.fail('google_calendar.delete_event', { calendarId, eventId })).toMatchObject({ details: { status: 410 } });
  });

  it('lists events expanded and ordered, pages, and refuses a range that is empty', async () => {
    const listed = await p.run('google_calendar.list_events', { timeMin: '2026-12-01T00:00:00Z', timeMax: '2027-01-01T00:00:00Z', maxResults: 1 });
    expect(p.last()).toMatchObject({ path: '/calendar/v3/calendars/primary/events', query: { timeMin: '2026-12-01T00:00:00Z', maxResults: '1', singleEvents: 'true', orderBy: 'startTime' } });
    expect(listed).toMatchObject({ calendar: 'sarah@acme.example', time_zone: 'Europe/Paris', events: [{ summary: 'Standup', meet_url: 'https://meet.google.com/abc-defg-hij' }], next_cursor: expect.any(String) });
    const rest = await p.run('google_calendar.list_events', { timeMin: '2026-12-01T00:00:00Z', timeMax: '2027-01-01T00:00:00Z', maxResults: 1, cursor: listed.next_cursor });
    expect(rest).toMatchObject({ events: [{ summary: 'Company holiday', start: '2026-12-24', all_day: true }], next_cursor: null });
    expect(await p.fail('google_calendar.list_events', { timeMin: '2027-01-01T00:00:00Z', timeMax: '2026-01-01T00:00:00Z' })).toMatchObject({ message: expect.stringContaining('time range is empty') });
    expect(await p.fail('google_calendar.list_events', { cursor: 'forged' })).toMatchObject({ details: { status: 400 } });
  });

  it('answers free/busy, with a calendar it cannot read reported inside the 200', async () => {
    const fb = await p.run('google_calendar.free_busy', { timeMin: '2026-12-01T00:00:00Z', timeMax: '2026-12-02T00:00:00Z', calendars: ['primary', 'nobody@example.com'] });
    expect(p.last()).toMatchObject({ method: 'POST', path: '/calendar/v3/freeBusy', body: { items: [{ id: 'primary' }, { id: 'nobody@example.com' }] } });
    expect(fb).toEqual({
      time_min: '2026-12-01T00:00:00Z',
      time_max: '2026-12-02T00:00:00Z',
      calendars: [
        { id: 'primary', busy: [{ start: '2026-12-01T08:00:00Z', end: '2026-12-01T08:15:00Z' }], errors: [] },
        { id: 'nobody@example.com', busy: [], errors: ['notFound'] },
      ],
    });
  });

  it('refuses what Google refuses: seconds-less times locally, no writer access, a read-only token writing', async () => {
    expect(await p.fail('google_calendar.create_event', { summary: 'x', start: { dateTime: '2026-12-03T10:00+01:00' }, end: { dateTime: '2026-12-03T11:00+01:00' } })).toMatchObject({ code: 'INVALID_INPUT' });
    const backwards = { summary: 'Oops', start: { dateTime: '2026-12-03T11:00:00Z' }, end: { dateTime: '2026-12-03T10:00:00Z' } };
    expect(await p.fail('google_calendar.create_event', backwards)).toMatchObject({ details: { status: 400 }, message: expect.stringContaining('The specified time range is empty.') });
    expect(await p.fail('google_calendar.create_event', { ...backwards, end: { dateTime: '2026-12-03T12:00:00Z' }, calendarId: 'en.french#holiday@group.v.calendar.google.com' })).toMatchObject({ details: { status: 403 }, message: expect.stringContaining('writer access') });
    p.w.fake.addToken('google_calendar', 'ya29.read-only', 'june@acme.example', ['https://www.googleapis.com/auth/calendar.readonly']);
    await connect(p.w.june, catalog, { connectorId: 'google_calendar', authType: 'oauth2', credentials: { accessToken: 'ya29.read-only' }, baseUrl: p.w.fake.baseUrl('google_calendar') + '/calendar/v3' });
    expect(await p.run('google_calendar.list_calendars', {}, p.w.june)).toMatchObject({ calendars: expect.any(Array) });
    expect(await p.fail('google_calendar.create_event', { ...backwards, end: { dateTime: '2026-12-03T12:00:00Z' } }, p.w.june)).toMatchObject({ details: { status: 403 }, message: expect.stringContaining('insufficient authentication scopes') });
    p.w.fake.tokens.delete('ya29.read-only');
  });

  it('refuses a revoked token, tests the connection, and ran every action', async () => {
    await p.checkAuthAndTest('google_calendar.list_calendars', {});
    p.expectAllRan();
  });
});
