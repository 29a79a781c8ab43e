import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import type { PipelineSpec } from "../src/spec/pipeline-spec.js";
import { analyzeFileInStages, withTypeErrors, type AnalysisResult } from "./analysis/index.js";
import { isStackOverflow, tooDeeplyNested } from "./analysis/nesting.js";
import { bundleComponent, type Bundle } from "./bundle/bundle.js";
import { containerizedContainer, contentTag, defaultImage, embeddedContainer, writeBuildContext } from "./bundle/container.js";
import { checkContainerSizes } from "./bundle/limits.js";
import { codes, CompileError, DiagnosticBag, type Diagnostic } from "./diagnostics.js";
import { findUp } from "./find-up.js";
import type { ComponentIR, PipelineIR, ProgramIR } from "./ir.js";
import { sanitizeK8sName, uniqueName } from "./naming.js";
import { buildComponentSpec, buildPipelineSpec, type BaseContainer } from "./spec/build.js";
import type { PlatformSpec } from "./spec/platform.js";
import { serializeSpec } from "../src/spec/write.js";
import { exportNamed, exportNames } from "./targets.js";
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
  /** The entry file's project (its nearest package.json): bundle paths and source maps are relative to it. */
  readonly projectRoot: string;
}

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
  const { definitions, checkTypes } = analyzeFileInStages(file);
  if (options.typeCheck === false) return compileAnalysis(definitions, options);
  if (definitions.program === undefined || definitions.diagnostics.some((d) => d.severity === "error")) return compileAnalysis(withTypeErrors(definitions, checkTypes()), options);
  // esbuild bundles (in its own process) while TypeScript checks: start the bundles (a bundle from the cache is done
  // at once, one that is not has its request sent), then check.
  const compiling = compileAnalysis(definitions, options);
  compiling.catch(() => undefined);
  await new Promise((started) => setImmediate(started));
  const typeErrors = checkTypes();
  if (typeErrors.some((d) => d.severity === "error")) {
    await compiling.catch(() => undefined);
    return compileAnalysis(withTypeErrors(definitions, typeErrors), options);
  }
  const result = await compiling;
  return { ...result, warnings: [...typeErrors, ...result.warnings] };
}

/**
 * {@link compile} from an analysis already made (the robustness suite analyses hundreds of sources with
 * one ts-morph Project); `bundle` makes each component's bundle, esbuild's by default.
 */
export async function compileAnalysis(analysis: AnalysisResult, options: CompileOptions = {}, bundle: typeof bundleComponent = bundleComponent): Promise<CompileResult> {
  const diagnostics = new DiagnosticBag();
  analysis.diagnostics.forEach((d) => diagnostics.add(d));
  diagnostics.throwIfErrors();
  const result = await compileProgram(analysis.program!, options, { definitionCalls: analysis.definitionCalls, bundle });
  return { ...result, warnings: [...diagnostics.items.filter((d) => d.severity === "warning"), ...result.warnings] };
}

/** What bundling needs from the analysis: the definition calls to mark pure, and the bundler (esbuild's by default). */
export interface BundleInputs {
  readonly definitionCalls?: AnalysisResult["definitionCalls"];
  readonly bundle?: typeof bundleComponent;
  /** Packs an embedded bundle or source map (watch mode remembers what it packed). */
  readonly pack?: (text: string) => string;
}

/** Bundles and builds the specs of an analysed file (see {@link compile}); `kfp-ts build` analyses many files in one Project. */
export async function compileProgram(program: ProgramIR, options: CompileOptions = {}, { definitionCalls, bundle = bundleComponent, pack }: BundleInputs = {}): Promise<CompileResult> {
  const diagnostics = new DiagnosticBag();
  const targets = selectTargets(program, options.pipeline, diagnostics);
  refuseSharedNames(targets, diagnostics);
  diagnostics.throwIfErrors();

  const components = componentsUsedBy(program, targets);
  const projectRoot = dirname(findUp(dirname(program.entryFile), "package.json") ?? program.entryFile);
  const kfpPackageRoot = dirname(findUp(program.dslDirectory, "package.json") ?? program.dslDirectory);
  const bundleOptions = { dslDirectory: program.dslDirectory, projectRoot, kfpPackageRoot, definitionCalls, minify: options.minify ?? false };
  const bundles = await Promise.all(components.map((component) => bundle(component, bundleOptions)));
  const containers = await containersFor(bundles, options, diagnostics, pack);
  diagnostics.throwIfErrors();

  const format = options.format ?? "yaml";
  const context = { program, containers, sdkVersion, diagnostics };
  const specs = targets.map((target): CompiledSpec => {
    try {
      const { spec, platform } = target.kind === "pipeline" ? buildPipelineSpec(target, context) : { spec: buildComponentSpec(target, context), platform: undefined };
      const exportName = exportNameOf(target);
      if (platform && format === "json") {
        diagnostics.error(codes.invalidOption, `pipeline '${exportName}' has Kubernetes settings, which only a YAML spec can hold (its second document)`, target.location, "compile to YAML, as the Python SDK requires too");
      }
      return { kind: target.kind, exportName, name: spec.pipelineInfo.name, spec, ...(platform && { platform }), text: serializeSpec(spec, format, target.description, platform), format };
    } catch (error) {
      if (!isStackOverflow(error)) throw error;
      throw new CompileError([{ ...tooDeeplyNested(target.location.file, readFileSync(target.location.file, "utf8")) }]);
    }
  });
  // An embedded command's fourth element is its packed bundle: that names the component.
  const componentOfBundle = new Map(options.containerized ? [] : bundles.map((bundle) => [containers.get(bundle.component.key)?.command[3], bundle.component]));
  checkContainerSizes(specs.map((s) => s.spec), (command) => componentOfBundle.get(command[3]), diagnostics);
  diagnostics.throwIfErrors();
  return { specs, bundles, warnings: diagnostics.items.filter((d) => d.severity === "warning"), program, projectRoot };
}

function selectTargets(program: ProgramIR, wanted: string | undefined, diagnostics: DiagnosticBag): (PipelineIR | ComponentIR)[] {
  const pipelines = program.exportedPipelines.map((key) => program.pipelines.get(key)!);
  const components = program.exportedComponents.map((key) => program.components.get(key)!);
  if (wanted !== undefined) {
    const match = exportNamed(program, wanted);
    if (match) return [match];
    const available = exportNames(program);
    diagnostics.error(codes.exportNotFound, `${program.entryFile} exports no pipeline or component named '${wanted}'`, undefined,
      available.length > 0 ? `it exports: ${available.join(", ")}` : "export a pipeline(…) or component(…) from the file");
    return [];
  }
  if (pipelines.length > 0) return pipelines;
  if (components.length > 0) return components;
  diagnostics.error(codes.nothingToCompile, `${program.entryFile} exports no pipeline or component`, undefined, "export a pipeline: `export const myPipeline = pipeline({ name: \"my-pipeline\" }, () => { … })`");
  return [];
}

const exportNameOf = (target: PipelineIR | ComponentIR) => (target.kind === "pipeline" ? target.exportName : target.functionName);

/** Two targets with one name would be written to one file, the second silently replacing the first. */
function refuseSharedNames(targets: readonly (PipelineIR | ComponentIR)[], diagnostics: DiagnosticBag): void {
  const byName = new Map<string, PipelineIR | ComponentIR>();
  for (const target of targets) {
    const name = target.kind === "pipeline" ? target.name : sanitizeK8sName(target.name);
    const first = byName.get(name);
    if (!first) {
      byName.set(name, target);
      continue;
    }
    diagnostics.error(codes.duplicateName, `'${exportNameOf(first)}' and '${exportNameOf(target)}' are both named '${name}': their specs would be written to the same file`, target.location,
      target.kind === "pipeline" ? "give each pipeline its own `name`" : "rename one of the components");
  }
}

/** Every component to bundle that the targets run, through nested pipelines, in first-use order. */
function componentsUsedBy(program: ProgramIR, targets: readonly (PipelineIR | ComponentIR)[]): ComponentIR[] {
  const found = new Map<string, ComponentIR>();
  const visit = (definition: PipelineIR | ComponentIR) => {
    if (definition.kind === "component") {
      // Container components and imported YAML run the container they name: nothing to bundle.
      if (!definition.implementation) found.set(definition.key, definition);
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

async function containersFor(bundles: readonly Bundle[], options: CompileOptions, diagnostics: DiagnosticBag, pack?: (text: string) => string): Promise<Map<string, BaseContainer>> {
  const containers = new Map<string, BaseContainer>();
  const directories = new Set<string>();
  for (const bundle of bundles) {
    const { component } = bundle;
    const baseImage = component.image ?? options.image ?? defaultImage;
    if (!options.containerized) {
      containers.set(component.key, embeddedContainer(bundle, baseImage, diagnostics, pack));
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
