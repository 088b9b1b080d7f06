/**
 * Slack people: the workspace's members, one by id or by email.
 * Checked against slack_web_openapi_v2.json (1.7.0) #/paths/{users.list, users.info,
 * users.lookupByEmail} and #/definitions/objs_user; @slack/web-api 8.0.0 types/request/users.ts.
 * `profile.email` is there only with users:read.email.
 */
import type { ActionDefinition } from '../../definition.js';
import { BOOLEAN, cursorOrNull, obj, page, STRING, STRING_OR_NULL } from '../../output-schema.js';

interface SlackUser {
  id: string;
  name: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  tz?: string;
  profile?: { real_name?: string; display_name?: string; email?: string; title?: string };
}

const USER = obj(
  { id: STRING, name: STRING, real_name: STRING_OR_NULL, display_name: STRING_OR_NULL, title: STRING_OR_NULL, email: STRING_OR_NULL, is_bot: BOOLEAN, deleted: BOOLEAN, tz: STRING_OR_NULL },
);

function user(u: SlackUser) {
  return {
    id: u.id,
    name: u.name,
    real_name: u.real_name ?? u.profile?.real_name ?? null,
    display_name: u.profile?.display_name || null,
    title: u.profile?.title || null,
    email: u.profile?.email ?? null,
    is_bot: u.is_bot ?? false,
    deleted: u.deleted ?? false,
    tz: u.tz ?? null,
  };
}

const one = (body: unknown) => ({ user: user((body as { user: SlackUser }).user) });

export const peopleActions: ActionDefinition[] = [
  {
    id: 'list_users',
    title: 'List users',
    description:
      'List the members of the workspace: id, handle, real and display name, title, email (with users:read.email), whether a bot or deactivated, time zone. Page with `cursor` from the previous answer.',
    kind: 'read',
    docs: 'https://docs.slack.dev/reference/methods/users.list',
    scopes: ['users:read'],
    input: {
      type: 'object',
      properties: {
        limit: { type: 'integer', minimum: 1, maximum: 999, default: 100, description: 'How many per page (Slack recommends at most 200).' },
        cursor: { type: 'string', minLength: 1, maxLength: 500, description: 'The next_cursor of a previous page.' },
      },
      additionalProperties: false,
    },
    outputSchema: page('users', USER),
    request: { method: 'GET', path: '/users.list' },
    output: (body) => {
      const b = body as { members?: SlackUser[]; response_metadata?: { next_cursor?: string } };
      return { users: (b.members ?? []).map(user), next_cursor: cursorOrNull(b.response_metadata?.next_cursor) };
    },
  },
  {
    id: 'get_user',
    title: 'Get user',
    description: 'Read one member by user ID (U…/W…): handle, names, title, email (with users:read.email), bot or deactivated, time zone.',
    kind: 'read',
    docs: 'https://docs.slack.dev/reference/methods/users.info',
    scopes: ['users:read'],
    input: {
      type: 'object',
      properties: { user: { type: 'string', minLength: 2, maxLength: 32, pattern: '^[UWB][A-Z0-9-]+$', description: 'The user ID, e.g. U0123ABC.' } },
      required: ['user'],
      additionalProperties: false,
    },
    outputSchema: obj({ user: USER }),
    request: { method: 'GET', path: '/users.info' },
    output: one,
  },
  {
    id: 'find_user_by_email',
    title: 'Find user by email',
    description: 'Find the member with this email address. Slack answers users_not_found when nobody in the workspace has it.',
    kind: 'read',
    docs: 'https://docs.slack.dev/reference/methods/users.lookupByEmail',
    scopes: ['users:read.email'],
    input: {
      type: 'object',
      properties: { email: { type: 'string', format: 'email', maxLength: 254 } },
      required: ['email'],
      additionalProperties: false,
    },
    outputSchema: obj({ user: USER }),
    request: { method: 'GET', path: '/users.lookupByEmail' },
    output: one,
  },
];
