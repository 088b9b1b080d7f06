/**
 * Gmail API v1. Sending takes a whole RFC 2822 message, base64url-encoded, so `send_email`
 * builds the MIME text itself. https://developers.google.com/gmail/api/reference/rest
 */
import { defineConnector, type Input } from '../definition.js';
import { EMAIL_ADDRESSES as ADDRESSES, ONE_LINE } from '../schema-parts.js';

/** RFC 2047 encoded-words, one per folded line, for a header that is not plain printable ASCII. */
function encodeHeaderWord(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const words: string[] = [];
  let chunk = '';
  for (const char of value) {
    // 39 bytes of UTF-8 make 52 base64 characters: `Subject: =?UTF-8?B?` + 52 + `?=` stays under 76 (RFC 2047).
    if (Buffer.byteLength(chunk + char, 'utf8') > 39) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

/** A text/plain UTF-8 message; the body goes as base64 in 76-character lines, so any text and line length is safe. */
function buildMimeMessage(input: Input): string {
  const list = (v: unknown) => (v as string[] | undefined)?.join(', ');
  const headers: [string, string | undefined][] = [
    ['To', list(input.to)],
    ['Cc', list(input.cc)],
    ['Bcc', list(input.bcc)],
    ['Subject', encodeHeaderWord(input.subject as string)],
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset="UTF-8"'],
    ['Content-Transfer-Encoding', 'base64'],
  ];
  const text = (input.body as string).replace(/\r?\n/g, '\r\n');
  const body = Buffer.from(text, 'utf8').toString('base64').replace(/.{76}(?=.)/g, '$&\r\n');
  const head = headers.filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`);
  return `${head.join('\r\n')}\r\n\r\n${body}\r\n`;
}

interface GmailPart {
  mimeType?: string;
  headers?: { name: string; value: string }[];
  body?: { data?: string; size?: number };
  parts?: GmailPart[];
}

interface GmailMessage {
  id: string;
  threadId?: string;
  labelIds?: string[];
  snippet?: string;
  internalDate?: string;
  sizeEstimate?: number;
  payload?: GmailPart;
  raw?: string;
}

/** The first part of this MIME type, depth first. */
function findPart(part: GmailPart | undefined, mimeType: string): GmailPart | undefined {
  if (!part) return undefined;
  if (part.mimeType === mimeType && part.body?.data) return part;
  for (const sub of part.parts ?? []) {
    const found = findPart(sub, mimeType);
    if (found) return found;
  }
  return undefined;
}

function decode(data: string | undefined): string | undefined {
  return data === undefined ? undefined : Buffer.from(data, 'base64url').toString('utf8');
}

function summarizeMessage(m: GmailMessage) {
  const header = (name: string) => m.payload?.headers?.find((h) => h.name.toLowerCase() === name)?.value;
  const text = findPart(m.payload, 'text/plain');
  const html = text ? undefined : findPart(m.payload, 'text/html');
  return {
    id: m.id,
    thread_id: m.threadId,
    label_ids: m.labelIds ?? [],
    from: header('from'),
    to: header('to'),
    cc: header('cc'),
    subject: header('subject'),
    date: header('date'),
    snippet: m.snippet,
    internal_date: m.internalDate ? new Date(Number(m.internalDate)).toISOString() : undefined,
    ...(text ? { body_text: decode(text.body?.data) } : {}),
    ...(html ? { body_html: decode(html.body?.data) } : {}),
    ...(m.raw ? { raw: decode(m.raw) } : {}),
  };
}

export const gmail = defineConnector({
  id: 'gmail',
  name: 'Gmail',
  icon: '✉️',
  category: 'email',
  description: 'Send email and search, list and read messages in a Gmail or Google Workspace mailbox.',
  baseUrl: 'https://gmail.googleapis.com/gmail/v1',
  auth: [
    {
      type: 'oauth2',
      authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      scopes: ['https://www.googleapis.com/auth/gmail.send', 'https://www.googleapis.com/auth/gmail.readonly'],
      scopeSeparator: ' ',
      // Without these Google returns no refresh token (and none again on a later consent).
      authorizeParams: { access_type: 'offline', prompt: 'consent' },
      clientSecret: 'optional',
    },
  ],
  // https://developers.google.com/gmail/api/reference/rest/v1/users/getProfile
  test: { method: 'GET', path: '/users/me/profile' },
  actions: [
    {
      id: 'send_email',
      title: 'Send email',
      description:
        'Send a plain-text email from the connected Gmail account. Needs `to` (one or more addresses), `subject` and `body`; `cc` and `bcc` are optional. Non-ASCII subjects and bodies are fine. Returns the sent message id and thread id.',
      kind: 'write',
      docs: 'https://developers.google.com/gmail/api/reference/rest/v1/users.messages/send',
      input: {
        type: 'object',
        properties: {
          to: { ...ADDRESSES, description: 'Recipient addresses, e.g. ["ann@example.com"].' },
          subject: { type: 'string', minLength: 1, maxLength: 900, pattern: ONE_LINE, description: 'The subject line (one line).' },
          body: { type: 'string', maxLength: 200_000, description: 'The message text (plain text).' },
          cc: { ...ADDRESSES, description: 'Copy addresses.' },
          bcc: { ...ADDRESSES, description: 'Blind-copy addresses.' },
        },
        required: ['to', 'subject', 'body'],
        additionalProperties: false,
      },
      request: {
        method: 'POST',
        path: '/users/me/messages/send',
        build: (input) => ({
          method: 'POST',
          path: '/users/me/messages/send',
          body: { type: 'json', value: { raw: Buffer.from(buildMimeMessage(input), 'utf8').toString('base64url') } },
        }),
      },
      output: (body) => {
        const b = body as GmailMessage;
        return { id: b.id, thread_id: b.threadId, label_ids: b.labelIds ?? [] };
      },
    },
    {
      id: 'list_messages',
      title: 'List messages',
      description:
        'List or search messages, newest first. `q` takes Gmail search syntax (e.g. "from:ann@example.com is:unread newer_than:7d"); `labelIds` restricts to labels such as INBOX or UNREAD. Returns message ids and thread ids only: read each with get_message. Page with `pageToken` from the previous answer.',
      kind: 'read',
      docs: 'https://developers.google.com/gmail/api/reference/rest/v1/users.messages/list',
      input: {
        type: 'object',
        properties: {
          q: { type: 'string', maxLength: 2000, description: 'Gmail search query, as in the Gmail search box.' },
          maxResults: { type: 'integer', minimum: 1, maximum: 500, default: 100, description: 'How many messages (at most 500).' },
          pageToken: { type: 'string', maxLength: 500, description: 'The nextPageToken of a previous page.' },
          labelIds: {
            type: 'array',
            maxItems: 20,
            items: { type: 'string', minLength: 1, maxLength: 100 },
            description: 'Only messages with all of these label ids (INBOX, UNREAD, SENT, STARRED, or a user label id).',
          },
          includeSpamTrash: { type: 'boolean', description: 'Include messages from SPAM and TRASH.' },
        },
        additionalProperties: false,
      },
      request: { method: 'GET', path: '/users/me/messages' },
      output: (body) => {
        const b = body as { messages?: { id: string; threadId: string }[]; nextPageToken?: string; resultSizeEstimate?: number };
        return {
          messages: (b.messages ?? []).map((m) => ({ id: m.id, thread_id: m.threadId })),
          next_page_token: b.nextPageToken,
          result_size_estimate: b.resultSizeEstimate,
        };
      },
    },
    {
      id: 'get_message',
      title: 'Get message',
      description:
        'Read one message by id: sender, recipients, subject, date, labels, snippet and the plain-text body (or the HTML body when there is no text part). `format` is full (default), metadata (headers only), minimal or raw (the whole RFC 2822 source).',
      kind: 'read',
      docs: 'https://developers.google.com/gmail/api/reference/rest/v1/users.messages/get',
      input: {
        type: 'object',
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$', description: 'The message id, from list_messages.' },
          format: { type: 'string', enum: ['full', 'metadata', 'minimal', 'raw'], default: 'full' },
          metadataHeaders: {
            type: 'array',
            maxItems: 20,
            items: { type: 'string', minLength: 1, maxLength: 100 },
            description: 'With format=metadata, only these headers (e.g. ["From", "Subject"]).',
          },
        },
        required: ['id'],
        additionalProperties: false,
      },
      request: { method: 'GET', path: '/users/me/messages/{id}' },
      output: (body) => summarizeMessage(body as GmailMessage),
    },
  ],
});
