/** From an action's validated input to the HTTP request, with the tenant's credentials applied. */
import { randomBytes } from 'node:crypto';
import { SwitchboardError } from '../../shared/errors.js';
import type { CatalogAction } from '../connectors/catalog.js';
import { PATH_PLACEHOLDER, type BuiltRequest, type ConnectorDefinition, type HttpMethod, type Input, type QueryValue } from '../connectors/definition.js';
import type { AnyCredentials } from '../connections/credentials.js';
import type { HttpRequest } from '../net/http-client.js';

const USER_AGENT = 'Switchboard/0.1';

/** Apply the action's template (or its `build`) to the input. */
export function buildRequest(action: CatalogAction, input: Input): BuiltRequest {
  const template = action.action.request;
  if (template.build) {
    const built = template.build(input);
    assertPlainPath(built.path);
    return built;
  }
  const used = new Set<string>();
  const path = template.path.replace(PATH_PLACEHOLDER, (_, name: string) => {
    used.add(name);
    return encodePathParam(name, input[name]);
  });
  const query: Record<string, QueryValue> = {};
  for (const name of template.query ?? []) {
    used.add(name);
    if (input[name] !== undefined) query[name] = input[name] as QueryValue;
  }
  const rest = Object.fromEntries(Object.entries(input).filter(([k]) => !used.has(k)));
  const built: BuiltRequest = { method: template.method, path, query, headers: { ...template.headers } };
  if (template.method === 'GET' || template.method === 'DELETE' || !template.body) {
    Object.assign(query, rest as Record<string, QueryValue>);
  } else if (template.body === 'form') {
    built.body = { type: 'form', value: Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) };
  } else {
    built.body = { type: 'json', value: rest };
  }
  return built;
}

/**
 * One path parameter, encoded. `.`, `..` and the empty string are refused: encoded or not, they
 * would move the request to another resource (`/repos/octo/..` is `/repos`).
 */
export function encodePathParam(name: string, value: unknown): string {
  const text = String(value);
  if (text === '' || text === '.' || text === '..') {
    throw new SwitchboardError('INVALID_INPUT', `${name} cannot be ${text === '' ? 'empty' : JSON.stringify(text)}: give the name of the resource itself.`);
  }
  return encodeURIComponent(text);
}

/** Refuse a built path with an empty, `.` or `..` segment (also percent-encoded): whatever a connector's `build` made. */
function assertPlainPath(path: string, trailingSlash = false): void {
  if (path === '/') return;
  const segments = path.split('?')[0]!.split('/').slice(1);
  // A trailing slash is part of some fixed paths of ours (Salesforce's `/services/data/v60.0/`).
  if (trailingSlash && segments.length > 1 && segments.at(-1) === '') segments.pop();
  segments.forEach((raw) => {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      throw new SwitchboardError('INVALID_INPUT', 'The request path is not valid percent-encoding.');
    }
    if (segment === '' || segment === '.' || segment === '..') {
      throw new SwitchboardError('INVALID_INPUT', 'A value in the request path is empty, "." or "..": give the name of the resource itself.');
    }
  });
}

/**
 * Put the request on the connection's base URL and sign it. The final URL must stay on the base
 * URL's origin and under its path: no input can send a tenant's credentials elsewhere.
 */
export function toHttpRequest(
  def: ConnectorDefinition,
  built: { method: HttpMethod; path: string; query?: BuiltRequest['query']; headers?: Record<string, string>; body?: BuiltRequest['body'] },
  baseUrl: string,
  credentials: AnyCredentials,
): HttpRequest {
  // Actions' paths were checked strictly when built; what comes here may also be a connector's own test path.
  assertPlainPath(built.path, true);
  const base = new URL(baseUrl);
  const url = new URL(base.toString().replace(/\/$/, '') + built.path);
  const basePath = base.pathname.replace(/\/$/, '');
  if (url.origin !== base.origin || !(url.pathname === basePath || url.pathname.startsWith(basePath + '/') || basePath === '')) {
    throw new SwitchboardError('INVALID_INPUT', 'The request path leaves the connection\'s base URL; use a path under it.');
  }
  for (const [key, value] of Object.entries(built.query ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v));
    else url.searchParams.set(key, String(value));
  }
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': USER_AGENT };
  for (const [k, v] of Object.entries({ ...def.headers, ...built.headers })) headers[k.toLowerCase()] = v;
  let body: string | undefined;
  if (built.body?.type === 'json') {
    body = JSON.stringify(built.body.value);
    headers['content-type'] = 'application/json; charset=utf-8';
  } else if (built.body?.type === 'form') {
    body = new URLSearchParams(built.body.value).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (built.body?.type === 'multipart') {
    const boundary = `switchboard-${randomBytes(12).toString('hex')}`;
    body = multipartBody(boundary, built.body.value);
    headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
  }
  applyCredentials(def, credentials, url, headers);
  return { url, method: built.method, headers, ...(body !== undefined ? { body } : {}) };
}

function applyCredentials(def: ConnectorDefinition, credentials: AnyCredentials, url: URL, headers: Record<string, string>): void {
  switch (credentials.type) {
    case 'bearer':
      headers.authorization = `Bearer ${credentials.value.token}`;
      return;
    case 'oauth2':
      headers.authorization = `Bearer ${credentials.value.accessToken}`;
      return;
    case 'client_credentials':
      if (!credentials.value.accessToken) throw new SwitchboardError('INTERNAL', 'No access token was obtained for this connection.');
      headers.authorization = `Bearer ${credentials.value.accessToken}`;
      return;
    case 'basic':
      headers.authorization = `Basic ${Buffer.from(`${credentials.value.username}:${credentials.value.password}`, 'utf8').toString('base64')}`;
      return;
    case 'api_key': {
      const scheme = def.auth.find((a) => a.type === 'api_key');
      if (!scheme || scheme.type !== 'api_key') throw new SwitchboardError('INTERNAL', 'This connector has no API key scheme.');
      if (scheme.in === 'query') url.searchParams.set(scheme.name, credentials.value.apiKey);
      else if (scheme.in === 'cookie') headers.cookie = [headers.cookie, `${scheme.name}=${encodeURIComponent(credentials.value.apiKey)}`].filter(Boolean).join('; ');
      else headers[scheme.name.toLowerCase()] = `${scheme.prefix ?? ''}${credentials.value.apiKey}`;
      return;
    }
    case 'none':
      return;
  }
}

/** multipart/form-data (RFC 7578) of text fields; names and values cannot hold CR or LF, so no field can end a part early. */
function multipartBody(boundary: string, fields: Record<string, string>): string {
  const parts = Object.entries(fields).map(([name, value]) => {
    if (/[\r\n"]/.test(name)) throw new SwitchboardError('INVALID_INPUT', `${JSON.stringify(name)} cannot be a form field name.`);
    return `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  });
  return `${parts.join('')}--${boundary}--\r\n`;
}
