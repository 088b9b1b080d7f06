/**
 * The connector definition format: one TypeScript module per connector, checked at load.
 *
 * A request is built from an action's validated input:
 *   - `{name}` placeholders in `path` take the input field of that name (URL-encoded);
 *   - fields listed in `query` go to the query string;
 *   - the remaining fields form the JSON (or form) body for POST/PUT/PATCH, or the query for GET/DELETE;
 *   - `build(input)` replaces all of that where the API wants a shape of its own (GraphQL, MIME, nested bodies).
 *
 * What an action returns is `output(body, input, response)` (or the body as is), described by its
 * `outputSchema`. A list the provider pages takes `cursor` and returns `next_cursor` (the
 * provider's own token, or null on the last page), in every connector alike.
 */
import type { JsonSchema } from '../../shared/json-schema.js';

/** `{name}` in a path template: the input field of that name, URL-encoded. */
export const PATH_PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
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
  in: 'header' | 'query' | 'cookie';
  /** Header, query parameter or cookie name. */
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
  /**
   * What sign-in asks for: `baseScopes` and the scopes of every action (`signInScopes`); the
   * catalog checks that it is exactly that union.
   */
  scopes: string[];
  /** Asked at every sign-in, whatever the actions: offline access, the connection test's scope. */
  baseScopes?: string[];
  scopeSeparator?: string;
  /** The authorize URL's parameter for the scopes: `scope`, or Slack's `user_scope` (scopes of a user token). */
  scopeParam?: 'scope' | 'user_scope';
  /** Extra query parameters on the authorize URL (Google's `access_type=offline`). */
  authorizeParams?: Record<string, string>;
  /** Whether the provider insists on a client secret even with PKCE. */
  clientSecret: 'none' | 'optional' | 'required';
  /** PKCE (RFC 7636, S256). Default true; false where the provider has none and refuses its fields (Notion, Atlassian). */
  pkce?: boolean;
  /**
   * How the client authenticates at the token endpoint: client_id and client_secret as body
   * fields (default), or HTTP Basic with no client_id in the body (Notion).
   */
  tokenAuth?: 'body' | 'basic';
  /** The token request's body: form-encoded (RFC 6749, default) or JSON (Notion, Atlassian). */
  tokenBody?: 'form' | 'json';
  /** Where the answer holds the token: at the top level (default), or Slack's `authed_user` (a user token). */
  tokenIn?: 'root' | 'authed_user';
}

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4): each connection holds its own client id and secret;
 * the router gets an access token from `tokenUrl` and renews it when it expires or is refused.
 * A `tokenUrl` starting with "/" is on the connection's base URL (as OpenAPI resolves relative URLs
 * against the server); the resolved URL is recorded in the vault at connect time.
 */
export interface ClientCredentialsAuth {
  type: 'client_credentials';
  tokenUrl: string;
  scopes: string[];
  scopeSeparator?: string;
  /** How the client authenticates at the token endpoint: HTTP Basic (default, RFC 6749 §2.3.1) or body fields. */
  tokenAuth?: 'body' | 'basic';
}

export interface NoAuth {
  type: 'none';
}

export type AuthScheme = BearerAuth | ApiKeyAuth | BasicAuth | OAuth2Auth | ClientCredentialsAuth | NoAuth;
export type AuthType = AuthScheme['type'];

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number | boolean)[];

/** A request before the base URL and the credentials are applied. */
export interface BuiltRequest {
  method: HttpMethod;
  /** Starts with "/"; already URL-encoded. */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  body?: { type: 'json'; value: unknown } | { type: 'form'; value: Record<string, string> } | { type: 'multipart'; value: Record<string, string> };
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

/** What an output shaper may read of the answer besides its body (GitHub's `Link` header). */
export interface ResponseMeta {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
}

/** A provider-specific failure hidden in a 2xx answer (Slack's `{ok: false}`), or a refinement of an error. */
export interface UpstreamProblem {
  kind: 'auth' | 'error' | 'rate_limited';
  message: string;
}

/** The provider said "too many calls": when to try again, if it said. */
export interface RateLimitSignal {
  retryAfterMs?: number;
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
  /** JSON Schema of what the action returns: `output`'s result, or the body when there is no `output`. */
  outputSchema: JsonSchema;
  /**
   * The provider scopes this action needs, all of them (the least ones that suffice). Sign-in asks
   * for the union over the connector's actions.
   */
  scopes?: readonly string[];
  /** Whether a call needs all of `scopes` (default) or any one (Slack's history: the scope of the conversation's type). */
  scopeRule?: 'all' | 'any';
  /**
   * Writes only, and required for them: whether the call may overwrite or remove what exists
   * (update, delete, close: true) or only adds (send, create, comment: false).
   */
  destructive?: boolean;
  /** Writes: whether repeating the call with the same input leaves the same state (set, update, delete). Reads always are. */
  idempotent?: boolean;
  /** The provider marks the operation as deprecated (custom connectors imported from OpenAPI). */
  deprecated?: boolean;
  /** A list the provider returns whole, with no paging: why it takes no `cursor`. */
  unpaged?: string;
  request: RequestTemplate;
  /** Shape the provider's answer into what callers get. Defaults to the body as is. */
  output?: (body: unknown, input: Input, response: ResponseMeta) => unknown;
}

export interface ConnectorDefinition {
  id: string;
  name: string;
  /** A Simple Icons slug the UI draws as the logo (src/shared/brand.ts); '' or an unknown slug gets a monogram of the name. */
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
  /** A cheap read that proves a connection works. Custom connectors may have none: their connections are checked at the first call. */
  test?: { method: HttpMethod; path: string; query?: Record<string, string>; body?: unknown };
  /** Find failures the provider reports inside a 2xx answer. */
  checkResponse?: (response: UpstreamResponse) => UpstreamProblem | undefined;
  /**
   * The provider's own "too many calls" signals (GitHub's 403 with `x-ratelimit-remaining: 0`,
   * Slack's `ratelimited`, Google's 403 `rateLimitExceeded`). Without it, a 429 is one.
   * `now` is the engine's clock, for reset times given as instants.
   */
  rateLimit?: (response: UpstreamResponse, now: number) => RateLimitSignal | undefined;
  actions: ActionDefinition[];
}

export function defineConnector(definition: ConnectorDefinition): ConnectorDefinition {
  return definition;
}

/** The hints an action gives a caller (MCP annotations): reads are read-only, idempotent and not destructive. */
export function actionHints(action: ActionDefinition): { readOnly: boolean; destructive: boolean; idempotent: boolean } {
  if (action.kind === 'read') return { readOnly: true, destructive: false, idempotent: true };
  return { readOnly: false, destructive: action.destructive ?? true, idempotent: action.idempotent ?? false };
}

/** The scopes a sign-in asks for to cover these actions: the scheme's base scopes and each action's, once each, in order. */
export function signInScopes(baseScopes: readonly string[] | undefined, actions: readonly Pick<ActionDefinition, 'scopes'>[]): string[] {
  return [...new Set([...(baseScopes ?? []), ...actions.flatMap((a) => a.scopes ?? [])])];
}
