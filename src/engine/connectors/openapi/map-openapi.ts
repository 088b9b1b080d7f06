/**
 * A dereferenced OpenAPI 3.0/3.1 or Swagger 2.0 document as a declarative connector (README,
 * "Custom connectors: the mapping"). Pure: no I/O, the same document and options give the same
 * connector. What cannot be mapped (an auth scheme, a body type, a cyclic schema) is reported by
 * name, never dropped silently.
 */
import { SwitchboardError } from '../../../shared/errors.js';
import type { JsonSchema } from '../../../shared/json-schema.js';
import { IMPORT_LIMITS } from '../../../shared/limits.js';
import { ONE_LINE } from '../schema-parts.js';
import type { ActionKind, AuthScheme, HttpMethod } from '../definition.js';
import { CONNECTOR_FORMAT, type CustomAction, type CustomConnector, type CustomParam, type ParamLocation } from '../custom/format.js';
import { SchemaProblem, convertSchema } from './convert-schema.js';
import type { OpenApiDocument } from './load-document.js';
import { assertDistinctIds, listOperations, selectOperations, type Operation } from './operations.js';

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const invalid = (message: string): SwitchboardError => new SwitchboardError('INVALID_INPUT', message);

export interface MapOptions {
  id: string;
  name?: string;
  /** Operations to include (operationId, action id or `METHOD /path`); all when absent. */
  select?: readonly string[];
  tag?: string;
  /** The server to use, when the document lists several (or none, or a relative one). */
  baseUrl?: string;
  /** The security schemes (by their names in the document) the connector offers; all it can map when absent. */
  auth?: readonly string[];
  /** Override an action's kind: action id → read | write. */
  kinds?: Readonly<Record<string, ActionKind>>;
}

export interface MapReport {
  /** Security schemes that are not mapped, with why. */
  unsupportedAuth: string[];
  /** Operations left out, with why. */
  skipped: string[];
  /** The document's servers, with variables filled in. */
  servers: string[];
}

export interface MapResult {
  connector: CustomConnector;
  report: MapReport;
}

/** Server URLs with each `{variable}` replaced by its default. */
export function serverUrls(doc: OpenApiDocument, version: string): string[] {
  if (version === '2.0') {
    if (typeof doc.host !== 'string') return typeof doc.basePath === 'string' ? [doc.basePath] : [];
    const schemes = Array.isArray(doc.schemes) && doc.schemes.length ? (doc.schemes as string[]) : ['https'];
    const scheme = schemes.includes('https') ? 'https' : schemes[0]!;
    return [`${scheme}://${doc.host}${typeof doc.basePath === 'string' ? doc.basePath : ''}`.replace(/\/+$/, '')];
  }
  const servers = Array.isArray(doc.servers) ? doc.servers.filter(isObj) : [];
  return servers
    .filter((s) => typeof s.url === 'string')
    .map((s) => {
      const vars = isObj(s.variables) ? s.variables : {};
      return (s.url as string).replace(/\{([^}]+)\}/g, (m, name: string) => {
        const v = vars[name];
        return isObj(v) && v.default !== undefined ? String(v.default) : m;
      }).replace(/\/+$/, '');
    });
}

function chooseBaseUrl(servers: string[], chosen: string | undefined): { baseUrl: string; hint?: string } {
  const usable = (u: string) => /^https:\/\/[^/]/.test(u) || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(u);
  if (chosen !== undefined) {
    const url = chosen.replace(/\/+$/, '');
    if (!usable(url)) throw invalid(`--base-url ${chosen} must be https (plain http only on 127.0.0.1 or localhost).`);
    return { baseUrl: url };
  }
  if (servers.length > 1) throw invalid(`The document lists ${servers.length} servers; choose one with --base-url: ${servers.join(', ')}.`);
  const only = servers[0];
  if (only === undefined) return { baseUrl: '', hint: 'The API root, e.g. https://api.example.com' };
  if (/\{[^}]+\}/.test(only)) return { baseUrl: '', hint: `The API root (${only})` };
  if (!/^[a-z]+:\/\//i.test(only)) return { baseUrl: '', hint: `The API root, ending in ${only || '/'}` };
  if (!usable(only)) throw invalid(`The document's server ${only} is not https; give an https one with --base-url (credentials must not cross the network in clear).`);
  return { baseUrl: only };
}

interface SchemeMap {
  auth: AuthScheme[];
  /** Scheme name → what it became, for operations' scopes. */
  oauthName?: string;
  names: Map<string, AuthScheme['type']>;
}

function absolute(url: unknown, base: string): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url, base || undefined).toString();
  } catch {
    return undefined;
  }
}

/** securitySchemes (3.x) / securityDefinitions (2.0) → our auth kinds; the rest reported. */
export function mapSecuritySchemes(doc: OpenApiDocument, version: string, baseUrl: string, report: MapReport, only?: readonly string[]): SchemeMap {
  const components = isObj(doc.components) ? doc.components : {};
  const schemes = version === '2.0' ? (isObj(doc.securityDefinitions) ? doc.securityDefinitions : {}) : isObj(components.securitySchemes) ? components.securitySchemes : {};
  const out: SchemeMap = { auth: [], names: new Map() };
  const unknown = (only ?? []).filter((n) => !(n in schemes));
  if (unknown.length) throw invalid(`No security scheme ${unknown.map((n) => JSON.stringify(n)).join(', ')} in the document; it has ${Object.keys(schemes).join(', ') || 'none'}.`);
  const add = (name: string, a: AuthScheme) => {
    if (out.auth.some((x) => x.type === a.type) && a.type !== 'api_key') {
      report.unsupportedAuth.push(`${name}: a second ${a.type} scheme (the connector keeps the first)`);
      return;
    }
    if (a.type === 'api_key' && out.auth.some((x) => x.type === 'api_key')) {
      report.unsupportedAuth.push(`${name}: a second API key scheme (a connection holds one key; the connector keeps the first)`);
      return;
    }
    out.auth.push(a);
    out.names.set(name, a.type);
  };
  for (const [name, s] of Object.entries(schemes)) {
    if (!isObj(s) || (only && !only.includes(name))) continue;
    const type = String(s.type);
    const label = typeof s.description === 'string' && s.description.trim() ? s.description.trim().slice(0, 200) : name;
    if (type === 'apiKey' && (s.in === 'header' || s.in === 'query' || s.in === 'cookie') && typeof s.name === 'string') {
      add(name, { type: 'api_key', label, in: s.in, name: s.name, prefix: '' });
    } else if ((type === 'http' && String(s.scheme).toLowerCase() === 'bearer')) {
      add(name, { type: 'bearer', label: typeof s.bearerFormat === 'string' ? `${label} (${s.bearerFormat})`.slice(0, 200) : label });
    } else if ((type === 'http' && String(s.scheme).toLowerCase() === 'basic') || type === 'basic') {
      add(name, { type: 'basic', usernameLabel: 'Username', passwordLabel: 'Password' });
    } else if (type === 'oauth2') {
      const flows = version === '2.0' ? (s.flow === 'accessCode' ? { authorizationCode: s } : { [String(s.flow)]: s }) : isObj(s.flows) ? s.flows : {};
      const code = flows.authorizationCode;
      for (const flow of Object.keys(flows)) {
        if (flow !== 'authorizationCode' && flow !== 'clientCredentials' && flow !== 'application') report.unsupportedAuth.push(`${name}: OAuth 2.0 ${flow} flow (Switchboard supports the authorization code flow with PKCE, and client credentials)`);
      }
      const client = flows.clientCredentials ?? flows.application;
      if (isObj(client) && typeof client.tokenUrl === 'string') {
        // A relative token URL is on the server, so on each connection's base URL.
        const tokenUrl = client.tokenUrl.startsWith('/') ? client.tokenUrl : absolute(client.tokenUrl, baseUrl);
        if (tokenUrl && (tokenUrl.startsWith('https://') || tokenUrl.startsWith('/'))) {
          add(name, { type: 'client_credentials', tokenUrl, scopes: [] });
          out.oauthName ??= name;
        }
        else report.unsupportedAuth.push(`${name}: the client-credentials token URL must be https`);
      }
      if (!isObj(code)) continue;
      const authorizeUrl = absolute(code.authorizationUrl, baseUrl);
      const tokenUrl = absolute(code.tokenUrl, baseUrl);
      if (!authorizeUrl?.startsWith('https://') || !tokenUrl?.startsWith('https://')) {
        report.unsupportedAuth.push(`${name}: OAuth 2.0 endpoints must be absolute https URLs`);
        continue;
      }
      if (out.auth.some((x) => x.type === 'oauth2')) {
        report.unsupportedAuth.push(`${name}: a second OAuth 2.0 scheme (the connector keeps ${out.oauthName ?? 'the first'})`);
        continue;
      }
      out.oauthName ??= name;
      add(name, { type: 'oauth2', authorizeUrl, tokenUrl, scopes: [], clientSecret: 'optional', pkce: true });
    } else if (type === 'openIdConnect') {
      report.unsupportedAuth.push(`${name}: OpenID Connect discovery (needs the issuer at import; give its OAuth 2.0 endpoints as an oauth2 scheme instead)`);
    } else if (type === 'mutualTLS') {
      report.unsupportedAuth.push(`${name}: mutual TLS (client certificates are not supported)`);
    } else {
      report.unsupportedAuth.push(`${name}: ${type}${s.scheme ? ` ${String(s.scheme)}` : ''} is not supported`);
    }
  }
  if (out.auth.length === 0) out.auth.push({ type: 'none' });
  return out;
}

const READS = new Set(['get', 'head', 'options']);

/** The JSON schema of a parameter, 3.x (`schema`, or `content`) or 2.0 (the parameter itself). */
function paramSchema(p: Raw, version: string): unknown {
  if (version === '2.0') {
    return Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'name' && k !== 'in' && k !== 'required'));
  }
  if (isObj(p.schema)) return typeof p.description === 'string' && !p.schema.description ? { ...p.schema, description: p.description } : p.schema;
  if (isObj(p.content)) {
    const first = Object.values(p.content).find(isObj);
    return isObj(first) ? first.schema : {};
  }
  return {};
}

function jsonMedia(content: Raw): Raw | undefined {
  const key = Object.keys(content).find((k) => /^application\/(.+\+)?json\b/i.test(k) || k === '*/*');
  return key ? (content[key] as Raw) : undefined;
}

interface BodyPlan {
  type: 'json' | 'form' | 'multipart';
  schema: unknown;
  required: boolean;
}

function requestBody(op: Operation, version: string): BodyPlan | undefined | 'unsupported' {
  if (version === '2.0') {
    const body = op.parameters.find((p) => p.in === 'body');
    if (body) return { type: 'json', schema: body.schema, required: body.required === true };
    const form = op.parameters.filter((p) => p.in === 'formData');
    if (!form.length) return undefined;
    const consumes = Array.isArray(op.op.consumes) ? (op.op.consumes as string[]) : [];
    if (form.some((p) => p.type === 'file')) return 'unsupported';
    const properties = Object.fromEntries(form.map((p) => [String(p.name), paramSchema(p, version)]));
    const required = form.filter((p) => p.required === true).map((p) => String(p.name));
    return { type: consumes.includes('multipart/form-data') ? 'multipart' : 'form', schema: { type: 'object', properties, required }, required: required.length > 0 };
  }
  const rb = op.op.requestBody;
  if (!isObj(rb) || !isObj(rb.content)) return undefined;
  const required = rb.required === true;
  const json = jsonMedia(rb.content);
  if (json) return { type: 'json', schema: json.schema, required };
  const form = rb.content['application/x-www-form-urlencoded'];
  if (isObj(form)) return { type: 'form', schema: form.schema, required };
  const multi = rb.content['multipart/form-data'];
  if (isObj(multi)) {
    const s = multi.schema;
    // Text fields only: a file part (format binary) has no JSON form.
    const props = isObj(s) && isObj(s.properties) ? Object.values(s.properties) : [];
    if (props.some((p) => isObj(p) && (p.format === 'binary' || p.format === 'base64'))) return 'unsupported';
    return { type: 'multipart', schema: s, required };
  }
  return required ? 'unsupported' : undefined;
}

function outputSchema(op: Operation, version: string): JsonSchema {
  const responses = isObj(op.op.responses) ? op.op.responses : {};
  const codes = Object.keys(responses).filter((c) => /^2(\d\d|XX)$/i.test(c)).sort();
  for (const code of codes) {
    const r = responses[code];
    if (!isObj(r)) continue;
    const schema = version === '2.0' ? r.schema : isObj(r.content) ? jsonMedia(r.content)?.schema : undefined;
    if (schema !== undefined) return convertSchema(schema, { mode: 'output', where: `${op.label}: response ${code}` });
  }
  return { description: 'What the API answered: its JSON as is, {"text": …} for another content type, {"ok": true} for an empty answer.' };
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_.-]{0,199}$/;
const SKIPPED_HEADERS = new Set(['authorization', 'content-type', 'accept', 'cookie']);

function mapOperation(op: Operation, version: string, connectorName: string, schemes: SchemeMap, doc: OpenApiDocument, kinds: MapOptions['kinds']): CustomAction {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const params: CustomParam[] = [];
  const taken = new Set<string>();
  const fieldFor = (name: string, where: ParamLocation): string => {
    let field = FIELD.test(name) && !taken.has(name) ? name : `${where}_${name.replace(/[^A-Za-z0-9_]+/g, '_')}`;
    for (let i = 2; taken.has(field); i++) field = `${where}_${name}_${i}`;
    taken.add(field);
    return field;
  };
  for (const p of op.parameters) {
    const where = p.in as string;
    if (where !== 'path' && where !== 'query' && where !== 'header' && where !== 'cookie') continue;
    const name = String(p.name);
    if (where === 'header' && SKIPPED_HEADERS.has(name.toLowerCase())) continue;
    const field = fieldFor(name, where);
    let schema = convertSchema(paramSchema(p, version), { mode: 'input', where: `${op.label}: ${where} parameter ${name}` });
    if (where === 'header' || where === 'cookie') schema = { ...schema, ...(schema.type === 'string' || schema.type === undefined ? { type: 'string', maxLength: Math.min(schema.maxLength ?? 1000, 1000), pattern: schema.pattern ?? ONE_LINE } : {}) };
    if (where === 'path') schema = typeof schema.type === 'string' && schema.type !== 'string' ? schema : { ...schema, type: 'string', maxLength: Math.min(schema.maxLength ?? 1000, 1000), minLength: 1 };
    properties[field] = schema;
    if (p.required === true || where === 'path') required.push(field);
    params.push({ name, in: where, field });
  }
  const body = requestBody(op, version);
  if (body === 'unsupported') throw new SchemaProblem(`${op.label}: the request body's content type (a file upload, or not JSON, form or multipart) is not supported`);
  let bodyField: string | undefined;
  if (body) {
    bodyField = taken.has('body') ? fieldFor('request_body', 'query') : 'body';
    taken.add(bodyField);
    properties[bodyField] = convertSchema(body.schema, { mode: 'input', where: `${op.label}: body` });
    if (body.required) required.push(bodyField);
  }
  const kind: ActionKind = kinds?.[op.actionId] ?? (op.op['x-switchboard-kind'] === 'read' || op.op['x-switchboard-kind'] === 'write' ? (op.op['x-switchboard-kind'] as ActionKind) : READS.has(op.method) ? 'read' : 'write');
  const scopes = operationScopes(op, doc, schemes);
  const summary = op.summary?.trim();
  const description = [op.deprecated ? 'Deprecated.' : '', op.description?.trim() || summary || '', `(${op.label} of ${connectorName})`].filter(Boolean).join(' ').slice(0, 4000);
  const docs = isObj(op.op.externalDocs) && typeof op.op.externalDocs.url === 'string' && op.op.externalDocs.url.startsWith('https://') ? op.op.externalDocs.url : undefined;
  const method = op.method.toUpperCase() as HttpMethod;
  return {
    id: op.actionId,
    title: (summary || op.operationId || op.label).slice(0, 300),
    description: description.length >= 20 ? description : `${description} — calls ${op.label}.`,
    kind,
    ...(kind === 'write' ? { destructive: method !== 'POST', idempotent: method === 'PUT' || method === 'DELETE' } : {}),
    ...(op.deprecated ? { deprecated: true } : {}),
    ...(docs ? { docs } : {}),
    ...(scopes.length ? { scopes } : {}),
    input: { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false },
    outputSchema: outputSchema(op, version),
    request: { method, path: op.path, ...(params.length ? { params } : {}), ...(body && bodyField ? { body: { field: bodyField, type: body.type } } : {}) },
    source: { method: method, path: op.path, ...(op.operationId ? { operationId: op.operationId } : {}), ...(op.tags.length ? { tags: op.tags } : {}) },
  };
}

/** The OAuth scopes an operation's security requirement (or the document's) names for the connector's OAuth scheme. */
function operationScopes(op: Operation, doc: OpenApiDocument, schemes: SchemeMap): string[] {
  if (!schemes.oauthName) return [];
  const security = Array.isArray(op.op.security) ? op.op.security : Array.isArray(doc.security) ? doc.security : [];
  for (const req of security) {
    if (isObj(req) && Array.isArray(req[schemes.oauthName])) return (req[schemes.oauthName] as unknown[]).filter((s): s is string => typeof s === 'string');
  }
  return [];
}

/** Map a validated, dereferenced document to a declarative connector. */
export function mapOpenApi(doc: OpenApiDocument, version: '2.0' | '3.0' | '3.1', options: MapOptions): MapResult {
  const report: MapReport = { unsupportedAuth: [], skipped: [], servers: serverUrls(doc, version) };
  const { baseUrl, hint } = chooseBaseUrl(report.servers, options.baseUrl);
  const title = typeof doc.info?.title === 'string' && doc.info.title.trim() ? doc.info.title.trim() : options.id;
  const name = (options.name ?? title).slice(0, 100);
  const schemes = mapSecuritySchemes(doc, version, baseUrl || report.servers[0] || '', report, options.auth);
  const chosen = selectOperations(listOperations(doc, options.id), options.select, options.tag);
  assertDistinctIds(chosen, options.id);
  if (chosen.length > IMPORT_LIMITS.maxActions) throw invalid(`The document has ${chosen.length} operations; a connector holds at most ${IMPORT_LIMITS.maxActions}. Import part of it with --tag or --select.`);
  const actions: CustomAction[] = [];
  for (const op of chosen) {
    try {
      actions.push(mapOperation(op, version, name, schemes, doc, options.kinds));
    } catch (err) {
      if (!(err instanceof SchemaProblem)) throw err;
      // Chosen by name: the person asked for it, so it is an error; otherwise it is left out and said so.
      if (options.select?.length) throw invalid(err.message);
      report.skipped.push(err.message);
    }
  }
  if (!actions.length) throw invalid(`No operation of the document could be imported: ${report.skipped.slice(0, 3).join('; ')}`);
  for (const scheme of schemes.auth) if (scheme.type === 'oauth2' || scheme.type === 'client_credentials') scheme.scopes = [...new Set(actions.flatMap((a) => a.scopes ?? []))];
  const cheapRead = actions.find((a) => a.kind === 'read' && a.request.method === 'GET' && !(a.input.required ?? []).length);
  const description = (typeof doc.info?.description === 'string' && doc.info.description.trim() ? doc.info.description.trim() : `${title}, imported from its OpenAPI description.`).slice(0, 2000);
  const connector: CustomConnector = {
    format: CONNECTOR_FORMAT,
    id: options.id,
    name,
    description,
    category: 'other',
    baseUrl,
    ...(hint ? { baseUrlHint: hint } : {}),
    auth: schemes.auth,
    // A GET that needs no input proves a connection; without one, the first call does.
    ...(cheapRead ? { test: { method: 'GET' as const, path: cheapRead.request.path } } : {}),
    source: { kind: 'openapi', title: title.slice(0, 500), ...(typeof doc.info?.version === 'string' ? { version: doc.info.version.slice(0, 100) } : {}), spec: version },
    actions,
  };
  return { connector, report };
}
