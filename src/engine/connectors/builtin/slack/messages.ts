/**
 * Slack messages: post, update, react, and read a channel's history or a thread.
 * Checked against slack_web_openapi_v2.json (1.7.0) #/paths/{chat.postMessage, chat.update,
 * reactions.add, conversations.history, conversations.replies} and @slack/web-api 8.0.0
 * types/request/{chat,reactions,conversations}.ts.
 */
import type { ActionDefinition } from '../../definition.js';
import { BOOLEAN, cursorOrNull, INTEGER, obj, page, STRING, STRING_OR_NULL } from '../../output-schema.js';

export const CHANNEL = { type: 'string', title: 'Channel', examples: ['C0123ABCD', '#general'], minLength: 1, maxLength: 255, description: 'Channel ID (C0123…, G…, D…) or, to post, a name (#general).' } as const;
export const CHANNEL_ID = { type: 'string', title: 'Channel', examples: ['C0123ABCD'], minLength: 1, maxLength: 32, pattern: '^[CGD][A-Z0-9]{2,31}$', description: 'Conversation ID (C0123…, G…, D…).' } as const;
export const TS = { type: 'string', title: 'Message timestamp', examples: ['1700000000.000100'], maxLength: 32, pattern: '^\\d+\\.\\d+$', description: 'A message timestamp, e.g. "1700000000.000100".' } as const;
const CURSOR = { type: 'string', minLength: 1, maxLength: 500, description: 'The next_cursor of a previous page.' } as const;
const HISTORY_SCOPES = ['channels:history', 'groups:history', 'im:history', 'mpim:history'];

/**
 * Since 2025-05-29, new installs of commercially distributed apps outside the Slack Marketplace
 * get 1 history request a minute and at most 15 messages each (existing installs from
 * 2026-03-03); internal and Marketplace apps keep Tier 3. docs.slack.dev
 * reference/methods/conversations.history and .replies; changelog 2025-05 rate-limit update.
 */
const HISTORY_LIMIT_NOTE =
  'Apps distributed outside the Slack Marketplace get one call a minute and at most 15 messages per page (Slack, 2025); the default page is 15 for that reason. A rate-limited call says when to try again.';

interface SlackMessage {
  ts: string;
  user?: string;
  bot_id?: string;
  text?: string;
  subtype?: string;
  thread_ts?: string;
  reply_count?: number;
}

const MESSAGE = obj(
  { ts: STRING, user: STRING_OR_NULL, text: STRING, thread_ts: STRING, reply_count: INTEGER, subtype: STRING },
  ['ts', 'user', 'text'],
);

function message(m: SlackMessage) {
  return {
    ts: m.ts,
    user: m.user ?? null,
    text: m.text ?? '',
    ...(m.thread_ts !== undefined ? { thread_ts: m.thread_ts } : {}),
    ...(m.reply_count !== undefined ? { reply_count: m.reply_count } : {}),
    ...(m.subtype !== undefined ? { subtype: m.subtype } : {}),
  };
}

function messagePage(body: unknown) {
  const b = body as { messages?: SlackMessage[]; has_more?: boolean; response_metadata?: { next_cursor?: string } };
  return { messages: (b.messages ?? []).map(message), has_more: b.has_more ?? false, next_cursor: cursorOrNull(b.response_metadata?.next_cursor) };
}

const POSTED = obj({ channel: STRING, ts: STRING, text: STRING });

function posted(body: unknown) {
  const b = body as { channel?: string; ts?: string; text?: string; message?: { text?: string } };
  return { channel: b.channel ?? '', ts: b.ts ?? '', text: b.message?.text ?? b.text ?? '' };
}

export const messageActions: ActionDefinition[] = [
  {
    id: 'send_message',
    title: 'Send message',
    description:
      'Post a message to a Slack channel, private group or DM as the connected user or bot. `channel` is a channel ID (C…) or name; `text` is the message (Slack mrkdwn); `thread_ts` replies in a thread. Returns the channel and the message timestamp `ts`.',
    kind: 'write',
    destructive: false,
    docs: 'https://docs.slack.dev/reference/methods/chat.postMessage',
    scopes: ['chat:write'],
    input: {
      type: 'object',
      properties: {
        channel: CHANNEL,
        text: { type: 'string', title: 'Message text', minLength: 1, maxLength: 40000, description: 'The message text (Slack truncates at 40,000 characters).' },
        thread_ts: { ...TS, title: 'Thread', description: 'Reply in the thread of this message timestamp.' },
        reply_broadcast: { type: 'boolean', title: 'Also post to the channel', description: 'With thread_ts: also show the reply in the channel.' },
      },
      required: ['channel', 'text'],
      additionalProperties: false,
    },
    outputSchema: POSTED,
    request: { method: 'POST', path: '/chat.postMessage', body: 'json' },
    output: posted,
  },
  {
    id: 'update_message',
    title: 'Update message',
    description:
      "Replace the text of a message the connected user or bot posted. Needs the `channel` ID and the message's `ts`; the new `text` replaces the old one entirely. Returns the channel, ts and new text.",
    kind: 'write',
    destructive: true,
    idempotent: true,
    docs: 'https://docs.slack.dev/reference/methods/chat.update',
    scopes: ['chat:write'],
    input: {
      type: 'object',
      properties: { channel: CHANNEL_ID, ts: TS, text: { type: 'string', title: 'Message text', minLength: 1, maxLength: 40000, description: 'The new message text.' } },
      required: ['channel', 'ts', 'text'],
      additionalProperties: false,
    },
    outputSchema: POSTED,
    request: { method: 'POST', path: '/chat.update', body: 'json' },
    output: posted,
  },
  {
    id: 'add_reaction',
    title: 'Add reaction',
    description:
      'Add an emoji reaction to a message. `name` is the emoji name without colons ("thumbsup", "white_check_mark"); `timestamp` is the message ts. Adding one that is there already is not an error (`already_reacted: true`).',
    kind: 'write',
    destructive: false,
    idempotent: true,
    docs: 'https://docs.slack.dev/reference/methods/reactions.add',
    scopes: ['reactions:write'],
    input: {
      type: 'object',
      properties: {
        channel: CHANNEL_ID,
        timestamp: { ...TS, description: 'The ts of the message to react to.' },
        name: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[a-z0-9_+\\-\']+(::skin-tone-[2-6])?$', description: 'Emoji name without colons.' },
      },
      required: ['channel', 'timestamp', 'name'],
      additionalProperties: false,
    },
    outputSchema: obj({ ok: { const: true }, already_reacted: BOOLEAN }),
    request: { method: 'POST', path: '/reactions.add', body: 'json' },
    output: (body) => ({ ok: true, already_reacted: (body as { error?: string }).error === 'already_reacted' }),
  },
  {
    id: 'channel_history',
    title: 'Read channel history',
    description: `Read the messages of a conversation, newest first: user, text, timestamp, and the thread of each (reply_count, thread_ts). Narrow with \`oldest\`/\`latest\` (timestamps); page with \`cursor\`. ${HISTORY_LIMIT_NOTE}`,
    kind: 'read',
    docs: 'https://docs.slack.dev/reference/methods/conversations.history',
    scopes: HISTORY_SCOPES,
    scopeRule: 'any',
    input: {
      type: 'object',
      properties: {
        channel: CHANNEL_ID,
        limit: { type: 'integer', minimum: 1, maximum: 999, default: 15, description: 'Messages per page (Slack caps it at 15 for non-Marketplace apps).' },
        cursor: CURSOR,
        oldest: { ...TS, description: 'Only messages after this timestamp.' },
        latest: { ...TS, description: 'Only messages before this timestamp.' },
        inclusive: { type: 'boolean', description: 'Include messages exactly at oldest or latest.' },
      },
      required: ['channel'],
      additionalProperties: false,
    },
    outputSchema: page('messages', MESSAGE, { has_more: BOOLEAN }, ['has_more']),
    request: {
      method: 'GET',
      path: '/conversations.history',
      build: (input) => ({ method: 'GET', path: '/conversations.history', query: { limit: 15, ...(input as Record<string, string | number | boolean>) } }),
    },
    output: messagePage,
  },
  {
    id: 'get_thread',
    title: 'Read thread',
    description: `Read a thread: the parent message first, then its replies, oldest first. \`ts\` is the parent message's timestamp (its thread_ts). Page with \`cursor\`. ${HISTORY_LIMIT_NOTE}`,
    kind: 'read',
    docs: 'https://docs.slack.dev/reference/methods/conversations.replies',
    scopes: HISTORY_SCOPES,
    scopeRule: 'any',
    input: {
      type: 'object',
      properties: {
        channel: CHANNEL_ID,
        ts: { ...TS, description: "The parent message's ts." },
        limit: { type: 'integer', minimum: 1, maximum: 999, default: 15, description: 'Messages per page.' },
        cursor: CURSOR,
      },
      required: ['channel', 'ts'],
      additionalProperties: false,
    },
    outputSchema: page('messages', MESSAGE, { has_more: BOOLEAN }, ['has_more']),
    request: {
      method: 'GET',
      path: '/conversations.replies',
      build: (input) => ({ method: 'GET', path: '/conversations.replies', query: { limit: 15, ...(input as Record<string, string | number>) } }),
    },
    output: messagePage,
  },
];
