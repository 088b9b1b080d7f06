/**
 * An OpenAPI schema (3.0's dialect, 3.1's JSON Schema 2020-12, or Swagger 2.0's) as the subset of
 * draft-07 our actions use (src/shared/json-schema.ts), for Ajv in strict mode. Inputs are made
 * safe to accept: every string gets a maxLength and every array a maxItems, and objects that name
 * their properties refuse others unless the document allows them. A schema that refers to itself
 * (after $refs are resolved, a cycle of objects) cannot be written without $ref: it is an error
 * naming where, never an endless expansion.
 */
import type { JsonSchema, JsonSchemaType } from '../../../shared/json-schema.js';
import { IMPORT_LIMITS } from '../../../shared/limits.js';

/** Formats ajv-formats knows (others are dropped: strict Ajv refuses unknown ones). */
const FORMATS = new Set(['date', 'time', 'date-time', 'duration', 'uri', 'uri-reference', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid']);
const TYPES = new Set<JsonSchemaType>(['object', 'string', 'number', 'integer', 'boolean', 'array', 'null']);

export class SchemaProblem extends Error {}

export interface ConvertContext {
  mode: 'input' | 'output';
  /** Where, for messages: `POST /pets: body.owner`. */
  where: string;
}

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const cut = (s: unknown, n: number): string | undefined => (typeof s === 'string' && s.trim() ? s.trim().slice(0, n) : undefined);
const isPrimitive = (v: unknown): v is string | number | boolean | null => v === null || ['string', 'number', 'boolean'].includes(typeof v);

function validPattern(p: unknown): p is string {
  if (typeof p !== 'string' || p.length > 1000) return false;
  try {
    new RegExp(p, 'u');
    return true;
  } catch {
    return false;
  }
}

/** Convert one schema; `stack` holds the schemas being converted above this one (cycle detection). */
export function convertSchema(raw: unknown, ctx: ConvertContext, path = '', stack: unknown[] = []): JsonSchema {
  if (raw === true || raw === undefined) return {};
  if (raw === false) return { not: {} } as JsonSchema;
  if (!isObj(raw)) return {};
  const where = `${ctx.where}${path ? `: ${path}` : ''}`;
  if (stack.includes(raw)) {
    throw new SchemaProblem(`${where}: the schema refers to itself (a cyclic $ref); Switchboard needs schemas without cycles. Leave the operation out (--select) or break the cycle in the document.`);
  }
  if (stack.length >= IMPORT_LIMITS.maxSchemaDepth) throw new SchemaProblem(`${where}: schemas nest deeper than ${IMPORT_LIMITS.maxSchemaDepth} levels.`);
  const inner = [...stack, raw];
  const sub = (s: unknown, p: string) => convertSchema(s, ctx, p, inner);

  if (Array.isArray(raw.allOf)) return mergeAllOf(raw, ctx, path, inner);

  const out: { -readonly [K in keyof JsonSchema]: JsonSchema[K] } = {};
  const description = cut(raw.description, 1000);
  const title = cut(raw.title, 200);
  if (title) out.title = title;
  if (description) out.description = description;

  let types: JsonSchemaType[] = (Array.isArray(raw.type) ? raw.type : raw.type !== undefined ? [raw.type] : []).filter((t): t is JsonSchemaType => TYPES.has(t as JsonSchemaType));
  if (types.length === 0) {
    if (isObj(raw.properties)) types = ['object'];
    else if (raw.items !== undefined) types = ['array'];
  }
  if (raw.nullable === true && types.length && !types.includes('null')) types.push('null');
  if (types.length === 1) out.type = types[0]!;
  else if (types.length > 1) out.type = types;

  if (Array.isArray(raw.enum) && raw.enum.every(isPrimitive) && raw.enum.length <= 1000) {
    out.enum = raw.enum.map((v) => (typeof v === 'string' ? v.slice(0, 1000) : v));
    if (raw.nullable === true && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  if (isPrimitive(raw.const)) out.const = raw.const;
  if (raw.default !== undefined && ctx.mode === 'input' && isPrimitive(raw.default)) out.default = raw.default;

  if (types.includes('string')) {
    const max = typeof raw.maxLength === 'number' ? raw.maxLength : Infinity;
    if (ctx.mode === 'input') out.maxLength = Math.min(max, IMPORT_LIMITS.maxStringLength);
    else if (Number.isFinite(max)) out.maxLength = max;
    if (typeof raw.minLength === 'number') out.minLength = Math.min(raw.minLength, out.maxLength ?? raw.minLength);
    if (validPattern(raw.pattern)) out.pattern = raw.pattern;
    if (typeof raw.format === 'string' && FORMATS.has(raw.format)) out.format = raw.format;
  }
  if (types.includes('number') || types.includes('integer')) {
    if (typeof raw.minimum === 'number') out.minimum = raw.minimum;
    if (typeof raw.maximum === 'number') out.maximum = raw.maximum;
  }
  if (types.includes('array')) {
    out.items = sub(raw.items, `${path}[]`);
    const max = typeof raw.maxItems === 'number' ? raw.maxItems : Infinity;
    if (ctx.mode === 'input') out.maxItems = Math.min(max, IMPORT_LIMITS.maxArrayItems);
    else if (Number.isFinite(max)) out.maxItems = max;
    if (typeof raw.minItems === 'number') out.minItems = raw.minItems;
    if (raw.uniqueItems === true) out.uniqueItems = true;
  }
  if (types.includes('object') || isObj(raw.properties)) {
    const props: Record<string, JsonSchema> = {};
    for (const [name, s] of Object.entries(isObj(raw.properties) ? raw.properties : {})) {
      // Inputs leave out what the server sets (readOnly); outputs what it never returns (writeOnly).
      if (isObj(s) && ((ctx.mode === 'input' && s.readOnly === true) || (ctx.mode === 'output' && s.writeOnly === true))) continue;
      props[name] = sub(s, path ? `${path}.${name}` : name);
    }
    if (Object.keys(props).length) out.properties = props;
    const required = (Array.isArray(raw.required) ? raw.required : []).filter((r): r is string => typeof r === 'string' && r in props);
    if (required.length) out.required = [...new Set(required)];
    if (isObj(raw.additionalProperties)) out.additionalProperties = sub(raw.additionalProperties, `${path}.*`);
    else if (raw.additionalProperties === true) out.additionalProperties = true;
    else if (ctx.mode === 'input' && (raw.additionalProperties === false || Object.keys(props).length)) out.additionalProperties = false;
    if (typeof raw.maxProperties === 'number') out.maxProperties = raw.maxProperties;
    else if (ctx.mode === 'input' && out.additionalProperties !== false) out.maxProperties = IMPORT_LIMITS.maxArrayItems;
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const list = raw[key];
    if (Array.isArray(list) && list.length) out[key] = list.slice(0, 100).map((s, i) => sub(s, `${path}(${key} ${i + 1})`));
  }
  return out;
}

/** `allOf` of object schemas as one object: properties and required merged (the common case: a base plus extras). */
function mergeAllOf(raw: Raw, ctx: ConvertContext, path: string, stack: unknown[]): JsonSchema {
  const parts = [...(raw.allOf as unknown[]), { ...raw, allOf: undefined }].map((s, i) => convertSchema(s, { ...ctx, mode: ctx.mode === 'input' ? 'output' : ctx.mode }, `${path}(allOf ${i + 1})`, stack));
  // Converted loosely above (no closing of each part); closed once merged, the way an input is.
  const properties: Record<string, JsonSchema> = {};
  const required = new Set<string>();
  let description: string | undefined;
  for (const p of parts) {
    Object.assign(properties, p.properties ?? {});
    for (const r of p.required ?? []) required.add(r);
    description ??= p.description;
  }
  if (Object.keys(properties).length === 0) {
    // Not objects: take the first part that says anything.
    return convertSchema(parts.find((p) => Object.keys(p).length) ?? {}, ctx, path, stack.slice(0, -1));
  }
  const merged: Raw = { type: 'object', properties: {}, required: [...required], ...(description ? { description } : {}) };
  // Re-run each property through the caller's mode (bounds for inputs), from the raw parts.
  const rawProps: Record<string, unknown> = {};
  const collect = (s: unknown): void => {
    if (!isObj(s)) return;
    if (Array.isArray(s.allOf)) s.allOf.forEach(collect);
    if (isObj(s.properties)) Object.assign(rawProps, s.properties);
  };
  collect(raw);
  merged.properties = rawProps;
  return convertSchema(merged, ctx, path, stack.slice(0, -1).concat([raw]));
}
