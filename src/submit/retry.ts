import { UnreachableError } from "./http.js";

/** gRPC codes and HTTP statuses that mean "try again": UNAVAILABLE, DEADLINE_EXCEEDED, 503, 504. */
export function isTransient(error: unknown): boolean {
  const e = error as { code?: number | string; status?: number };
  return e?.code === 14 || e?.code === 4 || e?.code === "UNAVAILABLE" || e?.code === "DEADLINE_EXCEEDED" || e?.status === 503 || e?.status === 504 || e?.code === 503 || e?.code === 504;
}

/** A connection that was never made (refused, no such host, no route): the request did not reach the server. */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof UnreachableError) return true;
  const e = error as { code?: number; details?: string; message?: string };
  return e?.code === 14 && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|Name resolution failed|No connection established|getaddrinfo/i.test(`${e.details ?? ""} ${e.message ?? ""}`);
}

export interface RetryOptions {
  /** Attempts in all. Default 6. */
  readonly attempts?: number;
  /** The first wait, doubled after each failure. Default 1 s. */
  readonly firstDelaySeconds?: number;
  readonly maxDelaySeconds?: number;
  readonly onRetry?: (error: unknown, attempt: number, delaySeconds: number) => void;
  /**
   * Retry when the server cannot be reached at all. Default false: a wrong or unreachable endpoint fails at once;
   * following a job that exists rides out an outage.
   */
  readonly retryUnreachable?: boolean;
}

/** Calls `fn`, retrying transient errors with exponential backoff (unreachable servers only when asked). */
export async function withRetries<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 6;
  let delay = options.firstDelaySeconds ?? 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const retryable = isUnreachable(error) ? options.retryUnreachable === true : isTransient(error);
      if (!retryable || attempt >= attempts) throw error;
      options.onRetry?.(error, attempt, delay);
      await new Promise((resolve) => setTimeout(resolve, delay * 1000));
      delay = Math.min(delay * 2, options.maxDelaySeconds ?? 30);
    }
  }
}

export const sleep = (seconds: number) => new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));
