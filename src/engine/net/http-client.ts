/**
 * The one HTTP client every provider call uses: undici with a short connect timeout (a host
 * that cannot be reached fails fast as OFFLINE), an overall deadline, and a response-size cap.
 */
import { Agent, request, type Dispatcher } from 'undici';
import { SwitchboardError } from '../../shared/errors.js';
import type { HttpMethod } from '../connectors/definition.js';

export interface HttpRequest {
  url: URL;
  method: HttpMethod;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface SendOptions {
  timeoutMs: number;
  maxBytes: number;
  dispatcher?: Dispatcher;
}

const OFFLINE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'UND_ERR_CONNECT_TIMEOUT', 'EADDRNOTAVAIL']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export const CONNECT_TIMEOUT_MS = 2000;

let sharedAgent: Agent | undefined;
export function defaultDispatcher(): Agent {
  sharedAgent ??= new Agent({ connect: { timeout: CONNECT_TIMEOUT_MS }, keepAliveTimeout: 10_000, connections: 64 });
  return sharedAgent;
}

/** Why a request failed before an answer, as a code the router maps and a retry policy reads. */
export class TransportError extends Error {
  constructor(
    readonly kind: 'offline' | 'timeout' | 'too_large' | 'dropped',
    message: string,
  ) {
    super(message);
  }
}

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Send one request. The deadline is kept with undici's own timeouts (no timer or AbortSignal of
 * ours per call): the headers within `timeoutMs`, then the body within what is left, checked as
 * each chunk arrives (a provider dripping bytes is cut off once the time is up).
 */
export async function send(req: HttpRequest, options: SendOptions): Promise<HttpResponse> {
  const deadline = performance.now() + options.timeoutMs;
  let res: Dispatcher.ResponseData;
  try {
    res = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      dispatcher: options.dispatcher ?? defaultDispatcher(),
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  } catch (err) {
    throw classify(err);
  }
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    res.body.destroy();
    throw new TransportError('too_large', `The provider's answer is larger than ${formatBytes(options.maxBytes)}.`);
  }
  let body: Buffer;
  try {
    body = await readCapped(res.body, options.maxBytes, deadline);
  } catch (err) {
    if (err instanceof TransportError) throw err;
    throw classify(err);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return { status: res.statusCode, headers, body };
}

/** Read a body, stopping as soon as it passes the cap or the deadline. */
async function readCapped(stream: Dispatcher.ResponseData['body'], maxBytes: number, deadline: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      stream.destroy();
      throw new TransportError('too_large', `The provider's answer is larger than ${formatBytes(maxBytes)}.`);
    }
    if (performance.now() > deadline) {
      stream.destroy();
      throw new TransportError('timeout', 'The provider did not answer in time.');
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

function classify(err: unknown): TransportError | SwitchboardError {
  const code = errorCode(err);
  if ((code && TIMEOUT_CODES.has(code)) || (err as Error)?.name === 'TimeoutError') {
    return new TransportError('timeout', 'The provider did not answer in time.');
  }
  if (code && OFFLINE_CODES.has(code)) return new TransportError('offline', `Cannot reach the provider (${code}).`);
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') {
    return new TransportError('dropped', 'The connection to the provider dropped before the answer was complete.');
  }
  if (code === 'UND_ERR_INVALID_ARG' || code === 'ERR_INVALID_ARG_TYPE' || code === 'ERR_INVALID_CHAR') {
    return new SwitchboardError('INVALID_INPUT', 'The request could not be built from this input (invalid header or URL character).');
  }
  return new TransportError('dropped', 'The request to the provider failed.');
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(0)} MB` : `${(n / 1024).toFixed(0)} KB`;
}
