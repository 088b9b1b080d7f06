// One error shape crosses every boundary: the README lists every code, and the approval codes
// survive the trip the others take (JSON over IPC and HTTP, rebuilt by code on the other side).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, SwitchboardError, fromErrorShape, toErrorShape } from '../../src/shared/errors.js';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('error codes', () => {
  it('the README’s list of codes names every code the engine can answer', () => {
    const listed = README.slice(README.indexOf('The codes are the same everywhere'), README.indexOf('## Connectors, connections and the router'));
    expect(ERROR_CODES.filter((code) => !listed.includes(`\`${code}\``))).toEqual([]);
  });

  it('APPROVAL_DENIED and APPROVAL_TIMEOUT cross a boundary as {code, message, details} and come back the same', () => {
    for (const code of ['APPROVAL_DENIED', 'APPROVAL_TIMEOUT'] as const) {
      const sent = new SwitchboardError(code, `The profile's owner answered: ${code}. Nothing was sent.`, { approvalId: 'ap_0123456789abcdef' });
      const wire = JSON.parse(JSON.stringify({ ok: false, error: toErrorShape(sent) })) as { error: unknown };
      const back = fromErrorShape(wire.error);
      expect(back).toBeInstanceOf(SwitchboardError);
      expect(back.toShape()).toEqual(sent.toShape());
    }
  });
});
