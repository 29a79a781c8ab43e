// The container side of kfp-ts: imported by the entry of every component bundle. Never imports the compiler.
export { execute, parseExecutorInput } from "./execute.js";
export type { ComponentInterface, ExecutableComponent, InputSlot, OutputSlot } from "./interface.js";
