import { UserError } from "../errors.js";

export interface HttpTarget {
  /** The service's base URL. */
  readonly host: string;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Extra headers sent with every request (a proxy's or an ingress's, such as a cookie). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** An HTTP error from a REST API, with its status for retry decisions. */
export class HttpError extends UserError {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/** A request that never reached the server: the connection was refused, or the host does not resolve. */
export class UnreachableError extends UserError {}

/** A REST call: JSON or form body in, JSON (or text) out; a non-2xx answer becomes an HttpError with the server's message. */
export async function callRest<T>(target: HttpTarget, method: string, path: string, body?: unknown, what = `${method} ${path}`): Promise<T> {
  const url = target.host.replace(/\/+$/, "") + path;
  const headers: Record<string, string> = { accept: "application/json", ...target.headers };
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  let payload: RequestInit["body"] | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await answered(fetch(url, { method, headers, ...(payload !== undefined && { body: payload }) }));
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    const neverSent = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)$/.test(cause?.code ?? "");
    if (neverSent) throw new UnreachableError(`cannot ${what}: cannot reach ${target.host} (${reason}): check the URL and that the server is running`);
    throw new HttpError(`cannot ${what}: the connection to ${target.host} failed (${reason})`, 503);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new HttpError(`cannot ${what}: the connection to ${url} broke off (${(error as Error).message})`, 503);
  }
  if (!response.ok) {
    let detail = text.trim().slice(0, 500);
    try {
      const parsed = JSON.parse(text) as { error_message?: string; message?: string; error?: { message?: string } };
      detail = parsed.error_message ?? parsed.message ?? parsed.error?.message ?? detail;
    } catch {
      // not JSON: keep the text
    }
    const hint = response.status === 401 || response.status === 403 ? " (check the token: --token, or the KFP_TS_ACCESS_TOKEN environment variable)" : "";
    throw new HttpError(`cannot ${what}: ${response.status} ${response.statusText}${detail ? `: ${detail}` : ""}${hint}`, response.status);
  }
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    return text as T;
  }
}

/**
 * `request`, or a rejection if it can no longer settle: Node's fetch can lose a request whose connection
 * the server closes at once, and the process would then end with nothing left to wait for.
 */
function answered<T>(request: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const lost = () => reject(Object.assign(new Error("the connection closed without an answer"), { cause: { code: "ECONNRESET" } }));
    process.once("beforeExit", lost);
    request.then(resolve, reject).finally(() => process.off("beforeExit", lost));
  });
}
