/**
 * JSON Schema validation of action inputs with Ajv, and the error text a caller sees:
 * every failing path, e.g. `/channel: must be string; (root): must have required property 'text'`.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema } from '../../shared/json-schema.js';

// ajv-formats is CommonJS with a default export.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictTuples: false, coerceTypes: false, useDefaults: false });
addFormats(ajv);

export function compileInputSchema(schema: JsonSchema): ValidateFunction {
  return ajv.compile(schema as object);
}

/** The validator of an action's answers; the same strict Ajv, so a schema with a typo fails to compile. */
export function compileOutputSchema(schema: JsonSchema): ValidateFunction {
  return ajv.compile(schema as object);
}

function describe(error: ErrorObject): string {
  const path = error.instancePath || '(root)';
  if (error.keyword === 'additionalProperties') {
    return `${path}: unknown field '${String((error.params as { additionalProperty: string }).additionalProperty)}'`;
  }
  if (error.keyword === 'enum') {
    return `${path}: must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${path}: ${error.message ?? 'is invalid'}`;
}

/** The failing paths of a validation, most useful first, at most `max`. */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined, max = 8): { message: string; paths: string[] } {
  const list = errors ?? [];
  const lines = [...new Set(list.map(describe))];
  const shown = lines.slice(0, max);
  const more = lines.length > max ? ` (and ${lines.length - max} more)` : '';
  return { message: shown.join('; ') + more, paths: [...new Set(list.map((e) => e.instancePath || '/'))] };
}
