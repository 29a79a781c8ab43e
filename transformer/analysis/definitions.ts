import { dirname, resolve } from "node:path";
import { Node, type CallExpression } from "ts-morph";
import { ComponentYamlError, readComponentYaml, type ImportedDefinition } from "../imports/component-yaml.js";
import { codes, type DiagnosticBag } from "../diagnostics.js";
import type { ComponentIR, JsonValue, PipelineIR } from "../ir.js";
import { componentNameOf, pipelineNameOf } from "../naming.js";
import { declarationOf, type DslSymbols } from "./dsl.js";
import { docsOf } from "./jsdoc.js";
import { evaluateConstant, unwrapTransparent } from "./literals.js";
import { locationOf, spanOf, type FunctionSpan } from "./location.js";
import { analyzePipelineBody } from "./pipeline-body.js";
import { containerOutputs, outputsParameter, readContainer } from "./container-component.js";
import { analyzeInputs, analyzeOutputs, hasNamedArguments, isFunctionNode, type FunctionNode } from "./signature.js";

/** A place where a component or pipeline is defined, found by looking at a declaration. */
export interface DefinitionSite {
  /**
   * `imported`: a component YAML file typed by `importedComponent(…)`; `container`: `containerComponent(…)`.
   * Both are analysed as components.
   */
  readonly kind: "component" | "pipeline" | "imported" | "container";
  /** The declaration: a variable, a static method, or an `export default` expression. */
  readonly declaration: Node;
  /** The DSL call (`component(…)`, `pipeline(…)`, or the decorator's call). */
  readonly call: CallExpression;
  readonly fn: FunctionNode | undefined;
  readonly options: Node | undefined;
  /** `echo`, or `Steps.echo` for a static method. */
  readonly path: string;
  /** The module-level name the definition is reachable by, and the static member if any. */
  readonly local: string | undefined;
  readonly member: string | undefined;
  /** A second `@component()` / `@pipeline()` on the same method, which is refused. */
  readonly extraDecorator?: Node;
}

/** Analyses component and pipeline definitions on demand, once each, collecting diagnostics. */
export class DefinitionAnalyzer {
  readonly components = new Map<string, ComponentIR>();
  readonly pipelines = new Map<string, PipelineIR>();
  private readonly inProgress = new Set<string>();
  /** Each declaration's site, found once: a pipeline of 1,000 tasks calls 50 components. */
  private readonly sites = new Map<Node, DefinitionSite | undefined>();
  /** The functions whose bodies were read (pipelines, container components): other bodies never reach the IR. */
  readonly bodiesRead: FunctionSpan[] = [];

  constructor(
    readonly dsl: DslSymbols,
    readonly diagnostics: DiagnosticBag,
  ) {}

  /** The definition a declaration holds, if it is one. */
  siteOf(declaration: Node): DefinitionSite | undefined {
    if (!this.sites.has(declaration)) this.sites.set(declaration, this.findSite(declaration));
    return this.sites.get(declaration);
  }

  private findSite(declaration: Node): DefinitionSite | undefined {
    if (Node.isVariableDeclaration(declaration)) {
      const init = declaration.getInitializer();
      const call = init && unwrapTransparent(init);
      const kind = call && Node.isCallExpression(call) ? this.dslKind(call) : undefined;
      if (!kind || !call || !Node.isCallExpression(call)) return undefined;
      const name = declaration.getName();
      const moduleLevel = Node.isSourceFile(declaration.getVariableStatement()?.getParent());
      return this.siteFromCall(kind, declaration, call, name, moduleLevel ? name : undefined, undefined);
    }
    if (Node.isMethodDeclaration(declaration)) {
      const decorators = declaration.getDecorators().flatMap((decorator) => {
        const call = decorator.getCallExpression();
        const kind = call ? this.dslKind(call) : undefined;
        return kind && call ? [{ decorator, call, kind }] : [];
      });
      const first = decorators[0];
      if (!first) return undefined;
      const { call, kind } = first;
      const cls = declaration.getParent();
      const className = Node.isClassDeclaration(cls) ? cls.getName() : undefined;
      const moduleLevel = Node.isClassDeclaration(cls) && Node.isSourceFile(cls.getParent());
      const path = `${className ?? "(anonymous class)"}.${declaration.getName()}`;
      return {
        kind, declaration, call, fn: declaration, options: call.getArguments()[0], path,
        local: moduleLevel ? className : undefined, member: declaration.getName(),
        ...(decorators[1] && { extraDecorator: decorators[1].decorator }),
      };
    }
    if (Node.isCallExpression(declaration) && Node.isExportAssignment(declaration.getParent())) {
      const kind = this.dslKind(declaration);
      return kind ? this.siteFromCall(kind, declaration, declaration, "default", undefined, undefined) : undefined;
    }
    return undefined;
  }

  /** The definition `reference` (an identifier or `Class.method`) resolves to. */
  siteAt(reference: Node): DefinitionSite | undefined {
    const declaration = declarationOf(reference);
    return declaration ? this.siteOf(declaration) : undefined;
  }

  private dslKind(call: CallExpression): DefinitionSite["kind"] | undefined {
    const kind = this.dsl.functionKind(call.getExpression());
    return kind === "component" || kind === "pipeline" ? kind : kind === "importedComponent" ? "imported" : kind === "containerComponent" ? "container" : undefined;
  }

  private siteFromCall(kind: DefinitionSite["kind"], declaration: Node, call: CallExpression, path: string, local: string | undefined, member: string | undefined): DefinitionSite {
    const args = call.getArguments();
    const fnArg = args.find((a) => !Node.isObjectLiteralExpression(unwrapTransparent(a)));
    const options = args.find((a) => Node.isObjectLiteralExpression(unwrapTransparent(a)));
    let fn = fnArg && unwrapTransparent(fnArg);
    if (fn && Node.isIdentifier(fn)) fn = declarationOf(fn);
    return { kind, declaration, call, fn: isFunctionNode(fn) ? fn : undefined, options, path, local, member };
  }

  keyOf(site: DefinitionSite): string {
    return `${site.declaration.getSourceFile().getFilePath()}#${site.path}`;
  }

  component(site: DefinitionSite): ComponentIR | undefined {
    const key = this.keyOf(site);
    const known = this.components.get(key);
    if (known) return known;
    if (site.kind === "imported") return this.imported(site, key);
    const fn = this.requireFunction(site);
    if (!fn) return undefined;
    if (site.kind === "container") return this.container(site, key, fn);
    if (!site.local) {
      this.diagnostics.error(codes.notModuleLevel, `component '${site.path}' must be declared at the top level of a module`, locationOf(site.call), "its container imports it from the module, so declare it with `const` at the top level or as a static method of a top-level class");
      return undefined;
    }
    const options = this.options(site, ["image", "targetImage"]);
    const docs = docsOf(site.declaration, fn);
    const { outputs, returns } = analyzeOutputs(fn, docs, this.dsl, this.diagnostics);
    const ir: ComponentIR = {
      kind: "component",
      key,
      name: componentNameOf(site.member ?? site.local),
      functionName: site.path,
      ...(docs.description && { description: docs.description }),
      inputs: analyzeInputs(fn, docs, "component", this.dsl, this.diagnostics),
      ...(hasNamedArguments(fn) && { namedArguments: true }),
      outputs,
      returns,
      location: locationOf(site.declaration),
      binding: { file: site.declaration.getSourceFile().getFilePath(), local: site.local, ...(site.member && { member: site.member }) },
      ...(typeof options.image === "string" && { image: options.image }),
      ...(typeof options.targetImage === "string" && { targetImage: options.targetImage }),
    };
    this.components.set(key, ir);
    return ir;
  }

  /** A container component: its inputs from the parameters, its outputs from `Outputs<{ … }>`, its container read from the body. */
  private container(site: DefinitionSite, key: string, fn: FunctionNode): ComponentIR | undefined {
    const docs = docsOf(site.declaration, fn);
    const outputsParam = outputsParameter(fn, this.dsl);
    const inputs = analyzeInputs(fn, docs, "component", this.dsl, this.diagnostics, fn.getParameters().filter((p) => p !== outputsParam));
    const outputs = outputsParam ? containerOutputs(outputsParam, this.dsl, this.diagnostics) : [];
    this.bodiesRead.push(spanOf(fn));
    const container = readContainer(fn, inputs, outputs, this.dsl, this.diagnostics);
    if (!container) return undefined;
    return this.register(site, key, {
      name: componentNameOf(site.member ?? site.path),
      ...(docs.description && { description: docs.description }),
      inputs,
      outputs: outputs.map((o) => ({ ...o, ...(docs.params.get(o.name) && { description: docs.params.get(o.name) }) })),
      returns: outputs.length > 0 ? "named" : "none",
      implementation: { kind: "container", container },
    });
  }

  /** Records a component that kfp-ts does not bundle (a container component or an imported YAML). */
  private register(site: DefinitionSite, key: string, parts: Pick<ComponentIR, "name" | "description" | "inputs" | "outputs" | "returns" | "namedArguments" | "implementation">): ComponentIR {
    const ir: ComponentIR = {
      kind: "component",
      key,
      functionName: site.path,
      location: locationOf(site.declaration),
      binding: { file: site.declaration.getSourceFile().getFilePath(), local: site.local ?? site.path },
      ...parts,
    };
    this.components.set(key, ir);
    return ir;
  }

  /** A component YAML file as a component: its interface and implementation are the file's, read now. */
  private imported(site: DefinitionSite, key: string): ComponentIR | undefined {
    const [pathNode] = site.call.getArguments();
    const path = pathNode && evaluateConstant(pathNode);
    if (!pathNode || !path?.ok || typeof path.value !== "string") {
      this.diagnostics.error(codes.invalidOption, "importedComponent(…) takes the path of the component YAML as a string literal", locationOf(pathNode ?? site.call), "write the path relative to this module, such as importedComponent(\"./train.yaml\")");
      return undefined;
    }
    const file = resolve(dirname(site.declaration.getSourceFile().getFilePath()), path.value);
    let definition: ImportedDefinition;
    try {
      definition = readComponentYaml(file);
    } catch (error) {
      if (!(error instanceof ComponentYamlError)) throw error;
      this.diagnostics.error(codes.invalidImport, error.message, locationOf(pathNode), "give a component YAML compiled by KFP, or a v1 component YAML with implementation.container");
      return undefined;
    }
    // The Python SDK drops the descriptions when it embeds a loaded component; the generated JSDoc keeps them.
    const withoutDescription = <T extends { description?: string }>({ description: _, ...rest }: T) => rest as T;
    const outputs = definition.outputs.map(withoutDescription);
    return this.register(site, key, {
      name: definition.name,
      ...(definition.description && { description: definition.description }),
      inputs: definition.inputs.map(withoutDescription),
      outputs,
      returns: outputs.length === 0 ? "none" : outputs.length === 1 && outputs[0]!.name === "Output" ? "single" : "named",
      namedArguments: true,
      implementation: definition.implementation,
    });
  }

  /** Analyses a pipeline; undefined while it is being analysed (a recursive call) or when it is malformed. */
  pipeline(site: DefinitionSite): PipelineIR | undefined {
    const key = this.keyOf(site);
    const known = this.pipelines.get(key);
    if (known) return known;
    if (this.inProgress.has(key)) return undefined;
    const fn = this.requireFunction(site);
    if (!fn) return undefined;
    this.inProgress.add(key);
    try {
      const options = this.options(site, ["name", "description", "displayName", "root"]);
      const docs = docsOf(site.declaration, fn);
      const { name, problem } = pipelineNameOf(typeof options.name === "string" ? options.name : componentNameOf(site.member ?? site.path));
      if (problem) {
        const hint = typeof options.name === "string" ? "change `name` in the pipeline options" : "set `name` in the pipeline options";
        this.diagnostics.error(codes.invalidName, `${problem} (a name is lowercased and other characters become dashes, as the Python SDK does)`, locationOf(site.options ?? site.call), hint);
      }
      const inputs = analyzeInputs(fn, docs, "pipeline", this.dsl, this.diagnostics);
      this.bodiesRead.push(spanOf(fn));
      const body = analyzePipelineBody(fn, inputs, this, key);
      const description = typeof options.description === "string" ? options.description : docs.description;
      const ir: PipelineIR = {
        kind: "pipeline",
        key,
        name,
        exportName: site.path,
        ...(description && { description }),
        ...(typeof options.displayName === "string" && { displayName: options.displayName }),
        ...(typeof options.root === "string" && { root: options.root }),
        inputs,
        outputs: body.returns === "single" && docs.returns ? [{ ...body.outputs[0]!, description: docs.returns }] : body.outputs,
        returns: body.returns,
        tasks: body.tasks,
        body: body.body,
        oneOfs: body.oneOfs,
        outputSources: body.outputSources,
        location: locationOf(site.declaration),
      };
      this.pipelines.set(key, ir);
      return ir;
    } finally {
      this.inProgress.delete(key);
    }
  }

  isInProgress(site: DefinitionSite): boolean {
    return this.inProgress.has(this.keyOf(site));
  }

  private requireFunction(site: DefinitionSite): FunctionNode | undefined {
    if (site.extraDecorator) {
      this.diagnostics.error(codes.invalidDecorator, `'${site.path}' has more than one @component() / @pipeline() decorator`, locationOf(site.extraDecorator), "keep one: a method is one component or one pipeline");
      return undefined;
    }
    if (Node.isMethodDeclaration(site.declaration) && Node.isPrivateIdentifier(site.declaration.getNameNode())) {
      this.diagnostics.error(codes.invalidDecorator, `'${site.path}' is a private method (#…): its container cannot call it from outside the class`, locationOf(site.declaration.getNameNode()), "make it a public static method");
      return undefined;
    }
    if (site.fn) return site.fn;
    this.diagnostics.error(codes.notModuleLevel, `${site.kind}(…) needs the function inline or as the name of a function declaration`, locationOf(site.call));
    return undefined;
  }

  private options(site: DefinitionSite, allowed: readonly string[]): Record<string, JsonValue> {
    if (!site.options) return {};
    const result = evaluateConstant(site.options);
    const option = result.ok ? undefined : optionContaining(site.options, result.node);
    if (option) {
      this.diagnostics.error(codes.invalidOption, `${site.kind} option '${option}' must be a literal: \`${result.ok ? "" : result.node.getText()}\` is computed, and the compiler reads options without running your code`,
        locationOf(result.ok ? site.options : result.node), "write the value as one literal, such as \"a description\" (a template literal without ${…} works too)");
      return {};
    }
    if (!result.ok || typeof result.value !== "object" || result.value === null || Array.isArray(result.value)) {
      this.diagnostics.error(codes.invalidOption, `${site.kind} options must be an object literal the compiler can read`, locationOf(result.ok ? site.options : result.node));
      return {};
    }
    const options = result.value;
    for (const [key, value] of Object.entries(options)) {
      if (!allowed.includes(key)) {
        this.diagnostics.error(codes.invalidOption, `unknown ${site.kind} option '${key}'`, locationOf(site.options), `${site.kind} options are: ${allowed.join(", ")}`);
      } else if (typeof value !== "string") {
        this.diagnostics.error(codes.invalidOption, `${site.kind} option '${key}' must be a string`, locationOf(site.options));
      }
    }
    return options;
  }
}

/** The name of the option (a property of the options object literal) that `node` is inside, if any. */
function optionContaining(options: Node, node: Node): string | undefined {
  const object = unwrapTransparent(options);
  if (!Node.isObjectLiteralExpression(object)) return undefined;
  const property = node.getAncestors().concat(node).find((n) => n.getParent() === object);
  return property && Node.isPropertyAssignment(property) ? property.getName() : undefined;
}
