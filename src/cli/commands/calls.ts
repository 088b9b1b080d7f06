/** exec, log, outbox list|cancel|flush. */
import type { Command } from 'commander';
import { SwitchboardError } from '../../shared/errors.js';
import { action, asProfile, runOp } from '../context.js';
import { numberOption, printResult, table } from '../output.js';

function parseJsonInput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new SwitchboardError('INVALID_INPUT', `--input is not valid JSON (${(err as Error).message.slice(0, 120)}). Example: --input '{"channel":"C0123","text":"hi"}'`);
  }
}

export function registerCallCommands(program: Command): void {
  asProfile(
    program
      .command('exec')
      .description("Run an action as a profile through the router; prints the action's output as JSON.")
      .argument('<action>', 'action id, e.g. slack.send_message')
      .option('--input <json>', 'the input as a JSON object', '{}')
      .option('--queue', 'for a write: if the host cannot be reached, queue it in the outbox instead of failing'),
  ).action(
    action(async (opts, actionId: string) => {
      const input = parseJsonInput(opts.input as string);
      const result = await runOp(opts, 'actions.run', { actionId, input, ...(opts.queue ? { queue: true } : {}) });
      if (result.status === 'queued') {
        process.stdout.write(JSON.stringify({ queued: true, outboxId: result.outboxId }) + '\n');
        process.stderr.write(`Could not reach the provider: queued as ${result.outboxId}. Send it later with \`switchboard outbox flush --tenant ${opts.tenant}\`.\n`);
        return;
      }
      process.stdout.write(JSON.stringify(result.output, null, 2) + '\n');
    }),
  );

  asProfile(
    program
      .command('log')
      .description("A profile's activity log, newest first.")
      .option('--limit <n>', 'how many entries', '50')
      .option('--action <id>', 'only this action (or connector)')
      .option('--status <status>', 'ok, error or queued')
      .option('--since <time>', 'ISO time, inclusive'),
    'the profile',
  ).action(
    action(async (opts) => {
      const entries = await runOp(opts, 'activity.query', {
        ...numberOption(opts.limit, 'limit', '--limit'),
        ...(opts.action ? { action: opts.action } : {}),
        ...(opts.status ? { status: opts.status } : {}),
        ...(opts.since ? { since: opts.since } : {}),
      });
      const json = entries.map((e) => ({ id: e.id, at: e.at, action: e.action, status: e.status, ...(e.code ? { code: e.code } : {}), ...(e.message ? { message: e.message } : {}), durationMs: e.durationMs, via: e.via }));
      printResult(opts, json, () =>
        entries.length === 0 ? 'No activity yet.' : table(['ID', 'AT', 'ACTION', 'STATUS', 'CODE', 'MS', 'VIA'], entries.map((e) => [String(e.id), e.at, e.action, e.status, e.code ?? '', String(e.durationMs), e.via])),
      );
    }),
  );

  const outbox = program.command('outbox').description("A profile's queued writes: `outbox` lists them, `outbox cancel ID`, `outbox flush`.");
  asProfile(outbox.command('list', { isDefault: true }).description('List queued writes that are not sent yet.').option('--all', 'include sent and cancelled items'), 'the profile').action(
    action(async (opts) => {
      const items = await runOp(opts, 'outbox.list', { all: opts.all === true });
      printResult(opts, items, () =>
        items.length === 0 ? 'The outbox is empty.' : table(['ID', 'ACTION', 'STATUS', 'ATTEMPTS', 'CREATED', 'LAST ERROR'], items.map((i) => [i.id, i.action, i.status, String(i.attempts), i.createdAt, i.lastCode ?? ''])),
      );
    }),
  );
  asProfile(outbox.command('cancel').description('Cancel a queued write so it is never sent.').argument('<id>', 'outbox id (ob_…)'), 'the profile').action(
    action(async (opts, id: string) => {
      const item = await runOp(opts, 'outbox.cancel', { id });
      printResult(opts, item, `Cancelled ${item.id} (${item.action}).`);
    }),
  );
  asProfile(outbox.command('flush').description('Send queued writes now, each at most once.'), 'the profile').action(
    action(async (opts) => {
      const result = await runOp(opts, 'outbox.flush', {});
      printResult(opts, result, `Sent ${result.sent}, failed ${result.failed}${result.pending ? '; the rest still cannot reach their host' : ''}.`);
    }),
  );
}
