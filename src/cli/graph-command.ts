import { writeFileSync } from "node:fs";
import { extname } from "node:path";
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { loadPipeline } from "../host/pipeline-file.js";
import { displayPath } from "./format.js";
import { action, printDiagnostics } from "./report.js";

const formats = ["svg", "dot", "mermaid"] as const;
type Format = (typeof formats)[number];
const byExtension: Record<string, Format> = { ".svg": "svg", ".dot": "dot", ".gv": "dot", ".mmd": "mermaid", ".mermaid": "mermaid" };

export function registerGraph(program: Command): void {
  program
    .command("graph")
    .description("draw a pipeline's DAG: tasks, data edges labelled with outputs, `after` edges dashed, nested pipelines as clusters")
    .argument("<file>", "a TypeScript file (analysed, not run) or a compiled spec (.yaml, .json)")
    .option("-p, --pipeline <export>", "the pipeline to draw, when the file exports several")
    .option("-o, --output <file>", "where to write the picture (default: stdout)")
    .option("--format <format>", `${formats.join(" | ")} (default: from the output's extension, else svg)`)
    .action(action(async (file: string, flags: { pipeline?: string; output?: string; format?: string }) => {
      const format = (flags.format ?? (flags.output ? byExtension[extname(flags.output).toLowerCase()] : undefined) ?? "svg") as Format;
      if (!formats.includes(format)) throw new UserError(`--format takes ${formats.join(", ")}, not '${flags.format}'`, 2);
      const loaded = await loadPipeline(file, flags.pipeline ? { pipeline: flags.pipeline } : {});
      printDiagnostics(loaded.warnings);
      const { pipelineGraph } = await import("../ui/graph/pipeline-graph.js");
      const { renderDot, renderMermaid } = await import("../ui/graph/render-text.js");
      const { layoutGraph } = await import("../ui/graph/layout.js");
      const { renderSvg } = await import("../ui/graph/render-svg.js");
      const graph = pipelineGraph(loaded.spec);
      const text = format === "dot" ? renderDot(graph) : format === "mermaid" ? renderMermaid(graph) : renderSvg(layoutGraph(graph), { title: loaded.spec.pipelineInfo.displayName ?? graph.name });
      if (!flags.output || flags.output === "-") {
        process.stdout.write(text);
        return;
      }
      try {
        writeFileSync(flags.output, text);
      } catch (error) {
        throw new UserError(`cannot write ${flags.output}: ${(error as Error).message}`);
      }
      process.stderr.write(`Wrote ${displayPath(flags.output)}: ${graph.nodes.length} task${graph.nodes.length === 1 ? "" : "s"}, ${graph.edges.length} edge${graph.edges.length === 1 ? "" : "s"}\n`);
    }));
}
