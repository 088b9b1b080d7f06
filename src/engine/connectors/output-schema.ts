/**
 * Small builders for actions' output schemas (JSON Schema draft-07), so a connector's answer
 * shape reads in a line or two. Output objects allow more properties than they name: the schema
 * promises what is there, not that nothing else is.
 */
import type { JsonSchema } from '../../shared/json-schema.js';

export const STRING = { type: 'string' } as const satisfies JsonSchema;
export const STRING_OR_NULL = { type: ['string', 'null'] } as const satisfies JsonSchema;
export const INTEGER = { type: 'integer' } as const satisfies JsonSchema;
export const NUMBER = { type: 'number' } as const satisfies JsonSchema;
export const NUMBER_OR_NULL = { type: ['number', 'null'] } as const satisfies JsonSchema;
export const BOOLEAN = { type: 'boolean' } as const satisfies JsonSchema;
/** Any JSON object (a provider's own structure passed through: Notion properties, Jira fields). */
export const ANY_OBJECT = { type: 'object' } as const satisfies JsonSchema;
/** The provider's next-page token, or null on the last page: the one paging field of every list. */
export const NEXT_CURSOR = { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' } as const satisfies JsonSchema;

/** An object with these properties; `required` are the ones always present (default: all). */
export function obj(properties: Record<string, JsonSchema>, required: readonly string[] = Object.keys(properties)): JsonSchema {
  return { type: 'object', properties, required };
}

export function arr(items: JsonSchema): JsonSchema {
  return { type: 'array', items };
}

export function nullable(schema: JsonSchema): JsonSchema {
  const types = schema.type === undefined ? [] : typeof schema.type === 'string' ? [schema.type] : [...schema.type];
  return { ...schema, type: [...types, 'null'] };
}

/** A page of a list: `items` under `key`, and `next_cursor`; `extra` are more fields of the page (total, has_more). */
export function page(key: string, item: JsonSchema, extra: Record<string, JsonSchema> = {}, extraRequired: readonly string[] = []): JsonSchema {
  return obj({ [key]: arr(item), ...extra, next_cursor: NEXT_CURSOR }, [key, ...extraRequired, 'next_cursor']);
}

/** The string the API puts for "no next page" ("" for Slack, absent elsewhere) as null. */
export function cursorOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
