/**
 * The one error shape that crosses every boundary (IPC, HTTP, MCP, CLI).
 * Rebuild it by `code` on the other side; never rely on `instanceof` across processes.
 * Messages say what the person can do next and never contain a secret.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'WRONG_PASSPHRASE',
  'LOCKED_OUT',
  'VAULT_LOCKED',
  'VAULT_CORRUPT',
  'UNSUPPORTED_VERSION',
  'STORAGE_ERROR',
  'POLICY_DENIED',
  'ACTION_DISABLED',
  /** The profile's owner denied an agent's call that waited for approval. */
  'APPROVAL_DENIED',
  /** Nobody answered an agent's call that waited for approval before it expired. */
  'APPROVAL_TIMEOUT',
  'NOT_CONNECTED',
  'AUTH_REQUIRED',
  /** The connection's sign-in did not grant a scope the action needs: reconnect to grant it. */
  'SCOPE_MISSING',
  'UPSTREAM_ERROR',
  'UPSTREAM_TIMEOUT',
  'OFFLINE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorShape {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export class SwitchboardError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'SwitchboardError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }

  toShape(): ErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export function isSwitchboardError(err: unknown): err is SwitchboardError {
  return err instanceof SwitchboardError;
}

/**
 * Turn anything thrown into the shape that may cross a boundary. Unknown errors become
 * INTERNAL with a generic message: their text may hold paths, SQL or worse.
 */
export function toErrorShape(err: unknown): ErrorShape {
  if (err instanceof SwitchboardError) return err.toShape();
  return { code: 'INTERNAL', message: 'Something went wrong inside Switchboard. Try again; if it keeps happening, report it.' };
}

/** Rebuild an error that crossed a boundary as `{code, message}`. */
export function fromErrorShape(shape: unknown): SwitchboardError {
  if (typeof shape === 'object' && shape !== null) {
    const { code, message, details } = shape as Record<string, unknown>;
    if (isErrorCode(code) && typeof message === 'string') {
      return new SwitchboardError(
        code,
        message,
        typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : undefined,
      );
    }
  }
  return new SwitchboardError('INTERNAL', 'Received a malformed error.');
}
