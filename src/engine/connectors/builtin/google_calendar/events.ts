/**
 * Google Calendar events: the fields, checks and summary every event action shares.
 * Checked against the discovery document calendar/v3/calendar-api.json (revision 20240111, as
 * vendored by googleapis/google-api-go-client @8d21a5fa), #schemas.Event and #schemas.EventDateTime:
 * `dateTime` is RFC 3339 (seconds included), with an offset unless `timeZone` names the zone;
 * `date` for all-day events, the end date exclusive.
 */
import { SwitchboardError } from '../../../../shared/errors.js';
import type { Input } from '../../definition.js';
import { arr, BOOLEAN, obj, STRING, STRING_OR_NULL } from '../../output-schema.js';

export const CALENDAR_ID = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  pattern: '^[^\\s/]+$',
  description: 'The calendar id (from list_calendars), or "primary" (the default) for the account\'s main calendar.',
} as const;

export const EVENT_ID = { type: 'string', minLength: 1, maxLength: 1024, pattern: '^[A-Za-z0-9_-]+$', description: 'The event id (from list_events).' } as const;

export const EVENT_TIME = {
  type: 'object',
  properties: {
    dateTime: {
      type: 'string',
      maxLength: 40,
      pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?$',
      description: 'Start or end time with seconds, e.g. "2025-05-01T09:00:00+02:00", or "2025-05-01T09:00:00" with timeZone.',
    },
    timeZone: { type: 'string', minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. "Europe/Paris".' },
    date: { type: 'string', format: 'date', maxLength: 10, description: 'For an all-day event: the date, e.g. "2025-05-01" (the end date is exclusive).' },
  },
  minProperties: 1,
  additionalProperties: false,
} as const;

export const ATTENDEES = {
  type: 'array',
  maxItems: 100,
  items: {
    type: 'object',
    properties: { email: { type: 'string', format: 'email', maxLength: 254 }, optional: { type: 'boolean' } },
    required: ['email'],
    additionalProperties: false,
  },
  description: 'Guests, e.g. [{"email": "ann@example.com"}].',
} as const;

export const SEND_UPDATES = {
  type: 'string',
  enum: ['all', 'externalOnly', 'none'],
  description: 'Who gets an email about it: all, externalOnly (guests not on Google Calendar) or none (the default).',
} as const;

export function calendarPath(input: Input, rest: string): string {
  return `/calendars/${encodeURIComponent((input.calendarId as string | undefined) ?? 'primary')}${rest}`;
}

export function checkTime(name: string, value: unknown): void {
  if (value === undefined) return;
  const t = value as { dateTime?: string; timeZone?: string; date?: string };
  if ((t.dateTime === undefined) === (t.date === undefined)) {
    throw new SwitchboardError('INVALID_INPUT', `${name}: give either dateTime (a timed event) or date (an all-day event).`);
  }
  if (t.dateTime !== undefined && !/(Z|[+-]\d{2}:\d{2})$/.test(t.dateTime) && !t.timeZone) {
    throw new SwitchboardError('INVALID_INPUT', `${name}.dateTime has no offset: add one (…+02:00 or …Z) or give ${name}.timeZone.`);
  }
}

export interface CalendarEvent {
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
  recurringEventId?: string;
}

export const EVENT = obj(
  {
    id: STRING,
    summary: STRING_OR_NULL,
    status: STRING,
    start: STRING,
    end: STRING,
    time_zone: STRING_OR_NULL,
    all_day: BOOLEAN,
    location: STRING_OR_NULL,
    description: STRING_OR_NULL,
    organizer: STRING_OR_NULL,
    attendees: arr(obj({ email: STRING, response: STRING }, ['email'])),
    url: STRING,
    meet_url: STRING,
    recurring_event_id: STRING,
  },
  ['id', 'summary', 'start', 'end', 'time_zone', 'all_day', 'attendees'],
);

export function eventSummary(e: CalendarEvent) {
  return {
    id: e.id,
    summary: e.summary ?? null,
    ...(e.status ? { status: e.status } : {}),
    start: e.start?.dateTime ?? e.start?.date ?? '',
    end: e.end?.dateTime ?? e.end?.date ?? '',
    // Kept so an update of a recurring event can say the zone again.
    time_zone: e.start?.timeZone ?? null,
    all_day: e.start?.date !== undefined,
    location: e.location ?? null,
    description: e.description ?? null,
    organizer: e.organizer?.email ?? null,
    attendees: (e.attendees ?? []).map((a) => ({ email: a.email, ...(a.responseStatus ? { response: a.responseStatus } : {}) })),
    ...(e.htmlLink ? { url: e.htmlLink } : {}),
    ...(e.hangoutLink ? { meet_url: e.hangoutLink } : {}),
    ...(e.recurringEventId ? { recurring_event_id: e.recurringEventId } : {}),
  };
}
