/** policy show|preview|allow|deny|inherit, oauth list|set: admins read and change them. */
import type { Command } from 'commander';
import { invoke, OPS } from '../../engine/index.js';
import { policyIntact } from '../../engine/space/policy.js';
import { action, asProfile, runOp, withProfile } from '../context.js';
import { printResult, table } from '../output.js';
import { takeStdinLine } from '../secret-input.js';

export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('The space policy: which roles may use which connectors and actions (admins only).');
  asProfile(
    policy.command('show').description('List the policy rules (no rule means allowed; viewers may only read), and warn if they were changed outside Switchboard.'),
    'the admin profile acting',
  ).action(
    action(async (opts) => {
      const { rules, intact } = await withProfile(opts, opts.tenant!, async (ctx) => ({
        rules: await invoke(OPS['admin.policy'], ctx, {}),
        intact: await policyIntact(ctx.space, ctx.session!),
      }));
      if (!intact && opts.json) process.stderr.write('warning: the policy was changed outside Switchboard (signature mismatch).\n');
      printResult(opts, rules, () =>
        [
          intact ? '' : 'WARNING: these rules or roles were changed outside Switchboard (signature mismatch). Review them, then save a rule again as an admin to re-sign.',
          rules.length === 0 ? 'No rules: every role may use every connector (viewers: read actions only).' : table(['SUBJECT', 'ROLE', 'EFFECT', 'UPDATED'], rules.map((r) => [r.subject, r.role, r.effect, r.updatedAt])),
        ]
          .filter(Boolean)
          .join('\n'),
      );
    }),
  );
  asProfile(
    policy
      .command('preview')
      .description('Show which profiles would lose or regain which enabled actions if a rule were saved.')
      .argument('<subject>', 'connector id (slack) or action id (slack.send_message)')
      .requiredOption('--role <role>', 'admin, member or viewer')
      .requiredOption('--effect <effect>', 'allow, deny or inherit'),
    'the admin profile acting',
  ).action(
    action(async (opts, subject: string) => {
      const effects = await runOp(opts, 'admin.previewPolicy', { subject, role: opts.role, effect: opts.effect });
      printResult(opts, effects, () =>
        effects.length === 0 ? 'No profile would lose or gain an enabled action.' : table(['PROFILE', 'LOSES', 'GAINS'], effects.map((e) => [e.name, e.loses.join(',') || '-', e.gains.join(',') || '-'])),
      );
    }),
  );
  for (const effect of ['allow', 'deny', 'inherit'] as const) {
    asProfile(
      policy
        .command(effect)
        .description(effect === 'inherit' ? 'Remove the rule for a connector or action and role.' : `${effect === 'allow' ? 'Allow' : 'Deny'} a connector or an action for a role (admin only).`)
        .argument('<subject>', 'connector id (slack) or action id (slack.send_message)')
        .requiredOption('--role <role>', 'admin, member or viewer'),
      'the admin profile acting',
    ).action(
      action(async (opts, subject: string) => {
        const rules = await runOp(opts, 'admin.setPolicy', { subject, role: opts.role, effect });
        printResult(opts, rules, `${effect === 'inherit' ? 'Cleared the rule for' : effect === 'allow' ? 'Allowed' : 'Denied'} ${subject} ${effect === 'inherit' ? 'and' : 'for'} role ${String(opts.role)}.`);
      }),
    );
  }

  const oauth = program.command('oauth').description("The space's OAuth apps, one per connector (admins only).");
  asProfile(oauth.command('list').description('List the OAuth apps set up in this space (client ids; never a secret).'), 'the admin profile acting').action(
    action(async (opts) => {
      const clients = await runOp(opts, 'admin.oauthClients', {});
      printResult(opts, clients, () => (clients.length === 0 ? 'No OAuth apps set up.' : table(['CONNECTOR', 'CLIENT ID', 'SECRET'], clients.map((c) => [c.connectorId, c.clientId, c.hasClientSecret ? 'set' : '-']))));
    }),
  );
  asProfile(
    oauth
      .command('set')
      .description('Set the OAuth app of a connector.')
      .argument('<connector>', 'connector id')
      .requiredOption('--client-id <id>', 'the OAuth client id')
      .option('--client-secret-stdin', 'read the client secret from standard input (after the passphrase, if that is on stdin too)')
      .option('--authorize-url <url>', 'override the authorize endpoint')
      .option('--token-url <url>', 'override the token endpoint'),
    'the admin profile acting',
  ).action(
    action(async (opts, connectorId: string) => {
      const summary = await withProfile(opts, opts.tenant!, async (ctx) =>
        invoke(OPS['admin.setOAuthClient'], ctx, {
          connectorId,
          clientId: opts.clientId,
          ...(opts.clientSecretStdin ? { clientSecret: await takeStdinLine('the client secret') } : {}),
          ...(opts.authorizeUrl ? { authorizeUrl: opts.authorizeUrl } : {}),
          ...(opts.tokenUrl ? { tokenUrl: opts.tokenUrl } : {}),
        }),
      );
      printResult(opts, summary, `Set the OAuth app for ${summary.connectorId}.`);
    }),
  );
}
