/** gRPC codes and HTTP statuses that mean "try again": UNAVAILABLE, DEADLINE_EXCEEDED, 503, 504. */
export function isTransient(error: unknown): boolean {
  const e = error as { code?: number | string; status?: number };
  return e?.code === 14 || e?.code === 4 || e?.code === "UNAVAILABLE" || e?.code === "DEADLINE_EXCEEDED" || e?.status === 503 || e?.status === 504 || e?.code === 503 || e?.code === 504;
}

export interface RetryOptions {
  /** Attempts in all. Default 6. */
  readonly attempts?: number;
  /** The first wait, doubled after each failure. Default 1 s. */
  readonly firstDelaySeconds?: number;
  readonly maxDelaySeconds?: number;
  readonly onRetry?: (error: unknown, attempt: number, delaySeconds: number) => void;
}

/** Calls `fn`, retrying transient errors with exponential backoff. */
export async function withRetries<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 6;
  let delay = options.firstDelaySeconds ?? 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isTransient(error) || attempt >= attempts) throw error;
      options.onRetry?.(error, attempt, delay);
      await new Promise((resolve) => setTimeout(resolve, delay * 1000));
      delay = Math.min(delay * 2, options.maxDelaySeconds ?? 30);
    }
  }
}

export const sleep = (seconds: number) => new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));
