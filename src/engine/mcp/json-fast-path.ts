/**
 * The gateway's MCP transport: the SDK's Streamable HTTP transport, with a direct path for the
 * requests that make up nearly all traffic — a POST carrying one JSON-RPC request in an
 * established session (tools/call, tools/list) — answered on Node's own request and response
 * as plain JSON. The SDK's transport converts every Node request to a web-standard Request and
 * back (≈ 0.3 ms a call here); this path skips that, and nothing else: the SDK's protocol and
 * session handling (the Server, its request handlers, cancellation, timeouts) see the same
 * messages either way.
 *
 * A request that gives a progress token is answered as an event stream carrying its progress
 * notifications and then its result (an approval the owner has not answered yet takes a while).
 *
 * Everything else goes to the SDK's transport unchanged: initialize, the GET event stream that
 * carries list-changed notifications and elicitation requests, DELETE, notifications and
 * responses from the client, batches. The checks the SDK's transport makes on such a POST
 * (Accept, Content-Type, session id, protocol version) are made here too, with its answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport, type StreamableHTTPServerTransportOptions } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import { keptJson } from './serialized-once.js';
import { isJSONRPCErrorResponse, isJSONRPCResultResponse, SUPPORTED_PROTOCOL_VERSIONS, type JSONRPCMessage, type MessageExtraInfo, type RequestId } from '@modelcontextprotocol/sdk/types.js';

/** One JSON-RPC request, shaped well enough for the protocol layer to take it from here. */
function isSingleRequest(body: unknown): body is { jsonrpc: '2.0'; id: RequestId; method: string } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const m = body as Record<string, unknown>;
  const id = m.id;
  return (
    m.jsonrpc === '2.0' &&
    typeof m.method === 'string' &&
    m.method !== 'initialize' &&
    ((typeof id === 'string' && id.length <= 200) || (typeof id === 'number' && Number.isSafeInteger(id))) &&
    (m.params === undefined || (m.params !== null && typeof m.params === 'object' && !Array.isArray(m.params)))
  );
}

function isJsonContentType(value: string | undefined): boolean {
  return value !== undefined && value.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** A response's JSON, with a result serialised once (serialized-once.ts) put in as kept. */
function serialize(message: JSONRPCMessage): string {
  const kept = 'result' in message ? keptJson(message.result) : undefined;
  if (kept === undefined) return JSON.stringify(message);
  return `{"jsonrpc":"2.0","id":${JSON.stringify((message as { id: RequestId }).id)},"result":${kept}}`;
}

function sendError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

export class GatewayTransport implements Transport {
  readonly #inner: StreamableHTTPServerTransport;
  /**
   * Requests taken on the direct path, waiting for their response, by JSON-RPC id. A request that
   * asked for progress (`_meta.progressToken`) is answered as an event stream, so its progress
   * notifications reach the client before the result; any other as one JSON body.
   */
  readonly #pending = new Map<RequestId, { res: ServerResponse; stream: boolean }>();
  /** Requests whose client went away before the answer: the answer, when it comes, is dropped. */
  readonly #abandoned = new Set<RequestId>();
  #closed = false;

  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;

  constructor(options: StreamableHTTPServerTransportOptions) {
    this.#inner = new StreamableHTTPServerTransport({ ...options, enableJsonResponse: true });
    this.#inner.onmessage = (message, extra) => this.onmessage?.(message, extra);
    this.#inner.onerror = (error) => this.onerror?.(error);
    this.#inner.onclose = () => this.#closedNow();
  }

  get sessionId(): string | undefined {
    return this.#inner.sessionId;
  }

  /** How many requests on the direct path wait for their answer (tests). */
  get pendingCount(): number {
    return this.#pending.size;
  }

  async start(): Promise<void> {
    await this.#inner.start();
  }

  async close(): Promise<void> {
    await this.#inner.close();
    this.#closedNow();
  }

  #closedNow(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const { res } of this.#pending.values()) {
      if (!res.headersSent) sendError(res, 404, -32001, 'Session not found.');
      else res.end();
    }
    this.#pending.clear();
    this.#abandoned.clear();
    this.onclose?.();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const id = isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message) ? message.id : undefined;
    if (id !== undefined) {
      if (this.#abandoned.delete(id)) return;
      const pending = this.#pending.get(id);
      if (pending) {
        this.#pending.delete(id);
        const { res, stream } = pending;
        if (res.destroyed) return; // the client went away meanwhile
        const json = serialize(message);
        if (stream) {
          this.#open(res, true);
          res.end(`event: message\ndata: ${json}\n\n`);
        } else {
          this.#open(res, false);
          res.end(json);
        }
        return;
      }
    } else if (options?.relatedRequestId !== undefined) {
      if (this.#abandoned.has(options.relatedRequestId)) return;
      const pending = this.#pending.get(options.relatedRequestId);
      if (pending) {
        // Progress and other notifications of a request: on its stream when it asked for one; a
        // request answered as one JSON body has nowhere to carry them (as in the SDK's JSON mode).
        if (pending.stream && !pending.res.destroyed) {
          this.#open(pending.res, true);
          pending.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
        }
        return;
      }
    }
    await this.#inner.send(message, options);
  }

  #open(res: ServerResponse, stream: boolean): void {
    if (res.headersSent) return;
    const headers: Record<string, string> = stream
      ? { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' }
      : { 'content-type': 'application/json' };
    if (this.sessionId !== undefined) headers['mcp-session-id'] = this.sessionId;
    res.writeHead(200, headers);
  }

  /** Handle one HTTP request of this session (the gateway has checked the token and session owner). */
  async handleRequest(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    if (req.method !== 'POST' || this.#closed || this.sessionId === undefined || !isSingleRequest(body) || this.#pending.has(body.id)) {
      await this.#inner.handleRequest(req, res, body);
      return;
    }
    const accept = req.headers.accept ?? '';
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
      return sendError(res, 406, -32000, 'Not Acceptable: Client must accept both application/json and text/event-stream');
    }
    if (!isJsonContentType(req.headers['content-type'])) {
      return sendError(res, 415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
    }
    if (req.headers['mcp-session-id'] !== this.sessionId) return sendError(res, 404, -32001, 'Session not found');
    const version = req.headers['mcp-protocol-version'];
    if (version !== undefined && (typeof version !== 'string' || !SUPPORTED_PROTOCOL_VERSIONS.includes(version))) {
      return sendError(res, 400, -32000, `Bad Request: Unsupported protocol version: ${String(version).slice(0, 40)} (supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`);
    }
    const params = (body as { params?: { _meta?: { progressToken?: unknown } } }).params;
    this.#pending.set(body.id, { res, stream: params?._meta?.progressToken !== undefined });
    res.once('close', () => {
      if (this.#pending.get(body.id)?.res !== res) return; // answered
      this.#pending.delete(body.id);
      this.#abandoned.add(body.id);
    });
    this.onmessage?.(body as JSONRPCMessage, { requestInfo: { headers: req.headers } });
  }
}
