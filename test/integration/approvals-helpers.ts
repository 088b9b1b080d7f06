// Shared by the approval tests: the real CLI as the owner's "other process", and waiting for a request to appear.
import type { ApprovalView } from '../../src/shared/views.js';
import { runCli, type CliResult } from '../helpers.js';

/** Run the built CLI as `tenant` against `home`, in its own process. */
export function cliAs(home: string, tenant: string, passphrase: string, args: string[]): Promise<CliResult> {
  return runCli([...args, '--tenant', tenant, '--home', home], { env: { SWITCHBOARD_PASSPHRASE: passphrase } });
}

/** `switchboard approvals --json`, parsed. */
export async function cliPending(home: string, tenant: string, passphrase: string): Promise<ApprovalView[]> {
  const listed = await cliAs(home, tenant, passphrase, ['approvals', '--json']);
  if (listed.code !== 0) throw new Error(`approvals --json failed: ${listed.stderr}`);
  return JSON.parse(listed.stdout) as ApprovalView[];
}

/**
 * Look until `list` shows at least `count` requests (a request is written before the call waits,
 * so this is a matter of the call having started), at most `tries` times.
 */
export async function untilPending(list: () => Promise<ApprovalView[]>, count = 1, tries = 100): Promise<ApprovalView[]> {
  for (let i = 0; i < tries; i++) {
    const pending = await list();
    if (pending.length >= count) return pending;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${count} pending approval request(s) appeared`);
}

/** The error code and message of a failed MCP tool call (`isError`, text `CODE: message`). */
export function toolError(answer: object): { code: string; message: string } | undefined {
  const result = answer as { isError?: unknown; content?: { text: string }[] };
  if (!result.isError) return undefined;
  const text = result.content![0]!.text;
  const colon = text.indexOf(': ');
  return { code: text.slice(0, colon), message: text.slice(colon + 2) };
}

/** Look until `pred` holds for what `read` gives (another session's log is written behind), at most `tries` times. */
export async function until<T>(read: () => Promise<T>, pred: (value: T) => boolean, tries = 100): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await read();
    if (pred(value) || i >= tries) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
