/**
 * One mapping from schema errors (Ajv on action inputs, zod on operation inputs) to a message per
 * field a person understands: "Channel: Enter the channel, e.g. C0123 or #general." The engine
 * puts these words in its errors (so the CLI, MCP and the UI say the same), with `details.fields`
 * the per-field messages the UI shows on each field; the UI's forms use `checkValue` to say the
 * same before a round trip. Pure: no Node, no DOM, no zod or Ajv import (their issues are read as data).
 */
import type { JsonSchema } from './json-schema.js';

/** What is wrong with one value, independent of which validator found it. */
export type FieldIssue =
  | { kind: 'missing' }
  | { kind: 'type'; expected: string }
  | { kind: 'tooShort'; min: number }
  | { kind: 'tooLong'; max: number; actual?: number }
  | { kind: 'outOfRange'; min?: number; max?: number; whole: boolean }
  | { kind: 'notWhole'; min?: number; max?: number }
  | { kind: 'pattern' }
  | { kind: 'oneOf'; values: readonly unknown[] }
  | { kind: 'format'; format: string }
  | { kind: 'unknownField' }
  | { kind: 'tooFewItems'; min: number }
  | { kind: 'tooManyItems'; max: number }
  | { kind: 'other'; text: string };

/** What a field's schema tells about it, for the words: its label, examples, range, unit. */
export interface FieldHints {
  label?: string;
  examples?: readonly unknown[];
  min?: number;
  max?: number;
  /** "minutes", "days": said with a range. */
  unit?: string;
}

const WORDS: Record<string, string> = { id: 'ID', ids: 'IDs', ts: 'timestamp', url: 'URL', api: 'API', cc: 'Cc', bcc: 'Bcc', jql: 'JQL', html: 'HTML', q: 'query' };

/** A label from a property name: `thread_ts` → "Thread timestamp", `expiresDays` → "Expires days". */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((w) => WORDS[w.toLowerCase()] ?? w.toLowerCase());
  if (words.length === 0) return name;
  const first = words[0]!;
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return words.join(' ');
}

/** The label a form shows for a property: the schema's title, else the name made readable. */
export function fieldLabel(name: string, schema?: JsonSchema): string {
  return schema?.title?.trim() || humanize(name);
}

/** Hints from a JSON Schema property. */
export function jsonSchemaHints(name: string, schema: JsonSchema | undefined): FieldHints {
  const hints: FieldHints = { label: fieldLabel(name, schema) };
  if (!schema) return hints;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) hints.examples = schema.examples;
  if (typeof schema.minimum === 'number') hints.min = schema.minimum;
  if (typeof schema.maximum === 'number') hints.max = schema.maximum;
  return hints;
}

function exampleText(examples: readonly unknown[] | undefined): string {
  if (!examples || examples.length === 0) return '';
  const shown = examples.slice(0, 2).map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
  return `, e.g. ${shown.join(' or ')}`;
}

/** "the channel": a label as it reads inside a sentence (acronyms and names keep their capitals). */
function inSentence(label: string): string {
  const first = label.split(' ')[0] ?? '';
  const keepCase = first.length > 1 && first === first.toUpperCase();
  return `the ${keepCase ? label : label.charAt(0).toLowerCase() + label.slice(1)}`;
}

function rangeWords(min: number | undefined, max: number | undefined, whole: boolean, unit?: string): string {
  const what = whole ? `a whole number${unit ? ` of ${unit}` : ''}` : `a number${unit ? ` of ${unit}` : ''}`;
  if (min !== undefined && max !== undefined) return `Enter ${what} from ${min} to ${max}.`;
  if (min !== undefined) return `Enter ${what} of at least ${min}.`;
  if (max !== undefined) return `Enter ${what} of at most ${max}.`;
  return `Enter ${what}.`;
}

const FORMATS: Record<string, string> = {
  email: 'an email address, e.g. name@example.com',
  uri: 'a full web address, e.g. https://example.com',
  url: 'a full web address, e.g. https://example.com',
  'date-time': 'a date and time, e.g. 2026-01-31T09:00:00Z',
  datetime: 'a date and time, e.g. 2026-01-31T09:00:00Z',
  date: 'a date, e.g. 2026-01-31',
  time: 'a time, e.g. 09:30:00',
  uuid: 'an ID such as 123e4567-e89b-12d3-a456-426614174000',
};

const TYPES: Record<string, string> = {
  string: 'Enter text.',
  number: 'Enter a number.',
  integer: 'Enter a whole number.',
  int: 'Enter a whole number.',
  boolean: 'Choose yes or no.',
  array: 'Enter a list (a JSON array).',
  object: 'Enter a JSON object.',
};

/** The message for one field: a sentence that says what to enter, never the validator's jargon. */
export function fieldMessage(issue: FieldIssue, hints: FieldHints = {}): string {
  const label = hints.label ?? 'value';
  const examples = exampleText(hints.examples);
  switch (issue.kind) {
    case 'missing':
      return `Enter ${inSentence(label)}${examples}.`;
    case 'pattern':
      return examples ? `This is not a valid ${label.charAt(0).toLowerCase() + label.slice(1)}: enter it like this${examples}.` : `This is not a valid ${label.charAt(0).toLowerCase() + label.slice(1)}: see the format described below the field.`;
    case 'tooShort':
      return issue.min <= 1 ? `Enter ${inSentence(label)}${examples}.` : `Enter at least ${issue.min} characters.`;
    case 'tooLong':
      return issue.actual !== undefined
        ? `This is ${issue.actual.toLocaleString('en-US')} characters; the limit is ${issue.max.toLocaleString('en-US')}. Shorten it by ${(issue.actual - issue.max).toLocaleString('en-US')}.`
        : `Enter at most ${issue.max.toLocaleString('en-US')} characters.`;
    case 'outOfRange':
      return rangeWords(issue.min ?? hints.min, issue.max ?? hints.max, issue.whole, hints.unit);
    case 'notWhole':
      return rangeWords(issue.min ?? hints.min, issue.max ?? hints.max, true, hints.unit);
    case 'type':
      return TYPES[issue.expected] ?? 'This value has the wrong type.';
    case 'oneOf':
      return `Choose one of: ${issue.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}.`;
    case 'format':
      return FORMATS[issue.format] ? `Enter ${FORMATS[issue.format]}.` : `Enter a valid ${issue.format}.`;
    case 'unknownField':
      return `This field is not known here; remove it.`;
    case 'tooFewItems':
      return `Give at least ${issue.min} ${issue.min === 1 ? 'item' : 'items'}.`;
    case 'tooManyItems':
      return `Give at most ${issue.max} ${issue.max === 1 ? 'item' : 'items'}.`;
    case 'other':
      return issue.text;
  }
}

/** Per-field messages, keyed by the field's path ("channel", "credentials.token"), and one text of them all. */
export interface FieldErrors {
  fields: Record<string, string>;
  /** "Channel: Enter the channel, e.g. C0123 or #general. Limit: Enter a whole number from 1 to 1000." */
  message: string;
}

function collect(entries: { path: string; label: string; text: string }[]): FieldErrors {
  const fields: Record<string, string> = {};
  const lines: string[] = [];
  for (const e of entries) {
    if (e.path in fields) continue;
    fields[e.path] = e.text;
    lines.push(e.path === '' ? e.text : `${e.label}: ${e.text}`);
  }
  return { fields, message: lines.join(' ') };
}

/** Length as JSON Schema (and a person) counts it: in code points, not UTF-16 units. */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

// --- Ajv --------------------------------------------------------------------------------------------

/** The part of an Ajv ErrorObject read here. */
export interface AjvErrorLike {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

function propertyAt(schema: JsonSchema | undefined, segments: string[]): JsonSchema | undefined {
  let at = schema;
  for (const s of segments) {
    if (!at) return undefined;
    at = at.properties?.[s] ?? (/^\d+$/.test(s) && at.items && !Array.isArray(at.items) ? (at.items as JsonSchema) : undefined);
  }
  return at;
}

function valueAt(value: unknown, segments: string[]): unknown {
  let at = value;
  for (const s of segments) at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[s] : undefined;
  return at;
}

/** Ajv errors of an action input to per-field messages, using the schema's titles, examples and ranges. */
export function ajvFieldErrors(errors: readonly AjvErrorLike[] | null | undefined, schema: JsonSchema, input?: unknown): FieldErrors {
  const entries: { path: string; label: string; text: string }[] = [];
  for (const e of errors ?? []) {
    let segments = e.instancePath.split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let issue: FieldIssue;
    switch (e.keyword) {
      case 'required':
        segments = [...segments, String(e.params.missingProperty)];
        issue = { kind: 'missing' };
        break;
      case 'additionalProperties':
        segments = [...segments, String(e.params.additionalProperty)];
        issue = { kind: 'unknownField' };
        break;
      case 'maxLength': {
        const v = valueAt(input, segments);
        issue = { kind: 'tooLong', max: Number(e.params.limit), ...(typeof v === 'string' ? { actual: textLength(v) } : {}) };
        break;
      }
      case 'minLength':
        issue = { kind: 'tooShort', min: Number(e.params.limit) };
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        const s = propertyAt(schema, segments);
        issue = { kind: 'outOfRange', whole: s?.type === 'integer', ...(s?.minimum !== undefined ? { min: s.minimum } : {}), ...(s?.maximum !== undefined ? { max: s.maximum } : {}) };
        break;
      }
      case 'pattern':
        issue = { kind: 'pattern' };
        break;
      case 'enum':
        issue = { kind: 'oneOf', values: (e.params.allowedValues as unknown[]) ?? [] };
        break;
      case 'const':
        issue = { kind: 'oneOf', values: [e.params.allowedValue] };
        break;
      case 'format':
        issue = { kind: 'format', format: String(e.params.format) };
        break;
      case 'type':
        issue = { kind: 'type', expected: String(e.params.type).split(',')[0] ?? 'value' };
        break;
      case 'minItems':
        issue = { kind: 'tooFewItems', min: Number(e.params.limit) };
        break;
      case 'maxItems':
        issue = { kind: 'tooManyItems', max: Number(e.params.limit) };
        break;
      case 'multipleOf':
        issue = { kind: 'other', text: `Enter a multiple of ${String(e.params.multipleOf)}.` };
        break;
      default:
        issue = { kind: 'other', text: e.message ? `This value ${e.message}.` : 'This value is not accepted.' };
    }
    const path = segments.join('.');
    const name = segments.at(-1) ?? '';
    const hints = jsonSchemaHints(name, propertyAt(schema, segments));
    entries.push({ path, label: segments.length === 0 ? 'Input' : hints.label!, text: fieldMessage(issue, hints) });
  }
  // A required/format failure inside anyOf/oneOf reports every branch: the first per field is enough.
  return collect(entries);
}

/** The words for the fields the operations share (src/shared/operations.ts), by field name. */
export const FIELD_HINTS: Record<string, FieldHints> = {
  autoLockMinutes: { label: 'Auto-lock', unit: 'minutes' },
  defaultAutoLockMinutes: { label: 'Default auto-lock', unit: 'minutes' },
  activityRetentionDays: { label: 'Keep activity for', unit: 'days' },
  approvalTimeoutSeconds: { label: 'Approval timeout', unit: 'seconds' },
  expiresDays: { label: 'Expires after', unit: 'days' },
  days: { label: 'Days', unit: 'days' },
  limit: { label: 'Limit' },
  recoveryKey: { label: 'Recovery key' },
  newPassphrase: { label: 'New passphrase' },
  tenant: { label: 'Profile' },
};

// --- zod --------------------------------------------------------------------------------------------

/** The part of a zod (v4) issue read here. */
export interface ZodIssueLike {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  expected?: string;
  input?: unknown;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  format?: string;
  values?: readonly unknown[];
  keys?: readonly string[];
}

/** The part of a zod schema walked for the other bound of a range (zod v4's introspection). */
interface ZodLike {
  shape?: Record<string, unknown>;
  unwrap?: () => unknown;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  def?: { type?: string; innerType?: unknown };
}

function zodAt(schema: unknown, path: readonly PropertyKey[]): ZodLike | undefined {
  let at = schema as ZodLike | undefined;
  const unwrap = (s: ZodLike | undefined): ZodLike | undefined => {
    let cur = s;
    for (let i = 0; i < 5 && cur && !cur.shape && typeof cur.unwrap === 'function' && cur.def?.type !== 'array'; i++) cur = cur.unwrap() as ZodLike;
    return cur;
  };
  for (const key of path) {
    at = unwrap(at);
    at = at?.shape?.[String(key)] as ZodLike | undefined;
  }
  return unwrap(at);
}

/**
 * zod issues to per-field messages. `schema` (the zod schema parsed with) lets a range say both of
 * its ends; `input` (what was parsed) gives a too-long text's length; `hints` adds labels and units
 * by path or by field name ("autoLockMinutes": { label: 'Auto-lock', unit: 'minutes' }).
 */
export function zodFieldErrors(issues: readonly ZodIssueLike[], context: { schema?: unknown; input?: unknown; hints?: Record<string, FieldHints> } = {}): FieldErrors {
  const { schema, hints = FIELD_HINTS } = context;
  const entries: { path: string; label: string; text: string }[] = [];
  for (const raw of issues) {
    // zod leaves the failing value out of its issues unless asked: read it from the input.
    const i = 'input' in raw ? raw : { ...raw, input: valueAt(context.input, raw.path.map(String)) };
    const path = i.path.map(String).join('.');
    const at = schema ? zodAt(schema, i.path) : undefined;
    const range = { ...(typeof at?.minValue === 'number' && Number.isFinite(at.minValue) ? { min: at.minValue } : {}), ...(typeof at?.maxValue === 'number' && Number.isFinite(at.maxValue) ? { max: at.maxValue } : {}) };
    const whole = at?.isInt === true || i.expected === 'int';
    let issue: FieldIssue;
    if (i.code === 'invalid_type' && i.input === undefined) issue = { kind: 'missing' };
    else if (i.code === 'invalid_type' && (i.expected === 'int' || i.expected === 'number') && typeof i.input === 'number') issue = { kind: 'notWhole', ...range };
    else if (i.code === 'invalid_type') issue = { kind: 'type', expected: i.expected ?? 'value' };
    else if ((i.code === 'too_small' || i.code === 'too_big') && (i.origin === 'number' || i.origin === 'int' || i.origin === 'bigint')) issue = { kind: 'outOfRange', whole, ...range };
    else if (i.code === 'too_small' && i.origin === 'string') issue = { kind: 'tooShort', min: Number(i.minimum) };
    else if (i.code === 'too_big' && i.origin === 'string') issue = { kind: 'tooLong', max: Number(i.maximum), ...(typeof i.input === 'string' ? { actual: textLength(i.input) } : {}) };
    else if (i.code === 'too_small' && i.origin === 'array') issue = { kind: 'tooFewItems', min: Number(i.minimum) };
    else if (i.code === 'too_big' && i.origin === 'array') issue = { kind: 'tooManyItems', max: Number(i.maximum) };
    else if (i.code === 'invalid_format' && i.format === 'regex') issue = { kind: 'other', text: `Enter ${i.message.replace(/^Invalid string: must match pattern .*$/, 'a valid value')}.` };
    else if (i.code === 'invalid_format') issue = { kind: 'format', format: i.format ?? 'value' };
    else if (i.code === 'invalid_value') issue = { kind: 'oneOf', values: i.values ?? [] };
    else if (i.code === 'unrecognized_keys') {
      for (const key of i.keys ?? []) entries.push({ path: [...i.path.map(String), key].join('.'), label: humanize(key), text: fieldMessage({ kind: 'unknownField' }) });
      continue;
    } else issue = { kind: 'other', text: /[.!?]$/.test(i.message) ? i.message : `${i.message}.` };
    const name = String(i.path.at(-1) ?? '');
    const h = { label: humanize(name), ...(hints[path] ?? hints[name]) };
    entries.push({ path, label: path === '' ? 'Input' : h.label, text: fieldMessage(issue, h) });
  }
  return collect(entries);
}

// --- before sending --------------------------------------------------------------------------------

/**
 * What the UI checks on a field before it sends (the engine checks all of it again): required,
 * length, range, pattern. undefined when the value is fine or empty and optional.
 */
export function checkValue(name: string, schema: JsonSchema, value: unknown, required: boolean): string | undefined {
  const hints = jsonSchemaHints(name, schema);
  if (value === undefined || value === '') return required ? fieldMessage({ kind: 'missing' }, hints) : undefined;
  if (typeof value === 'string') {
    const length = textLength(value);
    if (schema.maxLength !== undefined && length > schema.maxLength) return fieldMessage({ kind: 'tooLong', max: schema.maxLength, actual: length }, hints);
    if (schema.minLength !== undefined && length < schema.minLength) return fieldMessage({ kind: 'tooShort', min: schema.minLength }, hints);
    if (schema.pattern !== undefined) {
      try {
        if (!new RegExp(schema.pattern, 'u').test(value)) return fieldMessage({ kind: 'pattern' }, hints);
      } catch {
        // A pattern this engine cannot read here: the engine's validator decides.
      }
    }
  }
  if (typeof value === 'number') {
    const whole = schema.type === 'integer';
    if (!Number.isFinite(value) || (whole && !Number.isInteger(value))) return fieldMessage({ kind: 'notWhole' }, hints);
    if ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum)) return fieldMessage({ kind: 'outOfRange', whole }, hints);
  }
  return undefined;
}

/** A number field's check against a range, for forms with fixed fields (settings, token expiry). */
export function checkRange(value: number | string | undefined | null, range: { min: number; max: number }, unit: string, optional = false): string | undefined {
  if (value === undefined || value === null || value === '') return optional ? undefined : rangeWords(range.min, range.max, true, unit);
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < range.min || n > range.max) return rangeWords(range.min, range.max, true, unit);
  return undefined;
}

/** A text field's check against its limit, in the words above; undefined when it fits. Nothing is ever cut to fit. */
export function checkLength(text: string, max: number): string | undefined {
  const length = textLength(text);
  return length > max ? fieldMessage({ kind: 'tooLong', max, actual: length }) : undefined;
}
