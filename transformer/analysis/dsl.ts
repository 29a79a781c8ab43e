import { dirname } from "node:path";
import { Node, type Project, type SourceFile, type Symbol as MorphSymbol, type Type, ts } from "ts-morph";
import { resolveModule } from "./project.js";

/**
 * The declarations of kfp-ts's DSL as the user's program sees them. Calls are recognised by
 * symbol identity (what an import resolves to), not by name, so renamed imports and
 * re-exports work and look-alikes do not.
 */
/** The DSL functions a pipeline body or a definition calls. */
export type DslFunction = "component" | "pipeline" | "task" | "finalStatus" | "importArtifact" | "parallel" | "importedComponent" | "containerComponent" | "ifPresent" | "concat" | "createPvc" | "deletePvc";
const dslFunctions: readonly DslFunction[] = ["component", "pipeline", "task", "finalStatus", "importArtifact", "parallel", "importedComponent", "containerComponent", "ifPresent", "concat", "createPvc", "deletePvc"];
const resolved = new WeakMap<ts.SourceFile, { files: readonly ts.SourceFile[]; symbols: DslSymbols }>();

export class DslSymbols {
  private constructor(
    readonly directory: string,
    private readonly functions: ReadonlyMap<ts.Node, DslFunction>,
    private readonly artifactUri: ts.Node | undefined,
    private readonly intAlias: ts.Node | undefined,
    private readonly finalStatusType: ts.Node | undefined,
    private readonly outputsType: ts.Node | undefined,
  ) {}

  /** Resolves `kfp-ts` from the entry file; undefined when it is not installed there. */
  static resolve(project: Project, entryFile: string): DslSymbols | undefined {
    const file = resolveModule(project, "kfp-ts", entryFile);
    if (!file) return undefined;
    const index = project.getSourceFile(file) ?? project.addSourceFileAtPath(file);
    // The symbols are declarations of the DSL's files: while none of those changes (watch mode), they are the last ones.
    const dslFiles = project.getProgram().compilerObject.getSourceFiles().filter((f) => f.fileName.startsWith(dirname(file) + "/"));
    const known = resolved.get(index.compilerNode);
    if (known && known.files.length === dslFiles.length && known.files.every((f, i) => f === dslFiles[i])) return known.symbols;
    const symbols = DslSymbols.fromIndex(index);
    resolved.set(index.compilerNode, { files: dslFiles, symbols });
    return symbols;
  }

  private static fromIndex(index: SourceFile): DslSymbols {
    const exports = index.getExportedDeclarations();
    const functions = new Map<ts.Node, DslFunction>();
    for (const name of dslFunctions) for (const declaration of exports.get(name) ?? []) functions.set(declaration.compilerNode, name);
    const artifactClass = exports.get("Artifact")?.find(Node.isClassDeclaration);
    const uri = artifactClass?.getProperty("uri")?.compilerNode;
    const int = exports.get("Int")?.[0]?.compilerNode;
    const finalStatus = exports.get("PipelineTaskFinalStatus")?.[0]?.compilerNode;
    const outputs = exports.get("Outputs")?.[0]?.compilerNode;
    return new DslSymbols(dirname(index.getFilePath()), functions, uri, int, finalStatus, outputs);
  }

  /** Which DSL function `callee` refers to, if any. */
  functionKind(callee: Node): DslFunction | undefined {
    const symbol = symbolOf(callee);
    for (const declaration of symbol?.getDeclarations() ?? []) {
      const kind = this.functions.get(declaration.compilerNode);
      if (kind) return kind;
    }
    return undefined;
  }

  /** True for kfp-ts's `PipelineTaskFinalStatus`. */
  isFinalStatus(type: Type): boolean {
    return this.finalStatusType !== undefined && (type.getSymbol() ?? type.getAliasSymbol())?.getDeclarations().some((d) => d.compilerNode === this.finalStatusType) === true;
  }

  /** True for kfp-ts's `Outputs<{ … }>`, the outputs parameter of a container component. */
  isOutputs(type: Type): boolean {
    return this.outputsType !== undefined && type.getAliasSymbol()?.getDeclarations().some((d) => d.compilerNode === this.outputsType) === true;
  }

  /** True for instances of `Artifact` and its subclasses: their `uri` is the one Artifact declares. */
  isArtifact(type: Type): boolean {
    const uri = type.getProperty("uri");
    return uri !== undefined && this.artifactUri !== undefined && uri.getDeclarations().some((d) => d.compilerNode === this.artifactUri);
  }

  /** True for kfp-ts's `Int`: `number` intersected with a brand declared in the `Int` alias. */
  isInt(type: Type): boolean {
    if (!this.intAlias) return false;
    const alias = type.getAliasSymbol();
    if (alias?.getDeclarations().some((d) => d.compilerNode === this.intAlias)) return true;
    return type.isIntersection() && type.getIntersectionTypes().some((part) =>
      part.getProperties().some((p) => p.getDeclarations().some((d) => isWithin(d.compilerNode, this.intAlias!))));
  }

  /** True when `node` is declared by kfp-ts itself (a built-in artifact class, say). */
  isDslDeclaration(node: Node): boolean {
    return node.getSourceFile().getFilePath().startsWith(this.directory + "/");
  }
}

function isWithin(node: ts.Node, ancestor: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** The symbol a reference resolves to, following imports and re-exports. */
export function symbolOf(node: Node): MorphSymbol | undefined {
  const target = Node.isPropertyAccessExpression(node) ? node.getNameNode() : node;
  const parent = target.getParent();
  // In `{ metrics }` the name's own symbol is the property; the value is the variable it reads.
  const symbol = parent && Node.isShorthandPropertyAssignment(parent) && parent.getNameNode() === target ? parent.getValueSymbol() : target.getSymbol();
  if (!symbol) return undefined;
  return symbol.isAlias() ? (symbol.getAliasedSymbol() ?? symbol) : symbol;
}

/** The declaration a reference resolves to. */
export function declarationOf(node: Node): Node | undefined {
  const symbol = symbolOf(node);
  return symbol?.getValueDeclaration() ?? symbol?.getDeclarations()[0];
}
