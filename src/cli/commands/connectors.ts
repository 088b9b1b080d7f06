/** connector list|show, connect, disconnect, connections [test], actions, enable, disable. */
import type { Command } from 'commander';
import { catalogFor, invoke, OPS } from '../../engine/index.js';
import { SwitchboardError } from '../../shared/errors.js';
import { action, asProfile, runOp, withProfile, type CliOptions } from '../context.js';
import { printResult, table } from '../output.js';
import { takeStdinLine } from '../secret-input.js';
import { registerCustomConnectorCommands } from './custom-connectors.js';

export function registerConnectorCommands(program: Command): void {
  const connector = program.command('connector').description("The space's connector catalog, shared by every profile.");
  asProfile(connector.command('list').description('List the connectors of the space catalog (with --json, each with its actions: kind, docs, scopes, output schema).'), 'the profile looking').action(
    action(async (opts) => {
      const rows = await withProfile(opts, opts.tenant!, async (ctx) => {
        const list = await invoke(OPS['catalog.list'], ctx, {});
        if (!opts.json) return list;
        return Promise.all(list.map(async (r) => ({ ...r, actions: (await invoke(OPS['catalog.show'], ctx, { connectorId: r.id })).actions })));
      });
      printResult(opts, rows, () => table(['ID', 'NAME', 'CATEGORY', 'AUTH', 'ACTIONS'], rows.map((r) => [r.id, r.name, r.category, r.auth.map((a) => a.type).join(','), String(r.actionCount)])));
    }),
  );
  asProfile(
    connector
      .command('show')
      .description('Show a connector: auth, base URL and each action with its kind and input schema.')
      .argument('<id>', 'connector id, e.g. slack'),
    'the profile looking',
  ).action(
    action(async (opts, connectorId: string) => {
      const shown = await runOp(opts, 'catalog.show', { connectorId });
      printResult(opts, shown, () =>
        [
          `${shown.name} (${shown.id}) — ${shown.description}`,
          `auth: ${shown.auth.join(', ')}    base URL: ${shown.baseUrl ?? `(per connection: ${shown.baseUrlHint ?? 'required'})`}`,
          '',
          ...shown.actions.map((a) => `${a.id}  [${a.kind}]  ${a.title}\n  ${a.description}\n  input: ${JSON.stringify(a.input)}`),
        ].join('\n'),
      );
    }),
  );

  registerCustomConnectorCommands(connector);

  asProfile(
    program
      .command('connect')
      .description('Connect a connector for a profile with its credentials (replaces earlier ones).')
      .argument('<connector>', 'connector id')
      .option('--token-stdin', 'read a bearer token from standard input (after the passphrase, if that is on stdin too)')
      .option('--token <token>', 'a bearer token (prefer --token-stdin: arguments are visible to other users)')
      .option('--api-key <key>', 'an API key (prefer --token-stdin)')
      .option('--username <user>', 'user name or email for basic auth; the password comes from --password-stdin')
      .option('--password-stdin', 'read the basic-auth password (API token) from standard input')
      .option('--oauth', 'sign in through the browser (prints the URL, waits for the redirect)')
      .option('--client-id <id>', 'OAuth client credentials: the client id; the secret comes from --client-secret-stdin')
      .option('--client-secret-stdin', 'read the OAuth client secret from standard input')
      .option('--base-url <url>', 'API base URL for this connection (self-hosted, proxy, instance URL)'),
  ).action(
    action(async (opts, connectorId: string) => {
      const baseUrl = opts.baseUrl as string | undefined;
      const summary = await withProfile(opts, opts.tenant!, async (ctx) => {
        const def = (await catalogFor(ctx.space, ctx.session!)).connector(connectorId);
        if (opts.oauth) {
          const openUrl = (url: string): void => void process.stderr.write(`Open this URL in your browser to sign in to ${def.name}:\n${url}\n`);
          return invoke(OPS['connections.connectOAuth'], { ...ctx, openUrl }, { connectorId: def.id, ...(baseUrl ? { baseUrl } : {}) });
        }
        const { authType, credentials } = await credentialsFromFlags(def.auth.map((a) => a.type), opts);
        return invoke(OPS['connections.connect'], ctx, { connectorId: def.id, authType, credentials, ...(baseUrl ? { baseUrl } : {}) });
      });
      printResult(
        opts,
        summary,
        summary.verified
          ? `Connected ${summary.connectorId} (${summary.authType}) for ${opts.tenant}; ${summary.connectorId} accepted the credentials.`
          : `Saved ${summary.connectorId} (${summary.authType}) for ${opts.tenant}, not verified yet: ${summary.verifyProblem ?? 'the provider could not check it'} It is checked on the next call, or with: switchboard connections test ${summary.connectorId}`,
      );
    }),
  );

  asProfile(
    program.command('disconnect').description("Disconnect a connector: deletes the profile's credentials and switches its actions off.").argument('<connector>', 'connector id'),
  ).action(
    action(async (opts, connectorId: string) => {
      await runOp(opts, 'connections.disconnect', { connectorId });
      printResult(opts, { ok: true }, `Disconnected ${connectorId} for ${opts.tenant}.`);
    }),
  );

  const connections = program.command('connections').description("A profile's connections: `connections` lists them, `connections test CONNECTOR` checks one.");
  asProfile(connections.command('list', { isDefault: true }).description("List a profile's connections and their status (never a credential).")).action(
    action(async (opts) => {
      const list = await runOp(opts, 'connections.list', {});
      printResult(opts, list, () =>
        list.length === 0
          ? 'No connections yet. Connect one with: switchboard connect CONNECTOR --tenant NAME --token-stdin'
          : table(
              ['CONNECTOR', 'AUTH', 'STATUS', 'ENABLED', 'BASE URL'],
              list.map((c) => [
                c.connectorId,
                c.authType,
                c.status === 'auth_required' ? `needs re-auth (${c.statusDetail ?? ''})` : c.verified ? c.status : 'connected, not verified yet',
                String(c.enabledActions.length),
                c.baseUrl,
              ]),
            ),
      );
    }),
  );
  asProfile(connections.command('test').description("Check a connection with the connector's cheap read (logged as CONNECTOR.test_connection).").argument('<connector>', 'connector id')).action(
    action(async (opts, connectorId: string) => {
      const result = await runOp(opts, 'connections.test', { connectorId });
      printResult(opts, result, `${connectorId} answered in ${result.durationMs} ms: the connection works.`);
    }),
  );

  asProfile(
    program.command('actions').description('List actions with their state for a profile: connected, enabled, allowed by policy, effective.').argument('[connector]', 'only this connector'),
  ).action(
    action(async (opts, connectorId: string | undefined) => {
      const states = await runOp(opts, 'actions.list', connectorId ? { connectorId } : {});
      const rows = states.map(({ input: _input, output: _output, description: _d, docs: _docs, ...rest }) => rest);
      printResult(opts, rows, () =>
        table(
          ['ACTION', 'KIND', 'CONNECTED', 'ENABLED', 'AGENTS', 'ALLOWED', 'EFFECTIVE'],
          states.map((s) => [
            s.id,
            s.kind,
            yes(s.connected),
            yes(s.enabled),
            s.askRequired ? 'ask (policy)' : (s.mode ?? '-'),
            s.allowed ? 'yes' : `no: ${s.policyReason}`,
            s.effective ? 'yes' : s.blockedBy === 'AUTH_REQUIRED' ? 'no: reconnect' : s.blockedBy === 'SCOPE_MISSING' ? 'no: reconnect to grant its scope' : 'no',
          ]),
        ),
      );
    }),
  );

  asProfile(
    program
      .command('enable')
      .description("Switch on actions for a profile (ids like slack.send_message), or change how agents' calls of them run.")
      .argument('<actions...>', 'action ids')
      .option('--ask', "agents' calls wait for your approval (the default for write actions)")
      .option('--allow', "agents' calls run without asking (the default for read actions)"),
  ).action(
    action(async (opts, actionIds: string[]) => {
      if (opts.ask && opts.allow) throw new SwitchboardError('INVALID_INPUT', 'Choose --ask or --allow, not both.');
      const mode = opts.ask ? 'ask' : opts.allow ? 'allow' : undefined;
      const ids = await runOp(opts, 'actions.setEnabled', { actionIds, enabled: true, ...(mode ? { mode } : {}) });
      printResult(opts, { enabled: ids, ...(mode ? { mode } : {}) }, `Enabled ${ids.join(', ')} for ${opts.tenant}${mode ? ` (agents: ${mode})` : ''}.`);
    }),
  );
  asProfile(program.command('disable').description('Switch off actions for a profile (ids like slack.send_message).').argument('<actions...>', 'action ids')).action(
    action(async (opts, actionIds: string[]) => {
      const ids = await runOp(opts, 'actions.setEnabled', { actionIds, enabled: false });
      printResult(opts, { disabled: ids }, `Disabled ${ids.join(', ')} for ${opts.tenant}.`);
    }),
  );
}

const yes = (b: boolean): string => (b ? 'yes' : 'no');

async function credentialsFromFlags(
  supported: string[],
  o: CliOptions,
): Promise<{ authType: 'bearer' | 'api_key' | 'basic' | 'oauth2' | 'client_credentials' | 'none'; credentials: Record<string, string> }> {
  if (typeof o.clientId === 'string') {
    if (!o.clientSecretStdin) throw new SwitchboardError('INVALID_INPUT', 'Give the client secret with --client-secret-stdin.');
    return { authType: 'client_credentials', credentials: { clientId: o.clientId, clientSecret: await takeStdinLine('the client secret') } };
  }
  if (typeof o.username === 'string') {
    if (!o.passwordStdin) throw new SwitchboardError('INVALID_INPUT', 'Give the password (or API token) with --password-stdin.');
    return { authType: 'basic', credentials: { username: o.username, password: await takeStdinLine('the password') } };
  }
  const secret = o.tokenStdin ? await takeStdinLine('the token') : ((o.token ?? o.apiKey) as string | undefined);
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
