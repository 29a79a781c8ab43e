import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { repoRoot } from "./helpers.js";

export interface ProtocolDiagnostic {
  start: { line: number; offset: number };
  end: { line: number; offset: number };
  text: string;
  code: number;
  category: string;
  source?: string;
}

/** A real tsserver (this repository's TypeScript) spoken to over its stdio protocol. */
export class TsServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private seq = 0;
  private buffer = "";
  private readonly pending = new Map<number, (body: unknown) => void>();
  stderr = "";

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, [`${repoRoot}node_modules/typescript/lib/tsserver.js`, "--disableAutomaticTypingAcquisition", ...args]);
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (chunk: string) => this.receive(chunk));
    this.child.stderr.on("data", (chunk) => (this.stderr += chunk));
  }

  request<T>(command: string, args: unknown): Promise<T> {
    const seq = ++this.seq;
    return new Promise<T>((resolve) => {
      this.pending.set(seq, resolve as (body: unknown) => void);
      this.child.stdin.write(JSON.stringify({ seq, type: "request", command, arguments: args }) + "\n");
    });
  }

  /** Sends a request tsserver answers with no response (open, change, close). */
  notify(command: string, args: unknown): void {
    this.child.stdin.write(JSON.stringify({ seq: ++this.seq, type: "request", command, arguments: args }) + "\n");
  }

  semanticDiagnostics(file: string): Promise<ProtocolDiagnostic[]> {
    return this.request<ProtocolDiagnostic[]>("semanticDiagnosticsSync", { file, includeLinePosition: false });
  }

  close(): void {
    this.child.kill();
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      const header = /Content-Length: (\d+)\r\n\r\n/.exec(this.buffer);
      if (!header) return;
      const start = header.index + header[0].length;
      const length = Number(header[1]);
      const bytes = Buffer.from(this.buffer.slice(start), "utf8");
      if (bytes.length < length) return;
      const message = JSON.parse(bytes.subarray(0, length).toString("utf8")) as { type: string; request_seq?: number; body?: unknown; success?: boolean; message?: string };
      this.buffer = bytes.subarray(length).toString("utf8");
      if (message.type === "response" && message.request_seq !== undefined) {
        const resolve = this.pending.get(message.request_seq);
        this.pending.delete(message.request_seq);
        resolve?.(message.success === false ? { error: message.message } : message.body);
      }
    }
  }
}
