// Creating a run exactly once. `POST /apis/v2beta1/runs` is not idempotent: a 503 or 504 may come after the
// server created the run. So a retry happens only when the request provably never left (the connection was
// refused), or after looking the run up by a marker this client wrote into it and finding nothing.
import { randomUUID } from "node:crypto";
import { callRest, UnreachableError, type HttpTarget } from "../http.js";
import { isTransient, sleep, withRetries, type RetryOptions } from "../retry.js";
import { equalsFilter } from "./filter.js";

export interface RunRequest {
  readonly display_name: string;
  readonly experiment_id?: string;
  readonly [field: string]: unknown;
}

export interface CreateRunOptions {
  readonly onRetry?: RetryOptions["onRetry"];
  /** Told when a failed answer turns out to have created the run. */
  readonly onNotice?: (message: string) => void;
  /** Attempts in all. Default 4. */
  readonly attempts?: number;
}

interface ListedRun {
  run_id: string;
  description?: string;
}

export async function createRunOnce<R extends ListedRun>(target: HttpTarget, request: RunRequest, options: CreateRunOptions = {}): Promise<R> {
  const marker = `kfp-ts request ${randomUUID()}`;
  const body = { ...request, description: request.description ? `${String(request.description)}\n${marker}` : marker };
  const attempts = options.attempts ?? 4;
  let delay = 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await callRest<R>(target, "POST", "/apis/v2beta1/runs", body, "create the run");
    } catch (error) {
      const neverSent = error instanceof UnreachableError;
      if ((!neverSent && !isTransient(error)) || attempt >= attempts) throw error;
      if (!neverSent) {
        const created = await findRun<R>(target, request, marker);
        if (created) {
          options.onNotice?.(`the server answered "${(error as Error).message}", but it had created run ${created.run_id}: using that run, not creating another`);
          return created;
        }
      }
      options.onRetry?.(new Error(`${(error as Error).message}${neverSent ? "" : " (and no run was created)"}`), attempt, delay);
      await sleep(delay);
      delay *= 2;
    }
  }
}

/** The run this client's request created, found by display name and the marker in its description. */
async function findRun<R extends ListedRun>(target: HttpTarget, request: RunRequest, marker: string): Promise<R | undefined> {
  const query = new URLSearchParams({
    filter: equalsFilter("display_name", request.display_name),
    page_size: "100",
    sort_by: "created_at desc",
    ...(request.experiment_id && { experiment_id: request.experiment_id }),
  });
  const answer = await withRetries(() => callRest<{ runs?: R[] }>(target, "GET", `/apis/v2beta1/runs?${query}`, undefined, "look for the run"), { retryUnreachable: true });
  return answer?.runs?.find((run) => run.description?.includes(marker));
}
