/**
 * The space's catalog as a profile may trust it: the built-in connectors, and each custom
 * connector whose registry row is the one the signed policy names (same version, same hash). A row
 * edited by hand, an older version put back, one added or removed outside Switchboard: that
 * connector is refused, by name and with why, for every profile; the rest of the catalog works.
 */
import { SwitchboardError } from '../../shared/errors.js';
import type { Catalog } from '../connectors/catalog.js';
import { compileConnector } from '../connectors/custom/compile.js';
import type { ConnectorDefinition } from '../connectors/definition.js';
import type { Db } from '../db/sqlite.js';
import { sha256, type ConnectorEntry } from './signed-bodies.js';

export interface CustomRow {
  id: string;
  version: number;
  definition: string;
  updated_at: number;
  updated_by: string;
}

const denied = (message: string): SwitchboardError => new SwitchboardError('POLICY_DENIED', message);
const ASK = 'Nothing of it runs until an admin imports it again (switchboard connector import/add) or removes it (switchboard connector remove).';

/** Compiled definitions by hash: the same signed definition is compiled once per process. */
const COMPILED = new Map<string, ConnectorDefinition>();

function compiled(row: CustomRow, hash: string): ConnectorDefinition {
  let def = COMPILED.get(hash);
  if (!def) {
    def = compileConnector(JSON.parse(row.definition) as unknown);
    if (def.id !== row.id) throw new Error('the definition names another id');
    if (COMPILED.size > 200) COMPILED.clear();
    COMPILED.set(hash, def);
  }
  return def;
}

export async function customRows(db: Db): Promise<CustomRow[]> {
  return db.all<CustomRow>('SELECT id, version, definition, updated_at, updated_by FROM custom_connector ORDER BY id');
}

/**
 * The catalog for the signed list `signed` (undefined: no statement signs custom connectors, so
 * none is trusted) over the registry's rows.
 */
export function verifiedCatalog(base: Catalog, rows: readonly CustomRow[], signed: readonly ConnectorEntry[] | undefined): Catalog {
  const custom: ConnectorDefinition[] = [];
  const refused = new Map<string, SwitchboardError>();
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const [id, version, hash] of signed ?? []) {
    const row = byId.get(id);
    byId.delete(id);
    if (!row) {
      refused.set(id, denied(`The custom connector ${id} was removed from the registry outside Switchboard. ${ASK}`));
      continue;
    }
    if (row.version < version) {
      refused.set(id, denied(`The custom connector ${id} in the registry was rolled back outside Switchboard: it is version ${row.version}, and the signed catalog names version ${version}. ${ASK}`));
      continue;
    }
    const rowHash = sha256(row.definition);
    if (row.version !== version || rowHash !== hash) {
      refused.set(id, denied(`The custom connector ${id} was changed outside Switchboard: its definition does not match the space's signature. ${ASK}`));
      continue;
    }
    if (base.hasConnector(id) && !base.isCustom(id)) continue; // a built-in of this version now has the id; the built-in wins
    try {
      custom.push(compiled(row, rowHash));
    } catch (err) {
      refused.set(id, denied(`The custom connector ${id} cannot be loaded: ${(err as Error).message}`));
    }
  }
  for (const id of byId.keys()) {
    if (!base.hasConnector(id)) refused.set(id, denied(`The custom connector ${id} was added to the registry outside Switchboard: no admin signed it. ${ASK}`));
  }
  return base.withCustom({ custom, refused });
}
