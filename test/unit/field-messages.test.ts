// Schema errors become a message per field in words, from Ajv (action inputs) and zod (operations) alike.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { compileInputSchema } from '../../src/engine/connectors/schema-validator.js';
import { ajvFieldErrors, checkRange, checkValue, fieldLabel, humanize, zodFieldErrors } from '../../src/shared/field-messages.js';
import type { JsonSchema } from '../../src/shared/json-schema.js';
import { AUTO_LOCK_MINUTES } from '../../src/shared/limits.js';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    channel: { type: 'string', title: 'Channel', minLength: 1, examples: ['C0123', '#general'] },
    thread_ts: { type: 'string', pattern: '^\\d+\\.\\d+$', examples: ['1700000000.000100'] },
    limit: { type: 'integer', minimum: 1, maximum: 1000 },
    text: { type: 'string', maxLength: 10 },
    when: { type: 'string', format: 'date-time' },
    order: { type: 'string', enum: ['asc', 'desc'] },
  },
  required: ['channel'],
  additionalProperties: false,
};
const validate = compileInputSchema(schema);
function ajv(input: unknown) {
  expect(validate(input)).toBe(false);
  return ajvFieldErrors(validate.errors, schema, input);
}

describe('labels', () => {
  it('come from the schema title, else from the key made readable', () => {
    expect(fieldLabel('channel', schema.properties!.channel)).toBe('Channel');
    expect(humanize('thread_ts')).toBe('Thread timestamp');
    expect(humanize('exclude_archived')).toBe('Exclude archived');
    expect(humanize('autoLockMinutes')).toBe('Auto lock minutes');
    expect(humanize('page_id')).toBe('Page ID');
  });
});

describe('Ajv errors in words', () => {
  it('says what to enter for a missing field, with the examples', () => {
    expect(ajv({}).fields).toEqual({ channel: 'Enter the channel, e.g. C0123 or #general.' });
  });

  it('shows a pattern by example, never the regex', () => {
    const { fields, message } = ajv({ channel: 'C1', thread_ts: 'yesterday' });
    expect(fields.thread_ts).toBe('This is not a valid thread timestamp: enter it like this, e.g. 1700000000.000100.');
    expect(message).not.toContain('^');
  });

  it('gives the allowed range of a number and the limit of a text with its length', () => {
    expect(ajv({ channel: 'C1', limit: 5000 }).fields).toEqual({ limit: 'Enter a whole number from 1 to 1000.' });
    expect(ajv({ channel: 'C1', limit: 0 }).fields).toEqual({ limit: 'Enter a whole number from 1 to 1000.' });
    expect(ajv({ channel: 'C1', text: 'é'.repeat(12) }).fields).toEqual({ text: 'This is 12 characters; the limit is 10. Shorten it by 2.' });
  });

  it('names formats, choices, types and unknown fields', () => {
    const { fields, message } = ajv({ channel: 7, when: 'soon', order: 'up', extra: 1 });
    expect(fields).toEqual({
      channel: 'Enter text.',
      when: 'Enter a date and time, e.g. 2026-01-31T09:00:00Z.',
      order: 'Choose one of: asc, desc.',
      extra: 'This field is not known here; remove it.',
    });
    expect(message).toContain('Channel: Enter text.');
    expect(message).not.toMatch(/must|\(root\)/);
  });
});

describe('zod issues in words', () => {
  const settings = z.object({ autoLockMinutes: z.number().int().min(1).max(1440).optional(), token: z.string().min(1).max(8) }).strict();
  const hints = { autoLockMinutes: { label: 'Auto-lock', unit: 'minutes' } };
  const fieldsOf = (input: unknown) => {
    const parsed = settings.safeParse(input);
    expect(parsed.success).toBe(false);
    return zodFieldErrors(parsed.error!.issues, { schema: settings, input, hints });
  };

  it('refuses out-of-range numbers with both ends of the range, whichever end was crossed', () => {
    expect(fieldsOf({ token: 'x', autoLockMinutes: 0 }).fields).toEqual({ autoLockMinutes: 'Enter a whole number of minutes from 1 to 1440.' });
    expect(fieldsOf({ token: 'x', autoLockMinutes: 99999 }).fields).toEqual({ autoLockMinutes: 'Enter a whole number of minutes from 1 to 1440.' });
    expect(fieldsOf({ token: 'x', autoLockMinutes: 1.5 }).fields).toEqual({ autoLockMinutes: 'Enter a whole number of minutes from 1 to 1440.' });
    expect(fieldsOf({ token: 'x', autoLockMinutes: 0 }).message).toBe('Auto-lock: Enter a whole number of minutes from 1 to 1440.');
  });

  it('says what is missing or too long, never "Too small: expected string"', () => {
    expect(fieldsOf({ token: '' }).fields).toEqual({ token: 'Enter the token.' });
    expect(fieldsOf({}).fields).toEqual({ token: 'Enter the token.' });
    expect(fieldsOf({ token: 'abcdefghij' }).fields).toEqual({ token: 'This is 10 characters; the limit is 8. Shorten it by 2.' });
    expect(fieldsOf({ token: 'x', other: 1 }).fields).toEqual({ other: 'This field is not known here; remove it.' });
  });
});

describe('checks before sending', () => {
  it('match what the engine says', () => {
    const p = schema.properties!;
    expect(checkValue('channel', p.channel!, '', true)).toBe(ajv({}).fields.channel);
    expect(checkValue('limit', p.limit!, 5000, false)).toBe(ajv({ channel: 'C', limit: 5000 }).fields.limit);
    expect(checkValue('text', p.text!, 'é'.repeat(12), false)).toBe(ajv({ channel: 'C', text: 'é'.repeat(12) }).fields.text);
    expect(checkValue('thread_ts', p.thread_ts!, 'x', false)).toBe(ajv({ channel: 'C', thread_ts: 'x' }).fields.thread_ts);
    expect(checkValue('thread_ts', p.thread_ts!, '1.2', false)).toBeUndefined();
    expect(checkValue('limit', p.limit!, undefined, false)).toBeUndefined();
  });

  it('refuse a range crossing instead of clamping it', () => {
    expect(checkRange(0, AUTO_LOCK_MINUTES, 'minutes')).toBe('Enter a whole number of minutes from 1 to 1440.');
    expect(checkRange(99999, AUTO_LOCK_MINUTES, 'minutes')).toBe('Enter a whole number of minutes from 1 to 1440.');
    expect(checkRange(15, AUTO_LOCK_MINUTES, 'minutes')).toBeUndefined();
    expect(checkRange('', AUTO_LOCK_MINUTES, 'days', true)).toBeUndefined();
  });
});
