/**
 * From the declarative format to a `ConnectorDefinition`: checked against the published schema,
 * then against the rules every connector keeps (catalog.ts), then compiled into a `build(input)`
 * that puts each input field where the request says. What the router does next (the connection's
 * base URL, `.`/`..` refused in paths, credentials) is the same as for a built-in connector.
 */
import { Ajv } from 'ajv';
import { SwitchboardError } from '../../../shared/errors.js';
import { checkConnector } from '../catalog.js';
import type { ActionDefinition, BuiltRequest, ConnectorDefinition, Input, QueryValue } from '../definition.js';
import { compileInputSchema, compileOutputSchema, describeErrors } from '../schema-validator.js';
import { CONNECTOR_FORMAT_SCHEMA, type CustomAction, type CustomConnector } from './format.js';

/** Headers a parameter may not set: the connection supplies credentials, the client the framing. */
const FORBIDDEN_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'host', 'content-length', 'transfer-encoding', 'connection', 'content-type']);
const PATH_PARAM = /\{([^{}/]+)\}/g;

const formatAjv = new Ajv({ allErrors: true, strict: false });
const checkFormat = formatAjv.compile(CONNECTOR_FORMAT_SCHEMA);

const invalid = (message: string): SwitchboardError => new SwitchboardError('INVALID_INPUT', message);

/** Check a definition against docs/connector.schema.json; INVALID_INPUT naming the failing paths. */
export function assertConnectorFormat(value: unknown): asserts value is CustomConnector {
  if (!checkFormat(value)) {
    throw invalid(`The connector definition does not follow docs/connector.schema.json: ${describeErrors(checkFormat.errors).message}`);
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

function pathValue(name: string, value: unknown): string {
  const raw = text(value);
  if (raw === '' || raw === '.' || raw === '..') {
    throw invalid(`${name} cannot be ${raw === '' ? 'empty' : JSON.stringify(raw)}: give the name of the resource itself.`);
  }
  return encodeURIComponent(raw);
}

function builder(action: CustomAction): (input: Input) => BuiltRequest {
  const req = action.request;
  const params = req.params ?? [];
  const byPath = new Map(params.filter((p) => p.in === 'path').map((p) => [p.name, p.field]));
  return (input) => {
    const path = req.path.replace(PATH_PARAM, (_, name: string) => pathValue(name, input[byPath.get(name)!]));
    const query: Record<string, QueryValue> = {};
    const headers: Record<string, string> = {};
    const cookies: string[] = [];
    for (const p of params) {
      const value = input[p.field];
      if (value === undefined || value === null || p.in === 'path') continue;
      if (p.in === 'query') query[p.name] = Array.isArray(value) ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : (v as string))) : typeof value === 'object' ? JSON.stringify(value) : (value as QueryValue);
      else if (p.in === 'header') headers[p.name] = Array.isArray(value) ? value.map(text).join(',') : text(value);
      else cookies.push(`${p.name}=${encodeURIComponent(text(value))}`);
    }
    if (cookies.length) headers.cookie = cookies.join('; ');
    const built: BuiltRequest = { method: req.method, path, query, headers };
    const body = req.body ? input[req.body.field] : undefined;
    if (req.body && body !== undefined) {
      if (req.body.type === 'json') built.body = { type: 'json', value: body };
      else {
        const fields = Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).filter(([, v]) => v !== undefined).map(([k, v]) => [k, text(v)]));
        built.body = { type: req.body.type, value: fields };
      }
    }
    return built;
  };
}

/** The request's references hold: every path parameter mapped to a required field, every field declared, no credential header. */
function checkRequest(action: CustomAction, fail: (what: string) => never): void {
  const req = action.request;
  const props = action.input.properties ?? {};
  const required = new Set(action.input.required ?? []);
  const params = req.params ?? [];
  const fields = new Set<string>();
  for (const p of params) {
    if (!(p.field in props)) fail(`parameter ${p.name} uses input field ${p.field}, which the input does not declare`);
    if (fields.has(p.field)) fail(`input field ${p.field} carries two parameters`);
    fields.add(p.field);
    if (p.in === 'header' && FORBIDDEN_HEADERS.has(p.name.toLowerCase())) fail(`header ${p.name} cannot be a parameter: the connection supplies credentials`);
    if ((p.in === 'header' || p.in === 'cookie') && !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(p.name)) fail(`${p.in} name ${JSON.stringify(p.name)} is not a token`);
  }
  for (const [, name] of req.path.matchAll(PATH_PARAM)) {
    const p = params.find((q) => q.in === 'path' && q.name === name);
    if (!p) fail(`path parameter {${name}} has no params entry`);
    if (!required.has(p.field)) fail(`path parameter {${name}} must be a required input field`);
  }
  for (const p of params) if (p.in === 'path' && !req.path.includes(`{${p.name}}`)) fail(`path parameter ${p.name} is not in the path`);
  if (req.body) {
    if (!(req.body.field in props)) fail(`the body uses input field ${req.body.field}, which the input does not declare`);
    if (fields.has(req.body.field)) fail(`input field ${req.body.field} is both a parameter and the body`);
  }
}

function toAction(a: CustomAction): ActionDefinition {
  return {
    id: a.id,
    title: a.title,
    description: a.description,
    kind: a.kind,
    docs: a.docs ?? '',
    input: a.input,
    outputSchema: a.outputSchema,
    ...(a.scopes?.length ? { scopes: a.scopes } : {}),
    ...(a.kind === 'write' ? { destructive: a.destructive ?? true, ...(a.idempotent !== undefined ? { idempotent: a.idempotent } : {}) } : {}),
    ...(a.deprecated ? { deprecated: true } : {}),
    request: { method: a.request.method, path: a.request.path, build: builder(a) },
  };
}

export interface CompileOptions {
  /** Compile every input and output schema now (on import and add), so a broken one fails before it is saved. */
  compileSchemas?: boolean;
}

/** The definition the catalog holds for a declarative connector. Throws INVALID_INPUT saying what and where. */
export function compileConnector(value: unknown, { compileSchemas = false }: CompileOptions = {}): ConnectorDefinition {
  assertConnectorFormat(value);
  const c = value;
  for (const a of c.actions) {
    checkRequest(a, (what) => {
      throw invalid(`Connector ${c.id}: action ${a.id}: ${what}.`);
    });
  }
  const def: ConnectorDefinition = {
    id: c.id,
    name: c.name,
    icon: c.icon ?? '',
    category: c.category ?? 'other',
    description: c.description,
    baseUrl: c.baseUrl,
    ...(c.baseUrlHint ? { baseUrlHint: c.baseUrlHint } : {}),
    ...(c.headers ? { headers: c.headers } : {}),
    auth: c.auth,
    ...(c.test ? { test: c.test } : {}),
    actions: c.actions.map(toAction),
  };
  for (const h of Object.keys(c.headers ?? {})) if (FORBIDDEN_HEADERS.has(h.toLowerCase())) throw invalid(`Connector ${c.id}: header ${h} cannot be fixed: the connection supplies credentials.`);
  if (c.auth.filter((a) => a.type === 'oauth2').length > 1) throw invalid(`Connector ${c.id}: at most one OAuth 2.0 scheme (a space has one OAuth app per connector).`);
  try {
    checkConnector(def, { custom: true });
  } catch (err) {
    throw invalid(`${(err as Error).message}.`);
  }
  if (compileSchemas) {
    for (const a of def.actions) {
      for (const [which, schema, compile] of [['input', a.input, compileInputSchema], ['output', a.outputSchema, compileOutputSchema]] as const) {
        try {
          compile(schema);
        } catch (err) {
          throw invalid(`Connector ${c.id}: action ${a.id}: the ${which} schema is not valid JSON Schema: ${(err as Error).message}`);
        }
      }
    }
  }
  return def;
}
