import { join, resolve } from "node:path";
import { z } from "zod";
import type { PipelineSpec } from "../src/spec/pipeline-spec.js";
import { analyzeFile } from "./analysis/index.js";
import { bundleComponent, type Bundle } from "./bundle/bundle.js";
import { containerizedContainer, contentTag, defaultImage, embeddedContainer, writeBuildContext } from "./bundle/container.js";
import { codes, CompileError, DiagnosticBag, type Diagnostic } from "./diagnostics.js";
import type { ComponentIR, PipelineIR, ProgramIR } from "./ir.js";
import { sanitizeK8sName, uniqueName } from "./naming.js";
import { buildComponentSpec, buildPipelineSpec, type BaseContainer } from "./spec/build.js";
import type { PlatformSpec } from "./spec/platform.js";
import { serializeSpec } from "./spec/write.js";
import { sdkVersion } from "./version.js";

const compileOptionsSchema = z.strictObject({
  pipeline: z.string().min(1).optional(),
  format: z.enum(["yaml", "json"]).optional(),
  image: z.string().min(1).optional(),
  containerized: z.strictObject({ buildDir: z.string().min(1), registry: z.string().min(1).optional() }).optional(),
  typeCheck: z.boolean().optional(),
  minify: z.boolean().optional(),
});

export interface CompileOptions {
  /** Compile only this export: a pipeline or a component, such as `producerConsumer` or `Steps.train`, or a pipeline name. */
  readonly pipeline?: string;
  /** Default `yaml`. */
  readonly format?: "yaml" | "json";
  /** The image bundled components run on, unless a component sets its own. Default `node:22-slim`. */
  readonly image?: string;
  /** Write a build context (Dockerfile and bundle) per component and reference the image built from it. */
  readonly containerized?: { readonly buildDir: string; readonly registry?: string };
  /** Report TypeScript's type errors in the compiled files. Default true. */
  readonly typeCheck?: boolean;
  readonly minify?: boolean;
}

export interface CompiledSpec {
  readonly kind: "pipeline" | "component";
  /** How the definition is exported, such as `producerConsumer`. */
  readonly exportName: string;
  /** `pipelineInfo.name`. */
  readonly name: string;
  readonly spec: PipelineSpec;
  /** The second YAML document: tasks' Kubernetes settings (kfp-kubernetes), when any task has them. */
  readonly platform?: PlatformSpec;
  /** The file contents: YAML with KFP's header comment, or JSON. */
  readonly text: string;
  readonly format: "yaml" | "json";
}

export interface CompileResult {
  readonly specs: readonly CompiledSpec[];
  readonly bundles: readonly Bundle[];
  /** Warnings; errors throw a {@link CompileError}. */
  readonly warnings: readonly Diagnostic[];
  readonly program: ProgramIR;
}

/** Bundles above this size make a spec that Kubernetes may refuse (its objects are limited to about 1.5 MB). */
const largeBundleBytes = 1_000_000;

/**
 * Compiles the pipelines (or, when it has none, the components) that a TypeScript file exports
 * into PipelineSpecs. Throws a {@link CompileError} with located diagnostics on any mistake.
 */
export async function compile(file: string, options: CompileOptions = {}): Promise<CompileResult> {
  const parsed = compileOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `'${issue.path.join(".")}'` : "options";
    throw new CompileError([{ code: codes.invalidOption, severity: "error", message: `invalid compile() option ${where}: ${issue.message}` }]);
  }
  const analysis = analyzeFile(file, { typeCheck: options.typeCheck ?? true });
  const diagnostics = new DiagnosticBag();
  analysis.diagnostics.forEach((d) => diagnostics.add(d));
  diagnostics.throwIfErrors();
  const program = analysis.program!;
  const targets = selectTargets(program, options.pipeline, diagnostics);
  diagnostics.throwIfErrors();

  const components = componentsUsedBy(program, targets);
  const bundles = await Promise.all(components.map((component) => bundleComponent(component, { dslDirectory: program.dslDirectory, minify: options.minify ?? false })));
  const containers = await containersFor(bundles, options, diagnostics);
  diagnostics.throwIfErrors();

  const format = options.format ?? "yaml";
  const context = { program, containers, sdkVersion, diagnostics };
  const specs = targets.map((target): CompiledSpec => {
    const { spec, platform } = target.kind === "pipeline" ? buildPipelineSpec(target, context) : { spec: buildComponentSpec(target, context), platform: undefined };
    const exportName = target.kind === "pipeline" ? target.exportName : target.functionName;
    if (platform && format === "json") {
      diagnostics.error(codes.invalidOption, `pipeline '${exportName}' has Kubernetes settings, which only a YAML spec can hold (its second document)`, undefined, "compile to YAML, as the Python SDK requires too");
    }
    return { kind: target.kind, exportName, name: spec.pipelineInfo.name, spec, ...(platform && { platform }), text: serializeSpec(spec, format, target.description, platform), format };
  });
  diagnostics.throwIfErrors();
  return { specs, bundles, warnings: diagnostics.items.filter((d) => d.severity === "warning"), program };
}

function selectTargets(program: ProgramIR, wanted: string | undefined, diagnostics: DiagnosticBag): (PipelineIR | ComponentIR)[] {
  const pipelines = program.exportedPipelines.map((key) => program.pipelines.get(key)!);
  const components = program.exportedComponents.map((key) => program.components.get(key)!);
  if (wanted !== undefined) {
    const match = pipelines.find((p) => p.exportName === wanted) ?? pipelines.find((p) => p.name === wanted) ?? components.find((c) => c.functionName === wanted);
    if (match) return [match];
    const available = [...pipelines.map((p) => p.exportName), ...components.map((c) => c.functionName)];
    diagnostics.error(codes.exportNotFound, `${program.entryFile} exports no pipeline or component named '${wanted}'`, undefined,
      available.length > 0 ? `it exports: ${available.join(", ")}` : "export a pipeline(…) or component(…) from the file");
    return [];
  }
  if (pipelines.length > 0) return pipelines;
  if (components.length > 0) return components;
  diagnostics.error(codes.nothingToCompile, `${program.entryFile} exports no pipeline or component`, undefined, "export a pipeline: `export const myPipeline = pipeline({ name: \"my-pipeline\" }, () => { … })`");
  return [];
}

/** Every component the targets run, through nested pipelines, in first-use order. */
function componentsUsedBy(program: ProgramIR, targets: readonly (PipelineIR | ComponentIR)[]): ComponentIR[] {
  const found = new Map<string, ComponentIR>();
  const visit = (definition: PipelineIR | ComponentIR) => {
    if (definition.kind === "component") {
      if (!definition.stub) found.set(definition.key, definition);
      return;
    }
    for (const { callee } of definition.tasks) {
      if (callee.kind === "component") visit(program.components.get(callee.key)!);
      else if (callee.kind === "pipeline") visit(program.pipelines.get(callee.key)!);
    }
  };
  targets.forEach(visit);
  return [...found.values()];
}

async function containersFor(bundles: readonly Bundle[], options: CompileOptions, diagnostics: DiagnosticBag): Promise<Map<string, BaseContainer>> {
  const containers = new Map<string, BaseContainer>();
  const directories = new Set<string>();
  for (const bundle of bundles) {
    const { component } = bundle;
    const baseImage = component.image ?? options.image ?? defaultImage;
    if (!options.containerized) {
      if (bundle.bytes > largeBundleBytes) {
        diagnostics.warning(codes.largeSpec, `component '${component.functionName}' bundles to ${(bundle.bytes / 1e6).toFixed(1)} MB, embedded in every task that runs it`, component.location,
          "compile with --containerized to build an image per component instead");
      }
      containers.set(component.key, embeddedContainer(bundle, baseImage));
      continue;
    }
    const directory = uniqueName(sanitizeK8sName(component.name), directories);
    directories.add(directory);
    const registry = options.containerized.registry?.replace(/\/+$/, "");
    const targetImage = component.targetImage ?? (registry ? `${registry}/${directory}:${contentTag(bundle, baseImage)}` : undefined);
    if (!targetImage) {
      diagnostics.error(codes.missingImage, `component '${component.functionName}' has no target image`, component.location,
        "pass --registry REGISTRY (images are named REGISTRY/<component>:<content hash>) or set component({ targetImage: … })");
      continue;
    }
    await writeBuildContext(join(resolve(options.containerized.buildDir), directory), bundle, baseImage);
    containers.set(component.key, containerizedContainer(bundle, targetImage));
  }
  return containers;
}
