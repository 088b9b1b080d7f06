/**
 * Slack Web API. Every method answers HTTP 200 with `{ok: true|false, error?}`, so failures are
 * found by checkResponse, not by status. https://api.slack.com/web
 */
import { defineConnector, type UpstreamResponse } from '../definition.js';

const AUTH_ERRORS = new Set(['not_authed', 'invalid_auth', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission']);

function checkSlack({ body }: UpstreamResponse) {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return undefined;
  const { ok, error } = body as { ok: boolean; error?: string };
  if (ok) return undefined;
  const code = typeof error === 'string' ? error : 'unknown_error';
  if (code === 'ratelimited') return { kind: 'rate_limited' as const, message: 'Slack is rate-limiting these calls.' };
  if (AUTH_ERRORS.has(code)) return { kind: 'auth' as const, message: `Slack refused the token (${code}). Reconnect Slack.` };
  if (code === 'missing_scope') return { kind: 'auth' as const, message: 'The Slack token lacks a scope this action needs (missing_scope). Reconnect with the scope added.' };
  return { kind: 'error' as const, message: `Slack answered ${code}.` };
}

export const slack = defineConnector({
  id: 'slack',
  name: 'Slack',
  icon: '💬',
  category: 'communication',
  description: 'Send messages and read channels in a Slack workspace.',
  baseUrl: 'https://slack.com/api',
  auth: [
    { type: 'bearer', label: 'Bot or user token (xoxb-… or xoxp-…)' },
    {
      type: 'oauth2',
      authorizeUrl: 'https://slack.com/oauth/v2/authorize',
      tokenUrl: 'https://slack.com/api/oauth.v2.access',
      scopes: ['chat:write', 'channels:read', 'channels:history', 'users:read'],
      scopeSeparator: ',',
      clientSecret: 'required',
    },
  ],
  // https://api.slack.com/methods/auth.test
  test: { method: 'POST', path: '/auth.test' },
  checkResponse: checkSlack,
  actions: [
    {
      id: 'send_message',
      title: 'Send message',
      description:
        'Post a message to a Slack channel, private group or DM as the connected bot or user. `channel` is a channel ID (C…) or name; `text` is the message (Slack mrkdwn). Returns the channel and the message timestamp `ts`.',
      kind: 'write',
      docs: 'https://api.slack.com/methods/chat.postMessage',
      input: {
        type: 'object',
        properties: {
          channel: { type: 'string', minLength: 1, maxLength: 255, description: 'Channel ID (C0123…) or name (#general).' },
          text: { type: 'string', minLength: 1, maxLength: 40000, description: 'The message text.' },
          thread_ts: { type: 'string', maxLength: 32, pattern: '^\\d+\\.\\d+$', description: 'Reply in the thread of this message timestamp.' },
        },
        required: ['channel', 'text'],
        additionalProperties: false,
      },
      request: { method: 'POST', path: '/chat.postMessage', body: 'json' },
      output: (body) => {
        const b = body as { channel?: string; ts?: string; message?: { text?: string } };
        return { channel: b.channel, ts: b.ts, text: b.message?.text };
      },
    },
    {
      id: 'list_channels',
      title: 'List channels',
      description:
        'List channels in the workspace the token can see: id, name, whether private, member count. Page with `cursor` from the previous answer.',
      kind: 'read',
      docs: 'https://api.slack.com/methods/conversations.list',
      input: {
        type: 'object',
        properties: {
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100, description: 'How many channels (at most 1000).' },
          cursor: { type: 'string', maxLength: 500, description: 'The next_cursor of a previous page.' },
          types: { type: 'string', maxLength: 100, description: 'Comma-separated: public_channel, private_channel, mpim, im.' },
          exclude_archived: { type: 'boolean', description: 'Leave archived channels out.' },
        },
        additionalProperties: false,
      },
      request: { method: 'GET', path: '/conversations.list' },
      output: (body) => {
        const b = body as { channels?: { id: string; name: string; is_private?: boolean; num_members?: number }[]; response_metadata?: { next_cursor?: string } };
        return {
          channels: (b.channels ?? []).map((c) => ({ id: c.id, name: c.name, is_private: c.is_private ?? false, num_members: c.num_members })),
          next_cursor: b.response_metadata?.next_cursor || undefined,
        };
      },
    },
    {
      id: 'channel_history',
      title: 'Read channel history',
      description: 'Read the latest messages of a channel, newest first: user, text and timestamp of each.',
      kind: 'read',
      docs: 'https://api.slack.com/methods/conversations.history',
      input: {
        type: 'object',
        properties: {
          channel: { type: 'string', minLength: 1, maxLength: 255, description: 'Channel ID (C0123…).' },
          limit: { type: 'integer', minimum: 1, maximum: 999, default: 20 },
          cursor: { type: 'string', maxLength: 500 },
        },
        required: ['channel'],
        additionalProperties: false,
      },
      request: { method: 'GET', path: '/conversations.history' },
      output: (body) => {
        const b = body as { messages?: { user?: string; text?: string; ts: string }[]; response_metadata?: { next_cursor?: string } };
        return {
          messages: (b.messages ?? []).map((m) => ({ user: m.user, text: m.text, ts: m.ts })),
          next_cursor: b.response_metadata?.next_cursor || undefined,
        };
      },
    },
    {
      id: 'list_users',
      title: 'List users',
      description: 'List the members of the workspace: id, name, real name, whether a bot.',
      kind: 'read',
      docs: 'https://api.slack.com/methods/users.list',
      input: {
        type: 'object',
        properties: {
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          cursor: { type: 'string', maxLength: 500 },
        },
        additionalProperties: false,
      },
      request: { method: 'GET', path: '/users.list' },
      output: (body) => {
        const b = body as { members?: { id: string; name: string; real_name?: string; is_bot?: boolean }[] };
        return { users: (b.members ?? []).map((m) => ({ id: m.id, name: m.name, real_name: m.real_name, is_bot: m.is_bot ?? false })) };
      },
    },
  ],
});
