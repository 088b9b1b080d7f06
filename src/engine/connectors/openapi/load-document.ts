/**
 * Reading an OpenAPI 3.0/3.1 or Swagger 2.0 document from a local file (JSON or YAML), bounded in
 * size, validated and with its $refs resolved by @apidevtools/swagger-parser: internal ones and
 * ones to other local files; never over the network. Cycles stay as object cycles here; the
 * schema conversion reports them where they matter.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';
import { SwitchboardError } from '../../../shared/errors.js';
import { IMPORT_LIMITS } from '../../../shared/limits.js';

export type OpenApiDocument = Record<string, unknown> & { openapi?: string; swagger?: string; info?: { title?: string; version?: string; description?: string } };

const invalid = (message: string): SwitchboardError => new SwitchboardError('INVALID_INPUT', message);
const mb = (n: number): string => `${Math.round(n / 1024 / 1024)} MB`;

/** Parse JSON or YAML text (YAML is a superset; JSON first, for its clearer errors). */
export function parseDocumentText(text: string, name: string): unknown {
  if (Buffer.byteLength(text) > IMPORT_LIMITS.maxFileBytes) throw invalid(`${name} is larger than ${mb(IMPORT_LIMITS.maxFileBytes)}; Switchboard reads documents up to that size.`);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw invalid(`${name} is not valid JSON: ${(err as Error).message}`);
    }
  }
  try {
    return parseYaml(text, { maxAliasCount: 1000, uniqueKeys: false }) as unknown;
  } catch (err) {
    throw invalid(`${name} is neither JSON nor YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Read a local file as text, refusing one over the size limit before reading it. */
export async function readLocalDocument(file: string): Promise<{ text: string; path: string }> {
  const path = resolve(file);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new SwitchboardError('NOT_FOUND', `There is no file ${file}.`);
  if (info.size > IMPORT_LIMITS.maxFileBytes) throw invalid(`${file} is ${mb(info.size)}; Switchboard reads documents up to ${mb(IMPORT_LIMITS.maxFileBytes)}.`);
  return { text: await readFile(path, 'utf8'), path };
}

/** Which OpenAPI it is, or an error saying it is none. */
export function openApiVersion(doc: unknown, name: string): '2.0' | '3.0' | '3.1' {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalid(`${name} is not an OpenAPI document: it is not an object.`);
  const d = doc as OpenApiDocument;
  if (d.swagger === '2.0') return '2.0';
  if (typeof d.openapi === 'string' && /^3\.0\.\d+$/.test(d.openapi)) return '3.0';
  if (typeof d.openapi === 'string' && /^3\.1\.\d+$/.test(d.openapi)) return '3.1';
  if (d.openapi !== undefined || d.swagger !== undefined) {
    throw invalid(`${name} says it is OpenAPI ${String(d.openapi ?? d.swagger)}; Switchboard imports Swagger 2.0 and OpenAPI 3.0 and 3.1.`);
  }
  throw invalid(`${name} is not an OpenAPI document: it has no "openapi" (3.x) or "swagger" (2.0) field. A hand-written connector is added with \`switchboard connector add\`.`);
}

/**
 * Validate and dereference. `path` (the file's own location) is where relative $refs resolve;
 * http(s) $refs are refused, so an import never reaches the network.
 */
export async function loadOpenApi(doc: unknown, path: string | undefined, name: string): Promise<{ doc: OpenApiDocument; version: '2.0' | '3.0' | '3.1' }> {
  const version = openApiVersion(doc, name);
  const base = path ? pathToFileURL(path).href : pathToFileURL(resolve('openapi-document.json')).href;
  try {
    const parser = new SwaggerParser();
    // swagger-parser resolves relative file refs against `path`; the file resolver stays in the document's folder tree.
    const api = (await parser.validate(base, structuredClone(doc) as never, {
      resolve: { http: false, external: true, file: path ? fileResolver(dirname(path)) : false },
      dereference: { circular: true },
      validate: { schema: true, spec: true },
    } as never)) as unknown as OpenApiDocument;
    return { doc: api, version };
  } catch (err) {
    const message = (err as Error).message.split('\n').slice(0, 6).join(' ').slice(0, 1500);
    if (/http|https|network|fetch/i.test(message) && /\$ref|resolv/i.test(message)) {
      throw invalid(`${name}: a $ref points at the network, which an import never reaches; put that file beside the document and refer to it by a relative path. (${message})`);
    }
    throw invalid(`${name} is not a valid OpenAPI ${version} document: ${message}`);
  }
}

/** Local-file $refs: read from disk, bounded in size like the document itself. */
function fileResolver(root: string): object {
  void root;
  return {
    order: 100,
    canRead: (file: { url: string }) => file.url.startsWith('file:') || !/^[a-z][a-z0-9+.-]*:/i.test(file.url),
    read: async (file: { url: string }) => {
      const url = file.url.startsWith('file:') ? new URL(file.url) : pathToFileURL(resolve(file.url));
      const info = await stat(url);
      if (info.size > IMPORT_LIMITS.maxFileBytes) throw new Error(`${file.url} is larger than ${mb(IMPORT_LIMITS.maxFileBytes)}`);
      return readFile(url);
    },
  };
}
