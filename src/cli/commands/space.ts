import type { Command } from 'commander';
import type { SpaceSummary } from '../../shared/model.js';
import { openHome, withSession, withSpace } from '../context.js';
import { printResult, table, type GlobalOptions } from '../output.js';

export function registerSpaceCommands(program: Command, globals: () => GlobalOptions): void {
  const space = program.command('space').description('Create, list and rename spaces in this home.');

  space
    .command('create')
    .description('Create a space and print its id.')
    .requiredOption('--name <name>', 'the space name')
    .action(async (o: { name: string }) => {
      const opts = globals();
      const created = await openHome(opts).createSpace(o.name);
      printResult(opts, created, created.id);
    });

  space
    .command('list')
    .description('List the spaces in this home.')
    .action(async () => {
      const opts = globals();
      const spaces = await openHome(opts).listSpaces();
      printResult(opts, spaces, () =>
        spaces.length === 0 ? 'No spaces yet. Create one with: switchboard space create --name NAME' : spaceTable(spaces),
      );
    });

  space
    .command('rename')
    .description('Rename the space (--space); once it has profiles, as an admin (--tenant).')
    .requiredOption('--name <name>', 'the new name')
    .option('--tenant <name>', 'an admin profile of the space')
    .option('--passphrase-stdin', 'read the passphrase from standard input')
    .action(async (o: { name: string; tenant?: string; passphraseStdin?: boolean }) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const renamed = o.tenant
        ? await withSession(opts, o.tenant, (session, sp) => sp.rename(session, o.name))
        : await withSpace(opts, (sp) => sp.rename(null, o.name));
      printResult(opts, renamed, `Renamed space ${renamed.id} to ${renamed.name}.`);
    });
}

function spaceTable(spaces: SpaceSummary[]): string {
  return table(['ID', 'NAME', 'CREATED'], spaces.map((s) => [s.id, s.name, s.createdAt]));
}
