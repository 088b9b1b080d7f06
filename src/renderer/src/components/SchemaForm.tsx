/**
 * A form generated from an action's input JSON Schema (src/shared/json-schema.ts): one field per
 * property, labelled with the schema's title (else the name made readable). Before sending it
 * checks each field as the engine will (src/shared/field-messages.ts: required, length, range,
 * pattern), in the same words; what only the engine knows comes back per field in `fieldErrors`.
 * Nothing typed is ever cut or changed to fit: an over-long text or out-of-range number is refused.
 */
import { Button, Checkbox, Group, JsonInput, NativeSelect, NumberInput, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Prose } from './Prose';
import { checkValue, fieldLabel } from '../../../shared/field-messages';
import type { JsonSchema, JsonSchemaType } from '../../../shared/json-schema';

type FieldKind = 'enum' | 'string' | 'text' | 'number' | 'integer' | 'boolean' | 'json';
type FieldValue = string | number | boolean | undefined;

export interface SchemaField {
  name: string;
  schema: JsonSchema;
  kind: FieldKind;
  required: boolean;
}

/** The one non-null type of a schema, if it has exactly one. */
function singleType(schema: JsonSchema): JsonSchemaType | undefined {
  if (schema.type === undefined) return undefined;
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((t) => t !== 'null');
  return types.length === 1 ? types[0] : undefined;
}

export function fieldKind(schema: JsonSchema): FieldKind {
  if (schema.enum && schema.enum.length > 0) return 'enum';
  switch (singleType(schema)) {
    case 'string':
      return (schema.maxLength ?? 0) > 500 ? 'text' : 'string';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    default:
      return 'json';
  }
}

/** The fields of an object schema; a schema that is not an object with properties is one JSON field. */
export function schemaFields(schema: JsonSchema): SchemaField[] | null {
  if (singleType(schema) !== 'object' && schema.properties === undefined) return null;
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({ name, schema: s, kind: fieldKind(s), required: required.has(name) }));
}

// Required fields say so in their description, not with an asterisk inside the label: the label
// stays exactly the field's name for people and for tools that find fields by label text.
function describe(schema: JsonSchema, required: boolean, extra?: string): ReactNode {
  const parts: string[] = [];
  if (schema.description) parts.push(schema.description);
  if (schema.default !== undefined) parts.push(`Default: ${JSON.stringify(schema.default)}.`);
  if (schema.maxLength !== undefined && schema.maxLength >= 100) parts.push(`At most ${schema.maxLength.toLocaleString('en-US')} characters.`);
  if (schema.minimum !== undefined && schema.maximum !== undefined) parts.push(`From ${schema.minimum} to ${schema.maximum}.`);
  if (extra) parts.push(extra);
  if (!required) return parts.length > 0 ? <Prose text={parts.join(' ')} /> : undefined;
  return (
    <>
      <strong>Required.</strong> <Prose text={parts.join(' ')} />
    </>
  );
}

type Built = { ok: true; value: unknown } | { ok: false; errors: Record<string, string> };

/** Turn the form's values into the input object; empty fields are left out. */
function build(fields: SchemaField[] | null, values: Record<string, FieldValue>): Built {
  const errors: Record<string, string> = {};
  const parseJson = (key: string, text: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      errors[key] = 'This is not valid JSON.';
      return undefined;
    }
  };
  if (fields === null) {
    const text = String(values.input ?? '').trim();
    const value = text === '' ? {} : parseJson('input', text);
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
  }
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    const problem = f.kind === 'enum' || f.kind === 'json' ? (f.required && (v === undefined || v === '') ? checkValue(f.name, f.schema, undefined, true) : undefined) : checkValue(f.name, f.schema, v, f.required);
    if (problem) errors[f.name] = problem;
    if (v === undefined || v === '') continue;
    switch (f.kind) {
      case 'enum':
        out[f.name] = f.schema.enum?.[Number(v)];
        break;
      case 'json':
        out[f.name] = parseJson(f.name, String(v));
        break;
      default:
        out[f.name] = v;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: out };
}

interface Props {
  schema: JsonSchema;
  /** Prefix for element ids, unique on the page. */
  idPrefix: string;
  submitLabel?: string;
  busy?: boolean;
  /** Extra controls shown before the submit button. */
  extra?: ReactNode;
  onSubmit: (input: unknown) => void;
  /** Per-field messages of the engine's last answer (its error's `details.fields`). */
  fieldErrors?: Record<string, string> | undefined;
}

export function SchemaForm({ schema, idPrefix, submitLabel = 'Run', busy = false, extra, onSubmit, fieldErrors }: Props) {
  const fields = schemaFields(schema);
  const [values, setValues] = useState<Record<string, FieldValue>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The engine's answer is shown until the field it names is edited.
  const [seen, setSeen] = useState(fieldErrors);
  if (seen !== fieldErrors) {
    setSeen(fieldErrors);
    if (fieldErrors) setErrors((old) => ({ ...old, ...fieldErrors }));
  }
  const setValue = (name: string, value: FieldValue) => {
    setValues((old) => ({ ...old, [name]: value }));
    setErrors((old) => {
      if (!(name in old)) return old;
      const next = { ...old };
      delete next[name];
      return next;
    });
  };

  const names = fields ? fields.map((f) => f.name) : ['input'];
  const others = Object.entries(errors).filter(([k]) => !names.includes(k));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = build(fields, values);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    onSubmit(built.value);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {fields === null && (
          <JsonInput
            id={`${idPrefix}-input`}
            label="input"
            description="The whole input, as JSON."
            autosize
            minRows={3}
            value={String(values.input ?? '')}
            onChange={(v) => setValue('input', v)}
            error={errors.input}
          />
        )}
        {fields?.length === 0 && <Text size="sm">This action takes no input.</Text>}
        {fields?.map((f) => (
          <Field key={f.name} field={f} id={`${idPrefix}-${f.name}`} value={values[f.name]} error={errors[f.name]} onChange={(v) => setValue(f.name, v)} />
        ))}
        {others.length > 0 && (
          <Text size="sm" c="red" role="alert">
            {others.map(([k, m]) => (k ? `${fieldLabel(k)}: ${m}` : m)).join(' ')}
          </Text>
        )}
        {extra}
        <Group>
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface FieldProps {
  field: SchemaField;
  id: string;
  value: FieldValue;
  error: string | undefined;
  onChange: (value: FieldValue) => void;
}

function Field({ field, id, value, error, onChange }: FieldProps) {
  const { name, schema, kind, required } = field;
  const label = fieldLabel(name, schema);
  const common = { id, label, description: describe(schema, required), 'aria-required': required || undefined, error };
  switch (kind) {
    case 'enum': {
      const options = (schema.enum ?? []).map((v, i) => ({ value: String(i), label: String(v) }));
      return (
        <NativeSelect
          {...common}
          data={[{ value: '', label: required ? 'Choose…' : '(not set)' }, ...options]}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    }
    case 'string':
      return (
        <TextInput
          {...common}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'text':
      return (
        <Textarea
          {...common}
          autosize
          minRows={3}
          maxRows={12}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'number':
    case 'integer':
      return (
        <NumberInput
          {...common}
          min={schema.minimum}
          max={schema.maximum}
          allowDecimal={kind === 'number'}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(typeof v === 'number' ? v : v === '' ? undefined : Number(v))}
        />
      );
    case 'boolean':
      return (
        <Checkbox
          id={id}
          label={label}
          description={describe(schema, required)}
          aria-required={required || undefined}
          error={error}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
        />
      );
    case 'json':
      return (
        <JsonInput
          {...common}
          description={describe(schema, required, singleType(schema) === 'array' ? 'A JSON array.' : singleType(schema) === 'object' ? 'A JSON object.' : 'Any JSON value.')}
          autosize
          minRows={2}
          maxRows={12}
          value={typeof value === 'string' ? value : ''}
          onChange={(v) => onChange(v)}
        />
      );
  }
}
