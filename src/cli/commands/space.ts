/** space create|list|info|rename|settings. */
import type { Command } from 'commander';
import { HOME_OPS } from '../../engine/index.js';
import { AUTO_LOCK_MINUTES, PROFILE_CREATION, rangeText } from '../../shared/limits.js';
import { action, asProfile, runHomeOp, runOp } from '../context.js';
import { numberOption, printResult, table } from '../output.js';
import { registerTeamSpaceCommands } from './team-space.js';

export function registerSpaceCommands(program: Command): void {
  const space = program.command('space').description('Create, list and rename spaces in this home; publish or join a team space.');
  registerTeamSpaceCommands(space);

  space
    .command('create')
    .description('Create a space and print its id.')
    .requiredOption('--name <name>', 'the space name')
    .action(
      action(async (opts) => {
        const created = await runHomeOp(opts, HOME_OPS['space.create'], { name: opts.name });
        printResult(opts, created, created.id);
      }),
    );

  space
    .command('list')
    .description('List the spaces in this home.')
    .action(
      action(async (opts) => {
        const spaces = await runHomeOp(opts, HOME_OPS['space.list'], {});
        printResult(opts, spaces, () =>
          spaces.length === 0 ? 'No spaces yet. Create one with: switchboard space create --name NAME' : table(['ID', 'NAME', 'CREATED'], spaces.map((s) => [s.id, s.name, s.createdAt])),
        );
      }),
    );

  space
    .command('info')
    .description('The space: its id, name, and who may create profiles (what the lock screen shows).')
    .action(
      action(async (opts) => {
        const info = await runOp(opts, 'space.info', {});
        printResult(opts, info, `${info.name} (${info.id}). Profiles can be created by: ${info.profileCreation}.`);
      }),
    );

  asProfile(
    space
      .command('settings')
      .description("Show the space settings or change them (admins only): new profiles' default auto-lock, who may create profiles.")
      .option('--default-auto-lock <minutes>', `auto-lock time new profiles start with (${rangeText(AUTO_LOCK_MINUTES)})`)
      .option('--profile-creation <who>', `${PROFILE_CREATION.join(', ')}: anyone (from the lock screen), or only members or admins while unlocked`)
      .option('--ask-agent-writes <roles>', "roles whose agents must ask before every write action, comma-separated (e.g. member,viewer); 'none' for none"),
    'the admin profile acting',
  ).action(
    action(async (opts) => {
      const patch = {
        ...numberOption(opts.defaultAutoLock, 'defaultAutoLockMinutes', '--default-auto-lock'),
        ...(opts.profileCreation !== undefined ? { profileCreation: opts.profileCreation } : {}),
        ...(opts.askAgentWrites !== undefined ? { askForAgentWrites: String(opts.askAgentWrites) === 'none' ? [] : String(opts.askAgentWrites).split(',').map((r) => r.trim()) } : {}),
      };
      const settings = Object.keys(patch).length > 0 ? await runOp(opts, 'admin.setSpaceSettings', patch) : await runOp(opts, 'admin.spaceSettings', {});
      printResult(
        opts,
        settings,
        `Default auto-lock: ${settings.defaultAutoLockMinutes} minutes. Profiles can be created by: ${settings.profileCreation}. Agents must ask before writes for: ${settings.askForAgentWrites.join(', ') || 'no role'}.`,
      );
    }),
  );

  asProfile(
    space
      .command('rename')
      .description('Rename the space (--space); once it has profiles, as an admin (--tenant).')
      .requiredOption('--name <name>', 'the new name'),
    'an admin profile of the space',
    { required: false },
  ).action(
    action(async (opts) => {
      const renamed = await runOp(opts, 'space.rename', { name: opts.name });
      printResult(opts, renamed, `Renamed space ${renamed.id} to ${renamed.name}.`);
    }),
  );
}
