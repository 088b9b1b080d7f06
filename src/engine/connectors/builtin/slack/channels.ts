/**
 * Slack conversations: the channels, private groups, group DMs and DMs the token can see.
 * Checked against slack_web_openapi_v2.json (1.7.0) #/paths/conversations.list and
 * #/definitions/objs_conversation (an IM has no `name`, it has `user`), and @slack/web-api 8.0.0
 * types/request/conversations.ts (ConversationsListArguments).
 */
import type { ActionDefinition } from '../../definition.js';
import { BOOLEAN, cursorOrNull, INTEGER, obj, page, STRING, STRING_OR_NULL } from '../../output-schema.js';

const TYPES = ['public_channel', 'private_channel', 'mpim', 'im'] as const;

interface SlackConversation {
  id: string;
  name?: string;
  is_private?: boolean;
  is_im?: boolean;
  is_mpim?: boolean;
  is_archived?: boolean;
  num_members?: number;
  user?: string;
}

export const channelActions: ActionDefinition[] = [
  {
    id: 'list_channels',
    title: 'List channels',
    description:
      'List the conversations the token can see: id, name (none for a DM, which names its `user` instead), whether private, archived, a DM or group DM, and member count. `types` picks public channels (default), private channels, group DMs (mpim) and DMs (im); each needs its read scope. Page with `cursor`.',
    kind: 'read',
    docs: 'https://docs.slack.dev/reference/methods/conversations.list',
    // One read scope per conversation type asked for: channels, groups, mpim, im.
    scopes: ['channels:read', 'groups:read', 'mpim:read', 'im:read'],
    scopeRule: 'any',
    input: {
      type: 'object',
      properties: {
        limit: { type: 'integer', minimum: 1, maximum: 999, default: 100, description: 'How many per page (Slack recommends at most 200).' },
        cursor: { type: 'string', minLength: 1, maxLength: 500, description: 'The next_cursor of a previous page.' },
        types: {
          type: 'array',
          minItems: 1,
          maxItems: 4,
          uniqueItems: true,
          items: { type: 'string', enum: TYPES },
          description: 'Conversation types: public_channel (default), private_channel, mpim, im.',
        },
        exclude_archived: { type: 'boolean', description: 'Leave archived channels out.' },
      },
      additionalProperties: false,
    },
    outputSchema: page(
      'channels',
      obj(
        { id: STRING, name: STRING_OR_NULL, is_private: BOOLEAN, is_im: BOOLEAN, is_mpim: BOOLEAN, is_archived: BOOLEAN, num_members: INTEGER, user: STRING },
        ['id', 'name', 'is_private', 'is_im', 'is_mpim', 'is_archived'],
      ),
    ),
    request: {
      method: 'GET',
      path: '/conversations.list',
      // Slack takes `types` as one comma-separated value.
      build: (input) => ({
        method: 'GET',
        path: '/conversations.list',
        query: {
          limit: (input.limit as number | undefined) ?? 100,
          cursor: input.cursor as string | undefined,
          types: (input.types as string[] | undefined)?.join(','),
          exclude_archived: input.exclude_archived as boolean | undefined,
        },
      }),
    },
    output: (body) => {
      const b = body as { channels?: SlackConversation[]; response_metadata?: { next_cursor?: string } };
      return {
        channels: (b.channels ?? []).map((c) => ({
          id: c.id,
          name: c.name ?? null,
          is_private: c.is_private ?? false,
          is_im: c.is_im ?? false,
          is_mpim: c.is_mpim ?? false,
          is_archived: c.is_archived ?? false,
          ...(c.num_members !== undefined ? { num_members: c.num_members } : {}),
          ...(c.user !== undefined ? { user: c.user } : {}),
        })),
        next_cursor: cursorOrNull(b.response_metadata?.next_cursor),
      };
    },
  },
];
