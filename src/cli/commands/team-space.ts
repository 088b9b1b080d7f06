/**
 * space publish|join|status|directory: a team space across machines (src/engine/team). The database
 * password never goes on the command line: SWITCHBOARD_DB_PASSWORD or PGPASSWORD, a line of standard
 * input (--db-password-stdin), or a hidden prompt; it is then kept in a 0600 file beside the registry.
 */
import type { Command } from 'commander';
import { HOME_OPS, OPS, invoke, requireAdmin, team } from '../../engine/index.js';
import { action, asProfile, runHomeOp, withProfile, withSpace, type CliOptions } from '../context.js';
import { printResult, table } from '../output.js';
import { promptHidden, takeStdinLine } from '../secret-input.js';

async function databasePassword(opts: CliOptions): Promise<string | undefined> {
  if (process.env.SWITCHBOARD_DB_PASSWORD) return process.env.SWITCHBOARD_DB_PASSWORD;
  if (process.env.PGPASSWORD) return process.env.PGPASSWORD;
  if (opts.dbPasswordStdin) return takeStdinLine('the database password');
  if (!process.stdin.isTTY) return undefined; // a server that needs none (peer or certificate authentication)
  const typed = await promptHidden('Database password (empty for none): ');
  return typed === '' ? undefined : typed;
}

const passwordOption = (command: Command): Command => command.option('--db-password-stdin', 'read the database password from standard input (after the passphrase, when one is read there too)');

export function registerTeamSpaceCommands(space: Command): void {
  passwordOption(
    asProfile(
      space
        .command('publish')
        .description('Make this space a team space: move its shared state (policy, roles, settings, OAuth apps, directory, counters, audit) into an empty PostgreSQL database. Vaults stay here.')
        .requiredOption('--database <url>', 'postgres://USER@HOST:5432/DATABASE, without the password')
        .option('--machine-name <name>', 'how this machine is listed (default: its host name)'),
      'the admin profile publishing',
    ),
  ).action(
    action(async (opts) => {
      const url = team.databaseUrl(opts.database);
      const result = await withProfile(opts, opts.tenant!, async (ctx) => {
        await requireAdmin(ctx.space, ctx.session); // before asking for the password
        const password = await databasePassword(opts);
        await invoke(OPS['admin.publishTeam'], ctx, { url, ...(password !== undefined ? { password } : {}), ...(opts.machineName ? { machineName: String(opts.machineName) } : {}) });
        const status = await team.teamStatus(ctx.space);
        return { spaceId: ctx.space.id, database: status.database!, machine: status.machine!, passwordFile: password !== undefined ? status.passwordFile : undefined, spaceKey: status.spaceKey! };
      });
      printResult(
        opts,
        result,
        [
          `Published space ${result.spaceId} to ${result.database} as machine ${result.machine}.`,
          result.passwordFile ? `The database password is kept in ${result.passwordFile} (readable by this OS user only, 0600).` : 'No database password was given; none is kept.',
          `Space key: ${result.spaceKey}`,
          'Others join with: switchboard space join --database URL --space-key KEY',
        ].join('\n'),
      );
    }),
  );

  passwordOption(
    space
      .command('join')
      .description('Bring a team space onto this machine from its database (name, id, catalog, policy, directory); then create profiles here as its settings allow.')
      .requiredOption('--database <url>', 'postgres://USER@HOST:5432/DATABASE, without the password')
      .option('--space-key <key>', 'the space key the admin’s `space status` shows: refuse any other')
      .option('--machine-name <name>', 'how this machine is listed (default: its host name)'),
  ).action(
    action(async (opts) => {
      const url = team.databaseUrl(opts.database);
      const password = await databasePassword(opts);
      const joined = await runHomeOp(opts, HOME_OPS['space.join'], {
        url,
        ...(password !== undefined ? { password } : {}),
        ...(opts.machineName ? { machineName: String(opts.machineName) } : {}),
        ...(opts.spaceKey ? { spaceKey: String(opts.spaceKey) } : {}),
      });
      printResult(
        opts,
        joined,
        [
          `Joined ${joined.name} (${joined.id}) as machine ${joined.status.machine}.`,
          password !== undefined ? `The database password is kept in ${joined.status.passwordFile} (readable by this OS user only, 0600).` : 'No database password was given; none is kept.',
          'Create your profile here with: switchboard tenant create --name NAME',
        ].join('\n'),
      );
    }),
  );

  space
    .command('status')
    .description('Whether this is a team space, its database and machine, the last sync, and since when it is offline.')
    .action(
      action(async (opts) => {
        const status = await withSpace(opts, (s) => team.teamStatus(s));
        printResult(opts, status, () => {
          if (!status.team) return 'This space lives on this machine only (publish it with: switchboard space publish --database URL --tenant ADMIN).';
          return [
            `Team space on ${status.database}, as machine ${status.machine}.`,
            status.offlineSince ? `Offline since ${status.offlineSince}: working on the last verified copy${status.pending ? '; an admin change waits to be pushed' : ''}.` : `Online; last sync ${status.lastSync ?? 'never'}.`,
            ...(status.problem ? [`Problem: ${status.problem}`] : []),
            `Policy version ${status.version}. Space key: ${status.spaceKey}`,
          ].join('\n');
        });
      }),
    );

  asProfile(
    space
      .command('directory')
      .description('Every profile of the team space, on every machine, with its machine, last sync and 30-day counters (admins only).')
      .option('--db-password-stdin', 'read the database password from standard input'),
    'the admin profile asking',
  ).action(
    action(async (opts) => {
      const rows = await withProfile(opts, opts.tenant!, async ({ space: s, session }) => {
        await invoke(OPS['admin.policy'], { space: s, session, via: 'cli' }, {}); // admins only, as the admin view
        const status = await team.teamStatus(s);
        if (!status.team) return [];
        return team.teamDirectory(s, { url: (await team.databaseTarget(s)).url, password: (await databasePassword(opts)) ?? (await team.loadPassword(s)) });
      });
      printResult(opts, rows, () =>
        table(
          ['NAME', 'ROLE', 'MACHINE', 'LAST SYNC', 'CALLS 30D', 'ERRORS 30D'],
          rows.filter((r) => !r.removed).map((r) => [r.name, r.role, r.machine, r.lastSync ?? '-', String(r.calls30d), String(r.errors30d)]),
        ),
      );
    }),
  );
}
