/** What the launcher (./launch.ts) and the program in the snapshot (./compile-main.ts) agree on. */
export const snapshotProtocol = {
  /** The snapshot's program writes `ack` to this descriptor first: a process that exits without it did not load the blob. */
  ackFd: 3,
  ack: "k",
  /** "1" when the launcher's stderr is a terminal (the program's stderr is a pipe): diagnostics keep their colours. */
  colorVariable: "KFP_TS_STDERR_COLOR",
} as const;
