/**
 * The operations of a dereferenced OpenAPI document, each with its Switchboard action id: from
 * `operationId` (snake_case, lowercase, at most what fits a 64-character MCP tool name with the
 * connector prefix) or else method + path. Two operations that would get one id are an error
 * naming both.
 */
import { SwitchboardError } from '../../../shared/errors.js';
import { IMPORT_LIMITS } from '../../../shared/limits.js';
import type { OpenApiDocument } from './load-document.js';

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
export type OpenApiMethod = (typeof METHODS)[number];
type Raw = Record<string, unknown>;

export interface Operation {
  method: OpenApiMethod;
  path: string;
  /** `GET /pets/{id}` */
  label: string;
  operationId?: string;
  actionId: string;
  tags: string[];
  summary?: string;
  description?: string;
  deprecated: boolean;
  /** Path-level parameters merged with the operation's (the operation's win). */
  parameters: Raw[];
  op: Raw;
}

const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The longest action id for this connector: the ID rule's 40, and the tool name `{connector}_{action}` within 64. */
export function maxActionIdLength(connectorId: string): number {
  return Math.min(40, IMPORT_LIMITS.maxToolName - connectorId.length - 1);
}

/** `listPetsByOwner` → `list_pets_by_owner`; `GET /pets/{id}` → `get_pets_id`. */
export function sanitizeId(raw: string, max: number): string {
  let id = raw
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(id)) id = `op_${id}`;
  return id.slice(0, max).replace(/_+$/, '');
}

export function listOperations(doc: OpenApiDocument, connectorId: string): Operation[] {
  const paths = isObj(doc.paths) ? doc.paths : {};
  const max = maxActionIdLength(connectorId);
  if (max < 8) throw new SwitchboardError('INVALID_INPUT', `The connector id ${connectorId} is too long to leave room for action names in MCP tool names (64 characters); use a shorter --id.`);
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isObj(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters.filter(isObj) : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const own = Array.isArray(op.parameters) ? op.parameters.filter(isObj) : [];
      const key = (p: Raw) => `${String(p.in)}:${String(p.name)}`;
      const parameters = [...shared.filter((p) => !own.some((o) => key(o) === key(p))), ...own];
      const label = `${method.toUpperCase()} ${path}`;
      const operationId = typeof op.operationId === 'string' && op.operationId.trim() ? op.operationId.trim() : undefined;
      const actionId = sanitizeId(operationId ?? `${method}_${path.replace(/[{}]/g, '')}`, max);
      const entry: Operation = {
        method,
        path,
        label,
        ...(operationId ? { operationId } : {}),
        actionId,
        tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [],
        ...(typeof op.summary === 'string' ? { summary: op.summary } : {}),
        ...(typeof op.description === 'string' ? { description: op.description } : {}),
        deprecated: op.deprecated === true,
        parameters,
        op,
      };
      ops.push(entry);
    }
  }
  return ops;
}

/** Two chosen operations may not share an action id: an error naming both. */
export function assertDistinctIds(ops: readonly Operation[], connectorId: string): void {
  const byId = new Map<string, Operation>();
  const name = (o: Operation) => `${o.label}${o.operationId ? ` (operationId ${o.operationId})` : ''}`;
  for (const entry of ops) {
    const other = byId.get(entry.actionId);
    if (other) {
      throw new SwitchboardError(
        'INVALID_INPUT',
        `Two operations would both become the action ${connectorId}.${entry.actionId}: ${name(other)} and ${name(entry)}. Give them distinct operationIds (ids are cut to ${maxActionIdLength(connectorId)} characters to fit MCP tool names), or import only one with --select.`,
      );
    }
    byId.set(entry.actionId, entry);
  }
}

/** The operations `select` (action ids, operationIds or `METHOD /path`) or `tag` name; all when neither. */
export function selectOperations(ops: Operation[], select: readonly string[] | undefined, tag: string | undefined): Operation[] {
  let chosen = ops;
  if (tag !== undefined) {
    chosen = chosen.filter((o) => o.tags.includes(tag));
    if (!chosen.length) throw new SwitchboardError('INVALID_INPUT', `No operation has the tag ${JSON.stringify(tag)}. Tags in the document: ${[...new Set(ops.flatMap((o) => o.tags))].slice(0, 30).join(', ') || '(none)'}.`);
  }
  if (select?.length) {
    const wanted = new Set(select.map((s) => s.trim()).filter(Boolean));
    const match = (o: Operation) => wanted.has(o.actionId) || (o.operationId !== undefined && wanted.has(o.operationId)) || wanted.has(o.label);
    const unknown = [...wanted].filter((w) => !chosen.some((o) => o.actionId === w || o.operationId === w || o.label === w));
    if (unknown.length) throw new SwitchboardError('INVALID_INPUT', `Not operations of the document${tag ? ` with tag ${tag}` : ''}: ${unknown.slice(0, 10).join(', ')}. Name them by operationId, action id or "METHOD /path".`);
    chosen = chosen.filter(match);
  }
  if (!chosen.length) throw new SwitchboardError('INVALID_INPUT', 'The document has no operations to import.');
  return chosen;
}
