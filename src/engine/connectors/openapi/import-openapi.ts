/** An OpenAPI document (a local file, or its text) to a checked declarative connector, and what was left out. */
import { compileConnector } from '../custom/compile.js';
import { loadOpenApi, parseDocumentText, readLocalDocument } from './load-document.js';
import { mapOpenApi, type MapOptions, type MapResult } from './map-openapi.js';

export type DocumentSource = { file: string } | { text: string; name: string };

export async function importOpenApi(source: DocumentSource, options: MapOptions): Promise<MapResult> {
  const { text, path, name } = 'file' in source ? { ...(await readLocalDocument(source.file)), name: source.file } : { text: source.text, path: undefined, name: source.name };
  const { doc, version } = await loadOpenApi(parseDocumentText(text, name), path, name);
  const result = mapOpenApi(doc, version, options);
  compileConnector(result.connector, { compileSchemas: true });
  return result;
}
