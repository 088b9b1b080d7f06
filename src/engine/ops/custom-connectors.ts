/** Operations on the space's custom connectors: admins import, add and remove them; any profile exports one it trusts. */
import type { ConnectorChangePreview, ConnectorImportView } from '../../shared/views.js';
import { compileConnector } from '../connectors/custom/compile.js';
import type { CustomConnector } from '../connectors/custom/format.js';
import { parseDocumentText, readLocalDocument } from '../connectors/openapi/load-document.js';
import { importOpenApi, type DocumentSource } from '../connectors/openapi/import-openapi.js';
import type { MapReport } from '../connectors/openapi/map-openapi.js';
import { exportCustomConnector, listCustomConnectors, removeCustomConnector, saveCustomConnector } from '../space/custom-connectors.js';
import { catalogFor } from '../space/verify-state.js';
import { op } from './operation.js';

function importView(connector: CustomConnector, report: MapReport, change: ConnectorChangePreview): ConnectorImportView {
  return {
    connector: {
      id: connector.id,
      name: connector.name,
      baseUrl: connector.baseUrl,
      ...(connector.baseUrlHint ? { baseUrlHint: connector.baseUrlHint } : {}),
      auth: connector.auth.map((a) => a.type),
      actions: connector.actions.map((a) => ({
        id: a.id,
        title: a.title,
        kind: a.kind,
        method: a.request.method,
        path: a.request.path,
        tags: a.source?.tags ?? [],
        deprecated: a.deprecated === true,
      })),
    },
    report,
    change,
  };
}

async function readDeclarative(source: DocumentSource): Promise<unknown> {
  const { text, name } = 'file' in source ? { ...(await readLocalDocument(source.file)), name: source.file } : source;
  return parseDocumentText(text, name);
}

export const customConnectorOps = {
  'catalog.export': op('catalog.export', 'profile', async ({ space, session }, input) => exportCustomConnector(space, await catalogFor(space, session), input.connectorId)),
  'admin.customConnectors': op('admin.customConnectors', 'admin', async ({ space, session }) => listCustomConnectors(space, session)),
  /** Import an OpenAPI document as a connector (or, with dryRun, show what it would be). */
  'admin.importOpenApi': op('admin.importOpenApi', 'admin', async ({ space, session }, input) => {
    const { connector, report } = await importOpenApi(input.source, {
      id: input.id,
      ...(input.name ? { name: input.name } : {}),
      ...(input.select ? { select: input.select } : {}),
      ...(input.tag ? { tag: input.tag } : {}),
      ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
      ...(input.kinds ? { kinds: input.kinds } : {}),
      ...(input.auth ? { auth: input.auth } : {}),
    });
    const change = await saveCustomConnector(space, session, connector, { dryRun: input.dryRun === true, confirm: input.confirm === true });
    return importView(connector, report, change);
  }),
  /** Add (or update) a hand-written declarative connector. */
  'admin.addConnector': op('admin.addConnector', 'admin', async ({ space, session }, input) => {
    const value = await readDeclarative(input.source);
    compileConnector(value, { compileSchemas: true });
    const connector = value as CustomConnector;
    const change = await saveCustomConnector(space, session, connector, { dryRun: input.dryRun === true, confirm: input.confirm === true });
    return importView(connector, { unsupportedAuth: [], skipped: [], servers: connector.baseUrl ? [connector.baseUrl] : [] }, change);
  }),
  'admin.removeConnector': op('admin.removeConnector', 'admin', async ({ space, session }, input) =>
    removeCustomConnector(space, session, input.connectorId, { dryRun: input.dryRun === true, confirm: input.confirm === true }),
  ),
};
