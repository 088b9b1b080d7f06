/**
 * Outlook calendar on Microsoft Graph v1.0: events (series not expanded), a calendar view of a
 * date range (recurring series expanded into occurrences), and creating an event.
 * Checked against microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0/api/
 * user-list-events.md @0f0835cb, user-list-calendarview.md @04223031 (startDateTime and
 * endDateTime required, read by their own offset, not by Prefer: outlook.timezone),
 * user-post-events.md @007852ac (201; Calendars.ReadWrite; `transactionId` makes a retried create
 * return the same event), resources/event.md.
 */
import { SwitchboardError } from '../../../../shared/errors.js';
import type { ActionDefinition, Input } from '../../definition.js';
import { arr, BOOLEAN, obj, page, STRING, STRING_OR_NULL } from '../../output-schema.js';
import { CURSOR, nextLink, odata, pageRequest, SELECT, TIME_ZONE, TOP, zoneHeader } from './graph.js';

const EVENT_FIELDS = 'id,subject,start,end,isAllDay,location,organizer,attendees,webLink,onlineMeeting,isCancelled,type,seriesMasterId';

interface GraphEvent {
  id: string;
  subject?: string;
  start?: { dateTime?: string; timeZone?: string };
  end?: { dateTime?: string; timeZone?: string };
  isAllDay?: boolean;
  isCancelled?: boolean;
  location?: { displayName?: string };
  organizer?: { emailAddress?: { name?: string; address?: string } };
  attendees?: { emailAddress?: { address?: string }; status?: { response?: string } }[];
  webLink?: string;
  onlineMeeting?: { joinUrl?: string } | null;
  type?: string;
  seriesMasterId?: string | null;
}

const EVENT = obj(
  {
    id: STRING,
    subject: STRING_OR_NULL,
    start: STRING,
    end: STRING,
    time_zone: STRING_OR_NULL,
    all_day: BOOLEAN,
    cancelled: BOOLEAN,
    type: STRING,
    series_master_id: STRING_OR_NULL,
    location: STRING_OR_NULL,
    organizer: STRING_OR_NULL,
    attendees: arr(obj({ email: STRING_OR_NULL, response: STRING_OR_NULL })),
    online_meeting_url: STRING,
    url: STRING,
  },
  ['id', 'subject', 'start', 'end', 'time_zone', 'all_day', 'cancelled', 'location', 'organizer', 'attendees'],
);

function event(e: GraphEvent) {
  return {
    id: e.id,
    subject: e.subject ?? null,
    start: e.start?.dateTime ?? '',
    end: e.end?.dateTime ?? '',
    time_zone: e.start?.timeZone ?? null,
    all_day: e.isAllDay ?? false,
    cancelled: e.isCancelled ?? false,
    ...(e.type ? { type: e.type } : {}),
    ...(e.seriesMasterId !== undefined ? { series_master_id: e.seriesMasterId ?? null } : {}),
    location: e.location?.displayName || null,
    organizer: e.organizer?.emailAddress?.address ?? null,
    attendees: (e.attendees ?? []).map((a) => ({ email: a.emailAddress?.address ?? null, response: a.status?.response ?? null })),
    ...(e.onlineMeeting?.joinUrl ? { online_meeting_url: e.onlineMeeting.joinUrl } : {}),
    ...(e.webLink ? { url: e.webLink } : {}),
  };
}

const eventPage = (body: unknown) => ({ events: ((body as { value?: GraphEvent[] }).value ?? []).map(event), next_cursor: nextLink(body) });

const DATE_TIME = { type: 'string', maxLength: 40, pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?$', description: 'Local date and time, e.g. "2025-05-01T09:00:00", in time_zone.' } as const;
const RANGE_TIME = { type: 'string', format: 'date-time', maxLength: 40, description: 'ISO 8601 with an offset, e.g. "2025-05-01T00:00:00Z" or "2025-05-01T00:00:00+02:00".' } as const;

export const calendarActions: ActionDefinition[] = [
  {
    id: 'list_events',
    title: 'List events',
    description:
      "List events of the signed-in user's calendar: id, subject, start, end, location, organizer, attendees, online-meeting link and Outlook link. A recurring series comes as one event (its series master), not expanded: for what happens in a date range use calendar_view. `filter` and `orderby` take OData; times are UTC unless `time_zone` names another. Page with `cursor` (and time_zone, if any).",
    kind: 'read',
    docs: 'https://learn.microsoft.com/en-us/graph/api/user-list-events',
    scopes: ['Calendars.Read'],
    input: {
      type: 'object',
      properties: {
        top: TOP,
        select: SELECT,
        filter: { type: 'string', maxLength: 2000, description: 'OData $filter expression.' },
        orderby: { type: 'string', maxLength: 200, description: 'OData $orderby, e.g. "start/dateTime desc".' },
        time_zone: TIME_ZONE,
        cursor: CURSOR,
      },
      additionalProperties: false,
    },
    outputSchema: page('events', EVENT),
    request: {
      method: 'GET',
      path: '/me/events',
      build: (input) =>
        pageRequest(
          input,
          '/me/events',
          () => ({ method: 'GET', path: '/me/events', query: { ...odata(input, { top: '$top', filter: '$filter', orderby: '$orderby' }), $select: (input.select as string | undefined) ?? EVENT_FIELDS }, headers: zoneHeader(input) }),
          ['time_zone'],
        ),
    },
    output: eventPage,
  },
  {
    id: 'calendar_view',
    title: 'Calendar view',
    description:
      'What is on the calendar between `start` and `end` (ISO 8601 with offset): single events, and every occurrence of recurring series within the range (type occurrence or exception, with series_master_id), ordered by start. Times come in `time_zone` (default UTC). Page with `cursor` (and time_zone, if any).',
    kind: 'read',
    docs: 'https://learn.microsoft.com/en-us/graph/api/user-list-calendarview',
    scopes: ['Calendars.Read'],
    input: {
      type: 'object',
      properties: { start: RANGE_TIME, end: RANGE_TIME, top: TOP, time_zone: TIME_ZONE, cursor: CURSOR },
      additionalProperties: false,
    },
    outputSchema: page('events', EVENT),
    request: {
      method: 'GET',
      path: '/me/calendarView',
      build: (input: Input) =>
        pageRequest(
          input,
          '/me/calendarView',
          () => {
            if (input.start === undefined || input.end === undefined) throw new SwitchboardError('INVALID_INPUT', 'Give start and end (the range to show), or cursor for the next page.');
            return {
              method: 'GET',
              path: '/me/calendarView',
              query: { startDateTime: input.start as string, endDateTime: input.end as string, ...odata(input, { top: '$top' }), $orderby: 'start/dateTime', $select: EVENT_FIELDS },
              headers: zoneHeader(input),
            };
          },
          ['time_zone'],
        ),
    },
    output: eventPage,
  },
  {
    id: 'create_event',
    title: 'Create event',
    description:
      'Create an event in the signed-in user\'s calendar and send its invitations to the attendees at once. `start` and `end` are local times in `time_zone` (IANA or Windows names, default UTC); `all_day` needs midnight starts and ends. `transaction_id` (any unique string) makes a retried create return the same event instead of a second one. Returns the event.',
    kind: 'write',
    destructive: false,
    docs: 'https://learn.microsoft.com/en-us/graph/api/user-post-events',
    scopes: ['Calendars.ReadWrite'],
    input: {
      type: 'object',
      properties: {
        subject: { type: 'string', minLength: 1, maxLength: 255, description: 'The event title.' },
        body: { type: 'string', maxLength: 100_000, description: 'Notes (HTML allowed).' },
        start: DATE_TIME,
        end: DATE_TIME,
        time_zone: { ...TIME_ZONE, description: 'The zone of start and end, e.g. "Europe/Paris" (default UTC).' },
        location: { type: 'string', maxLength: 255 },
        attendees: { type: 'array', maxItems: 100, items: { type: 'string', format: 'email', maxLength: 254 }, description: 'Guest addresses, invited as required attendees.' },
        all_day: { type: 'boolean' },
        online_meeting: { type: 'boolean', description: 'Add a Teams meeting link.' },
        transaction_id: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$', description: 'A unique id for this create, so a retry does not make a second event.' },
      },
      required: ['subject', 'start', 'end'],
      additionalProperties: false,
    },
    outputSchema: EVENT,
    request: {
      method: 'POST',
      path: '/me/events',
      build: (input) => {
        const zone = (input.time_zone as string | undefined) ?? 'UTC';
        return {
          method: 'POST',
          path: '/me/events',
          headers: zoneHeader(input),
          body: {
            type: 'json',
            value: {
              subject: input.subject,
              ...(input.body !== undefined ? { body: { contentType: 'HTML', content: input.body } } : {}),
              start: { dateTime: input.start, timeZone: zone },
              end: { dateTime: input.end, timeZone: zone },
              ...(input.location !== undefined ? { location: { displayName: input.location } } : {}),
              ...(input.attendees !== undefined ? { attendees: (input.attendees as string[]).map((address) => ({ emailAddress: { address }, type: 'required' })) } : {}),
              ...(input.all_day !== undefined ? { isAllDay: input.all_day } : {}),
              ...(input.online_meeting ? { isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' } : {}),
              ...(input.transaction_id !== undefined ? { transactionId: input.transaction_id } : {}),
            },
          },
        };
      },
    },
    output: (body) => event(body as GraphEvent),
  },
];
