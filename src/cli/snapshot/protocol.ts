/** What the launcher (./launch.ts) and the program in the snapshot (./compile-main.ts) agree on. */
export const snapshotProtocol = {
  /** The snapshot's program writes `ack` to this descriptor first: a process that exits without it did not load the blob. */
  ackFd: 3,
  ack: "k",
  /** Then, once its output is flushed, `x<exit code>\n`: the launcher need not wait for the process to be torn down. */
  finish: (code: number) => `x${code}\n`,
  finished: /x(\d+)\n/,
  /** "1" when the launcher's stderr is a terminal (the program's stderr is a pipe): diagnostics keep their colours. */
  colorVariable: "KFP_TS_STDERR_COLOR",
  /**
   * V8 flags of both the build and every run (Node refuses a blob built with other flags). A smaller young
   * generation: 1,000-task pipelines peak about 25 MB lower, at the same speed. The blob's hash tables keep the
   * seed they were built with (`--no-rehash-snapshot`): rehashing every string and table of the heap took about
   * 25 ms of each start, and a compiler of the user's own code has no use for a fresh seed (hash flooding).
   */
  nodeFlags: ["--max-semi-space-size=4", "--no-opt", "--heap-growing-percent=20", "--no-rehash-snapshot"],
} as const;
