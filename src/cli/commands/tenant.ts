import type { Command } from 'commander';
import {
  createTenant,
  deleteTenant,
  recoverTenant,
  renameTenant,
  setRole,
  changePassphrase,
  unlockTenant,
} from '../../engine/index.js';
import { SwitchboardError } from '../../shared/errors.js';
import { withSession, withSpace } from '../context.js';
import { printResult, table, type GlobalOptions } from '../output.js';
import { currentPassphrase, newPassphrase, promptHidden, takeStdinLine } from '../secret-input.js';

interface TenantOpt {
  tenant: string;
  passphraseStdin?: boolean;
}

export function registerTenantCommands(program: Command, globals: () => GlobalOptions): void {
  const tenant = program.command('tenant').description('Profiles (tenants) of a space, each with its own encrypted vault.');

  tenant
    .command('create')
    .description('Create a profile and its vault; prints its id and, once, its recovery key.')
    .requiredOption('--name <name>', 'the profile name, unique in the space')
    .option('--as <profile>', 'create it as this unlocked profile (when the space lets only admins or members create profiles); its passphrase comes first')
    .option('--passphrase-stdin', 'read the passphrase(s) from standard input')
    .action(async (o: { name: string; as?: string; passphraseStdin?: boolean }) => {
      const opts = globals();
      const created = o.as
        ? await withSession({ ...opts, passphraseStdin: o.passphraseStdin }, o.as, async (actor, space) => {
            const passphrase = await newPassphrase({ useStdin: o.passphraseStdin === true });
            return createTenant(space, { name: o.name, passphrase }, actor);
          })
        : await withSpace(opts, async (space) => {
            const passphrase = await passphraseForNewProfile(o.passphraseStdin === true);
            return createTenant(space, { name: o.name, passphrase });
          });
      printResult(opts, created, () =>
        [
          created.id,
          `Created profile ${created.name} (${created.role}).`,
          'Recovery key, shown only this once. Store it somewhere safe: it resets a forgotten passphrase.',
          `  ${created.recoveryKey}`,
        ].join('\n'),
      );
    });

  tenant
    .command('list')
    .description('List the profiles of the space (no secrets).')
    .action(async () => {
      const opts = globals();
      const tenants = await withSpace(opts, (space) => space.listTenants());
      printResult(opts, tenants, () =>
        tenants.length === 0
          ? 'No profiles yet. Create one with: switchboard tenant create --name NAME'
          : table(['ID', 'NAME', 'ROLE', 'CREATED'], tenants.map((t) => [t.id, t.name, t.role, t.createdAt])),
      );
    });

  tenant
    .command('unlock')
    .description('Check a profile passphrase: exits 0 when it unlocks the vault.')
    .requiredOption('--tenant <name>', 'the profile')
    .option('--passphrase-stdin', 'read the passphrase from standard input')
    .action(async (o: TenantOpt) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const result = await withSpace(opts, async (space) => {
        const session = await unlockTenant(space, o.tenant, await currentPassphrase(opts, `Passphrase for ${o.tenant}`));
        const summary = { id: session.tenantId, name: session.name, role: session.role };
        await session.lock('manual');
        return summary;
      });
      printResult(opts, result, `Unlocked ${result.name} (${result.role}).`);
    });

  tenant
    .command('passwd')
    .description('Change a profile passphrase (new one from SWITCHBOARD_NEW_PASSPHRASE, line 2 of stdin, or the prompt).')
    .requiredOption('--tenant <name>', 'the profile')
    .option('--passphrase-stdin', 'read the current passphrase (line 1) and the new one (line 2) from standard input')
    .action(async (o: TenantOpt) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      await withSpace(opts, async (space) => {
        const current = await currentPassphrase(opts, `Current passphrase for ${o.tenant}`);
        const session = await unlockTenant(space, o.tenant, current);
        try {
          const next = await newPassphrase({ useStdin: o.passphraseStdin === true });
          await changePassphrase(space, session, current, next);
        } finally {
          await session.lock('manual');
        }
      });
      printResult(opts, { ok: true }, `Changed the passphrase of ${o.tenant}.`);
    });

  tenant
    .command('recover')
    .description('Set a new passphrase with the recovery key (line 1 of stdin; the new passphrase from SWITCHBOARD_NEW_PASSPHRASE or line 2).')
    .requiredOption('--tenant <name>', 'the profile')
    .option('--recovery-key-stdin', 'read the recovery key from standard input')
    .action(async (o: { tenant: string; recoveryKeyStdin?: boolean }) => {
      const opts = globals();
      await withSpace(opts, async (space) => {
        const recoveryKey = o.recoveryKeyStdin ? await takeStdinLine('the recovery key') : await promptHidden('Recovery key: ');
        const next = await newPassphrase({ useStdin: o.recoveryKeyStdin === true });
        await recoverTenant(space, o.tenant, recoveryKey, next);
      });
      printResult(opts, { ok: true }, `Set a new passphrase for ${o.tenant}. The recovery key still works; keep it safe.`);
    });

  tenant
    .command('rename')
    .description('Rename a profile (itself, or any profile as an admin with --as).')
    .requiredOption('--tenant <name>', 'the profile to rename')
    .requiredOption('--name <name>', 'the new name')
    .option('--as <admin>', 'act as this admin profile (its passphrase is asked)')
    .option('--passphrase-stdin', 'read the passphrase from standard input')
    .action(async (o: TenantOpt & { name: string; as?: string }) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const renamed = await withSession(opts, o.as ?? o.tenant, (session, space) => renameTenant(space, session, o.tenant, o.name));
      printResult(opts, renamed, `Renamed to ${renamed.name}.`);
    });

  tenant
    .command('role')
    .description('Change the role of profile NAME (admin only).')
    .argument('<name>', 'the profile whose role changes')
    .requiredOption('--set <role>', 'admin, member or viewer')
    .requiredOption('--tenant <admin>', 'the admin profile acting')
    .option('--passphrase-stdin', 'read the admin passphrase from standard input')
    .action(async (name: string, o: TenantOpt & { set: string }) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const changed = await withSession(opts, o.tenant, (session, space) => setRole(space, session, name, o.set));
      printResult(opts, changed, `${changed.name} is now ${changed.role}.`);
    });

  tenant
    .command('delete')
    .description("Delete a profile and its vault, with that profile's passphrase or as an admin (--as).")
    .requiredOption('--tenant <name>', 'the profile to delete')
    .option('--as <admin>', 'act as this admin profile (its passphrase is asked)')
    .option('--passphrase-stdin', 'read the passphrase from standard input')
    .action(async (o: TenantOpt & { as?: string }) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      if (o.as) {
        await withSession(opts, o.as, (admin, space) => deleteTenant(space, o.tenant, { admin }));
      } else {
        await withSpace(opts, async (space) =>
          deleteTenant(space, o.tenant, { passphrase: await currentPassphrase(opts, `Passphrase for ${o.tenant}`) }),
        );
      }
      printResult(opts, { ok: true }, `Deleted profile ${o.tenant} and its vault.`);
    });
}

async function passphraseForNewProfile(fromStdin: boolean): Promise<string> {
  const env = process.env.SWITCHBOARD_PASSPHRASE;
  if (env !== undefined && env !== '') return env;
  if (fromStdin) return takeStdinLine('the passphrase');
  const first = await promptHidden('Passphrase for the new profile: ');
  const second = await promptHidden('Repeat it: ');
  if (first !== second) throw new SwitchboardError('INVALID_INPUT', 'The two passphrases differ. Nothing was created; try again.');
  return first;
}
