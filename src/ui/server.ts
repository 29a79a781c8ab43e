// The local console: server-rendered pages over the run history, on node:http, live through server-sent events.
import { closeSync, createReadStream, fstatSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, resolve } from "node:path";
import { consoleCss } from "./assets/style.js";
import { consoleJs } from "./assets/client.js";
import { contentType, renderArtifact } from "./artifacts/render.js";
import { ConsoleStore, StoreUnavailable, type RunFilter } from "./console-store.js";
import { confinedPath, RefusedPath, sizeOf } from "./files.js";
import { artifactPage } from "./pages/artifact.js";
import { comparePage } from "./pages/compare.js";
import { problemPage } from "./pages/problem.js";
import { liveSection, runPage, type RunView } from "./pages/run.js";
import { runsPage } from "./pages/runs.js";
import { taskPage } from "./pages/task.js";

export interface ConsoleOptions {
  /** The pipeline root: `metadata.sqlite` and the run directories. */
  readonly root: string;
  readonly port?: number;
  readonly host?: string;
  /** How often live pages look at the store, in milliseconds. */
  readonly pollInterval?: number;
}

export interface RunningConsole {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

const pageCsp = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
// Artifact files run, if at all, in an opaque origin of their own, even when opened directly.
const artifactCsp = "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline' data:; img-src data: blob:; font-src data:; frame-ancestors 'self'";
const logTailBytes = 64 * 1024;

class NotFound extends Error {}

export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const root = resolve(options.root);
  const host = options.host ?? "127.0.0.1";
  const pollInterval = options.pollInterval ?? 500;
  let store: ConsoleStore | undefined;
  // The store is opened on first use and reopened after a failure, so a console started before the first run works.
  const db = (): ConsoleStore => (store ??= ConsoleStore.open(root));
  const streams = new Set<ServerResponse>();

  const routes: [RegExp, (match: string[], url: URL, res: ServerResponse, req: IncomingMessage) => void][] = [
    [/^\/$/, (_, url, res) => {
      const filter: RunFilter = { ...(url.searchParams.get("pipeline") && { pipeline: url.searchParams.get("pipeline")! }), ...(url.searchParams.get("status") && { status: url.searchParams.get("status")! }), limit: Number(url.searchParams.get("limit")) || 500 };
      send(res, 200, runsPage(db().runs(filter), db().pipelines(), filter, root));
    }],
    [/^\/runs\/([^/]+)$/, ([, id], url, res) => send(res, 200, runPage(runView(id!, url), root))],
    [/^\/runs\/([^/]+)\/live$/, ([, id], url, res) => send(res, 200, liveSection(runView(id!, url)).text)],
    [/^\/runs\/([^/]+)\/events$/, ([, id], _, res, req) => events(id!, res, req)],
    [/^\/tasks\/(\d+)$/, ([, id], _, res) => {
      const task = db().task(Number(id)) ?? notFound(`no task ${id}`);
      const sizes = new Map([...Object.values(task.inputArtifacts), ...Object.values(task.outputArtifacts)].flat().map((a) => [a.id, contentSize(a.uri)]));
      const log = task.logPath ? insideRoot(task.logPath) : undefined;
      send(res, 200, taskPage({
        task, sizes, pipelineName: db().run(task.runId)?.pipelineName ?? "",
        logTail: log && tail(log), cachedFrom: task.cachedFrom === null ? undefined : db().task(task.cachedFrom),
      }, root));
    }],
    [/^\/tasks\/(\d+)\/log$/, ([, id], _, res) => {
      const task = db().task(Number(id)) ?? notFound(`no task ${id}`);
      const log = (task.logPath && insideRoot(task.logPath)) || notFound(`task ${task.path} has no log`);
      sendFile(res, log, "text/plain; charset=utf-8", { "content-disposition": `attachment; filename="${basename(log).replace(/[^\w.-]/g, "_")}"` });
    }],
    [/^\/artifacts\/(\d+)$/, ([, id], _, res) => {
      const view = db().artifact(Number(id)) ?? notFound(`no artifact ${id}`);
      const path = insideRoot(view.artifact.uri);
      const isDirectory = path !== undefined && statSync(path).isDirectory();
      send(res, 200, artifactPage({
        ...view,
        size: path === undefined ? undefined : sizeOf(path),
        files: isDirectory ? readdirSync(path, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => `${e.parentPath}/${e.name}`.slice(path.length + 1)).sort() : undefined,
        rendered: renderArtifact(view.artifact, path),
      }, root));
    }],
    [/^\/artifacts\/(\d+)\/content$/, ([, id], url, res) => {
      const { artifact } = db().artifact(Number(id)) ?? notFound(`no artifact ${id}`);
      const base = insideRoot(artifact.uri) ?? notFound(`artifact ${id} has no content in ${root}`);
      const file = url.searchParams.get("file");
      // A file of a directory artifact must stay inside that directory.
      const target = file === null ? base : confinedPath(base, file);
      if (statSync(target).isDirectory()) throw new RefusedPath(`${file ?? artifact.uri} is a directory`);
      sendFile(res, target, contentType(artifact, target), { "content-security-policy": artifactCsp });
    }],
    [/^\/compare$/, (_, url, res) => {
      const ids = url.searchParams.getAll("run").flatMap((r) => r.split(",")).filter(Boolean);
      if (ids.length < 2) return send(res, 400, problemPage("Choose runs to compare", "Comparing needs two or more runs.", "Tick them on the Runs page, then press Compare.", root));
      const all = new Map(db().runs({ ids, limit: ids.length }).map((r) => [r.id, r]));
      const missing = ids.filter((i) => !all.has(i));
      if (missing.length > 0) notFound(`no run ${missing.join(", ")}`);
      send(res, 200, comparePage(ids.map((i) => all.get(i)!), root));
    }],
    [/^\/favicon\.ico$/, (_, __, res) => void res.writeHead(204).end()],
    [/^\/assets\/console\.css$/, (_, __, res) => sendAsset(res, consoleCss, "text/css; charset=utf-8")],
    [/^\/assets\/console\.js$/, (_, __, res) => sendAsset(res, consoleJs, "text/javascript; charset=utf-8")],
  ];

  function runView(id: string, url: URL): RunView {
    const run = db().run(decodeURIComponent(id)) ?? notFound(`no run ${decodeURIComponent(id)}`);
    const collapsed = new Set((url.searchParams.get("collapse") ?? "").split(",").filter(Boolean));
    return { run, tasks: db().tasks(run.id), spec: db().spec(run.id), collapsed };
  }

  /** Server-sent events: `change` whenever the run's tasks change in the store, `finished` when it ends. */
  function events(id: string, res: ServerResponse, req: IncomingMessage): void {
    const runId = decodeURIComponent(id);
    if (!db().run(runId)) notFound(`no run ${runId}`);
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
    streams.add(res);
    let last = "";
    const poll = () => {
      try {
        const run = db().run(runId)!;
        const snapshot = JSON.stringify({ status: run.status, tasks: db().taskStates(runId) });
        if (snapshot !== last) {
          if (last !== "") res.write(`event: change\ndata: ${snapshot}\n\n`);
          last = snapshot;
        }
        if (run.status !== "running") {
          res.write(`event: finished\ndata: ${JSON.stringify({ status: run.status })}\n\n`);
          stop();
        }
      } catch {
        stop();
      }
    };
    const timer = setInterval(poll, pollInterval);
    const stop = () => {
      clearInterval(timer);
      streams.delete(res);
      res.end();
    };
    req.on("close", stop);
    poll();
  }

  /** The local path of `uri` when it is inside the root; undefined when it is elsewhere or gone. */
  function insideRoot(uri: string): string | undefined {
    try {
      return confinedPath(root, uri);
    } catch {
      return undefined;
    }
  }

  function contentSize(uri: string): number | undefined {
    const path = insideRoot(uri);
    return path === undefined ? undefined : sizeOf(path);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://console.invalid");
    try {
      if (!allowedHost(req.headers.host, host)) {
        return send(res, 403, problemPage("Refused", `This console answers only on its own address, not '${req.headers.host ?? ""}'.`, "Open the URL kfp-ts ui printed.", root));
      }
      if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, problemPage("Not allowed", `${req.method} is not a console request.`, "The console only reads.", root));
      // Paths are matched as sent: `..` or an encoded slash in a path never reaches a file.
      const route = routes.find(([pattern]) => pattern.test(url.pathname));
      if (!route) notFound(`no page at ${url.pathname}`);
      route![1](route![0].exec(url.pathname)!, url, res, req);
    } catch (error) {
      if (res.headersSent) return void res.end();
      if (error instanceof NotFound) return send(res, 404, problemPage("Not found", error.message, "Go back to the Runs page.", root));
      if (error instanceof RefusedPath) return send(res, 403, problemPage("Refused", error.message, "The console serves only files inside the pipeline root.", root));
      if (error instanceof StoreUnavailable) {
        store = undefined;
        return error.kind === "missing"
          ? send(res, 200, problemPage("No runs yet", error.message, `Start a run with: kfp-ts run <pipeline.ts> --root ${options.root}; this page shows it once it starts.`, root))
          : send(res, 500, problemPage("The run history cannot be read", error.message, "If the file is damaged, move it away: the next kfp-ts run creates a new one.", root));
      }
      store?.close();
      store = undefined;
      send(res, 500, problemPage("Something went wrong", (error as Error).message, "This is a bug in the kfp-ts console: please report it.", root));
    }
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(options.port ?? 0, host, () => done());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url,
    server,
    close: async () => {
      for (const stream of streams) stream.end();
      await new Promise<void>((done) => server.close(() => done()));
      store?.close();
    },
  };
}

function notFound(message: string): never {
  throw new NotFound(message);
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-security-policy": pageCsp, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "cache-control": "no-store" });
  res.end(body);
}

function sendAsset(res: ServerResponse, body: string, type: string): void {
  res.writeHead(200, { "content-type": type, "x-content-type-options": "nosniff", "cache-control": "no-cache" });
  res.end(body);
}

function sendFile(res: ServerResponse, path: string, type: string, headers: Record<string, string>): void {
  res.writeHead(200, { "content-type": type, "content-length": String(statSync(path).size), "x-content-type-options": "nosniff", "cache-control": "no-store", ...headers });
  createReadStream(path).pipe(res);
}

/** The last lines of a log, from its last 64 KiB. */
function tail(path: string): string {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, logTailBytes);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const text = buffer.toString("utf8");
    return (size > length ? text.slice(text.indexOf("\n") + 1) : text).split("\n").slice(-200).join("\n");
  } finally {
    closeSync(fd);
  }
}

/** On a loopback address, only loopback host names: a page elsewhere cannot reach the console by DNS rebinding. */
function allowedHost(header: string | undefined, bound: string): boolean {
  if (!["127.0.0.1", "::1", "localhost"].includes(bound)) return true;
  const name = (header ?? "").replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  return ["127.0.0.1", "localhost", "::1"].includes(name);
}
