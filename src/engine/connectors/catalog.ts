/**
 * A connector catalog: definitions checked at load, by id. A definition that breaks a rule fails
 * loudly at start-up rather than at the first call. A space's catalog is `Space.catalog`.
 */
import type { ValidateFunction } from 'ajv';
import { SwitchboardError } from '../../shared/errors.js';
import type { JsonSchema } from '../../shared/json-schema.js';
import { PATH_PLACEHOLDER, signInScopes, type ActionDefinition, type ConnectorDefinition } from './definition.js';
import { compileInputSchema, compileOutputSchema } from './schema-validator.js';
import { BUILTIN_CONNECTORS } from './builtin/index.js';

const ID = /^[a-z][a-z0-9_]{0,39}$/;

export interface CatalogAction {
  /** `connector.action` */
  id: string;
  connector: ConnectorDefinition;
  action: ActionDefinition;
  /** The input validator, compiled on first use (compiling every schema at start-up costs ~0.1 s). */
  readonly validate: ValidateFunction;
  /** The validator of what the action returns (its `outputSchema`), compiled once, on first use. */
  readonly validateOutput: ValidateFunction;
}

function catalogAction(id: string, connector: ConnectorDefinition, action: ActionDefinition): CatalogAction {
  let compiled: ValidateFunction | undefined;
  let compiledOutput: ValidateFunction | undefined;
  return {
    id,
    connector,
    action,
    get validate() {
      compiled ??= compileInputSchema(action.input);
      return compiled;
    },
    get validateOutput() {
      compiledOutput ??= compileOutputSchema(action.outputSchema);
      return compiledOutput;
    },
  };
}

export interface CatalogExtras {
  /** The space's custom connectors (imported or hand-written), already compiled and checked. */
  custom?: readonly ConnectorDefinition[];
  /** Custom connectors the registry holds but this profile refuses, with why (edited by hand, rolled back). */
  refused?: ReadonlyMap<string, SwitchboardError>;
  /** Why custom connectors are missing altogether (the signed policy does not verify): said for any id not found. */
  problem?: SwitchboardError;
}

export class Catalog {
  readonly #connectors = new Map<string, ConnectorDefinition>();
  readonly #actions = new Map<string, CatalogAction>();
  readonly #custom = new Set<string>();
  readonly #extras: CatalogExtras;

  constructor(definitions: readonly ConnectorDefinition[], extras: CatalogExtras = {}) {
    this.#extras = extras;
    for (const def of definitions) this.#add(def, false);
    for (const def of extras.custom ?? []) this.#add(def, true);
  }

  #add(def: ConnectorDefinition, custom: boolean): void {
    if (!custom) checkConnector(def);
    if (this.#connectors.has(def.id)) throw new Error(`Connector ${def.id} is defined twice.`);
    this.#connectors.set(def.id, def);
    if (custom) this.#custom.add(def.id);
    for (const action of def.actions) {
      const id = `${def.id}.${action.id}`;
      this.#actions.set(id, catalogAction(id, def, action));
    }
  }

  /** A catalog of these built-in definitions with other custom connectors (the definitions are checked once, not again). */
  withCustom(extras: CatalogExtras): Catalog {
    const next = new Catalog([], { ...extras, custom: [] });
    for (const [id, def] of this.#connectors) if (!this.#custom.has(id)) next.#connectors.set(id, def);
    for (const [id, a] of this.#actions) if (!this.#custom.has(a.connector.id)) next.#actions.set(id, a); // compiled validators kept
    for (const def of extras.custom ?? []) next.#add(def, true);
    return next;
  }

  isCustom(id: string): boolean {
    return this.#custom.has(id);
  }

  /** Every refused custom connector's id. */
  refusedIds(): string[] {
    return [...(this.#extras.refused?.keys() ?? [])];
  }

  /** Why a custom connector (by id) is refused here, if it is. */
  refusal(connectorId: string): SwitchboardError | undefined {
    return this.#extras.refused?.get(connectorId);
  }

  #missing(connectorId: string | undefined): void {
    const refused = connectorId === undefined ? undefined : this.#extras.refused?.get(connectorId);
    if (refused) throw refused;
    if (this.#extras.problem) throw this.#extras.problem;
  }

  connectors(): ConnectorDefinition[] {
    return [...this.#connectors.values()];
  }

  actions(): CatalogAction[] {
    return [...this.#actions.values()];
  }

  connector(id: unknown): ConnectorDefinition {
    const def = typeof id === 'string' ? this.#connectors.get(id) : undefined;
    if (!def) {
      this.#missing(typeof id === 'string' ? id : undefined);
      throw new SwitchboardError('NOT_FOUND', `There is no connector ${JSON.stringify(id)} in this space. List them with \`switchboard connector list\`.`);
    }
    return def;
  }

  action(id: unknown): CatalogAction {
    const found = typeof id === 'string' ? this.#actions.get(id) : undefined;
    if (!found) {
      this.#missing(typeof id === 'string' ? id.split('.')[0] : undefined);
      throw new SwitchboardError(
        'NOT_FOUND',
        `There is no action ${JSON.stringify(id)}. Action ids look like slack.send_message; list them with \`switchboard actions\`.`,
      );
    }
    return found;
  }

  hasAction(id: string): boolean {
    return this.#actions.has(id);
  }

  hasConnector(id: string): boolean {
    return this.#connectors.has(id);
  }
}

/** Compile every action's input and output schemas now (the catalog's test does); throws naming the connector and action. */
export function compileAll(catalog: Catalog): void {
  for (const a of catalog.actions()) {
    for (const [which, get] of [
      ['input', () => a.validate],
      ['output', () => a.validateOutput],
    ] as const) {
      try {
        void get();
      } catch (err) {
        throw new Error(`Connector ${a.connector.id}: action ${a.action.id}: ${which} schema does not compile: ${(err as Error).message}`, { cause: err });
      }
    }
  }
}

/**
 * Check the rules a definition must keep; throws a plain Error naming the connector and action.
 * A custom connector (`custom`) keeps the same rules but three a space's own API cannot always meet:
 * a provider docs URL per action, Switchboard's one paging shape, and scopes on every action.
 */
export function checkConnector(def: ConnectorDefinition, { custom = false } = {}): void {
  const fail = (what: string): never => {
    throw new Error(`Connector ${def.id}: ${what}`);
  };
  if (!ID.test(def.id)) fail('id must be lowercase letters, digits and _');
  if (!def.name || !def.description) fail('needs a name and a description');
  if (def.baseUrl && !/^https:\/\/[^/]+/.test(def.baseUrl) && !(custom && /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(def.baseUrl))) {
    fail('baseUrl must be https (or http on 127.0.0.1 or localhost)');
  }
  if (def.auth.length === 0) fail('needs at least one auth scheme');
  for (const auth of def.auth) {
    if (auth.type === 'oauth2' && !(auth.authorizeUrl.startsWith('https://') && auth.tokenUrl.startsWith('https://'))) {
      fail('OAuth endpoints must be https');
    }
    if (auth.type === 'client_credentials' && !/^(https:\/\/[^/]|\/)/.test(auth.tokenUrl)) fail('the client-credentials token URL must be https, or a path on the base URL');
  }
  if (!def.test && !custom) fail('needs a test call');
  if (def.test && !def.test.path.startsWith('/')) fail('test path must start with /');
  if (!custom) checkScopes(def, fail);
  const seen = new Set<string>();
  for (const action of def.actions) {
    const where = `action ${action.id}`;
    if (!ID.test(action.id)) fail(`${where}: id must be lowercase letters, digits and _`);
    if (seen.has(action.id)) fail(`${where}: defined twice`);
    seen.add(action.id);
    if (!action.title || action.description.length < 20) fail(`${where}: needs a title and a description a model can act on`);
    if (!/^https:\/\//.test(action.docs) && !(custom && action.docs === '')) fail(`${where}: docs must be the provider's https URL`);
    if (action.kind !== 'read' && action.kind !== 'write') fail(`${where}: kind must be read or write`);
    const input = action.input;
    if (input.type !== 'object' || input.additionalProperties !== false) {
      fail(`${where}: input must be an object schema with additionalProperties: false`);
    }
    const props = input.properties ?? {};
    for (const req of input.required ?? []) if (!(req in props)) fail(`${where}: required field ${req} is not a property`);
    if (!action.request.path.startsWith('/')) fail(`${where}: path must start with /`);
    for (const [, name] of action.request.path.matchAll(PATH_PLACEHOLDER)) {
      if (!(input.required ?? []).includes(name!)) fail(`${where}: path placeholder {${name}} must be a required input field`);
    }
    for (const q of action.request.query ?? []) if (!(q in props)) fail(`${where}: query field ${q} is not a property`);
    checkBounded(input, `${where} input`, fail);
    checkOutput(action, where, fail, custom);
    // Compiling is left to first use; the catalog's unit test compiles every schema.
  }
}

/** What an action returns is declared, its hints are stated, and a paged list pages the one way. */
function checkOutput(action: ActionDefinition, where: string, fail: (what: string) => never, custom = false): void {
  const out = action.outputSchema as JsonSchema | undefined;
  if (!out || typeof out !== 'object' || Array.isArray(out)) fail(`${where}: needs an outputSchema`);
  if (action.kind === 'write' && typeof action.destructive !== 'boolean') {
    fail(`${where}: a write must say whether it is destructive (update/delete: true; send/create/comment: false)`);
  }
  if (action.kind === 'read' && (action.destructive !== undefined || action.idempotent !== undefined)) {
    fail(`${where}: a read is read-only and idempotent by definition; leave destructive and idempotent out`);
  }
  if (custom) return; // a space's own API pages its own way
  const cursor = action.input.properties?.cursor;
  const next = out.properties?.next_cursor;
  if (cursor !== undefined) {
    if (cursor.type !== 'string') fail(`${where}: cursor must be a string`);
    if (!next || !(out.required ?? []).includes('next_cursor') || JSON.stringify(next.type) !== JSON.stringify(['string', 'null'])) {
      fail(`${where}: a paged list returns next_cursor (string, or null on the last page), required`);
    }
  } else if (next !== undefined) {
    fail(`${where}: returns next_cursor but takes no cursor`);
  }
  if (/^(list|search|query)(_|$)/.test(action.id) && cursor === undefined && !action.unpaged) {
    fail(`${where}: a list takes cursor and returns next_cursor, or says why not (unpaged)`);
  }
}

/** Sign-in asks for exactly what the actions need; each action of an OAuth connector with scopes says which. */
function checkScopes(def: ConnectorDefinition, fail: (what: string) => never): void {
  for (const auth of def.auth) {
    if (auth.type !== 'oauth2' || auth.scopes.length === 0) continue;
    for (const action of def.actions) {
      if (!action.scopes?.length) fail(`action ${action.id}: the connector's sign-in has scopes, so the action must list the ones it needs`);
      for (const s of action.scopes) if (!auth.scopes.includes(s)) fail(`action ${action.id}: scope ${s} is not asked at sign-in`);
    }
    const wanted = signInScopes(auth.baseScopes, def.actions);
    if (wanted.length !== auth.scopes.length || wanted.some((s) => !auth.scopes.includes(s))) {
      fail(`OAuth scopes must be the base scopes and the actions' scopes (signInScopes), no more: ${auth.scopes.filter((s) => !wanted.includes(s)).join(', ')}`);
    }
  }
}

/** Every declared string has a maxLength and every array a maxItems: oversize input fails validation. */
function checkBounded(schema: JsonSchema, where: string, fail: (what: string) => never): void {
  const types: readonly string[] = typeof schema.type === "string" ? [schema.type] : (schema.type ?? []);
  if (types.includes('string') && schema.maxLength === undefined && schema.enum === undefined && schema.const === undefined) {
    fail(`${where}: a string needs maxLength`);
  }
  if (types.includes('array') && schema.maxItems === undefined) fail(`${where}: an array needs maxItems`);
  for (const [name, sub] of Object.entries(schema.properties ?? {})) checkBounded(sub, `${where}.${name}`, fail);
  if (schema.items) checkBounded(schema.items, `${where}[]`, fail);
  if (typeof schema.additionalProperties === 'object') checkBounded(schema.additionalProperties, `${where}.*`, fail);
  for (const sub of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) checkBounded(sub, where, fail);
}

let builtin: Catalog | undefined;
/** The built-in catalog, built once per process. */
export function builtinCatalog(): Catalog {
  builtin ??= new Catalog(BUILTIN_CONNECTORS);
  return builtin;
}
