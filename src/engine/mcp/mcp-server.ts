/**
 * An MCP server for one tenant session, a thin adapter over the operations layer: the tenant's
 * effective actions (`actions.list`) are its tools, and every tool call is `actions.run`, through
 * the router with the tenant's credentials (via `mcp:<client name>`).
 *
 * Tools are named `{connector}_{action}` (`slack_send_message`) and publish the action's input and
 * output schemas; `structuredContent` is the action's output (wrapped as `{result}` where the
 * output is not an object, and the published schema says so). In "tool search" mode the server
 * offers two tools instead — `search_actions` and `call_action` — still limited to the effective
 * set, for clients that degrade with large tool lists.
 */
import { createHash } from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ElicitResultSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { SwitchboardError, isSwitchboardError, toErrorShape } from '../../shared/errors.js';
import type { JsonSchema } from '../../shared/json-schema.js';
import type { ActionState } from '../../shared/views.js';
import { invoke, OPS } from '../ops/index.js';
import { approvalView } from '../ops/approvals.js';
import type { ApprovalHooks } from '../router/approval-gate.js';
import type { ApprovalRow } from '../vault/approvals.js';
import { setupSeq } from '../connections/connections.js';
import { stateKey } from '../space/verify-state.js';
import { serializeOnce } from './serialized-once.js';
import type { Space } from '../space/space.js';
import type { Catalog } from '../connectors/catalog.js';
import { catalogFor } from '../space/verify-state.js';
import type { TenantSession } from '../vault/tenant-session.js';

export type ToolMode = 'tools' | 'search';

export interface McpServerOptions {
  space: Space;
  session: TenantSession;
  mode?: ToolMode;
  /** How often to look for changes made by another process (ms). */
  pollMs?: number;
  /** Most tool calls of this client running at once; the rest wait their turn. */
  maxConcurrentCalls?: number;
}

export const SEARCH_TOOL = 'search_actions';
export const CALL_TOOL = 'call_action';
const VERSION = '0.1.0';

export function toolName(actionId: string): string {
  return actionId.replace('.', '_');
}

/** Build the MCP server; connect it to a transport with `server.connect(transport)`. */
export function createMcpServer(options: McpServerOptions): { server: Server; close: () => Promise<void> } {
  const { space, session } = options;
  const mode = options.mode ?? 'tools';
  // Tool name → action id, over the catalog this session verifies (custom connectors come and go).
  let names: { catalog: unknown; byName: Map<string, string> } | undefined;
  const actionIdOf = async (tool: string): Promise<string | undefined> => {
    const catalog = await catalogFor(space, session);
    if (names?.catalog !== catalog) names = { catalog, byName: new Map(catalog.actions().map((a) => [toolName(a.id), a.id])) };
    return names.byName.get(tool);
  };
  const server = new Server({ name: 'switchboard', version: VERSION }, { capabilities: { tools: { listChanged: true } } });
  const limiter = new Limiter(options.maxConcurrentCalls ?? 8);
  let lastFingerprint = '';
  /**
   * The tool list as of the counters it was built at: the registry's state counter (policy, roles,
   * directory, keys, settings) and the vault's setup counter (connections, enablement, modes), both
   * moved by triggers from any process. A listing, or a look for changes, while neither moved
   * costs those two reads, not a decision per action.
   */
  let listed: { key: string; actions: ActionState[]; tools: Tool[]; result: { tools: Tool[] } } | null = null;

  const effective = async (): Promise<ActionState[]> => (await invoke(OPS['actions.list'], { space, session, via: via() }, {})).filter((a) => a.effective);
  const counters = async (): Promise<string> => `${await stateKey(space)}|${await setupSeq(session)}`;
  const current = async (): Promise<{ key: string; actions: ActionState[]; tools: Tool[]; result: { tools: Tool[] } }> => {
    const key = await counters();
    if (listed?.key === key) return listed;
    const actions = await effective();
    // Counters read before the decisions: a change landing in between moves them again, and the next look rebuilds.
    const tools = mode === 'search' ? searchTools() : actions.map(toTool);
    // The tools/list answer itself, the same object until a counter moves: serialised once.
    listed = { key, actions, tools, result: serializeOnce({ tools }) };
    return listed;
  };
  const via = (): string => {
    const name = server.getClientVersion()?.name ?? 'client';
    return `mcp:${name.replace(/[^\x20-\x7e]/g, '').slice(0, 64) || 'client'}`;
  };

  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const { actions, result } = await current();
    lastFingerprint = fingerprint(actions);
    return result;
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name, arguments: args } = request.params;
    const progressToken = request.params._meta?.progressToken;
    return limiter.run(async () => {
      try {
        if (mode === 'search' && name === SEARCH_TOOL) return searchResult((await current()).actions, args?.query);
        const target = mode === 'search' && name === CALL_TOOL ? args?.name : name;
        const input = mode === 'search' && name === CALL_TOOL ? args?.arguments : args;
        const actionId = typeof target === 'string' ? await actionIdOf(target) : undefined;
        if (!actionId) {
          throw new SwitchboardError('NOT_FOUND', `There is no tool ${JSON.stringify(String(target).slice(0, 100))}. List the tools to see what this profile may call.`);
        }
        // While an `ask` action waits for the owner: progress to a client that asked for it, and a
        // confirmation in the client's own UI when it can elicit (the owner's answer still wins).
        const approval: ApprovalHooks = {
          ...(progressToken !== undefined
            ? {
                progress: (waitedMs: number, timeoutMs: number) =>
                  void extra
                    .sendNotification({ method: 'notifications/progress', params: { progressToken, progress: Math.round(waitedMs / 1000), total: Math.round(timeoutMs / 1000), message: 'Waiting for the profile owner to approve this call in Switchboard.' } })
                    .catch(() => undefined),
              }
            : {}),
          ...(server.getClientCapabilities()?.elicitation ? { elicit: async (row: ApprovalRow, signal: AbortSignal) => elicitApproval(server, await catalogFor(space, session), row, signal) } : {}),
        };
        const result = await invoke(OPS['actions.run'], { space, session, via: via(), approval }, { actionId, input: input ?? {} });
        if (result.status === 'queued') return ok({ queued: true, outboxId: result.outboxId });
        return ok(result.output, publishedOutput((await catalogFor(space, session)).action(actionId).action.outputSchema).wrapped);
      } catch (err) {
        const shape = isSwitchboardError(err) ? err.toShape() : toErrorShape(err);
        return { isError: true, content: [{ type: 'text', text: `${shape.code}: ${shape.message}` }] };
      }
    });
  });

  // Tell the client at once when this process changes what the tenant may call…
  const offConfig = space.onChange((change) => {
    if (change.kind === 'tenant' && change.tenantId !== session.tenantId) return;
    void checkForChanges();
  });
  // …and look now and then for changes made by another process (the CLI, the desktop app).
  const poll = setInterval(() => void checkForChanges(), options.pollMs ?? 2000);
  poll.unref();

  async function checkForChanges(): Promise<void> {
    if (session.locked) return;
    try {
      // A poll is not the person's activity: the vault's auto-lock must hold.
      const now = fingerprint((await session.quietly(current)).actions);
      if (now !== lastFingerprint) {
        lastFingerprint = now;
        await server.sendToolListChanged();
      }
    } catch {
      // Not connected yet, or the session locked meanwhile: the next check will tell.
    }
  }

  return {
    server,
    close: async () => {
      clearInterval(poll);
      offConfig();
      await server.close();
    },
  };
}

/**
 * Ask the agent's client to confirm a call in its own UI. Sent with `server.request` rather than
 * `elicitInput`, which refuses clients that declare `elicitation: {}` (form mode, in the spec's
 * earlier revision); the answer is checked here instead. Withdrawn (`signal`) once the call stops
 * waiting.
 */
async function elicitApproval(server: Server, catalog: Catalog, row: ApprovalRow, signal: AbortSignal): Promise<'approve' | 'deny' | undefined> {
  const view = approvalView(catalog, row);
  const result = await server.request(
    {
      method: 'elicitation/create',
      params: {
        message: `Switchboard: run ${view.actionTitle} on ${view.connectorName} with ${JSON.stringify(view.input).slice(0, 1500)}? The profile's owner can also answer in Switchboard; their answer wins.`,
        requestedSchema: { type: 'object', properties: { confirm: { type: 'boolean', title: 'Run this call', description: `${view.action} as requested` } }, required: ['confirm'] },
      },
    },
    ElicitResultSchema,
    { signal },
  );
  // Only a ticked "Run this call" approves; a form sent without it gives no answer (the owner still can).
  if (result.action === 'accept') return result.content?.confirm === true ? 'approve' : result.content?.confirm === false ? 'deny' : undefined;
  if (result.action === 'decline') return 'deny';
  return undefined;
}

function fingerprint(actions: ActionState[]): string {
  return actions.map((a) => a.id).join(',');
}

type Published = { schema: NonNullable<Tool['outputSchema']>; wrapped: boolean };
const published = new WeakMap<JsonSchema, Published>();

/**
 * MCP wants an object at the root of `outputSchema` and of `structuredContent`: an action whose
 * answer may be something else (the generic HTTP connector's) is published as `{result: …}`, and
 * its every answer is wrapped so, whatever it turns out to be. Each schema carries an `$id` made
 * from its content, so a client that compiles output schemas (the SDK's does, on every tools/list)
 * compiles each one once, however many tools share it and however often it lists them.
 */
export function publishedOutput(schema: JsonSchema): Published {
  let found = published.get(schema);
  if (!found) {
    const wrapped = schema.type !== 'object';
    const body = wrapped ? { type: 'object', properties: { result: schema }, required: ['result'] } : schema;
    const $id = `urn:switchboard:output:${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32)}`;
    found = { schema: { $id, ...body } as NonNullable<Tool['outputSchema']>, wrapped };
    published.set(schema, found);
  }
  return found;
}

function toTool(a: ActionState): Tool {
  return {
    name: toolName(a.id),
    title: a.title,
    description: a.description,
    inputSchema: a.input as Tool['inputSchema'],
    outputSchema: publishedOutput(a.output).schema,
    annotations: {
      title: a.title,
      readOnlyHint: a.kind === 'read',
      destructiveHint: a.destructive,
      idempotentHint: a.idempotent,
      openWorldHint: true,
    },
  };
}

function searchTools(): Tool[] {
  return [
    {
      name: SEARCH_TOOL,
      title: 'Search actions',
      description:
        'Search the actions this profile may call (connected, enabled, allowed) by words in their name or description. Returns each match with its name, description and input JSON Schema; call one with call_action.',
      inputSchema: { type: 'object', properties: { query: { type: 'string', maxLength: 200, description: 'Words to look for; empty lists everything.' } } },
      annotations: { title: 'Search actions', readOnlyHint: true, openWorldHint: false },
    },
    {
      name: CALL_TOOL,
      title: 'Call an action',
      description: 'Call an action found with search_actions: `name` is its tool name (e.g. slack_send_message), `arguments` its input.',
      inputSchema: {
        type: 'object',
        properties: { name: { type: 'string', maxLength: 100 }, arguments: { type: 'object' } },
        required: ['name'],
      },
      annotations: { title: 'Call an action', readOnlyHint: false, destructiveHint: true, openWorldHint: true },
    },
  ];
}

function searchResult(actions: ActionState[], query: unknown): CallToolResult {
  const words = typeof query === 'string' ? query.toLowerCase().split(/\s+/).filter(Boolean) : [];
  const matches = actions
    .filter((a) => words.every((w) => `${a.id} ${a.title} ${a.description}`.toLowerCase().includes(w)))
    .slice(0, 25)
    .map((a) => ({ name: toolName(a.id), title: a.title, description: a.description, kind: a.kind, inputSchema: a.input }));
  return ok({ matches });
}

function ok(output: unknown, wrapped = false): CallToolResult {
  const structured = !wrapped && output !== null && typeof output === 'object' && !Array.isArray(output) ? (output as Record<string, unknown>) : { result: output };
  return { content: [{ type: 'text', text: JSON.stringify(output, null, 2) }], structuredContent: structured };
}

/** A small counting semaphore: a flood of calls is answered in turn, none dropped. */
class Limiter {
  #active = 0;
  readonly #waiting: (() => void)[] = [];
  constructor(private readonly max: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#active >= this.max) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#active++;
    try {
      return await fn();
    } finally {
      this.#active--;
      this.#waiting.shift()?.();
    }
  }
}
