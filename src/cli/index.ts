/**
 * The `switchboard` command line. Global options (--home, --space, --json) go before or after
 * the command. Errors exit 1 with `error CODE: message` (or JSON with --json); usage mistakes
 * exit 2 with the usage line.
 */
import { Command, CommanderError } from 'commander';
import { registerAdminCommands } from './commands/admin.js';
import { registerApprovalCommands } from './commands/approvals.js';
import { registerCallCommands } from './commands/calls.js';
import { registerConnectorCommands } from './commands/connectors.js';
import { registerPolicyCommands } from './commands/policy.js';
import { registerMcpCommands } from './commands/mcp.js';
import { registerServeCommand } from './commands/serve.js';
import { registerSpaceCommands } from './commands/space.js';
import { registerTenantCommands } from './commands/tenant.js';
import { printError, type GlobalOptions } from './output.js';

export const USAGE = 'switchboard [--home DIR] [--space ID|NAME] [--json] <command> [options]';

export function buildProgram(): Command {
  const program = new Command('switchboard')
    .usage('[--home DIR] [--space ID|NAME] [--json] <command> [options]')
    .description('Switchboard: one connector catalog per space, one encrypted vault per person.')
    .option('--home <dir>', 'data folder (default: SWITCHBOARD_HOME, else the app-data folder)')
    .option('--space <id-or-name>', 'the space to act in (optional when the home has one)')
    .option('--json', 'print JSON for programs')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) })
    .showSuggestionAfterError(true);

  for (const register of [
    registerSpaceCommands,
    registerTenantCommands,
    registerConnectorCommands,
    registerCallCommands,
    registerApprovalCommands,
    registerPolicyCommands,
    registerServeCommand,
    registerMcpCommands,
    registerAdminCommands,
  ]) {
    register(program);
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0;
      process.stderr.write(`usage: ${USAGE}\n`);
      return 2;
    }
    printError(program.opts<GlobalOptions>(), err);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
