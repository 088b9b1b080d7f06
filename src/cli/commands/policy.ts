/** policy show|allow|deny|inherit, oauth set|list (admins change; anyone in the space may read). */
import type { Command } from 'commander';
import { builtinCatalog, listOAuthClients, listPolicy, setOAuthClient, setPolicy } from '../../engine/index.js';
import { policyIntact } from '../../engine/space/policy.js';
import { withSession, withSpace } from '../context.js';
import { printResult, table, type GlobalOptions } from '../output.js';
import { takeStdinLine } from '../secret-input.js';

export function registerPolicyCommands(program: Command, globals: () => GlobalOptions): void {
  const policy = program.command('policy').description('The space policy: which roles may use which connectors and actions.');
  policy
    .command('show')
    .description('List the policy rules (no rule means allowed; viewers may only read). With --tenant, also check their signature.')
    .option('--tenant <name>', "check the rules' signature against this profile's pinned policy key")
    .option('--passphrase-stdin', 'read the passphrase from standard input')
    .action(async (o: { tenant?: string; passphraseStdin?: boolean }) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const { rules, intact } = o.tenant
        ? await withSession(opts, o.tenant, async (session, space) => ({ rules: await listPolicy(space), intact: await policyIntact(space, session) }))
        : { rules: await withSpace(opts, (space) => listPolicy(space)), intact: undefined };
      const shown = intact === undefined ? rules : { rules, intact };
      printResult(opts, shown, () =>
        [
          intact === false ? 'WARNING: these rules or roles were changed outside Switchboard (signature mismatch). Review them, then save a rule again as an admin to re-sign.' : '',
          rules.length === 0 ? 'No rules: every role may use every connector (viewers: read actions only).' : table(['SUBJECT', 'ROLE', 'EFFECT', 'UPDATED'], rules.map((r) => [r.subject, r.role, r.effect, r.updatedAt])),
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });
  for (const effect of ['allow', 'deny', 'inherit'] as const) {
    policy
      .command(effect)
      .description(effect === 'inherit' ? 'Remove the rule for a connector or action and role.' : `${effect === 'allow' ? 'Allow' : 'Deny'} a connector or an action for a role (admin only).`)
      .argument('<subject>', 'connector id (slack) or action id (slack.send_message)')
      .requiredOption('--role <role>', 'admin, member or viewer')
      .requiredOption('--tenant <admin>', 'the admin profile acting')
      .option('--passphrase-stdin', 'read the passphrase from standard input')
      .action(async (subject: string, o: { role: string; tenant: string; passphraseStdin?: boolean }) => {
        const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
        const rules = await withSession(opts, o.tenant, (session, space) => setPolicy(space, builtinCatalog(), session, subject, o.role, effect));
        printResult(opts, rules, `${effect === 'inherit' ? 'Cleared the rule for' : effect === 'allow' ? 'Allowed' : 'Denied'} ${subject} ${effect === 'inherit' ? 'and' : 'for'} role ${o.role}.`);
      });
  }

  const oauth = program.command('oauth').description("The space's OAuth apps, one per connector (admin only).");
  oauth
    .command('list')
    .description('List the OAuth apps set up in this space (client ids; never a secret).')
    .action(async () => {
      const opts = globals();
      const clients = await withSpace(opts, (space) => listOAuthClients(space));
      printResult(opts, clients, () => (clients.length === 0 ? 'No OAuth apps set up.' : table(['CONNECTOR', 'CLIENT ID', 'SECRET'], clients.map((c) => [c.connectorId, c.clientId, c.hasClientSecret ? 'set' : '-']))));
    });
  oauth
    .command('set')
    .description('Set the OAuth app of a connector.')
    .argument('<connector>', 'connector id')
    .requiredOption('--client-id <id>', 'the OAuth client id')
    .option('--client-secret-stdin', 'read the client secret from standard input (after the passphrase, if that is on stdin too)')
    .option('--authorize-url <url>', 'override the authorize endpoint')
    .option('--token-url <url>', 'override the token endpoint')
    .requiredOption('--tenant <admin>', 'the admin profile acting')
    .option('--passphrase-stdin', 'read the passphrase from standard input')
    .action(async (connectorId: string, o: { clientId: string; clientSecretStdin?: boolean; authorizeUrl?: string; tokenUrl?: string; tenant: string; passphraseStdin?: boolean }) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const summary = await withSession(opts, o.tenant, async (session, space) =>
        setOAuthClient(space, builtinCatalog(), session, connectorId, {
          clientId: o.clientId,
          ...(o.clientSecretStdin ? { clientSecret: await takeStdinLine('the client secret') } : {}),
          authorizeUrl: o.authorizeUrl,
          tokenUrl: o.tokenUrl,
        }),
      );
      printResult(opts, summary, `Set the OAuth app for ${summary.connectorId}.`);
    });
}
