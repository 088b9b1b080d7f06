/**
 * The declarative connector format: a connector written by hand (JSON or YAML) or made by the
 * OpenAPI import, stored in the registry, signed with the space key. It is data only; `compile.ts`
 * turns it into a `ConnectorDefinition` the router treats like a built-in one.
 * `CONNECTOR_FORMAT_SCHEMA` is published as docs/connector.schema.json (a test keeps them equal).
 */
import type { JsonSchema } from '../../../shared/json-schema.js';
import type { ActionKind, AuthScheme, ConnectorCategory, HttpMethod } from '../definition.js';

export const CONNECTOR_FORMAT = 'switchboard.connector/1';

export type ParamLocation = 'path' | 'query' | 'header' | 'cookie';

export interface CustomParam {
  /** The name the API uses (`pet-id`, `X-Request-Id`). */
  name: string;
  in: ParamLocation;
  /** The input field that carries it. */
  field: string;
}

export interface CustomRequest {
  method: HttpMethod;
  /** Starts with "/"; `{name}` is the path parameter `name` (a `params` entry with in: path). */
  path: string;
  params?: CustomParam[];
  /** The input field whose value is the whole body, and how it is sent. */
  body?: { field: string; type: 'json' | 'form' | 'multipart' };
}

export interface CustomAction {
  id: string;
  title: string;
  description: string;
  kind: ActionKind;
  destructive?: boolean;
  idempotent?: boolean;
  deprecated?: boolean;
  docs?: string;
  scopes?: string[];
  input: JsonSchema;
  outputSchema: JsonSchema;
  request: CustomRequest;
  /** Where it came from in an OpenAPI document (shown in diffs and the import preview). */
  source?: { method: string; path: string; operationId?: string; tags?: string[] };
}

export interface CustomConnector {
  format: typeof CONNECTOR_FORMAT;
  id: string;
  name: string;
  description: string;
  icon?: string;
  category?: ConnectorCategory;
  baseUrl: string;
  baseUrlHint?: string;
  headers?: Record<string, string>;
  auth: AuthScheme[];
  test?: { method: HttpMethod; path: string; query?: Record<string, string> };
  source?: { kind: 'openapi' | 'hand'; title?: string; version?: string; spec?: string };
  actions: CustomAction[];
}

const str = (maxLength: number, extra: Record<string, unknown> = {}) => ({ type: 'string', minLength: 1, maxLength, ...extra });
const ID = str(40, { pattern: '^[a-z][a-z0-9_]*$' });
const METHOD = { type: 'string', enum: ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'] };
const URL_TEXT = str(2000, { pattern: '^https?://' });
const STRING_MAP = { type: 'object', maxProperties: 50, additionalProperties: { type: 'string', maxLength: 2000 } };

/** JSON Schema (draft-07) of the format; the engine checks every definition against it before anything else. */
export const CONNECTOR_FORMAT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://switchboard.dev/schemas/connector.schema.json',
  title: 'Switchboard declarative connector',
  description: 'A connector a Switchboard space shares: its base URL, auth schemes and actions. See README, "Custom connectors".',
  type: 'object',
  required: ['format', 'id', 'name', 'description', 'baseUrl', 'auth', 'actions'],
  additionalProperties: false,
  properties: {
    format: { const: CONNECTOR_FORMAT },
    id: { ...ID, description: 'Lowercase letters, digits and _; not the id of a built-in connector.' },
    name: str(100),
    description: str(2000),
    icon: { type: 'string', maxLength: 8 },
    category: { type: 'string', enum: ['communication', 'email', 'calendar', 'docs', 'developer', 'crm', 'project', 'other'] },
    baseUrl: { type: 'string', maxLength: 2000, description: 'https (or http on 127.0.0.1/localhost); empty when each connection gives its own.' },
    baseUrlHint: { type: 'string', maxLength: 500 },
    headers: STRING_MAP,
    auth: {
      type: 'array',
      minItems: 1,
      maxItems: 8,
      items: {
        type: 'object',
        required: ['type'],
        properties: {
          type: { type: 'string', enum: ['bearer', 'api_key', 'basic', 'oauth2', 'client_credentials', 'none'] },
          label: str(200),
          in: { type: 'string', enum: ['header', 'query', 'cookie'] },
          name: str(200, { pattern: '^[A-Za-z0-9!#$%&\'*+.^_`|~-]+$' }),
          prefix: { type: 'string', maxLength: 50 },
          usernameLabel: str(200),
          passwordLabel: str(200),
          authorizeUrl: URL_TEXT,
          tokenUrl: { type: 'string', minLength: 1, maxLength: 2000, pattern: '^(https?://|/)', description: 'Absolute, or (client_credentials) a path on the connection\'s base URL.' },
          scopes: { type: 'array', maxItems: 500, items: str(500) },
          baseScopes: { type: 'array', maxItems: 50, items: str(500) },
          scopeSeparator: { type: 'string', maxLength: 5 },
          clientSecret: { type: 'string', enum: ['none', 'optional', 'required'] },
          pkce: { type: 'boolean' },
          tokenAuth: { type: 'string', enum: ['body', 'basic'] },
          tokenBody: { type: 'string', enum: ['form', 'json'] },
        },
        additionalProperties: false,
        allOf: [
          { if: { properties: { type: { const: 'bearer' } } }, then: { required: ['label'] } },
          { if: { properties: { type: { const: 'api_key' } } }, then: { required: ['label', 'in', 'name'] } },
          { if: { properties: { type: { const: 'basic' } } }, then: { required: ['usernameLabel', 'passwordLabel'] } },
          { if: { properties: { type: { const: 'oauth2' } } }, then: { required: ['authorizeUrl', 'tokenUrl', 'scopes', 'clientSecret'] } },
          { if: { properties: { type: { const: 'client_credentials' } } }, then: { required: ['tokenUrl', 'scopes'] } },
        ],
      },
    },
    test: {
      type: 'object',
      required: ['method', 'path'],
      additionalProperties: false,
      properties: { method: METHOD, path: str(2000, { pattern: '^/' }), query: STRING_MAP },
    },
    source: {
      type: 'object',
      additionalProperties: false,
      required: ['kind'],
      properties: { kind: { type: 'string', enum: ['openapi', 'hand'] }, title: { type: 'string', maxLength: 500 }, version: { type: 'string', maxLength: 100 }, spec: { type: 'string', maxLength: 20 } },
    },
    actions: {
      type: 'array',
      minItems: 1,
      maxItems: 2000,
      items: {
        type: 'object',
        required: ['id', 'title', 'description', 'kind', 'input', 'outputSchema', 'request'],
        additionalProperties: false,
        properties: {
          id: ID,
          title: str(300),
          description: str(4000),
          kind: { type: 'string', enum: ['read', 'write'] },
          destructive: { type: 'boolean' },
          idempotent: { type: 'boolean' },
          deprecated: { type: 'boolean' },
          docs: URL_TEXT,
          scopes: { type: 'array', maxItems: 100, items: str(500) },
          input: { type: 'object', description: 'JSON Schema (draft-07) of the input: an object, additionalProperties false, every string bounded.' },
          outputSchema: { type: 'object', description: 'JSON Schema (draft-07) of what the action returns.' },
          request: {
            type: 'object',
            required: ['method', 'path'],
            additionalProperties: false,
            properties: {
              method: METHOD,
              path: str(2000, { pattern: '^/' }),
              params: {
                type: 'array',
                maxItems: 200,
                items: {
                  type: 'object',
                  required: ['name', 'in', 'field'],
                  additionalProperties: false,
                  properties: { name: str(200), in: { type: 'string', enum: ['path', 'query', 'header', 'cookie'] }, field: str(200) },
                },
              },
              body: {
                type: 'object',
                required: ['field', 'type'],
                additionalProperties: false,
                properties: { field: str(200), type: { type: 'string', enum: ['json', 'form', 'multipart'] } },
              },
            },
          },
          source: {
            type: 'object',
            additionalProperties: false,
            required: ['method', 'path'],
            properties: {
              method: { type: 'string', maxLength: 10 },
              path: { type: 'string', maxLength: 2000 },
              operationId: { type: 'string', maxLength: 500 },
              tags: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 200 } },
            },
          },
        },
      },
    },
  },
} as const;
