/**
 * The connector definition format: one TypeScript module per connector, checked at load.
 *
 * A request is built from an action's validated input:
 *   - `{name}` placeholders in `path` take the input field of that name (URL-encoded);
 *   - fields listed in `query` go to the query string;
 *   - the remaining fields form the JSON (or form) body for POST/PUT/PATCH, or the query for GET/DELETE;
 *   - `build(input)` replaces all of that where the API wants a shape of its own (GraphQL, MIME, nested bodies).
 */
import type { JsonSchema } from '../../shared/json-schema.js';

/** `{name}` in a path template: the input field of that name, URL-encoded. */
export const PATH_PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type ActionKind = 'read' | 'write';

export type ConnectorCategory =
  | 'communication'
  | 'email'
  | 'calendar'
  | 'docs'
  | 'developer'
  | 'crm'
  | 'project'
  | 'other';

export interface BearerAuth {
  type: 'bearer';
  /** What the person pastes, e.g. "Bot token (xoxb-…)". */
  label: string;
}

export interface ApiKeyAuth {
  type: 'api_key';
  label: string;
  in: 'header' | 'query';
  /** Header or query parameter name. */
  name: string;
  /** Put before the key in a header ("" for Linear's bare `Authorization: <key>`). */
  prefix?: string;
}

export interface BasicAuth {
  type: 'basic';
  usernameLabel: string;
  passwordLabel: string;
}

export interface OAuth2Auth {
  type: 'oauth2';
  authorizeUrl: string;
  tokenUrl: string;
  scopes: string[];
  scopeSeparator?: string;
  /** Extra query parameters on the authorize URL (Google's `access_type=offline`). */
  authorizeParams?: Record<string, string>;
  /** Whether the provider insists on a client secret even with PKCE. */
  clientSecret: 'none' | 'optional' | 'required';
  /** How the client authenticates at the token endpoint: form fields (default) or HTTP Basic (Notion). */
  tokenAuth?: 'body' | 'basic';
}

export interface NoAuth {
  type: 'none';
}

export type AuthScheme = BearerAuth | ApiKeyAuth | BasicAuth | OAuth2Auth | NoAuth;
export type AuthType = AuthScheme['type'];

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number | boolean)[];

/** A request before the base URL and the credentials are applied. */
export interface BuiltRequest {
  method: HttpMethod;
  /** Starts with "/"; already URL-encoded. */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  body?: { type: 'json'; value: unknown } | { type: 'form'; value: Record<string, string> };
}

export type Input = Record<string, unknown>;

export interface RequestTemplate {
  method: HttpMethod;
  path: string;
  query?: readonly string[];
  body?: 'json' | 'form';
  headers?: Record<string, string>;
  /** Build the whole request from the input instead of the template rules above. */
  build?: (input: Input) => BuiltRequest;
}

/** What a provider answered, as the router hands it to a connector's checks and shapers. */
export interface UpstreamResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** A provider-specific failure hidden in a 2xx answer (Slack's `{ok: false}`), or a refinement of an error. */
export interface UpstreamProblem {
  kind: 'auth' | 'error' | 'rate_limited';
  message: string;
}

export interface ActionDefinition {
  /** Local id, `send_message`; the full id is `slack.send_message`. */
  id: string;
  title: string;
  /** For a person and for an AI model: what it does, what it needs, what it returns. */
  description: string;
  kind: ActionKind;
  /** The provider's API reference for this call. */
  docs: string;
  input: JsonSchema;
  request: RequestTemplate;
  /** Shape the provider's answer into what callers get. Defaults to the body as is. */
  output?: (body: unknown, input: Input) => unknown;
}

export interface ConnectorDefinition {
  id: string;
  name: string;
  /** A short glyph for cards (an emoji); the UI may map ids to real logos. */
  icon: string;
  category: ConnectorCategory;
  description: string;
  /** Default API base; empty when every connection must give its own (Salesforce, Jira). */
  baseUrl: string;
  /** What to ask for when the base URL is per connection, e.g. "Your Jira site, https://acme.atlassian.net". */
  baseUrlHint?: string;
  auth: AuthScheme[];
  /** Headers every request of this connector carries (Notion-Version). */
  headers?: Record<string, string>;
  /** A cheap read that proves a connection works. */
  test: { method: HttpMethod; path: string; query?: Record<string, string>; body?: unknown };
  /** Find failures the provider reports inside a 2xx answer. */
  checkResponse?: (response: UpstreamResponse) => UpstreamProblem | undefined;
  actions: ActionDefinition[];
}

export function defineConnector(definition: ConnectorDefinition): ConnectorDefinition {
  return definition;
}
