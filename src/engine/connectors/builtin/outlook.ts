/**
 * Outlook mail and calendar through the Microsoft Graph REST API v1.0.
 * https://learn.microsoft.com/en-us/graph/api/resources/mail-api-overview
 * Graph's OData query options are named `$top`, `$select`…: inputs use the plain names and
 * build() adds the `$`.
 */
import { SwitchboardError } from '../../../shared/errors.js';
import { EMAIL_ADDRESSES as ADDRESSES } from '../schema-parts.js';
import { defineConnector, type Input, type QueryValue } from '../definition.js';

const SELECT = {
  type: 'string',
  maxLength: 1000,
  pattern: '^[A-Za-z0-9_/]+(,[A-Za-z0-9_/]+)*$',
  description: 'Comma-separated properties to return instead of the usual ones.',
} as const;
const TOP = { type: 'integer', minimum: 1, maximum: 1000, default: 10, description: 'How many items (at most 1000).' } as const;
const SKIP = { type: 'integer', minimum: 0, maximum: 1_000_000, description: 'Skip this many items: the next_skip of a previous page.' } as const;

const MESSAGE_FIELDS = 'id,subject,from,toRecipients,receivedDateTime,bodyPreview,isRead,hasAttachments,importance,webLink,conversationId';
const EVENT_FIELDS = 'id,subject,start,end,isAllDay,location,organizer,attendees,webLink,onlineMeeting,isCancelled';

function recipients(list: unknown) {
  return ((list as string[] | undefined) ?? []).map((address) => ({ emailAddress: { address } }));
}

/** OData query options from plain input names; undefined ones are left out. */
function odata(input: Input, names: Record<string, string>): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {};
  for (const [field, option] of Object.entries(names)) if (input[field] !== undefined) query[option] = input[field] as QueryValue;
  return query;
}

/** Where the next page starts, from `@odata.nextLink` (mail pages by `$skip`, search by `$skiptoken`). */
function nextPage(body: Record<string, unknown>) {
  const link = body['@odata.nextLink'];
  if (typeof link !== 'string') return {};
  const params = new URL(link).searchParams;
  const skip = params.get('$skip');
  const skiptoken = params.get('$skiptoken');
  return { ...(skip !== null ? { next_skip: Number(skip) } : {}), ...(skiptoken !== null ? { next_skiptoken: skiptoken } : {}) };
}

interface GraphMessage {
  id: string;
  subject?: string;
  from?: { emailAddress?: { name?: string; address?: string } };
  toRecipients?: { emailAddress?: { address?: string } }[];
  receivedDateTime?: string;
  bodyPreview?: string;
  isRead?: boolean;
  hasAttachments?: boolean;
  importance?: string;
  webLink?: string;
  conversationId?: string;
}

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
}

export const outlook = defineConnector({
  id: 'outlook',
  name: 'Outlook',
  icon: '📧',
  category: 'email',
  description: 'Send mail, read messages and list calendar events in Outlook / Microsoft 365 through Microsoft Graph.',
  baseUrl: 'https://graph.microsoft.com/v1.0',
  auth: [
    {
      type: 'oauth2',
      authorizeUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
      tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
      // User.Read for GET /me, the connection test.
      scopes: ['offline_access', 'User.Read', 'Mail.Read', 'Mail.Send', 'Calendars.Read'],
      scopeSeparator: ' ',
      clientSecret: 'none',
    },
    { type: 'bearer', label: 'Microsoft Graph access token' },
  ],
  // https://learn.microsoft.com/en-us/graph/api/user-get
  test: { method: 'GET', path: '/me' },
  actions: [
    {
      id: 'send_mail',
      title: 'Send mail',
      description:
        'Send an email from the signed-in mailbox and keep it in Sent Items. Needs `to` (one or more addresses), `subject` and `body`; `content_type` is Text (default) or HTML; `cc` and `bcc` are optional. Returns {sent: true} once Graph accepts it (delivery happens afterwards).',
      kind: 'write',
      docs: 'https://learn.microsoft.com/en-us/graph/api/user-sendmail',
      input: {
        type: 'object',
        properties: {
          to: { ...ADDRESSES, description: 'Recipient addresses, e.g. ["ann@example.com"].' },
          subject: { type: 'string', maxLength: 900, pattern: '^[^\\r\\n]*$', description: 'The subject line.' },
          body: { type: 'string', maxLength: 200_000, description: 'The message content, plain text or HTML per content_type.' },
          content_type: { type: 'string', enum: ['Text', 'HTML'], default: 'Text' },
          cc: { ...ADDRESSES, description: 'Copy addresses.' },
          bcc: { ...ADDRESSES, description: 'Blind-copy addresses.' },
        },
        required: ['to', 'subject', 'body'],
        additionalProperties: false,
      },
      request: {
        method: 'POST',
        path: '/me/sendMail',
        build: (input) => ({
          method: 'POST',
          path: '/me/sendMail',
          body: {
            type: 'json',
            value: {
              message: {
                subject: input.subject,
                body: { contentType: (input.content_type as string | undefined) ?? 'Text', content: input.body },
                toRecipients: recipients(input.to),
                ...(input.cc !== undefined ? { ccRecipients: recipients(input.cc) } : {}),
                ...(input.bcc !== undefined ? { bccRecipients: recipients(input.bcc) } : {}),
              },
              saveToSentItems: true,
            },
          },
        }),
      },
      output: (_body, input) => ({ sent: true, to: input.to }),
    },
    {
      id: 'list_messages',
      title: 'List messages',
      description:
        'List messages of the mailbox, newest first: id, subject, sender, received time, preview, read state and Outlook link. Narrow with `filter` (OData, e.g. "isRead eq false" or "receivedDateTime ge 2025-05-01T00:00:00Z") or `search` (words or KQL such as "from:ann@example.com", "subject:invoice"); Graph does not allow both at once. Page with `skip` (or `skiptoken` after a search) from the previous answer.',
      kind: 'read',
      docs: 'https://learn.microsoft.com/en-us/graph/api/user-list-messages',
      input: {
        type: 'object',
        properties: {
          top: TOP,
          skip: SKIP,
          skiptoken: { type: 'string', maxLength: 2000, description: 'The next_skiptoken of a previous search page.' },
          select: SELECT,
          filter: { type: 'string', maxLength: 2000, description: 'OData $filter expression.' },
          search: { type: 'string', maxLength: 1000, description: 'Search words or KQL, without the surrounding quotes.' },
        },
        additionalProperties: false,
      },
      request: {
        method: 'GET',
        path: '/me/messages',
        build: (input) => {
          if (input.search !== undefined && input.filter !== undefined) {
            throw new SwitchboardError('INVALID_INPUT', 'Give search or filter, not both: Graph cannot combine them on messages.');
          }
          const search = input.search as string | undefined;
          return {
            method: 'GET',
            path: '/me/messages',
            query: {
              ...odata(input, { top: '$top', skip: '$skip', skiptoken: '$skiptoken', filter: '$filter' }),
              $select: (input.select as string | undefined) ?? MESSAGE_FIELDS,
              // Graph wants the search term in double quotes; a quote inside is escaped with a backslash.
              ...(search !== undefined ? { $search: `"${search.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` } : {}),
            },
          };
        },
      },
      output: (body) => {
        const b = body as { value?: GraphMessage[] } & Record<string, unknown>;
        return {
          messages: (b.value ?? []).map((m) => ({
            id: m.id,
            subject: m.subject,
            from: m.from?.emailAddress?.address,
            from_name: m.from?.emailAddress?.name,
            to: (m.toRecipients ?? []).map((r) => r.emailAddress?.address),
            received: m.receivedDateTime,
            preview: m.bodyPreview,
            is_read: m.isRead,
            has_attachments: m.hasAttachments,
            importance: m.importance,
            conversation_id: m.conversationId,
            url: m.webLink,
          })),
          ...nextPage(b),
        };
      },
    },
    {
      id: 'list_events',
      title: 'List events',
      description:
        'List events of the signed-in user\'s calendar: id, subject, start, end, location, organizer, attendees, online-meeting link and Outlook link. Recurring series come as one event each (not expanded). `filter` and `orderby` take OData, e.g. "start/dateTime ge \'2025-05-01T00:00:00\'" and "start/dateTime"; times are UTC unless `time_zone` names another. Page with `skip`.',
      kind: 'read',
      docs: 'https://learn.microsoft.com/en-us/graph/api/user-list-events',
      input: {
        type: 'object',
        properties: {
          top: TOP,
          skip: SKIP,
          select: SELECT,
          filter: { type: 'string', maxLength: 2000, description: 'OData $filter expression.' },
          orderby: { type: 'string', maxLength: 200, description: 'OData $orderby, e.g. "start/dateTime desc".' },
          time_zone: {
            type: 'string',
            maxLength: 64,
            pattern: '^[A-Za-z0-9_+/ -]+$',
            description: 'Time zone for start and end, e.g. "Europe/Paris" or "Pacific Standard Time".',
          },
        },
        additionalProperties: false,
      },
      request: {
        method: 'GET',
        path: '/me/events',
        build: (input) => ({
          method: 'GET',
          path: '/me/events',
          query: {
            ...odata(input, { top: '$top', skip: '$skip', filter: '$filter', orderby: '$orderby' }),
            $select: (input.select as string | undefined) ?? EVENT_FIELDS,
          },
          ...(input.time_zone !== undefined ? { headers: { Prefer: `outlook.timezone="${input.time_zone as string}"` } } : {}),
        }),
      },
      output: (body) => {
        const b = body as { value?: GraphEvent[] } & Record<string, unknown>;
        return {
          events: (b.value ?? []).map((e) => ({
            id: e.id,
            subject: e.subject,
            start: e.start?.dateTime,
            end: e.end?.dateTime,
            time_zone: e.start?.timeZone,
            all_day: e.isAllDay ?? false,
            cancelled: e.isCancelled ?? false,
            location: e.location?.displayName || undefined,
            organizer: e.organizer?.emailAddress?.address,
            attendees: (e.attendees ?? []).map((a) => ({ email: a.emailAddress?.address, response: a.status?.response })),
            online_meeting_url: e.onlineMeeting?.joinUrl,
            url: e.webLink,
          })),
          ...nextPage(b),
        };
      },
    },
  ],
});
