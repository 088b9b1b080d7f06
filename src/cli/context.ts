/**
 * How a command reaches the engine: it opens the data home (one per process), the space, and —
 * for operations that need one — the profile named by --tenant, then runs operations through
 * `invoke` exactly as the UI does, and closes everything after.
 */
import type { Command } from 'commander';
import { Home, invoke, invokeHome, OPS, resolveHomeDir, team, type OpContext, type Space } from '../engine/index.js';
import type { HomeOperation, Operation } from '../engine/ops/index.js';
import type { OpName } from '../shared/operations.js';
import type { GlobalOptions } from './output.js';
import { currentPassphrase } from './secret-input.js';

/** Every option a command may see: the global ones and its own, merged by commander. */
export type CliOptions = GlobalOptions & { tenant?: string; passphraseStdin?: boolean } & Record<string, unknown>;

/**
 * Wrap a command's action so it receives the merged options first (global options may come
 * before or after the command), then its arguments.
 */
export function action<A extends unknown[]>(fn: (opts: CliOptions, ...args: A) => Promise<void> | void): (...raw: unknown[]) => Promise<void> {
  return async (...raw: unknown[]) => {
    const command = raw[raw.length - 1] as Command;
    await fn(command.optsWithGlobals<CliOptions>(), ...(raw.slice(0, -2) as A));
  };
}

/** Add --tenant (the profile acting) and --passphrase-stdin to a command. */
export function asProfile(command: Command, what = 'the profile acting', { required = true } = {}): Command {
  (required ? command.requiredOption.bind(command) : command.option.bind(command))('--tenant <name>', what);
  return command.option('--passphrase-stdin', 'read the passphrase from standard input (first line)');
}

let liveTeamSync = false;
/**
 * A long-running command (serve, the MCP gateways) keeps its team spaces in sync while it runs
 * (LISTEN/NOTIFY, polling); any other command syncs once as it opens the space and once as it closes.
 */
export function keepTeamSpacesLive(): void {
  liveTeamSync = true;
}

export async function withHome<T>(opts: GlobalOptions, fn: (home: Home) => Promise<T>): Promise<T> {
  const home = new Home(resolveHomeDir({ flag: opts.home }), team.teamOptions({ live: liveTeamSync }));
  try {
    return await fn(home);
  } finally {
    await home.close();
  }
}

export async function withSpace<T>(opts: GlobalOptions, fn: (space: Space) => Promise<T>): Promise<T> {
  return withHome(opts, async (home) => fn(await home.openSpace(opts.space)));
}

/**
 * Unlock `tenant` (its passphrase from the environment, stdin or a prompt) and run `fn` with the
 * operation context of that profile; lock it after.
 */
export async function withProfile<T>(opts: CliOptions, tenant: string, fn: (ctx: OpContext) => Promise<T>): Promise<T> {
  return withSpace(opts, async (space) => {
    const passphrase = await currentPassphrase(opts, `Passphrase for ${tenant}`);
    const session = await invoke(OPS['profiles.unlock'], { space, session: null, via: 'cli' }, { tenant, passphrase });
    try {
      return await fn({ space, session, via: 'cli' });
    } finally {
      await session.lock('manual');
    }
  });
}

/** Run one operation as the CLI: with --tenant's profile when it needs one (or when given). */
export async function runOp<N extends OpName & keyof typeof OPS>(opts: CliOptions, name: N, input: unknown): Promise<Awaited<ReturnType<(typeof OPS)[N]['run']>>> {
  const operation = OPS[name] as unknown as Operation;
  const run = (ctx: OpContext) => invoke(operation, ctx, input) as Promise<Awaited<ReturnType<(typeof OPS)[N]['run']>>>;
  if (opts.tenant) return withProfile(opts, opts.tenant, run);
  return withSpace(opts, (space) => run({ space, session: null, via: 'cli' }));
}

export async function runHomeOp<O>(opts: CliOptions, operation: HomeOperation<OpName, O>, input: unknown): Promise<O> {
  return withHome(opts, (home) => invokeHome(operation, home, input));
}
