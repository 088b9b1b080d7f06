/** `switchboard approvals [approve ID [--always] | deny ID [--reason TEXT]]`: agents' calls waiting for you. */
import type { Command } from 'commander';
import { action, asProfile, runOp } from '../context.js';
import { printResult, table } from '../output.js';

export function registerApprovalCommands(program: Command): void {
  const approvals = program
    .command('approvals')
    .description("Agents' calls waiting for your approval: `approvals` lists them, `approvals approve ID`, `approvals deny ID`.");
  asProfile(approvals.command('list', { isDefault: true }).description('List the calls waiting for approval (inputs redacted where shown).'), 'the profile').action(
    action(async (opts) => {
      const pending = await runOp(opts, 'approvals.list', {});
      printResult(opts, pending, () =>
        pending.length === 0
          ? 'Nothing waits for your approval.'
          : table(
              ['ID', 'ACTION', 'CALLER', 'EXPIRES', 'INPUT'],
              pending.map((p) => [p.id, p.action, p.caller, p.expiresAt, JSON.stringify(p.input).slice(0, 80)]),
            ),
      );
    }),
  );
  asProfile(
    approvals
      .command('approve')
      .description('Let one waiting call through, exactly as it was made.')
      .argument('<id>', 'approval id (ap_…)')
      .option('--always', 'and let agents call this action without asking from now on'),
    'the profile',
  ).action(
    action(async (opts, id: string) => {
      const answered = await runOp(opts, 'approvals.answer', { id, decision: 'approve', ...(opts.always ? { always: true } : {}) });
      printResult(opts, answered, `Approved ${answered.id} (${answered.action})${opts.always ? '; agents may call it without asking from now on' : ''}.`);
    }),
  );
  asProfile(
    approvals
      .command('deny')
      .description('Refuse a waiting call: nothing is sent; the agent sees the reason.')
      .argument('<id>', 'approval id (ap_…)')
      .option('--reason <text>', 'why, for the agent'),
    'the profile',
  ).action(
    action(async (opts, id: string) => {
      const answered = await runOp(opts, 'approvals.answer', { id, decision: 'deny', ...(opts.reason ? { reason: opts.reason } : {}) });
      printResult(opts, answered, `Denied ${answered.id} (${answered.action}).`);
    }),
  );
}
