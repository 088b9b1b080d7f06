/**
 * Google Calendar API v3. https://developers.google.com/calendar/api/v3/reference
 * The calendar id sits in the path and defaults to "primary", so the event actions build their
 * requests themselves.
 */
import { SwitchboardError } from '../../../shared/errors.js';
import { defineConnector, type Input } from '../definition.js';

const CALENDAR_ID = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  pattern: '^[^\\s/]+$',
  description: 'The calendar id (from list_calendars), or "primary" (the default) for the account\'s main calendar.',
} as const;

/** RFC 3339 with an optional offset: Google accepts a local time when `timeZone` names the zone. */
const EVENT_TIME = {
  type: 'object',
  properties: {
    dateTime: {
      type: 'string',
      maxLength: 40,
      pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?$',
      description: 'Start or end time, e.g. "2025-05-01T09:00:00+02:00", or "2025-05-01T09:00:00" with timeZone.',
    },
    timeZone: { type: 'string', minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. "Europe/Paris".' },
    date: { type: 'string', format: 'date', maxLength: 10, description: 'For an all-day event: the date, e.g. "2025-05-01" (the end date is exclusive).' },
  },
  minProperties: 1,
  additionalProperties: false,
} as const;

function calendarPath(input: Input, rest: string): string {
  return `/calendars/${encodeURIComponent((input.calendarId as string | undefined) ?? 'primary')}${rest}`;
}

function checkTime(name: string, value: unknown): void {
  const t = value as { dateTime?: string; timeZone?: string; date?: string };
  if ((t.dateTime === undefined) === (t.date === undefined)) {
    throw new SwitchboardError('INVALID_INPUT', `${name}: give either dateTime (a timed event) or date (an all-day event).`);
  }
  if (t.dateTime !== undefined && !/(Z|[+-]\d{2}:\d{2})$/.test(t.dateTime) && !t.timeZone) {
    throw new SwitchboardError('INVALID_INPUT', `${name}.dateTime has no offset: add one (…+02:00 or …Z) or give ${name}.timeZone.`);
  }
}

interface CalendarEvent {
  id: string;
  status?: string;
  summary?: string;
  description?: string;
  location?: string;
  htmlLink?: string;
  start?: { dateTime?: string; date?: string; timeZone?: string };
  end?: { dateTime?: string; date?: string; timeZone?: string };
  organizer?: { email?: string };
  attendees?: { email: string; responseStatus?: string }[];
  hangoutLink?: string;
}

function eventSummary(e: CalendarEvent) {
  return {
    id: e.id,
    summary: e.summary,
    status: e.status,
    start: e.start?.dateTime ?? e.start?.date,
    end: e.end?.dateTime ?? e.end?.date,
    all_day: e.start?.date !== undefined,
    location: e.location,
    organizer: e.organizer?.email,
    attendees: (e.attendees ?? []).map((a) => ({ email: a.email, response: a.responseStatus })),
    url: e.htmlLink,
    ...(e.hangoutLink ? { meet_url: e.hangoutLink } : {}),
  };
}

export const googleCalendar = defineConnector({
  id: 'google_calendar',
  name: 'Google Calendar',
  icon: '📅',
  category: 'calendar',
  description: 'List calendars and events and create events in Google Calendar.',
  baseUrl: 'https://www.googleapis.com/calendar/v3',
  auth: [
    {
      type: 'oauth2',
      authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      scopes: ['https://www.googleapis.com/auth/calendar.readonly', 'https://www.googleapis.com/auth/calendar.events'],
      scopeSeparator: ' ',
      // Without these Google returns no refresh token (and none again on a later consent).
      authorizeParams: { access_type: 'offline', prompt: 'consent' },
      clientSecret: 'optional',
    },
  ],
  // https://developers.google.com/calendar/api/v3/reference/calendarList/list
  test: { method: 'GET', path: '/users/me/calendarList', query: { maxResults: '1' } },
  actions: [
    {
      id: 'list_events',
      title: 'List events',
      description:
        'List events of a calendar (default "primary") between `timeMin` and `timeMax` (RFC 3339 with offset, e.g. "2025-05-01T00:00:00Z"). Recurring events are expanded into single occurrences ordered by start time unless `singleEvents` is false. `q` searches the text of events. Returns id, title, start, end, location, attendees and link of each, and `next_page_token`.',
      kind: 'read',
      docs: 'https://developers.google.com/calendar/api/v3/reference/events/list',
      input: {
        type: 'object',
        properties: {
          calendarId: CALENDAR_ID,
          timeMin: { type: 'string', format: 'date-time', maxLength: 40, description: 'Only events ending after this time.' },
          timeMax: { type: 'string', format: 'date-time', maxLength: 40, description: 'Only events starting before this time.' },
          maxResults: { type: 'integer', minimum: 1, maximum: 2500, default: 50, description: 'How many events (at most 2500).' },
          singleEvents: { type: 'boolean', default: true, description: 'Expand recurring events into occurrences (default true).' },
          orderBy: {
            type: 'string',
            enum: ['startTime', 'updated'],
            description: 'startTime (the default with singleEvents) or updated.',
          },
          q: { type: 'string', maxLength: 1000, description: 'Free-text search in summary, description, location, attendees.' },
          pageToken: { type: 'string', maxLength: 1000, description: 'The next_page_token of a previous page.' },
        },
        additionalProperties: false,
      },
      request: {
        method: 'GET',
        path: '/calendars/primary/events',
        build: (input) => {
          const singleEvents = (input.singleEvents as boolean | undefined) ?? true;
          if (input.orderBy === 'startTime' && !singleEvents) {
            throw new SwitchboardError('INVALID_INPUT', 'orderBy "startTime" needs singleEvents true (Google orders only expanded events by start).');
          }
          return {
            method: 'GET',
            path: calendarPath(input, '/events'),
            query: {
              timeMin: input.timeMin as string | undefined,
              timeMax: input.timeMax as string | undefined,
              maxResults: (input.maxResults as number | undefined) ?? 50,
              singleEvents,
              orderBy: (input.orderBy as string | undefined) ?? (singleEvents ? 'startTime' : undefined),
              q: input.q as string | undefined,
              pageToken: input.pageToken as string | undefined,
            },
          };
        },
      },
      output: (body) => {
        const b = body as { items?: CalendarEvent[]; nextPageToken?: string; summary?: string; timeZone?: string };
        return { calendar: b.summary, time_zone: b.timeZone, events: (b.items ?? []).map(eventSummary), next_page_token: b.nextPageToken };
      },
    },
    {
      id: 'create_event',
      title: 'Create event',
      description:
        'Create an event in a calendar (default "primary"). Needs `summary`, `start` and `end`: each {"dateTime": "2025-05-01T09:00:00+02:00"} (or a local dateTime plus "timeZone": "Europe/Paris") for a timed event, or {"date": "2025-05-01"} for an all-day one (end date exclusive). Optional description, location and attendees [{"email": …}]; `sendUpdates` decides who gets invitations. Returns the event id and link.',
      kind: 'write',
      docs: 'https://developers.google.com/calendar/api/v3/reference/events/insert',
      input: {
        type: 'object',
        properties: {
          calendarId: CALENDAR_ID,
          summary: { type: 'string', minLength: 1, maxLength: 1024, description: 'The event title.' },
          description: { type: 'string', maxLength: 8192, description: 'Notes (HTML allowed).' },
          location: { type: 'string', maxLength: 1024, description: 'Free-form location.' },
          start: EVENT_TIME,
          end: EVENT_TIME,
          attendees: {
            type: 'array',
            maxItems: 100,
            items: {
              type: 'object',
              properties: { email: { type: 'string', format: 'email', maxLength: 254 }, optional: { type: 'boolean' } },
              required: ['email'],
              additionalProperties: false,
            },
            description: 'Guests, e.g. [{"email": "ann@example.com"}].',
          },
          sendUpdates: {
            type: 'string',
            enum: ['all', 'externalOnly', 'none'],
            description: 'Who gets an invitation email: all, externalOnly (non-Google-Calendar guests) or none (the default).',
          },
        },
        required: ['summary', 'start', 'end'],
        additionalProperties: false,
      },
      request: {
        method: 'POST',
        path: '/calendars/primary/events',
        build: (input) => {
          checkTime('start', input.start);
          checkTime('end', input.end);
          const { summary, description, location, start, end, attendees } = input;
          return {
            method: 'POST',
            path: calendarPath(input, '/events'),
            query: { sendUpdates: input.sendUpdates as string | undefined },
            body: { type: 'json', value: { summary, description, location, start, end, attendees } },
          };
        },
      },
      output: (body) => eventSummary(body as CalendarEvent),
    },
    {
      id: 'list_calendars',
      title: 'List calendars',
      description:
        "List the calendars in the account's calendar list: id (use it as calendarId), name, whether primary, access role and time zone. Page with `pageToken`.",
      kind: 'read',
      docs: 'https://developers.google.com/calendar/api/v3/reference/calendarList/list',
      input: {
        type: 'object',
        properties: {
          maxResults: { type: 'integer', minimum: 1, maximum: 250, default: 100 },
          pageToken: { type: 'string', maxLength: 1000 },
          minAccessRole: { type: 'string', enum: ['freeBusyReader', 'reader', 'writer', 'owner'], description: 'Only calendars where the user has at least this role (writer to find ones you can add events to).' },
        },
        additionalProperties: false,
      },
      request: { method: 'GET', path: '/users/me/calendarList' },
      output: (body) => {
        const b = body as {
          items?: { id: string; summary?: string; summaryOverride?: string; primary?: boolean; accessRole?: string; timeZone?: string }[];
          nextPageToken?: string;
        };
        return {
          calendars: (b.items ?? []).map((c) => ({
            id: c.id,
            name: c.summaryOverride ?? c.summary,
            primary: c.primary ?? false,
            access_role: c.accessRole,
            time_zone: c.timeZone,
          })),
          next_page_token: b.nextPageToken,
        };
      },
    },
  ],
});
