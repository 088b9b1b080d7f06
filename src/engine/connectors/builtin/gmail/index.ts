/**
 * Gmail API v1. https://developers.google.com/gmail/api/reference/rest
 * Checked against Google's discovery document gmail/v1/gmail-api.json (revision 20210111, as
 * vendored by googleapis/google-api-go-client @1d14839d): users.messages.{send,list,get,modify},
 * users.threads.get, users.drafts.create, users.labels.list, and each method's scopes (the least
 * that suffices is asked: send for sending, readonly for reading, compose for drafts, modify for
 * labels). Paging: `pageToken` in, `nextPageToken` out. Rate limits: see ../google.ts.
 */
import { defineConnector, type ActionDefinition } from '../../definition.js';
import { EMAIL_ADDRESSES as ADDRESSES, ONE_LINE } from '../../schema-parts.js';
import { arr, cursorOrNull, INTEGER, obj, page, STRING, STRING_OR_NULL } from '../../output-schema.js';
import { googleOAuth, googleRateLimit } from '../google.js';
import { MESSAGE, raw, summarizeMessage, type GmailMessage } from './mime.js';

const SCOPE = (s: string) => `https://www.googleapis.com/auth/gmail.${s}`;
const ID = { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' } as const;
const MESSAGE_ID = { type: 'string', minLength: 3, maxLength: 998, pattern: '^<[^<>\\s]+>$', description: 'A Message-ID header value, e.g. "<CAF123@mail.gmail.com>".' } as const;
const SUBJECT = { type: 'string', minLength: 1, maxLength: 900, pattern: ONE_LINE, description: 'The subject line (one line).' } as const;
const BODY = { type: 'string', maxLength: 200_000, description: 'The message text (plain text).' } as const;
const LABEL_IDS = { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' } } as const;
const SENT = obj({ id: STRING, thread_id: STRING, label_ids: arr(STRING) });
const sent = (body: unknown) => {
  const b = body as GmailMessage;
  return { id: b.id, thread_id: b.threadId ?? b.id, label_ids: b.labelIds ?? [] };
};

const actions: ActionDefinition[] = [
  {
    id: 'send_email',
    title: 'Send email',
    description:
      'Send a plain-text email from the connected Gmail account. Needs `to` (one or more addresses), `subject` and `body`; `cc` and `bcc` are optional. Non-ASCII subjects and bodies are fine. Returns the sent message id and thread id. To answer a message in its thread, use reply.',
    kind: 'write',
    destructive: false,
    docs: 'https://developers.google.com/gmail/api/reference/rest/v1/users.messages/send',
    scopes: [SCOPE('send')],
    input: {
      type: 'object',
      properties: {
        to: { ...ADDRESSES, description: 'Recipient addresses, e.g. ["ann@example.com"].' },
        subject: SUBJECT,
        body: BODY,
        cc: { ...ADDRESSES, description: 'Copy addresses.' },
        bcc: { ...ADDRESSES, description: 'Blind-copy addresses.' },
      },
      required: ['to', 'subject', 'body'],
      additionalProperties: false,
    },
    outputSchema: SENT,
    request: { method: 'POST', path: '/users/me/messages/send', build: (input) => ({ method: 'POST', path: '/users/me/messages/send', body: { type: 'json', value: { raw: raw(input) } } }) },
    output: sent,
  },
  {
    id: 'reply',
    title: 'Reply in thread',
    description:
      'Reply to a message, in its thread. Take from get_message (or get_thread) of the message replied to: `thread_id`, `in_reply_to` (its rfc822_message_id), `references` (its references, if any), `subject` (its subject; "Re: " is added when missing) and `to` (its reply_to, else its from). Gmail keeps the reply in the thread only when all of these match.',
    kind: 'write',
    destructive: false,
    docs: 'https://developers.google.com/gmail/api/guides/sending#sending_messages_as_replies',
    scopes: [SCOPE('send')],
    input: {
      type: 'object',
      properties: {
        thread_id: { ...ID, description: 'The thread id of the message replied to.' },
        in_reply_to: { ...MESSAGE_ID, description: 'The rfc822_message_id of the message replied to.' },
        references: { type: 'string', maxLength: 8000, pattern: '^(<[^<>\\s]+>\\s*)*$', description: 'The references of the message replied to.' },
        to: ADDRESSES,
        cc: ADDRESSES,
        subject: SUBJECT,
        body: BODY,
      },
      required: ['thread_id', 'in_reply_to', 'to', 'subject', 'body'],
      additionalProperties: false,
    },
    outputSchema: SENT,
    request: {
      method: 'POST',
      path: '/users/me/messages/send',
      build: (input) => {
        const subject = /^re:/i.test(input.subject as string) ? (input.subject as string) : `Re: ${input.subject as string}`;
        return { method: 'POST', path: '/users/me/messages/send', body: { type: 'json', value: { raw: raw({ ...input, subject }), threadId: input.thread_id } } };
      },
    },
    output: sent,
  },
  {
    id: 'create_draft',
    title: 'Create draft',
    description: 'Save a plain-text email as a draft in the connected account, to review and send from Gmail. Same fields as send_email; `thread_id` with `in_reply_to` makes it a reply draft. Returns the draft id and its message id.',
    kind: 'write',
    destructive: false,
    docs: 'https://developers.google.com/gmail/api/reference/rest/v1/users.drafts/create',
    scopes: [SCOPE('compose')],
    input: {
      type: 'object',
      properties: {
        to: ADDRESSES,
        subject: SUBJECT,
        body: BODY,
        cc: ADDRESSES,
        bcc: ADDRESSES,
        thread_id: ID,
        in_reply_to: MESSAGE_ID,
      },
      required: ['to', 'subject', 'body'],
      additionalProperties: false,
    },
    outputSchema: obj({ id: STRING, message_id: STRING, thread_id: STRING, label_ids: arr(STRING) }),
    request: {
      method: 'POST',
      path: '/users/me/drafts',
      build: (input) => ({ method: 'POST', path: '/users/me/drafts', body: { type: 'json', value: { message: { raw: raw(input), ...(input.thread_id ? { threadId: input.thread_id } : {}) } } } }),
    },
    output: (body) => {
      const b = body as { id: string; message?: GmailMessage };
      return { id: b.id, message_id: b.message?.id ?? '', thread_id: b.message?.threadId ?? '', label_ids: b.message?.labelIds ?? [] };
    },
  },
  {
    id: 'list_messages',
    title: 'List messages',
    description:
      'List or search messages, newest first. `q` takes Gmail search syntax (e.g. "from:ann@example.com is:unread newer_than:7d"); `labelIds` restricts to labels such as INBOX or UNREAD. Returns message ids and thread ids only: read each with get_message. Page with `cursor`.',
    kind: 'read',
    docs: 'https://developers.google.com/gmail/api/reference/rest/v1/users.messages/list',
    scopes: [SCOPE('readonly')],
    input: {
      type: 'object',
      properties: {
        q: { type: 'string', maxLength: 2000, description: 'Gmail search query, as in the Gmail search box.' },
        maxResults: { type: 'integer', minimum: 1, maximum: 500, default: 100, description: 'How many messages (at most 500).' },
        cursor: { type: 'string', minLength: 1, maxLength: 500, description: 'The next_cursor of a previous page.' },
        labelIds: { ...LABEL_IDS, maxItems: 20, description: 'Only messages with all of these label ids (INBOX, UNREAD, SENT, STARRED, or a user label id).' },
        includeSpamTrash: { type: 'boolean', description: 'Include messages from SPAM and TRASH.' },
      },
      additionalProperties: false,
    },
    outputSchema: page('messages', obj({ id: STRING, thread_id: STRING }), { result_size_estimate: INTEGER }, ['result_size_estimate']),
    request: {
      method: 'GET',
      path: '/users/me/messages',
      build: ({ cursor, ...rest }) => ({ method: 'GET', path: '/users/me/messages', query: { ...(rest as Record<string, string>), pageToken: cursor as string | undefined } }),
    },
    output: (body) => {
      const b = body as { messages?: { id: string; threadId: string }[]; nextPageToken?: string; resultSizeEstimate?: number };
      return { messages: (b.messages ?? []).map((m) => ({ id: m.id, thread_id: m.threadId })), result_size_estimate: b.resultSizeEstimate ?? 0, next_cursor: cursorOrNull(b.nextPageToken) };
    },
  },
  {
    id: 'get_message',
    title: 'Get message',
    description:
      'Read one message by id: sender, recipients, subject, date, labels, snippet, its Message-ID and References (for reply), and the plain-text body (or the HTML body when there is no text part). `format` is full (default), metadata (headers only), minimal or raw (the whole RFC 2822 source).',
    kind: 'read',
    docs: 'https://developers.google.com/gmail/api/reference/rest/v1/users.messages/get',
    scopes: [SCOPE('readonly')],
    input: {
      type: 'object',
      properties: {
        id: { ...ID, description: 'The message id, from list_messages.' },
        format: { type: 'string', enum: ['full', 'metadata', 'minimal', 'raw'], default: 'full' },
        metadataHeaders: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 100 }, description: 'With format=metadata, only these headers (e.g. ["From", "Subject"]).' },
      },
      required: ['id'],
      additionalProperties: false,
    },
    outputSchema: MESSAGE,
    request: { method: 'GET', path: '/users/me/messages/{id}' },
    output: (body) => summarizeMessage(body as GmailMessage),
  },
  {
    id: 'get_thread',
    title: 'Get thread',
    description: 'Read a whole conversation by thread id: every message, oldest first, each as get_message gives it. `format` is full (default), metadata or minimal.',
    kind: 'read',
    docs: 'https://developers.google.com/gmail/api/reference/rest/v1/users.threads/get',
    scopes: [SCOPE('readonly')],
    input: {
      type: 'object',
      properties: {
        id: { ...ID, description: 'The thread id (a message\'s thread_id).' },
        format: { type: 'string', enum: ['full', 'metadata', 'minimal'], default: 'full' },
        metadataHeaders: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 100 } },
      },
      required: ['id'],
      additionalProperties: false,
    },
    outputSchema: obj({ id: STRING, snippet: STRING_OR_NULL, messages: arr(MESSAGE) }),
    request: { method: 'GET', path: '/users/me/threads/{id}' },
    output: (body) => {
      const b = body as { id: string; snippet?: string; messages?: GmailMessage[] };
      return { id: b.id, snippet: b.snippet ?? null, messages: (b.messages ?? []).map(summarizeMessage) };
    },
  },
  {
    id: 'modify_labels',
    title: 'Modify labels',
    description:
      'Add and remove labels on a message: remove UNREAD to mark it read, remove INBOX to archive it, add STARRED, IMPORTANT or a user label id (from list_labels). DRAFT and SENT cannot be changed. Returns the labels it now has.',
    kind: 'write',
    destructive: true,
    idempotent: true,
    docs: 'https://developers.google.com/gmail/api/reference/rest/v1/users.messages/modify',
    scopes: [SCOPE('modify')],
    input: {
      type: 'object',
      properties: { id: { ...ID, description: 'The message id.' }, addLabelIds: LABEL_IDS, removeLabelIds: LABEL_IDS },
      required: ['id'],
      minProperties: 2,
      additionalProperties: false,
    },
    outputSchema: SENT,
    request: { method: 'POST', path: '/users/me/messages/{id}/modify', body: 'json' },
    output: sent,
  },
  {
    id: 'list_labels',
    title: 'List labels',
    description: 'List the labels of the mailbox: id (use it in modify_labels and list_messages), name and whether a system or user label.',
    kind: 'read',
    docs: 'https://developers.google.com/gmail/api/reference/rest/v1/users.labels/list',
    unpaged: 'users.labels.list returns every label at once',
    scopes: [SCOPE('readonly')],
    input: { type: 'object', properties: {}, additionalProperties: false },
    outputSchema: obj({ labels: arr(obj({ id: STRING, name: STRING, type: STRING }, ['id', 'name'])) }),
    request: { method: 'GET', path: '/users/me/labels' },
    output: (body) => ({ labels: ((body as { labels?: { id: string; name: string; type?: string }[] }).labels ?? []).map((l) => ({ id: l.id, name: l.name, ...(l.type ? { type: l.type } : {}) })) }),
  },
];

export const gmail = defineConnector({
  id: 'gmail',
  name: 'Gmail',
  icon: 'gmail',
  category: 'email',
  description: 'Send, reply to and draft email, search and read messages and threads, and label them in a Gmail or Google Workspace mailbox.',
  baseUrl: 'https://gmail.googleapis.com/gmail/v1',
  auth: [googleOAuth(actions)],
  // https://developers.google.com/gmail/api/reference/rest/v1/users/getProfile (needs a read scope, not gmail.send)
  test: { method: 'GET', path: '/users/me/profile' },
  rateLimit: googleRateLimit,
  actions,
});
