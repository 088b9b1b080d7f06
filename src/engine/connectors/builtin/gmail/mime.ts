/**
 * Gmail takes a whole RFC 2822 message, base64url-encoded (`raw`), to send or to save as a draft;
 * and gives back messages as a tree of MIME parts. Building the one and reading the other.
 * A reply stays in its thread only when it carries `threadId`, `In-Reply-To` and `References`
 * naming the message replied to, and the same subject (discovery document gmail/v1
 * gmail-api.json, revision 20210111, #schemas.Message.threadId).
 */
import type { Input } from '../../definition.js';
import { arr, obj, STRING, STRING_OR_NULL } from '../../output-schema.js';

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

/**
 * A text/plain UTF-8 message; the body goes as base64 in 76-character lines, so any text and line
 * length is safe. `in_reply_to` and `references` (Message-IDs) thread it as a reply.
 */
export function buildMimeMessage(input: Input): string {
  const list = (v: unknown) => (v as string[] | undefined)?.join(', ');
  const inReplyTo = input.in_reply_to as string | undefined;
  const references = inReplyTo ? [...((input.references as string | undefined)?.split(/\s+/).filter(Boolean) ?? []), inReplyTo].join(' ') : undefined;
  const headers: [string, string | undefined][] = [
    ['To', list(input.to)],
    ['Cc', list(input.cc)],
    ['Bcc', list(input.bcc)],
    ['Subject', encodeHeaderWord(input.subject as string)],
    ['In-Reply-To', inReplyTo],
    ['References', references],
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset="UTF-8"'],
    ['Content-Transfer-Encoding', 'base64'],
  ];
  const text = (input.body as string).replace(/\r?\n/g, '\r\n');
  const body = Buffer.from(text, 'utf8').toString('base64').replace(/.{76}(?=.)/g, '$&\r\n');
  const head = headers.filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`);
  return `${head.join('\r\n')}\r\n\r\n${body}\r\n`;
}

export const raw = (input: Input): string => Buffer.from(buildMimeMessage(input), 'utf8').toString('base64url');

interface GmailPart {
  mimeType?: string;
  headers?: { name: string; value: string }[];
  body?: { data?: string; size?: number };
  parts?: GmailPart[];
}

export interface GmailMessage {
  id: string;
  threadId?: string;
  labelIds?: string[];
  snippet?: string;
  internalDate?: string;
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

export const MESSAGE = obj(
  {
    id: STRING,
    thread_id: STRING,
    label_ids: arr(STRING),
    from: STRING_OR_NULL,
    to: STRING_OR_NULL,
    cc: STRING_OR_NULL,
    reply_to: STRING_OR_NULL,
    subject: STRING_OR_NULL,
    date: STRING_OR_NULL,
    rfc822_message_id: STRING_OR_NULL,
    references: STRING_OR_NULL,
    snippet: STRING,
    internal_date: STRING,
    body_text: STRING,
    body_html: STRING,
    raw: STRING,
  },
  ['id', 'thread_id', 'label_ids'],
);

export function summarizeMessage(m: GmailMessage) {
  const header = (name: string) => m.payload?.headers?.find((h) => h.name.toLowerCase() === name)?.value ?? null;
  const text = findPart(m.payload, 'text/plain');
  const html = text ? undefined : findPart(m.payload, 'text/html');
  return {
    id: m.id,
    thread_id: m.threadId ?? m.id,
    label_ids: m.labelIds ?? [],
    from: header('from'),
    to: header('to'),
    cc: header('cc'),
    reply_to: header('reply-to'),
    subject: header('subject'),
    date: header('date'),
    rfc822_message_id: header('message-id'),
    references: header('references'),
    ...(m.snippet !== undefined ? { snippet: m.snippet } : {}),
    ...(m.internalDate ? { internal_date: new Date(Number(m.internalDate)).toISOString() } : {}),
    ...(text ? { body_text: decode(text.body?.data) } : {}),
    ...(html ? { body_html: decode(html.body?.data) } : {}),
    ...(m.raw ? { raw: decode(m.raw) } : {}),
  };
}
