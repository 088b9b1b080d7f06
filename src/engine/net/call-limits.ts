/** How one provider call is bounded: its deadline, answer size, retries. Defaults in src/shared/limits.ts. */
import type { Dispatcher } from 'undici';

export interface CallLimits {
  timeoutMs: number;
  maxResponseBytes: number;
  maxRetries: number;
  /** Longest Retry-After the router waits for; longer ones fail with the wait in the error. */
  maxRetryAfterMs: number;
  /** Another HTTP dispatcher (tests, benchmarks); default: the shared keep-alive agent. */
  dispatcher?: Dispatcher;
}

/** What a space's router may be given: any of the limits, and the input cap. */
export type RouterOptions = Partial<CallLimits> & { maxInputBytes?: number };
