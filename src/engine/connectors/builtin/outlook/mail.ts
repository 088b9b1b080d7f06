/**
 * Outlook mail on Microsoft Graph v1.0: send, list, read with its body, reply.
 * Checked against microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0/api/
 * user-sendmail.md, user-list-messages.md @0273c463, message-get.md @0318ce19 (the body as text
 * with `Prefer: outlook.body-content-type="text"`; Mail.Read, since Mail.ReadBasic leaves the
 * body out), message-reply.md @0f0835cb (`comment` or `message.body`, not both; 202).
 */
import { SwitchboardError } from '../../../../shared/errors.js';
import type { ActionDefinition } from '../../definition.js';
import { EMAIL_ADDRESSES as ADDRESSES } from '../../schema-parts.js';
import { arr, BOOLEAN, obj, page, STRING, STRING_OR_NULL } from '../../output-schema.js';
import { CURSOR, nextLink, odata, pageRequest, recipients, SELECT, TOP } from './graph.js';

const MESSAGE_FIELDS = 'id,subject,from,toRecipients,receivedDateTime,bodyPreview,isRead,hasAttachments,importance,webLink,conversationId';
const MESSAGE_ID = { type: 'string', minLength: 1, maxLength: 500, pattern: '^[A-Za-z0-9_=+/-]+$', description: 'The message id (from list_messages).' } as const;

interface GraphMessage {
  id: string;
  subject?: string;
  from?: { emailAddress?: { name?: string; address?: string } };
  toRecipients?: { emailAddress?: { address?: string } }[];
  ccRecipients?: { emailAddress?: { address?: string } }[];
  receivedDateTime?: string;
  bodyPreview?: string;
  body?: { contentType?: string; content?: string };
  isRead?: boolean;
  hasAttachments?: boolean;
  importance?: string;
  webLink?: string;
  conversationId?: string;
}

const MESSAGE = obj(
  {
    id: STRING,
    subject: STRING_OR_NULL,
    from: STRING_OR_NULL,
    from_name: STRING_OR_NULL,
    to: arr(STRING),
    received: STRING,
    preview: STRING,
    is_read: BOOLEAN,
    has_attachments: BOOLEAN,
    importance: STRING,
    conversation_id: STRING,
    url: STRING,
  },
  ['id', 'subject', 'from', 'to'],
);

function message(m: GraphMessage) {
  return {
    id: m.id,
    subject: m.subject ?? null,
    from: m.from?.emailAddress?.address ?? null,
    from_name: m.from?.emailAddress?.name ?? null,
    to: (m.toRecipients ?? []).map((r) => r.emailAddress?.address ?? ''),
    ...(m.receivedDateTime ? { received: m.receivedDateTime } : {}),
    ...(m.bodyPreview !== undefined ? { preview: m.bodyPreview } : {}),
    ...(m.isRead !== undefined ? { is_read: m.isRead } : {}),
    ...(m.hasAttachments !== undefined ? { has_attachments: m.hasAttachments } : {}),
    ...(m.importance ? { importance: m.importance } : {}),
    ...(m.conversationId ? { conversation_id: m.conversationId } : {}),
    ...(m.webLink ? { url: m.webLink } : {}),
  };
}

export const mailActions: ActionDefinition[] = [
  {
    id: 'send_mail',
    title: 'Send mail',
    description:
      'Send an email from the signed-in mailbox and keep it in Sent Items. Needs `to` (one or more addresses), `subject` and `body`; `content_type` is Text (default) or HTML; `cc` and `bcc` are optional. Returns {sent: true} once Graph accepts it (delivery happens afterwards).',
    kind: 'write',
    destructive: false,
    docs: 'https://learn.microsoft.com/en-us/graph/api/user-sendmail',
    scopes: ['Mail.Send'],
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
    outputSchema: obj({ sent: { const: true }, to: arr(STRING) }),
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
    output: (_body, input) => ({ sent: true, to: input.to as string[] }),
  },
  {
    id: 'list_messages',
    title: 'List messages',
    description:
      'List messages of the mailbox, newest first: id, subject, sender, received time, preview, read state and Outlook link. Narrow with `filter` (OData, e.g. "isRead eq false" or "receivedDateTime ge 2025-05-01T00:00:00Z") or `search` (words or KQL such as "from:ann@example.com", "subject:invoice"); Graph does not allow both at once. Page with `cursor`, given alone.',
    kind: 'read',
    docs: 'https://learn.microsoft.com/en-us/graph/api/user-list-messages',
    scopes: ['Mail.Read'],
    input: {
      type: 'object',
      properties: {
        top: TOP,
        select: SELECT,
        filter: { type: 'string', maxLength: 2000, description: 'OData $filter expression.' },
        search: { type: 'string', maxLength: 1000, description: 'Search words or KQL, without the surrounding quotes.' },
        cursor: CURSOR,
      },
      additionalProperties: false,
    },
    outputSchema: page('messages', MESSAGE),
    request: {
      method: 'GET',
      path: '/me/messages',
      build: (input) =>
        pageRequest(input, '/me/messages', () => {
          if (input.search !== undefined && input.filter !== undefined) {
            throw new SwitchboardError('INVALID_INPUT', 'Give search or filter, not both: Graph cannot combine them on messages.');
          }
          const search = input.search as string | undefined;
          return {
            method: 'GET',
            path: '/me/messages',
            query: {
              ...odata(input, { top: '$top', filter: '$filter' }),
              $select: (input.select as string | undefined) ?? MESSAGE_FIELDS,
              // Graph wants the search term in double quotes; a quote inside is escaped with a backslash.
              ...(search !== undefined ? { $search: `"${search.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` } : {}),
            },
          };
        }),
    },
    output: (body) => ({ messages: ((body as { value?: GraphMessage[] }).value ?? []).map(message), next_cursor: nextLink(body) }),
  },
  {
    id: 'get_message',
    title: 'Get message',
    description: 'Read one message with its body: sender, recipients (to, cc), subject, received time, conversation, and the body as plain text (default) or HTML (`body_type`).',
    kind: 'read',
    docs: 'https://learn.microsoft.com/en-us/graph/api/message-get',
    scopes: ['Mail.Read'],
    input: {
      type: 'object',
      properties: { id: MESSAGE_ID, body_type: { type: 'string', enum: ['text', 'html'], default: 'text', description: 'The body as plain text (default) or HTML.' } },
      required: ['id'],
      additionalProperties: false,
    },
    outputSchema: obj({ ...(MESSAGE.properties ?? {}), cc: arr(STRING), body: STRING, body_type: STRING }, [...(MESSAGE.required ?? []), 'cc', 'body', 'body_type']),
    request: {
      method: 'GET',
      path: '/me/messages/{id}',
      build: (input) => ({
        method: 'GET',
        path: `/me/messages/${encodeURIComponent(input.id as string)}`,
        query: { $select: `${MESSAGE_FIELDS},ccRecipients,body` },
        headers: { Prefer: `outlook.body-content-type="${(input.body_type as string | undefined) ?? 'text'}"` },
      }),
    },
    output: (body) => {
      const m = body as GraphMessage;
      return { ...message(m), cc: (m.ccRecipients ?? []).map((r) => r.emailAddress?.address ?? ''), body: m.body?.content ?? '', body_type: (m.body?.contentType ?? 'text').toLowerCase() };
    },
  },
  {
    id: 'reply',
    title: 'Reply to message',
    description:
      'Reply to a message: to its sender (its Reply-To if set), or with `reply_all` to everyone on it. `comment` is the reply text, above the quoted message; `cc` adds recipients. The reply is kept in Sent Items. Returns {sent: true} once Graph accepts it.',
    kind: 'write',
    destructive: false,
    docs: 'https://learn.microsoft.com/en-us/graph/api/message-reply',
    scopes: ['Mail.Send'],
    input: {
      type: 'object',
      properties: {
        id: MESSAGE_ID,
        comment: { type: 'string', minLength: 1, maxLength: 200_000, description: 'The reply text.' },
        reply_all: { type: 'boolean', description: 'Reply to everyone on the message.' },
        cc: { ...ADDRESSES, description: 'More recipients, in copy.' },
      },
      required: ['id', 'comment'],
      additionalProperties: false,
    },
    outputSchema: obj({ sent: { const: true }, id: STRING }),
    request: {
      method: 'POST',
      path: '/me/messages/{id}/reply',
      build: (input) => ({
        method: 'POST',
        path: `/me/messages/${encodeURIComponent(input.id as string)}/${input.reply_all ? 'replyAll' : 'reply'}`,
        body: { type: 'json', value: { comment: input.comment, ...(input.cc !== undefined ? { message: { ccRecipients: recipients(input.cc) } } : {}) } },
      }),
    },
    output: (_body, input) => ({ sent: true, id: input.id as string }),
  },
];
