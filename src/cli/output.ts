/** How the CLI prints: plain text for people, JSON (`--json`) for programs. */
import { SwitchboardError, toErrorShape } from '../shared/errors.js';

export interface GlobalOptions {
  home?: string;
  space?: string;
  json?: boolean;
}

export function printResult(opts: GlobalOptions, json: unknown, human: string | (() => string)): void {
  if (opts.json) process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  else process.stdout.write((typeof human === 'function' ? human() : human) + '\n');
}

/** A plain table: columns padded to their widest cell. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** Print an error the way every command does: exit 1, `error CODE: message` or JSON on stdout. */
export function printError(opts: GlobalOptions, err: unknown): void {
  const shape = toErrorShape(err);
  if (shape.code === 'INTERNAL' && process.env.SWITCHBOARD_DEBUG && err instanceof Error) {
    process.stderr.write(`${err.stack ?? err.message}\n`);
  }
  if (opts.json) process.stdout.write(JSON.stringify({ error: { code: shape.code, message: shape.message } }) + '\n');
  else process.stderr.write(`error ${shape.code}: ${shape.message}\n`);
}

/** A whole-number flag as `{ [key]: n }`, nothing when absent; INVALID_INPUT when it is not a whole number. */
export function numberOption(raw: unknown, key: string, flag: string): Record<string, number> {
  if (raw === undefined) return {};
  const text = String(raw).trim();
  if (!/^-?\d+$/.test(text)) throw new SwitchboardError('INVALID_INPUT', `${flag} takes a whole number, not ${JSON.stringify(text.slice(0, 20))}.`);
  return { [key]: Number(text) };
}
