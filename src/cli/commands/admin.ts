/** `switchboard admin tenants|audit|insights` — what an admin oversees, as --tenant ADMIN. */
import type { Command } from 'commander';
import { DEFAULT_INSIGHT_DAYS } from '../../shared/limits.js';
import { action, asProfile, runOp } from '../context.js';
import { numberOption, printResult, table } from '../output.js';

export function registerAdminCommands(program: Command): void {
  const admin = program.command('admin').description('Oversee the space (admins only): profiles, audit trail, insights.');
  const ADMIN = 'the admin profile acting';

  asProfile(admin.command('tenants').description('Every profile: role, activity, connectors (ids only), counts; never anything inside a vault.'), ADMIN).action(
    action(async (opts) => {
      const rows = await runOp(opts, 'admin.tenants', {});
      printResult(opts, rows, () =>
        table(
          ['ID', 'NAME', 'ROLE', 'LAST ACTIVE', 'CONNECTORS', 'ENABLED', 'CALLS 24H', 'ERRORS 24H', 'CALLS 30D', 'ERRORS 30D', 'NEEDS RE-AUTH'],
          rows.map((r) => [r.id, r.name, r.role, r.lastActiveAt ?? '-', r.connectors.join(',') || '-', String(r.actionsEnabled), String(r.calls24h), String(r.errors24h), String(r.calls30d), String(r.errors30d), r.needsReauth.join(',') || '-']),
        ),
      );
    }),
  );

  asProfile(admin.command('audit').description('The space audit trail, newest first, and whether its hash chain is intact.'), ADMIN).action(
    action(async (opts) => {
      const audit = await runOp(opts, 'admin.audit', {});
      printResult(opts, audit, () =>
        [
          audit.intact
            ? `Audit trail intact${audit.unsigned ? `; the newest ${audit.unsigned === 1 ? 'entry is' : `${audit.unsigned} entries are`} a profile's own deletion, signed with the next admin change` : ''}.`
            : `WARNING: the audit trail was changed outside Switchboard. ${audit.problem ?? ''}`.trim(),
          table(['#', 'AT', 'WHO', 'ACTION', 'DETAIL'], audit.entries.map((e) => [String(e.id), e.at, `${e.actor} (${e.actorId})`, e.action, JSON.stringify(e.detail)])),
        ].join('\n'),
      );
    }),
  );

  asProfile(admin.command('insights').description('Calls, errors and mean latency per day, by connector and by profile.'), ADMIN)
    .option('--days <n>', 'how many days back', String(DEFAULT_INSIGHT_DAYS))
    .action(
      action(async (opts) => {
        const insights = await runOp(opts, 'admin.insights', numberOption(opts.days, 'days', '--days'));
        printResult(opts, insights, () =>
          [
            'By connector:',
            table(['DAY', 'CONNECTOR', 'CALLS', 'ERRORS', 'AVG MS'], insights.byConnector.map((p) => [p.day, p.key, String(p.calls), String(p.errors), String(p.avgMs)])),
            '',
            'By profile:',
            table(['DAY', 'PROFILE', 'CALLS', 'ERRORS', 'AVG MS'], insights.byTenant.map((p) => [p.day, p.key, String(p.calls), String(p.errors), String(p.avgMs)])),
          ].join('\n'),
        );
      }),
    );
}
