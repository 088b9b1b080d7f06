import type { Command } from 'commander';
import type { SpaceSummary } from '../../shared/model.js';
import { openHome, withSession, withSpace } from '../context.js';
import { printResult, table, type GlobalOptions } from '../output.js';
import { getSpaceSettings, setSpaceSettings } from '../../engine/space/space-settings.js';
import { SwitchboardError } from '../../shared/errors.js';

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

  registerSpaceSettingsCommand(space, globals);

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

export function registerSpaceSettingsCommand(space: Command, globals: () => GlobalOptions): void {
  space
    .command('settings')
    .description("Show the space settings, or change them as an admin: new profiles' default auto-lock, who may create profiles.")
    .option('--tenant <admin>', 'the admin profile acting (needed to change)')
    .option('--default-auto-lock <minutes>', 'auto-lock time new profiles start with (1 to 1440)')
    .option('--profile-creation <who>', 'anyone (from the lock screen), members, or admins (while unlocked)')
    .option('--passphrase-stdin', 'read the passphrase from standard input')
    .action(async (o: { tenant?: string; defaultAutoLock?: string; profileCreation?: string; passphraseStdin?: boolean }) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const patch = {
        ...(o.defaultAutoLock !== undefined ? { defaultAutoLockMinutes: Number(o.defaultAutoLock) } : {}),
        ...(o.profileCreation !== undefined ? { profileCreation: o.profileCreation } : {}),
      };
      const changing = Object.keys(patch).length > 0;
      if (changing && !o.tenant) throw new SwitchboardError('INVALID_INPUT', 'Changing space settings needs an admin: add --tenant ADMIN.');
      const settings = changing
        ? await withSession(opts, o.tenant!, (session, sp) => setSpaceSettings(sp, session, patch))
        : await withSpace(opts, (sp) => getSpaceSettings(sp));
      printResult(opts, settings, `Default auto-lock: ${settings.defaultAutoLockMinutes} minutes. Profiles can be created by: ${settings.profileCreation}.`);
    });
}

function spaceTable(spaces: SpaceSummary[]): string {
  return table(['ID', 'NAME', 'CREATED'], spaces.map((s) => [s.id, s.name, s.createdAt]));
}
