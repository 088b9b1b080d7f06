/** connector list|show, connect, disconnect, connections, actions, enable, disable. */
import type { Command } from 'commander';
import {
  actionStates,
  builtinCatalog,
  connect,
  connectWithOAuth,
  disableActions,
  disconnect,
  enableActions,
  listConnections,
} from '../../engine/index.js';
import { SwitchboardError } from '../../shared/errors.js';
import { withRouter, withSession } from '../context.js';
import { printResult, table, type GlobalOptions } from '../output.js';
import { takeStdinLine } from '../secret-input.js';

const TENANT = ['--tenant <name>', 'the profile acting'] as const;
const PASS_STDIN = ['--passphrase-stdin', 'read the passphrase from standard input (first line)'] as const;

interface TenantOpts {
  tenant: string;
  passphraseStdin?: boolean;
}

export function registerConnectorCommands(program: Command, globals: () => GlobalOptions): void {
  const connector = program.command('connector').description("The space's connector builtinCatalog().");
  connector
    .command('list')
    .description('List the connectors of the builtinCatalog().')
    .action(() => {
      const opts = globals();
      const rows = builtinCatalog().connectors().map((c) => ({
        id: c.id,
        name: c.name,
        category: c.category,
        auth: c.auth.map((a) => a.type),
        actions: c.actions.length,
        baseUrl: c.baseUrl || null,
      }));
      printResult(opts, rows, () => table(['ID', 'NAME', 'CATEGORY', 'AUTH', 'ACTIONS'], rows.map((r) => [r.id, r.name, r.category, r.auth.join(','), String(r.actions)])));
    });
  connector
    .command('show')
    .description('Show a connector: auth, base URL and each action with its kind and input schema.')
    .argument('<id>', 'connector id, e.g. slack')
    .action((id: string) => {
      const opts = globals();
      const def = builtinCatalog().connector(id);
      const shown = {
        id: def.id,
        name: def.name,
        description: def.description,
        baseUrl: def.baseUrl || null,
        ...(def.baseUrlHint ? { baseUrlHint: def.baseUrlHint } : {}),
        auth: def.auth.map((a) => a.type),
        actions: def.actions.map((a) => ({ id: `${def.id}.${a.id}`, title: a.title, kind: a.kind, description: a.description, docs: a.docs, input: a.input })),
      };
      printResult(opts, shown, () =>
        [
          `${def.name} (${def.id}) — ${def.description}`,
          `auth: ${shown.auth.join(', ')}    base URL: ${def.baseUrl || `(per connection: ${def.baseUrlHint ?? 'required'})`}`,
          '',
          ...shown.actions.map((a) => `${a.id}  [${a.kind}]  ${a.title}\n  ${a.description}\n  input: ${JSON.stringify(a.input)}`),
        ].join('\n'),
      );
    });

  program
    .command('connect')
    .description('Connect a connector for a profile with its credentials (replaces earlier ones).')
    .argument('<connector>', 'connector id')
    .requiredOption(...TENANT)
    .option('--token-stdin', 'read a bearer token from standard input (after the passphrase, if that is on stdin too)')
    .option('--token <token>', 'a bearer token (prefer --token-stdin: arguments are visible to other users)')
    .option('--api-key <key>', 'an API key (prefer --token-stdin)')
    .option('--username <user>', 'user name or email for basic auth; the password comes from --password-stdin')
    .option('--password-stdin', 'read the basic-auth password (API token) from standard input')
    .option('--oauth', 'sign in through the browser (prints the URL, waits for the redirect)')
    .option('--base-url <url>', 'API base URL for this connection (self-hosted, proxy, instance URL)')
    .option(...PASS_STDIN)
    .action(async (connectorId: string, o: TenantOpts & { tokenStdin?: boolean; token?: string; apiKey?: string; username?: string; passwordStdin?: boolean; oauth?: boolean; baseUrl?: string }) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const def = builtinCatalog().connector(connectorId);
      const summary = await withRouter(opts, o.tenant, async (session, space) => {
        if (o.oauth) {
          return connectWithOAuth(space, builtinCatalog(), session, def.id, {
            ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}),
            openUrl: (url) => process.stderr.write(`Open this URL in your browser to sign in to ${def.name}:\n${url}\n`),
          });
        }
        const { authType, credentials } = await credentialsFromFlags(def.auth.map((a) => a.type), o);
        return connect(session, builtinCatalog(), { connectorId: def.id, authType, credentials, baseUrl: o.baseUrl });
      });
      printResult(opts, summary, `Connected ${def.name} (${summary.authType}) for ${o.tenant}.`);
    });

  program
    .command('disconnect')
    .description("Disconnect a connector: deletes the profile's credentials and switches its actions off.")
    .argument('<connector>', 'connector id')
    .requiredOption(...TENANT)
    .option(...PASS_STDIN)
    .action(async (connectorId: string, o: TenantOpts) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      await withSession(opts, o.tenant, (session) => disconnect(session, builtinCatalog(), connectorId));
      printResult(opts, { ok: true }, `Disconnected ${connectorId} for ${o.tenant}.`);
    });

  program
    .command('connections')
    .description("List a profile's connections and their status (never a credential).")
    .requiredOption(...TENANT)
    .option(...PASS_STDIN)
    .action(async (o: TenantOpts) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const list = await withSession(opts, o.tenant, (session) => listConnections(session, builtinCatalog()));
      printResult(opts, list, () =>
        list.length === 0
          ? 'No connections yet. Connect one with: switchboard connect CONNECTOR --tenant NAME --token-stdin'
          : table(
              ['CONNECTOR', 'AUTH', 'STATUS', 'ENABLED', 'BASE URL'],
              list.map((c) => [c.connectorId, c.authType, c.status === 'auth_required' ? `needs re-auth (${c.statusDetail ?? ''})` : c.status, String(c.enabledActions.length), c.baseUrl]),
            ),
      );
    });

  program
    .command('actions')
    .description('List actions with their state for a profile: connected, enabled, allowed by policy, effective.')
    .argument('[connector]', 'only this connector')
    .requiredOption(...TENANT)
    .option(...PASS_STDIN)
    .action(async (connectorId: string | undefined, o: TenantOpts) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const states = await withSession(opts, o.tenant, (session, space) => actionStates(space, builtinCatalog(), session, connectorId));
      const rows = states.map(({ input: _input, description: _d, docs: _docs, ...rest }) => rest);
      printResult(opts, rows, () =>
        table(
          ['ACTION', 'KIND', 'CONNECTED', 'ENABLED', 'ALLOWED', 'EFFECTIVE'],
          states.map((s) => [s.id, s.kind, yes(s.connected), yes(s.enabled), s.allowed ? 'yes' : `no: ${s.policyReason}`, yes(s.effective)]),
        ),
      );
    });

  for (const [name, fn, verb] of [
    ['enable', enableActions, 'Enabled'],
    ['disable', disableActions, 'Disabled'],
  ] as const) {
    program
      .command(name)
      .description(`${verb === 'Enabled' ? 'Switch on' : 'Switch off'} actions for a profile (ids like slack.send_message).`)
      .argument('<actions...>', 'action ids')
      .requiredOption(...TENANT)
      .option(...PASS_STDIN)
      .action(async (actionIds: string[], o: TenantOpts) => {
        const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
        const ids = await withSession(opts, o.tenant, (session) => fn(session, builtinCatalog(), actionIds));
        printResult(opts, { [name === 'enable' ? 'enabled' : 'disabled']: ids }, `${verb} ${ids.join(', ')} for ${o.tenant}.`);
      });
  }
}

const yes = (b: boolean): string => (b ? 'yes' : 'no');

async function credentialsFromFlags(
  supported: string[],
  o: { tokenStdin?: boolean; token?: string; apiKey?: string; username?: string; passwordStdin?: boolean },
): Promise<{ authType: string; credentials: Record<string, string> }> {
  if (o.username !== undefined) {
    if (!o.passwordStdin) throw new SwitchboardError('INVALID_INPUT', 'Give the password (or API token) with --password-stdin.');
    return { authType: 'basic', credentials: { username: o.username, password: await takeStdinLine('the password') } };
  }
  const secret = o.tokenStdin ? await takeStdinLine('the token') : (o.token ?? o.apiKey);
  if (secret === undefined) {
    if (supported.includes('none')) return { authType: 'none', credentials: {} };
    throw new SwitchboardError('INVALID_INPUT', 'Give credentials: --token-stdin, --api-key, --username with --password-stdin, or --oauth.');
  }
  if (o.apiKey !== undefined || (!supported.includes('bearer') && supported.includes('api_key'))) {
    return { authType: 'api_key', credentials: { apiKey: secret } };
  }
  if (!supported.includes('bearer') && supported.includes('oauth2')) {
    return { authType: 'oauth2', credentials: { accessToken: secret } };
  }
  return { authType: 'bearer', credentials: { token: secret } };
}
