/** exec, log, outbox. */
import type { Command } from 'commander';
import { cancelOutbox, listOutbox, queryActivity } from '../../engine/index.js';
import { SwitchboardError } from '../../shared/errors.js';
import { withRouter, withSession } from '../context.js';
import { printResult, table, type GlobalOptions } from '../output.js';

interface TenantOpts {
  tenant: string;
  passphraseStdin?: boolean;
}

function parseJsonInput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new SwitchboardError('INVALID_INPUT', `--input is not valid JSON (${(err as Error).message.slice(0, 120)}). Example: --input '{"channel":"C0123","text":"hi"}'`);
  }
}

export function registerCallCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('exec')
    .description("Run an action as a profile through the router; prints the action's output as JSON.")
    .argument('<action>', 'action id, e.g. slack.send_message')
    .requiredOption('--tenant <name>', 'the profile acting')
    .option('--input <json>', 'the input as a JSON object', '{}')
    .option('--queue', 'for a write: if the host cannot be reached, queue it in the outbox instead of failing')
    .option('--passphrase-stdin', 'read the passphrase from standard input')
    .action(async (actionId: string, o: TenantOpts & { input: string; queue?: boolean }) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const input = parseJsonInput(o.input);
      const result = await withRouter(opts, o.tenant, (session, _space, router) =>
        router.execute(session, actionId, input, { via: 'cli', ...(o.queue ? { queue: true } : {}) }),
      );
      if (result.status === 'queued') {
        process.stdout.write(JSON.stringify({ queued: true, outboxId: result.outboxId }) + '\n');
        process.stderr.write(`Could not reach the provider: queued as ${result.outboxId}. Send it later with \`switchboard outbox flush --tenant ${o.tenant}\`.\n`);
        return;
      }
      process.stdout.write(JSON.stringify(result.output, null, 2) + '\n');
    });

  program
    .command('log')
    .description("A profile's activity log, newest first.")
    .requiredOption('--tenant <name>', 'the profile')
    .option('--limit <n>', 'how many entries', '50')
    .option('--action <id>', 'only this action (or connector)')
    .option('--status <status>', 'ok, error or queued')
    .option('--since <time>', 'ISO time, inclusive')
    .option('--passphrase-stdin', 'read the passphrase from standard input')
    .action(async (o: TenantOpts & { limit: string; action?: string; status?: string; since?: string }) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const limit = Number(o.limit);
      const entries = await withSession(opts, o.tenant, (session) =>
        queryActivity(session, { limit, ...(o.action ? { action: o.action } : {}), ...(o.status ? { status: o.status } : {}), ...(o.since ? { since: o.since } : {}) }),
      );
      const json = entries.map((e) => ({ id: e.id, at: e.at, action: e.action, status: e.status, ...(e.code ? { code: e.code } : {}), durationMs: e.durationMs, via: e.via }));
      printResult(opts, json, () =>
        entries.length === 0 ? 'No activity yet.' : table(['ID', 'AT', 'ACTION', 'STATUS', 'CODE', 'MS', 'VIA'], entries.map((e) => [String(e.id), e.at, e.action, e.status, e.code ?? '', String(e.durationMs), e.via])),
      );
    });

  const outbox = program.command('outbox').description("A profile's queued writes: `outbox` lists them, `outbox cancel ID`, `outbox flush`.");
  outbox
    .command('list', { isDefault: true })
    .description('List queued writes that are not sent yet.')
    .requiredOption('--tenant <name>', 'the profile')
    .option('--all', 'include sent and cancelled items')
    .option('--passphrase-stdin', 'read the passphrase from standard input')
    .action(async (o: TenantOpts & { all?: boolean }) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const items = await withSession(opts, o.tenant, (session) => listOutbox(session, { all: o.all === true }));
      printResult(opts, items, () =>
        items.length === 0 ? 'The outbox is empty.' : table(['ID', 'ACTION', 'STATUS', 'ATTEMPTS', 'CREATED', 'LAST ERROR'], items.map((i) => [i.id, i.action, i.status, String(i.attempts), i.createdAt, i.lastCode ?? ''])),
      );
    });
  outbox
    .command('cancel')
    .description('Cancel a queued write so it is never sent.')
    .argument('<id>', 'outbox id (ob_…)')
    .requiredOption('--tenant <name>', 'the profile')
    .option('--passphrase-stdin', 'read the passphrase from standard input')
    .action(async (id: string, o: TenantOpts) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const item = await withSession(opts, o.tenant, (session) => cancelOutbox(session, id));
      printResult(opts, item, `Cancelled ${item.id} (${item.action}).`);
    });
  outbox
    .command('flush')
    .description('Send queued writes now, each at most once.')
    .requiredOption('--tenant <name>', 'the profile')
    .option('--passphrase-stdin', 'read the passphrase from standard input')
    .action(async (o: TenantOpts) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const result = await withRouter(opts, o.tenant, (session, _space, router) => router.flushOutbox(session));
      printResult(opts, result, `Sent ${result.sent}, failed ${result.failed}${result.pending ? '; the rest still cannot reach their host' : ''}.`);
    });
}
