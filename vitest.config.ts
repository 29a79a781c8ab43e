import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The penguins sample reads vega-datasets' data files, which the package does not export (tsconfig.json maps them too).
  resolve: { alias: { "vega-datasets/data": fileURLToPath(new URL("node_modules/vega-datasets/data", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // No compile snapshots built in the background by the CLI runs of the tests (test/snapshot.test.ts builds its own).
    env: { KFP_TS_SNAPSHOT: "0" },
  },
});
