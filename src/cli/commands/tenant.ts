/** tenant create|list|unlock|passwd|export-key|recover|rename|role|delete|settings: profiles of a space. */
import type { Command } from 'commander';
import { invoke, OPS } from '../../engine/index.js';
import { ACTIVITY_RETENTION_DAYS, APPROVAL_TIMEOUT_SECONDS, AUTO_LOCK_MINUTES, rangeText } from '../../shared/limits.js';
import { action, asProfile, runOp, withProfile, withSpace } from '../context.js';
import { numberOption, printResult, table } from '../output.js';
import { currentPassphrase, newPassphrase, passphraseForNewProfile, promptHidden, takeStdinLine } from '../secret-input.js';

export function registerTenantCommands(program: Command): void {
  const tenant = program.command('tenant').description('Profiles (tenants) of a space, each with its own encrypted vault.');

  tenant
    .command('create')
    .description('Create a profile and its vault; prints its id and, once, its recovery key.')
    .requiredOption('--name <name>', 'the profile name, unique in the space')
    .option('--as <profile>', 'create it as this unlocked profile (when the space lets only admins or members create profiles); its passphrase comes first')
    .option('--passphrase-stdin', 'read the passphrase(s) from standard input')
    .action(
      action(async (opts) => {
        const name = opts.name as string;
        const stdin = opts.passphraseStdin === true;
        const created = opts.as
          ? await withProfile(opts, opts.as as string, async (ctx) => invoke(OPS['profiles.create'], ctx, { name, passphrase: await newPassphrase({ useStdin: stdin }) }))
          : await runOp({ ...opts, tenant: undefined }, 'profiles.create', { name, passphrase: await passphraseForNewProfile(stdin) });
        printResult(opts, created, () =>
          [
            created.id,
            `Created profile ${created.name} (${created.role}).`,
            'Recovery key, shown only this once. Store it somewhere safe: it resets a forgotten passphrase.',
            `  ${created.recoveryKey}`,
          ].join('\n'),
        );
      }),
    );

  tenant
    .command('list')
    .description('List the profiles of the space (no secrets).')
    .action(
      action(async (opts) => {
        const tenants = await runOp(opts, 'profiles.list', {});
        printResult(opts, tenants, () =>
          tenants.length === 0
            ? 'No profiles yet. Create one with: switchboard tenant create --name NAME'
            : table(['ID', 'NAME', 'ROLE', 'CREATED'], tenants.map((t) => [t.id, t.name, t.role, t.createdAt])),
        );
      }),
    );

  asProfile(tenant.command('unlock').description('Check a profile passphrase: exits 0 when it unlocks the vault.'), 'the profile').action(
    action(async (opts) => {
      const result = await withProfile(opts, opts.tenant!, async ({ session }) => ({ id: session!.tenantId, name: session!.name, role: session!.role }));
      printResult(opts, result, `Unlocked ${result.name} (${result.role}).`);
    }),
  );

  tenant
    .command('passwd')
    .description('Change a profile passphrase (new one from SWITCHBOARD_NEW_PASSPHRASE, line 2 of stdin, or the prompt).')
    .requiredOption('--tenant <name>', 'the profile')
    .option('--passphrase-stdin', 'read the current passphrase (line 1) and the new one (line 2) from standard input')
    .action(
      action(async (opts) => {
        await withSpace(opts, async (space) => {
          const current = await currentPassphrase(opts, `Current passphrase for ${opts.tenant}`);
          const session = await invoke(OPS['profiles.unlock'], { space, session: null, via: 'cli' }, { tenant: opts.tenant!, passphrase: current });
          try {
            const next = await newPassphrase({ useStdin: opts.passphraseStdin === true });
            await invoke(OPS['profiles.changePassphrase'], { space, session, via: 'cli' }, { current, next });
          } finally {
            await session.lock('manual');
          }
        });
        printResult(opts, { ok: true }, `Changed the passphrase of ${opts.tenant}.`);
      }),
    );

  tenant
    .command('export-key')
    .description("Print the vault's file and its raw SQLCipher key, to open your data in any SQLCipher 4 tool (asks the passphrase).")
    .requiredOption('--tenant <name>', 'the profile')
    .option('--passphrase-stdin', 'read the passphrase from standard input (first line)')
    .action(
      action(async (opts) => {
        const exported = await withSpace(opts, async (space) => {
          const passphrase = await currentPassphrase(opts, `Passphrase for ${opts.tenant}`);
          const session = await invoke(OPS['profiles.unlock'], { space, session: null, via: 'cli' }, { tenant: opts.tenant!, passphrase });
          try {
            return await invoke(OPS['profiles.exportKey'], { space, session, via: 'cli' }, { passphrase });
          } finally {
            await session.lock('manual');
          }
        });
        const warning =
          `Warning: this is the raw key of ${opts.tenant}'s vault. With it and a copy of the file, anyone can read everything in it, ` +
          'credentials included, and changing the passphrase does not change it. Keep it out of chats, tickets and shell history.';
        // With --json the answer is for a program; the person running it still sees the warning.
        if (opts.json) process.stderr.write(`${warning}\n`);
        printResult(opts, exported, () =>
          [
            warning,
            '',
            `Vault file: ${exported.file}`,
            `Raw key:    x'${exported.key}'`,
            '',
            'Open it in any SQLCipher 4 tool (the sqlcipher 4.x shell, DB Browser for SQLite with SQLCipher 4) with:',
            '  PRAGMA cipher_compatibility = 4;',
            `  PRAGMA key = "x'${exported.key}'";`,
            'Reading it while Switchboard runs is safe; change it only with Switchboard closed.',
          ].join('\n'),
        );
      }),
    );

  tenant
    .command('recover')
    .description('Set a new passphrase with the recovery key (line 1 of stdin; the new passphrase from SWITCHBOARD_NEW_PASSPHRASE or line 2).')
    .requiredOption('--tenant <name>', 'the profile')
    .option('--recovery-key-stdin', 'read the recovery key from standard input')
    .action(
      action(async (opts) => {
        const fromStdin = opts.recoveryKeyStdin === true;
        const recoveryKey = fromStdin ? await takeStdinLine('the recovery key') : await promptHidden('Recovery key: ');
        const newPass = await newPassphrase({ useStdin: fromStdin });
        await runOp({ ...opts, tenant: undefined }, 'profiles.recover', { tenant: opts.tenant, recoveryKey, newPassphrase: newPass });
        printResult(opts, { ok: true }, `Set a new passphrase for ${opts.tenant}. The recovery key still works; keep it safe.`);
      }),
    );

  tenant
    .command('rename')
    .description('Rename a profile (itself, or any profile as an admin with --as).')
    .requiredOption('--tenant <name>', 'the profile to rename')
    .requiredOption('--name <name>', 'the new name')
    .option('--as <admin>', 'act as this admin profile (its passphrase is asked)')
    .option('--passphrase-stdin', 'read the passphrase from standard input')
    .action(
      action(async (opts) => {
        const renamed = await runOp({ ...opts, tenant: (opts.as as string | undefined) ?? opts.tenant }, 'profiles.rename', { tenant: opts.tenant, name: opts.name });
        printResult(opts, renamed, `Renamed to ${renamed.name}.`);
      }),
    );

  asProfile(
    tenant
      .command('role')
      .description('Change the role of profile NAME or ID (admin only). Names are labels anyone who can write the home may change: the output shows the id acted on.')
      .argument('<name>', 'the profile whose role changes (its name or its id, from `switchboard tenant list`)')
      .requiredOption('--set <role>', 'admin, member or viewer'),
    'the admin profile acting',
  ).action(
    action(async (opts, name: string) => {
      const changed = await runOp(opts, 'admin.setRole', { tenantId: name, role: opts.set });
      printResult(opts, changed, `${changed.name} (${changed.id}) is now ${changed.role}.`);
    }),
  );

  tenant
    .command('delete')
    .description("Delete a profile and its vault, with that profile's passphrase or as an admin (--as).")
    .requiredOption('--tenant <name>', 'the profile to delete')
    .option('--as <admin>', 'act as this admin profile (its passphrase is asked)')
    .option('--passphrase-stdin', 'read the passphrase from standard input')
    .action(
      action(async (opts) => {
        if (opts.as) {
          await runOp({ ...opts, tenant: opts.as as string }, 'admin.removeTenant', { tenantId: opts.tenant });
        } else {
          const passphrase = await currentPassphrase(opts, `Passphrase for ${opts.tenant}`);
          await runOp({ ...opts, tenant: undefined }, 'profiles.delete', { tenant: opts.tenant, passphrase });
        }
        printResult(opts, { ok: true }, `Deleted profile ${opts.tenant} and its vault.`);
      }),
    );

  asProfile(
    tenant
      .command('settings')
      .description("Show a profile's own settings, or change them: auto-lock time, how long activity is kept.")
      .option('--auto-lock <minutes>', `lock the profile after this many idle minutes (${rangeText(AUTO_LOCK_MINUTES)})`)
      .option('--activity-retention <days>', `keep activity this many days (${rangeText(ACTIVITY_RETENTION_DAYS)})`)
      .option('--approval-timeout <seconds>', `how long an agent's call waits for your approval (${rangeText(APPROVAL_TIMEOUT_SECONDS)})`),
    'the profile',
  ).action(
    action(async (opts) => {
      const patch = {
        ...numberOption(opts.autoLock, 'autoLockMinutes', '--auto-lock'),
        ...numberOption(opts.activityRetention, 'activityRetentionDays', '--activity-retention'),
        ...numberOption(opts.approvalTimeout, 'approvalTimeoutSeconds', '--approval-timeout'),
      };
      const settings = Object.keys(patch).length ? await runOp(opts, 'settings.update', patch) : await runOp(opts, 'settings.get', {});
      printResult(
        opts,
        settings,
        `Auto-lock: ${settings.autoLockMinutes} minutes. Activity kept: ${settings.activityRetentionDays} days. Agents' calls wait ${settings.approvalTimeoutSeconds} s for approval.`,
      );
    }),
  );
}
