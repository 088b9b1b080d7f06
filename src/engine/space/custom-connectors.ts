/**
 * The space's custom connectors, admins' side: save (import or add), remove, list, export, and the
 * preview of a change (actions added, removed, changed inputs; which profiles lose which enabled
 * actions). One registry row per connector; every save or removal is an admin change that signs
 * the new list of them into the policy statement in its own transaction (signed-state.ts). What
 * profiles trust is in custom-catalog.ts.
 */
import { SwitchboardError } from '../../shared/errors.js';
import type { CustomConnectorView, ConnectorChangePreview } from '../../shared/views.js';
import type { Catalog } from '../connectors/catalog.js';
import { compileConnector } from '../connectors/custom/compile.js';
import type { CustomAction, CustomConnector } from '../connectors/custom/format.js';
import type { AdminSession } from './admin-session.js';
import { customRows } from './custom-catalog.js';
import { sha256 } from './signed-bodies.js';
import { recordAdminChange } from './signed-state.js';
import type { Space } from './space.js';
import { catalogFor } from './verify-state.js';

/** What changes between two versions of a connector's actions. */
export function diffActions(before: readonly CustomAction[], after: readonly CustomAction[]): { added: string[]; removed: string[]; changed: string[] } {
  const old = new Map(before.map((a) => [a.id, a]));
  const next = new Map(after.map((a) => [a.id, a]));
  const same = (a: CustomAction, b: CustomAction) =>
    a.kind === b.kind && JSON.stringify(a.input) === JSON.stringify(b.input) && JSON.stringify(a.request) === JSON.stringify(b.request);
  return {
    added: [...next.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !next.has(id)),
    changed: [...next.values()].filter((a) => old.has(a.id) && !same(old.get(a.id)!, a)).map((a) => a.id),
  };
}

/** Which profiles have which of these actions (full ids) enabled, from the counters each publishes. */
async function losses(space: Space, actionIds: ReadonlySet<string>): Promise<ConnectorChangePreview['losses']> {
  if (!actionIds.size) return [];
  const rows = await space.registry.all<{ id: string; name: string; enabled_actions: string | null }>(
    'SELECT t.id, t.name, s.enabled_actions FROM tenant t LEFT JOIN tenant_status s ON s.tenant_id = t.id ORDER BY t.name_key',
  );
  const out: ConnectorChangePreview['losses'] = [];
  for (const r of rows) {
    let enabled: unknown = [];
    try {
      enabled = JSON.parse(r.enabled_actions ?? '[]');
    } catch {
      // a damaged counter row: nothing to show for it
    }
    const loses = (Array.isArray(enabled) ? enabled : []).filter((id): id is string => typeof id === 'string' && actionIds.has(id));
    if (loses.length) out.push({ tenantId: r.id, name: r.name, loses });
  }
  return out;
}

async function storedDefinition(space: Space, id: string): Promise<{ connector: CustomConnector; version: number } | undefined> {
  const row = await space.registry.get<{ definition: string; version: number }>('SELECT definition, version FROM custom_connector WHERE id = ?', [id]);
  if (!row) return undefined;
  try {
    return { connector: JSON.parse(row.definition) as CustomConnector, version: row.version };
  } catch {
    return undefined;
  }
}

export interface SaveOptions {
  dryRun?: boolean;
  /** Save even though profiles lose enabled actions (the preview was shown). */
  confirm?: boolean;
}

/**
 * Check and (unless a dry run, or profiles would lose enabled actions without `confirm`) save a
 * custom connector. Nothing is written when anything about it is wrong.
 */
export async function saveCustomConnector(space: Space, admin: AdminSession, connector: CustomConnector, options: SaveOptions = {}): Promise<ConnectorChangePreview> {
  compileConnector(connector, { compileSchemas: true });
  if (space.baseCatalog.hasConnector(connector.id)) {
    throw new SwitchboardError('CONFLICT', `${connector.id} is a built-in connector; give the custom one another --id.`);
  }
  const previous = await storedDefinition(space, connector.id);
  const diff = diffActions(previous?.connector.actions ?? [], connector.actions);
  const lost = await losses(space, new Set(diff.removed.map((a) => `${connector.id}.${a}`)));
  const preview: ConnectorChangePreview = { connectorId: connector.id, replaces: previous !== undefined, ...diff, losses: lost, saved: false };
  if (options.dryRun) return preview;
  if (lost.length && !options.confirm) return { ...preview, needsConfirm: true };
  const text = JSON.stringify(connector);
  const version = await space.registry.transaction(async (tx) => {
    const row = await tx.get<{ version: number }>('SELECT version FROM custom_connector WHERE id = ?', [connector.id]);
    // Above any version before, and at least the time: a removed and re-added connector never reuses a number.
    const next = Math.max((row?.version ?? 0) + 1, space.now());
    await tx.run(
      `INSERT INTO custom_connector (id, version, definition, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version, definition = excluded.definition, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [connector.id, next, text, space.now(), admin.tenantId],
    );
    await recordAdminChange(tx, space, admin, 'connector.save', { connectorId: connector.id, version: next, actions: connector.actions.length, ...diffCounts(diff) }, {
      connector: { set: [connector.id, next, sha256(text)] },
    });
    return next;
  });
  space.announce({ kind: 'space' });
  return { ...preview, saved: true, version };
}

const diffCounts = (d: { added: string[]; removed: string[]; changed: string[] }) => ({ added: d.added.length, removed: d.removed.length, changed: d.changed.length });

/** Remove a custom connector from the catalog; each profile's credentials for it go at its next unlock. */
export async function removeCustomConnector(space: Space, admin: AdminSession, connectorId: string, options: SaveOptions = {}): Promise<ConnectorChangePreview> {
  const previous = await storedDefinition(space, connectorId);
  // One the signature names but whose row was deleted (or damaged) by hand can be removed too: that is how an admin resolves it.
  if (!previous && !(await catalogFor(space, admin)).refusal(connectorId)) {
    throw new SwitchboardError('NOT_FOUND', `There is no custom connector ${connectorId}. List them with \`switchboard connector custom\`.`);
  }
  const removed = previous?.connector.actions.map((a) => a.id) ?? [];
  const lost = await losses(space, new Set(removed.map((a) => `${connectorId}.${a}`)));
  const preview: ConnectorChangePreview = { connectorId, replaces: true, added: [], removed, changed: [], losses: lost, saved: false };
  if (options.dryRun) return preview;
  if (lost.length && !options.confirm) return { ...preview, needsConfirm: true };
  await space.registry.transaction(async (tx) => {
    await tx.run('DELETE FROM custom_connector WHERE id = ?', [connectorId]);
    await tx.run("DELETE FROM policy_rule WHERE subject = ? OR subject LIKE ? ESCAPE '\\'", [connectorId, `${connectorId.replace(/_/g, '\\_')}.%`]);
    await recordAdminChange(tx, space, admin, 'connector.remove', { connectorId }, { connector: { remove: connectorId } });
  });
  space.announce({ kind: 'space' });
  return { ...preview, saved: true };
}

/** The custom connectors the registry holds, each with whether this admin's vault trusts it. */
export async function listCustomConnectors(space: Space, admin: AdminSession): Promise<CustomConnectorView[]> {
  const catalog: Catalog = await catalogFor(space, admin);
  const rows = await customRows(space.registry);
  const views = rows.map((r): CustomConnectorView => {
    let name = r.id;
    let actions = 0;
    try {
      const parsed = JSON.parse(r.definition) as Partial<CustomConnector>;
      name = typeof parsed.name === 'string' ? parsed.name : r.id;
      actions = Array.isArray(parsed.actions) ? parsed.actions.length : 0;
    } catch {
      // shown as refused below
    }
    const refusal = catalog.refusal(r.id);
    return { id: r.id, name, version: r.version, actions, updatedAt: new Date(r.updated_at).toISOString(), updatedBy: r.updated_by, ...(refusal ? { problem: refusal.message } : {}) };
  });
  // Signed ones whose rows were deleted by hand: shown with the problem, so an admin can act.
  for (const id of catalog.refusedIds()) {
    if (!views.some((v) => v.id === id)) views.push({ id, name: id, version: 0, actions: 0, updatedAt: new Date(0).toISOString(), updatedBy: '', problem: catalog.refusal(id)!.message });
  }
  return views;
}

/** A custom connector's definition, as the format writes it, for one this profile trusts. */
export async function exportCustomConnector(space: Space, catalog: Catalog, connectorId: string): Promise<CustomConnector> {
  const refused = catalog.refusal(connectorId);
  if (refused) throw refused;
  if (!catalog.isCustom(connectorId)) {
    throw new SwitchboardError('NOT_FOUND', catalog.hasConnector(connectorId) ? `${connectorId} is built in; only custom connectors export.` : `There is no custom connector ${connectorId}.`);
  }
  const stored = await storedDefinition(space, connectorId);
  if (!stored) throw new SwitchboardError('NOT_FOUND', `There is no custom connector ${connectorId}.`);
  return stored.connector;
}
