/**
 * The generic HTTP connector: any JSON API, with the base URL and credentials of the connection.
 * Paths stay on the connection's host (the router checks the final origin), and the caller
 * cannot set headers that carry credentials.
 */
import { SwitchboardError } from '../../../shared/errors.js';
import { defineConnector, type BuiltRequest, type HttpMethod, type Input } from '../definition.js';

const FORBIDDEN_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'host', 'content-length', 'transfer-encoding', 'connection']);

const PATH = {
  type: 'string',
  minLength: 1,
  maxLength: 2000,
  pattern: '^/(?!/)[^\\s#]*$',
  description: 'Path on the connection\'s base URL, starting with "/" (query string allowed).',
} as const;
const QUERY = {
  type: 'object',
  maxProperties: 50,
  additionalProperties: { type: ['string', 'number', 'boolean'], maxLength: 2000 },
  description: 'Query parameters.',
} as const;
const HEADERS = {
  type: 'object',
  maxProperties: 20,
  propertyNames: { pattern: '^[A-Za-z0-9-]{1,64}$' },
  additionalProperties: { type: 'string', maxLength: 1000 },
  description: 'Extra headers (not Authorization or Cookie: the connection supplies credentials).',
} as const;

/** Whatever the API answers: its JSON as is, `{text}` for other content, `{ok: true}` for an empty answer. */
const ANSWER = { description: 'The JSON the API answered, as is; {"text": …} for a non-JSON answer; {"ok": true} for an empty one.' } as const;

function build(method: HttpMethod, input: Input): BuiltRequest {
  const headers = (input.headers ?? {}) as Record<string, string>;
  for (const name of Object.keys(headers)) {
    if (FORBIDDEN_HEADERS.has(name.toLowerCase())) {
      throw new SwitchboardError('INVALID_INPUT', `headers.${name}: this header cannot be set; the connection supplies credentials.`);
    }
  }
  const path = input.path as string;
  if (path.split(/[/?]/).includes('..')) throw new SwitchboardError('INVALID_INPUT', 'path: ".." is not allowed.');
  return {
    method,
    path,
    query: input.query as BuiltRequest['query'],
    headers,
    ...(input.body !== undefined ? { body: { type: 'json' as const, value: input.body } } : {}),
  };
}

export const http = defineConnector({
  id: 'http',
  name: 'HTTP API',
  icon: '',
  category: 'other',
  description: 'Call any HTTP JSON API with your own base URL and credentials.',
  baseUrl: '',
  baseUrlHint: 'The API root, e.g. https://api.example.com/v1',
  auth: [
    { type: 'bearer', label: 'Bearer token' },
    { type: 'api_key', label: 'API key (sent as X-API-Key)', in: 'header', name: 'X-API-Key', prefix: '' },
    { type: 'basic', usernameLabel: 'Username', passwordLabel: 'Password' },
    { type: 'none' },
  ],
  test: { method: 'GET', path: '/' },
  actions: [
    {
      id: 'get',
      title: 'GET request',
      description: 'Send a GET request to a path of the connected API and return the JSON (or text) answer.',
      kind: 'read',
      docs: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Methods/GET',
      input: {
        type: 'object',
        properties: { path: PATH, query: QUERY, headers: HEADERS },
        required: ['path'],
        additionalProperties: false,
      },
      outputSchema: ANSWER,
      request: { method: 'GET', path: '/', build: (input) => build('GET', input) },
    },
    {
      id: 'request',
      title: 'Send request',
      description: 'Send a POST, PUT, PATCH or DELETE request with an optional JSON body to a path of the connected API.',
      kind: 'write',
      // Any method on any path: nothing says it only adds.
      destructive: true,
      docs: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Methods',
      input: {
        type: 'object',
        properties: {
          method: { type: 'string', enum: ['POST', 'PUT', 'PATCH', 'DELETE'] },
          path: PATH,
          query: QUERY,
          headers: HEADERS,
          body: { description: 'JSON body.' },
        },
        required: ['method', 'path'],
        additionalProperties: false,
      },
      outputSchema: ANSWER,
      request: { method: 'POST', path: '/', build: (input) => build(input.method as HttpMethod, input) },
    },
  ],
});
