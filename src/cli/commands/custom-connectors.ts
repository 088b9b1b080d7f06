/** connector import|add|export|remove|custom: the space's custom connectors (admins change them; any profile exports one). */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { stringify as toYaml } from 'yaml';
import { SwitchboardError } from '../../shared/errors.js';
import type { ConnectorChangePreview, ConnectorImportView } from '../../shared/views.js';
import { action, asProfile, runOp, type CliOptions } from '../context.js';
import { printResult, table } from '../output.js';

const list = (raw: unknown): string[] | undefined =>
  typeof raw === 'string'
    ? raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

/** `--kind list_notes=write,get_note=read` */
function kinds(raw: unknown): Record<string, 'read' | 'write'> | undefined {
  const items = list(raw);
  if (!items) return undefined;
  return Object.fromEntries(
    items.map((item) => {
      const [id, kind] = item.split('=');
      if (!id || (kind !== 'read' && kind !== 'write')) throw new SwitchboardError('INVALID_INPUT', `--kind takes ACTION=read or ACTION=write, comma-separated; ${JSON.stringify(item)} is neither.`);
      return [id, kind];
    }),
  );
}

function changeText(change: ConnectorChangePreview, dryRun: boolean): string[] {
  const lines: string[] = [];
  if (change.replaces) {
    const parts = [`added: ${change.added.join(', ') || '-'}`, `removed: ${change.removed.join(', ') || '-'}`, `changed inputs: ${change.changed.join(', ') || '-'}`];
    lines.push(`Changes to ${change.connectorId}: ${parts.join('; ')}`);
  }
  for (const l of change.losses) lines.push(`  ${l.name} (${l.tenantId}) loses enabled ${l.loses.join(', ')}`);
  if (change.saved) lines.push(`Saved ${change.connectorId}${change.version ? ` (version ${change.version})` : ''}; every profile of the space sees it now.`);
  else if (change.needsConfirm) lines.push('Nothing saved: profiles would lose enabled actions. Run again with --yes to save.');
  else if (dryRun) lines.push('Dry run: nothing saved.');
  return lines;
}

function importText(view: ConnectorImportView, dryRun: boolean): string {
  const c = view.connector;
  return [
    `${c.name} (${c.id}) — ${c.actions.length} actions; auth: ${c.auth.join(', ')}; base URL: ${c.baseUrl || `(per connection: ${c.baseUrlHint ?? 'required'})`}`,
    table(
      ['ACTION', 'KIND', 'METHOD', 'PATH', 'TAGS'],
      c.actions.map((a) => [`${c.id}.${a.id}${a.deprecated ? ' (deprecated)' : ''}`, a.kind, a.method, a.path, a.tags.join(',')]),
    ),
    ...view.report.unsupportedAuth.map((u) => `Not mapped (auth): ${u}`),
    ...view.report.skipped.map((s) => `Left out: ${s}`),
    ...changeText(view.change, dryRun),
  ].join('\n');
}

/** Print the result; when it was not saved for want of --yes, exit 1 with CONFLICT after showing why. */
function finish(opts: CliOptions, json: unknown, human: string, change: ConnectorChangePreview): void {
  printResult(opts, json, human);
  if (change.needsConfirm) throw new SwitchboardError('CONFLICT', 'Not saved: profiles would lose enabled actions (listed above). Run again with --yes to save.');
}

export function registerCustomConnectorCommands(connector: Command): void {
  asProfile(
    connector
      .command('import')
      .description('Import an OpenAPI 3.0/3.1 or Swagger 2.0 document (JSON or YAML, a local file) as a connector of the space (admin only).')
      .argument('<file>', 'the document; $refs to other local files resolve beside it, never over the network')
      .requiredOption('--id <id>', 'the connector id (lowercase letters, digits, _)')
      .option('--name <name>', "the connector's name (default: the document's title)")
      .option('--select <ops>', 'only these operations: operationIds, action ids or "METHOD /path", comma-separated')
      .option('--tag <tag>', 'only operations with this tag')
      .option('--base-url <url>', 'the server to use when the document lists several (or none)')
      .option('--kind <list>', 'override kinds: ACTION=read|write, comma-separated')
      .option('--auth <schemes>', 'offer only these security schemes (their names in the document), comma-separated')
      .option('--dry-run', 'show the connector it would make, and what changes; save nothing')
      .option('--yes', 'save even though profiles lose enabled actions'),
    'the admin profile acting',
  ).action(
    action(async (opts, file: string) => {
      const dryRun = opts.dryRun === true;
      const view = await runOp(opts, 'admin.importOpenApi', {
        source: { file },
        id: opts.id,
        ...(opts.name ? { name: opts.name } : {}),
        ...(list(opts.select) ? { select: list(opts.select) } : {}),
        ...(opts.tag ? { tag: opts.tag } : {}),
        ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
        ...(kinds(opts.kind) ? { kinds: kinds(opts.kind) } : {}),
        ...(list(opts.auth) ? { auth: list(opts.auth) } : {}),
        dryRun,
        confirm: opts.yes === true,
      });
      finish(opts, view, importText(view, dryRun), view.change);
    }),
  );
  asProfile(
    connector
      .command('add')
      .description('Add or update a hand-written connector (JSON or YAML, checked against docs/connector.schema.json; admin only).')
      .argument('<file>', 'the definition')
      .option('--dry-run', 'check it and show what changes; save nothing')
      .option('--yes', 'save even though profiles lose enabled actions'),
    'the admin profile acting',
  ).action(
    action(async (opts, file: string) => {
      const dryRun = opts.dryRun === true;
      const view = await runOp(opts, 'admin.addConnector', { source: { file }, dryRun, confirm: opts.yes === true });
      finish(opts, view, importText(view, dryRun), view.change);
    }),
  );
  asProfile(
    connector
      .command('export')
      .description('Print (or write) a custom connector as the declarative format, to edit and `connector add` again.')
      .argument('<id>', 'the custom connector id')
      .option('--yaml', 'YAML instead of JSON')
      .option('--out <file>', 'write it to this file instead of standard output'),
    'the profile looking',
  ).action(
    action(async (opts, connectorId: string) => {
      const definition = await runOp(opts, 'catalog.export', { connectorId });
      const text = opts.yaml ? toYaml(definition, { aliasDuplicateObjects: false }) : `${JSON.stringify(definition, null, 2)}\n`;
      if (typeof opts.out === 'string') {
        await writeFile(opts.out, text, { mode: 0o600 });
        printResult(opts, { written: opts.out }, `Wrote ${connectorId} to ${opts.out}.`);
      } else if (opts.json) {
        printResult(opts, definition, '');
      } else {
        process.stdout.write(text);
      }
    }),
  );
  asProfile(
    connector
      .command('remove')
      .description("Remove a custom connector from the space (admin only): each profile's credentials for it are deleted at its next unlock.")
      .argument('<id>', 'the custom connector id')
      .option('--dry-run', 'show who loses which enabled actions; remove nothing')
      .option('--yes', 'remove even though profiles lose enabled actions'),
    'the admin profile acting',
  ).action(
    action(async (opts, connectorId: string) => {
      const dryRun = opts.dryRun === true;
      const change = await runOp(opts, 'admin.removeConnector', { connectorId, dryRun, confirm: opts.yes === true });
      const lines = changeText(change, dryRun);
      finish(opts, change, (change.saved ? [`Removed ${connectorId}.`, ...lines.filter((l) => l.startsWith('  '))] : lines).join('\n'), change);
    }),
  );
  asProfile(connector.command('custom').description('List the custom connectors of the space, with their versions and any problem (admin only).'), 'the admin profile acting').action(
    action(async (opts) => {
      const rows = await runOp(opts, 'admin.customConnectors', {});
      printResult(opts, rows, () =>
        rows.length === 0
          ? 'No custom connectors. Import one with: switchboard connector import FILE --id ID --tenant ADMIN'
          : table(['ID', 'NAME', 'VERSION', 'ACTIONS', 'UPDATED', 'PROBLEM'], rows.map((r) => [r.id, r.name, String(r.version), String(r.actions), r.updatedAt, r.problem ?? '-'])),
      );
    }),
  );
}
