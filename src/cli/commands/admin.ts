/** `switchboard admin tenants|audit|insights` — what an admin oversees, as --tenant ADMIN. */
import type { Command } from 'commander';
import { adminAudit, adminInsights, adminTenants } from '../../engine/space/admin.js';
import { SwitchboardError } from '../../shared/errors.js';
import { withSession } from '../context.js';
import { printResult, table, type GlobalOptions } from '../output.js';

export function registerAdminCommands(program: Command, globals: () => GlobalOptions): void {
  const admin = program.command('admin').description('Oversee the space (admins only): tenants, audit trail, insights.');
  const common = (c: Command): Command =>
    c.requiredOption('--tenant <admin>', 'the admin profile acting').option('--passphrase-stdin', 'read the passphrase from standard input');

  common(admin.command('tenants').description('Every profile: role, activity, connectors (ids only), counts; never anything inside a vault.')).action(
    async (o: { tenant: string; passphraseStdin?: boolean }) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const rows = await withSession(opts, o.tenant, (session, space) => adminTenants(space, session));
      printResult(opts, rows, () =>
        table(
          ['NAME', 'ROLE', 'LAST ACTIVE', 'CONNECTORS', 'ENABLED', 'CALLS 24H', 'ERRORS 24H', 'CALLS 30D', 'ERRORS 30D', 'NEEDS RE-AUTH'],
          rows.map((r) => [r.name, r.role, r.lastActiveAt ?? '-', r.connectors.join(',') || '-', String(r.actionsEnabled), String(r.calls24h), String(r.errors24h), String(r.calls30d), String(r.errors30d), r.needsReauth.join(',') || '-']),
        ),
      );
    },
  );

  common(admin.command('audit').description('The space audit trail, newest first, and whether its hash chain is intact.')).action(
    async (o: { tenant: string; passphraseStdin?: boolean }) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const audit = await withSession(opts, o.tenant, (session, space) => adminAudit(space, session));
      printResult(opts, audit, () =>
        [
          audit.intact ? 'Audit trail intact.' : 'WARNING: the audit trail was edited by hand (its hash chain is broken).',
          table(['AT', 'WHO', 'ACTION', 'DETAIL'], audit.entries.map((e) => [e.at, e.actor, e.action, JSON.stringify(e.detail)])),
        ].join('\n'),
      );
    },
  );

  common(admin.command('insights').description('Calls, errors and mean latency per day, by connector and by tenant.'))
    .option('--days <n>', 'how many days back', '30')
    .action(async (o: { tenant: string; passphraseStdin?: boolean; days: string }) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const days = Number(o.days);
      if (!Number.isInteger(days) || days < 1 || days > 366) throw new SwitchboardError('INVALID_INPUT', '--days takes 1 to 366.');
      const insights = await withSession(opts, o.tenant, (session, space) => adminInsights(space, session, days));
      printResult(opts, insights, () =>
        [
          'By connector:',
          table(['DAY', 'CONNECTOR', 'CALLS', 'ERRORS', 'AVG MS'], insights.byConnector.map((p) => [p.day, p.key, String(p.calls), String(p.errors), String(p.avgMs)])),
          '',
          'By tenant:',
          table(['DAY', 'TENANT', 'CALLS', 'ERRORS', 'AVG MS'], insights.byTenant.map((p) => [p.day, p.key, String(p.calls), String(p.errors), String(p.avgMs)])),
        ].join('\n'),
      );
    });
}
