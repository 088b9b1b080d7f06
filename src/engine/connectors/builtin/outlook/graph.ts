/**
 * What the Outlook actions share on Microsoft Graph v1.0: OData query options from plain input
 * names, recipients, and paging. Graph says where the next page is in `@odata.nextLink`, an
 * absolute URL holding every query option of the request: follow the whole link, never rebuild it
 * from `$skip` or `$skiptoken` (microsoft-graph-docs-contrib concepts/paging.md @00e146a9;
 * api-reference/v1.0/api/user-list-messages.md @0273c463: "$skip … is larger than the page size").
 * The link is the cursor; a cursor is only ever followed on the same resource path.
 */
import { SwitchboardError } from '../../../../shared/errors.js';
import type { BuiltRequest, Input, QueryValue } from '../../definition.js';

export const SELECT = {
  type: 'string',
  maxLength: 1000,
  pattern: '^[A-Za-z0-9_/]+(,[A-Za-z0-9_/]+)*$',
  description: 'Comma-separated properties to return instead of the usual ones.',
} as const;
export const TOP = { type: 'integer', minimum: 1, maximum: 1000, default: 10, description: 'How many items per page (at most 1000).' } as const;
export const CURSOR = { type: 'string', minLength: 10, maxLength: 8000, pattern: '^https?://[^\\s]+$', description: 'The next_cursor of a previous page (Graph\'s @odata.nextLink), alone.' } as const;
export const TIME_ZONE = {
  type: 'string',
  maxLength: 64,
  pattern: '^[A-Za-z0-9_+/ -]+$',
  description: 'Time zone for start and end, e.g. "Europe/Paris" or "Pacific Standard Time" (default UTC).',
} as const;

export function recipients(list: unknown) {
  return ((list as string[] | undefined) ?? []).map((address) => ({ emailAddress: { address } }));
}

/** OData query options from plain input names; undefined ones are left out. */
export function odata(input: Input, names: Record<string, string>): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {};
  for (const [field, option] of Object.entries(names)) if (input[field] !== undefined) query[option] = input[field] as QueryValue;
  return query;
}

/** The time-zone preference header (Graph gives event times in UTC otherwise). */
export const zoneHeader = (input: Input): Record<string, string> => (input.time_zone !== undefined ? { Prefer: `outlook.timezone="${input.time_zone as string}"` } : {});

/**
 * The request for a page: the whole nextLink when `cursor` is given (on `path` only, and with no
 * other option, which the link already holds), else `first()`.
 */
export function pageRequest(input: Input, path: string, first: () => BuiltRequest, keep: readonly string[] = []): BuiltRequest {
  if (input.cursor === undefined) return first();
  const extra = Object.keys(input).filter((k) => k !== 'cursor' && !keep.includes(k));
  if (extra.length) throw new SwitchboardError('INVALID_INPUT', `Give cursor alone (the link holds the query already), without ${extra.join(', ')}.`);
  const link = new URL(input.cursor as string);
  const at = link.pathname.indexOf('/v1.0/');
  const rest = at < 0 ? '' : link.pathname.slice(at + '/v1.0'.length);
  if (rest !== path) throw new SwitchboardError('INVALID_INPUT', `cursor: the next_cursor of this list (${path}), as it came.`);
  return { method: 'GET', path: `${rest}${link.search}`, headers: zoneHeader(input) };
}

export const nextLink = (body: unknown): string | null => {
  const link = (body as Record<string, unknown> | null)?.['@odata.nextLink'];
  return typeof link === 'string' && link !== '' ? link : null;
};
