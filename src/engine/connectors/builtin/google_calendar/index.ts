/**
 * Google Calendar API v3. https://developers.google.com/calendar/api/v3/reference
 * Checked against the discovery document calendar/v3/calendar-api.json (revision 20240111, as
 * vendored by googleapis/google-api-go-client @8d21a5fa): events.{list, get, insert, patch,
 * delete}, freebusy.query, calendarList.list and their scopes (reads: calendar.readonly; event
 * writes: calendar.events). The calendar id sits in the path and defaults to "primary", so the
 * event actions build their requests themselves. Rate limits: see ../google.ts.
 */
import { SwitchboardError } from '../../../../shared/errors.js';
import { defineConnector, type ActionDefinition } from '../../definition.js';
import { arr, BOOLEAN, cursorOrNull, obj, page, STRING, STRING_OR_NULL } from '../../output-schema.js';
import { googleOAuth, googleRateLimit } from '../google.js';
import { ATTENDEES, CALENDAR_ID, calendarPath, checkTime, EVENT, EVENT_ID, EVENT_TIME, eventSummary, SEND_UPDATES, type CalendarEvent } from './events.js';

const READ = 'https://www.googleapis.com/auth/calendar.readonly';
const WRITE = 'https://www.googleapis.com/auth/calendar.events';
const RFC3339 = { type: 'string', format: 'date-time', maxLength: 40 } as const;
const CURSOR = { type: 'string', minLength: 1, maxLength: 1000, description: 'The next_cursor of a previous page.' } as const;
const eventPath = (input: Record<string, unknown>) => calendarPath(input, `/events/${encodeURIComponent(input.eventId as string)}`);

const actions: ActionDefinition[] = [
  {
    id: 'list_events',
    title: 'List events',
    description:
      'List events of a calendar (default "primary") between `timeMin` and `timeMax` (RFC 3339 with offset, e.g. "2025-05-01T00:00:00Z"). Recurring events are expanded into single occurrences ordered by start time unless `singleEvents` is false. `q` searches the text of events. Returns id, title, start, end, time zone, location, attendees and link of each; page with `cursor`.',
    kind: 'read',
    docs: 'https://developers.google.com/calendar/api/v3/reference/events/list',
    scopes: [READ],
    input: {
      type: 'object',
      properties: {
        calendarId: CALENDAR_ID,
        timeMin: { ...RFC3339, description: 'Only events ending after this time.' },
        timeMax: { ...RFC3339, description: 'Only events starting before this time.' },
        maxResults: { type: 'integer', minimum: 1, maximum: 2500, default: 50, description: 'How many events (at most 2500).' },
        singleEvents: { type: 'boolean', default: true, description: 'Expand recurring events into occurrences (default true).' },
        orderBy: { type: 'string', enum: ['startTime', 'updated'], description: 'startTime (the default with singleEvents) or updated.' },
        q: { type: 'string', maxLength: 1000, description: 'Free-text search in summary, description, location, attendees.' },
        cursor: CURSOR,
      },
      additionalProperties: false,
    },
    outputSchema: page('events', EVENT, { calendar: STRING_OR_NULL, time_zone: STRING_OR_NULL }, ['calendar', 'time_zone']),
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
            pageToken: input.cursor as string | undefined,
          },
        };
      },
    },
    output: (body) => {
      const b = body as { items?: CalendarEvent[]; nextPageToken?: string; summary?: string; timeZone?: string };
      return { calendar: b.summary ?? null, time_zone: b.timeZone ?? null, events: (b.items ?? []).map(eventSummary), next_cursor: cursorOrNull(b.nextPageToken) };
    },
  },
  {
    id: 'get_event',
    title: 'Get event',
    description: 'Read one event by id: title, start, end, time zone, location, notes, organizer, attendees and their answers, links. A cancelled event comes back with status "cancelled".',
    kind: 'read',
    docs: 'https://developers.google.com/calendar/api/v3/reference/events/get',
    scopes: [READ],
    input: { type: 'object', properties: { calendarId: CALENDAR_ID, eventId: EVENT_ID }, required: ['eventId'], additionalProperties: false },
    outputSchema: EVENT,
    request: { method: 'GET', path: '/calendars/primary/events/{eventId}', build: (input) => ({ method: 'GET', path: eventPath(input) }) },
    output: (body) => eventSummary(body as CalendarEvent),
  },
  {
    id: 'create_event',
    title: 'Create event',
    description:
      'Create an event in a calendar (default "primary"). Needs `summary`, `start` and `end`: each {"dateTime": "2025-05-01T09:00:00+02:00"} (or a local dateTime plus "timeZone": "Europe/Paris") for a timed event, or {"date": "2025-05-01"} for an all-day one (end date exclusive). Optional description, location and attendees [{"email": …}]; `sendUpdates` decides who gets invitations. Returns the event.',
    kind: 'write',
    destructive: false,
    docs: 'https://developers.google.com/calendar/api/v3/reference/events/insert',
    scopes: [WRITE],
    input: {
      type: 'object',
      properties: {
        calendarId: CALENDAR_ID,
        summary: { type: 'string', minLength: 1, maxLength: 1024, description: 'The event title.' },
        description: { type: 'string', maxLength: 8192, description: 'Notes (HTML allowed).' },
        location: { type: 'string', maxLength: 1024, description: 'Free-form location.' },
        start: EVENT_TIME,
        end: EVENT_TIME,
        attendees: ATTENDEES,
        sendUpdates: SEND_UPDATES,
      },
      required: ['summary', 'start', 'end'],
      additionalProperties: false,
    },
    outputSchema: EVENT,
    request: {
      method: 'POST',
      path: '/calendars/primary/events',
      build: (input) => {
        checkTime('start', input.start);
        checkTime('end', input.end);
        const { summary, description, location, start, end, attendees } = input;
        return { method: 'POST', path: calendarPath(input, '/events'), query: { sendUpdates: input.sendUpdates as string | undefined }, body: { type: 'json', value: { summary, description, location, start, end, attendees } } };
      },
    },
    output: (body) => eventSummary(body as CalendarEvent),
  },
  {
    id: 'update_event',
    title: 'Update event',
    description:
      'Change some fields of an event (only those given): summary, description, location, start, end (as in create_event), attendees. `attendees` replaces the whole guest list. `sendUpdates` decides who is told. Returns the event as it now is.',
    kind: 'write',
    destructive: true,
    idempotent: true,
    docs: 'https://developers.google.com/calendar/api/v3/reference/events/patch',
    scopes: [WRITE],
    input: {
      type: 'object',
      properties: {
        calendarId: CALENDAR_ID,
        eventId: EVENT_ID,
        summary: { type: 'string', minLength: 1, maxLength: 1024 },
        description: { type: 'string', maxLength: 8192 },
        location: { type: 'string', maxLength: 1024 },
        start: EVENT_TIME,
        end: EVENT_TIME,
        attendees: { ...ATTENDEES, description: 'The full guest list (replaces the current one).' },
        sendUpdates: SEND_UPDATES,
      },
      required: ['eventId'],
      additionalProperties: false,
    },
    outputSchema: EVENT,
    request: {
      method: 'PATCH',
      path: '/calendars/primary/events/{eventId}',
      build: (input) => {
        checkTime('start', input.start);
        checkTime('end', input.end);
        const { summary, description, location, start, end, attendees } = input;
        const changes = Object.fromEntries(Object.entries({ summary, description, location, start, end, attendees }).filter(([, v]) => v !== undefined));
        if (Object.keys(changes).length === 0) throw new SwitchboardError('INVALID_INPUT', 'Give at least one field to change (summary, description, location, start, end, attendees).');
        return { method: 'PATCH', path: eventPath(input), query: { sendUpdates: input.sendUpdates as string | undefined }, body: { type: 'json', value: changes } };
      },
    },
    output: (body) => eventSummary(body as CalendarEvent),
  },
  {
    id: 'delete_event',
    title: 'Delete event',
    description: 'Delete (cancel) an event. `sendUpdates` decides whether guests are told. Deleting one that is already deleted answers 410.',
    kind: 'write',
    destructive: true,
    idempotent: true,
    docs: 'https://developers.google.com/calendar/api/v3/reference/events/delete',
    scopes: [WRITE],
    input: { type: 'object', properties: { calendarId: CALENDAR_ID, eventId: EVENT_ID, sendUpdates: SEND_UPDATES }, required: ['eventId'], additionalProperties: false },
    outputSchema: obj({ deleted: { const: true }, id: STRING }),
    request: {
      method: 'DELETE',
      path: '/calendars/primary/events/{eventId}',
      build: (input) => ({ method: 'DELETE', path: eventPath(input), query: { sendUpdates: input.sendUpdates as string | undefined } }),
    },
    output: (_body, input) => ({ deleted: true, id: input.eventId as string }),
  },
  {
    id: 'free_busy',
    title: 'Free/busy',
    description:
      'When are these calendars busy between `timeMin` and `timeMax`? `calendars` are calendar ids or emails (default ["primary"]). Returns the busy intervals of each, and the errors of any that could not be read (notFound, …).',
    kind: 'read',
    docs: 'https://developers.google.com/calendar/api/v3/reference/freebusy/query',
    scopes: [READ],
    input: {
      type: 'object',
      properties: {
        timeMin: RFC3339,
        timeMax: RFC3339,
        calendars: { type: 'array', minItems: 1, maxItems: 50, items: CALENDAR_ID, description: 'Calendar ids or emails (at most 50).' },
        timeZone: { type: 'string', minLength: 1, maxLength: 64, description: 'Time zone of the answer (default UTC).' },
      },
      required: ['timeMin', 'timeMax'],
      additionalProperties: false,
    },
    outputSchema: obj({
      time_min: STRING,
      time_max: STRING,
      calendars: arr(obj({ id: STRING, busy: arr(obj({ start: STRING, end: STRING })), errors: arr(STRING) })),
    }),
    request: {
      method: 'POST',
      path: '/freeBusy',
      build: (input) => ({
        method: 'POST',
        path: '/freeBusy',
        body: {
          type: 'json',
          value: {
            timeMin: input.timeMin,
            timeMax: input.timeMax,
            ...(input.timeZone ? { timeZone: input.timeZone } : {}),
            items: ((input.calendars as string[] | undefined) ?? ['primary']).map((id) => ({ id })),
          },
        },
      }),
    },
    output: (body, input) => {
      const b = body as { timeMin?: string; timeMax?: string; calendars?: Record<string, { busy?: { start: string; end: string }[]; errors?: { reason?: string }[] }> };
      return {
        time_min: b.timeMin ?? (input.timeMin as string),
        time_max: b.timeMax ?? (input.timeMax as string),
        calendars: Object.entries(b.calendars ?? {}).map(([id, c]) => ({ id, busy: c.busy ?? [], errors: (c.errors ?? []).map((e) => e.reason ?? 'unknown') })),
      };
    },
  },
  {
    id: 'list_calendars',
    title: 'List calendars',
    description: "List the calendars in the account's calendar list: id (use it as calendarId), name, whether primary, access role and time zone. Page with `cursor`.",
    kind: 'read',
    docs: 'https://developers.google.com/calendar/api/v3/reference/calendarList/list',
    scopes: [READ],
    input: {
      type: 'object',
      properties: {
        maxResults: { type: 'integer', minimum: 1, maximum: 250, default: 100 },
        cursor: CURSOR,
        minAccessRole: { type: 'string', enum: ['freeBusyReader', 'reader', 'writer', 'owner'], description: 'Only calendars where the user has at least this role (writer to find ones you can add events to).' },
      },
      additionalProperties: false,
    },
    outputSchema: page('calendars', obj({ id: STRING, name: STRING_OR_NULL, primary: BOOLEAN, access_role: STRING, time_zone: STRING_OR_NULL })),
    request: {
      method: 'GET',
      path: '/users/me/calendarList',
      build: ({ cursor, ...rest }) => ({ method: 'GET', path: '/users/me/calendarList', query: { ...(rest as Record<string, string | number>), pageToken: cursor as string | undefined } }),
    },
    output: (body) => {
      const b = body as { items?: { id: string; summary?: string; summaryOverride?: string; primary?: boolean; accessRole?: string; timeZone?: string }[]; nextPageToken?: string };
      return {
        calendars: (b.items ?? []).map((c) => ({ id: c.id, name: c.summaryOverride ?? c.summary ?? null, primary: c.primary ?? false, access_role: c.accessRole ?? 'reader', time_zone: c.timeZone ?? null })),
        next_cursor: cursorOrNull(b.nextPageToken),
      };
    },
  },
];

export const googleCalendar = defineConnector({
  id: 'google_calendar',
  name: 'Google Calendar',
  icon: 'googlecalendar',
  category: 'calendar',
  description: 'List calendars and events, create, update and delete events, and check free/busy in Google Calendar.',
  baseUrl: 'https://www.googleapis.com/calendar/v3',
  auth: [googleOAuth(actions)],
  // https://developers.google.com/calendar/api/v3/reference/calendarList/list
  test: { method: 'GET', path: '/users/me/calendarList', query: { maxResults: '1' } },
  rateLimit: googleRateLimit,
  actions,
});
