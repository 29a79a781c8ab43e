import { allocateArtifactUri } from "./artifact-store.js";
import { localPathForUri, uriForLocalPath } from "./uri.js";

export type ArtifactMetadata = Record<string, unknown>;

export interface ArtifactInit {
  /** Where the artifact is stored. Omit it inside a component to get a fresh location that becomes the task's output. */
  uri?: string;
  name?: string;
  metadata?: ArtifactMetadata;
}

/** The static side of an artifact class: its KFP schema title and version. */
export interface ArtifactClass<A extends Artifact = Artifact> {
  new (init?: ArtifactInit): A;
  readonly schemaTitle: string;
  readonly schemaVersion: string;
}

/**
 * A file or directory produced or consumed by a component, stored at `uri` and
 * read or written through the local `path`. Use it for artifacts that fit no
 * more specific class.
 */
export class Artifact {
  static readonly schemaTitle: string = "system.Artifact";
  static readonly schemaVersion: string = "0.0.1";

  readonly schemaTitle: string;
  readonly schemaVersion: string;
  name: string;
  uri: string;
  metadata: ArtifactMetadata;

  constructor(init: ArtifactInit = {}) {
    const cls = new.target as unknown as ArtifactClass;
    this.schemaTitle = cls.schemaTitle;
    this.schemaVersion = cls.schemaVersion;
    this.name = init.name ?? "";
    this.metadata = { ...init.metadata };
    this.uri = init.uri ?? allocateArtifactUri(this);
  }

  /** The local file-system path of the artifact (`gs://b/k` is read at `/gcs/b/k`). */
  get path(): string {
    return localPathForUri(this.uri);
  }

  set path(path: string) {
    this.uri = uriForLocalPath(path);
  }
}

/**
 * Creates a base class for an artifact type with its own schema title, so that
 * TypeScript tells it apart from every other artifact type:
 *
 * ```ts
 * export class Embeddings extends artifactType("google.Embeddings", "0.0.1") {}
 * ```
 */
export function artifactType<const Title extends string, const Version extends string = "0.0.1">(
  schemaTitle: Title,
  schemaVersion: Version = "0.0.1" as Version,
): TypedArtifactClass<Title, Version> {
  return class extends Artifact {
    static override readonly schemaTitle = schemaTitle;
    static override readonly schemaVersion = schemaVersion;
  } as unknown as TypedArtifactClass<Title, Version>;
}

/** The class {@link artifactType} returns: instances are Artifacts whose schema title is the literal `Title`. */
export interface TypedArtifactClass<Title extends string, Version extends string> {
  new (init?: ArtifactInit): Artifact & { readonly schemaTitle: Title; readonly schemaVersion: Version };
  readonly schemaTitle: Title;
  readonly schemaVersion: Version;
}

/** A dataset: a file or directory of records. */
export class Dataset extends artifactType("system.Dataset") {}

/** A trained model. */
export class Model extends artifactType("system.Model") {
  /** The framework that produced the model, kept in `metadata.framework`. */
  get framework(): string {
    return typeof this.metadata.framework === "string" ? this.metadata.framework : "";
  }

  set framework(framework: string) {
    this.metadata.framework = framework;
  }

  override get path(): string {
    const local = localPathForUri(this.uri);
    return this.uri.startsWith("oci://") ? `${local}/models` : local;
  }

  override set path(path: string) {
    this.uri = uriForLocalPath(path);
  }
}

/** Scalar metrics, shown by the Vertex AI and KFP consoles. */
export class Metrics extends artifactType("system.Metrics") {
  /** Records a scalar metric in the artifact's metadata. */
  logMetric(name: string, value: number): void {
    this.metadata[name] = value;
  }
}

interface ConfusionMatrix {
  annotationSpecs: { displayName: string }[];
  rows: { row: number[] }[];
}

interface RocPoint {
  confidenceThreshold: number;
  recall: number;
  falsePositiveRate: number;
}

/** Classification metrics: a confusion matrix and ROC curve in the shapes the consoles render. */
export class ClassificationMetrics extends artifactType("system.ClassificationMetrics") {
  /** Records one point of the ROC curve. */
  logRocDataPoint(fpr: number, tpr: number, threshold: number): void {
    const points = (this.metadata.confidenceMetrics ??= []) as RocPoint[];
    points.push({ confidenceThreshold: threshold, recall: tpr, falsePositiveRate: fpr });
  }

  /** Records a whole ROC curve; the three lists must have the same length. */
  logRocCurve(fpr: readonly number[], tpr: readonly number[], threshold: readonly number[]): void {
    if (fpr.length !== tpr.length || fpr.length !== threshold.length) {
      throw new RangeError(
        `fpr, tpr and threshold must have the same length; got ${fpr.length}, ${tpr.length} and ${threshold.length}`,
      );
    }
    fpr.forEach((f, i) => this.logRocDataPoint(f, tpr[i]!, threshold[i]!));
  }

  /** Starts an all-zero confusion matrix over `categories`. */
  setConfusionMatrixCategories(categories: readonly string[]): void {
    const matrix: ConfusionMatrix = {
      annotationSpecs: categories.map((displayName) => ({ displayName })),
      rows: categories.map(() => ({ row: categories.map(() => 0) })),
    };
    this.metadata.confusionMatrix = matrix;
  }

  /** Sets the row of true class `category`. */
  logConfusionMatrixRow(category: string, row: readonly number[]): void {
    const matrix = this.confusionMatrix();
    if (row.length !== matrix.annotationSpecs.length) {
      throw new RangeError(`a confusion matrix row needs ${matrix.annotationSpecs.length} values; got ${row.length}`);
    }
    matrix.rows[this.categoryIndex(category)] = { row: [...row] };
  }

  /** Sets one cell: how many items of true class `rowCategory` were predicted as `columnCategory`. */
  logConfusionMatrixCell(rowCategory: string, columnCategory: string, value: number): void {
    const matrix = this.confusionMatrix();
    matrix.rows[this.categoryIndex(rowCategory)]!.row[this.categoryIndex(columnCategory)] = value;
  }

  /** Records a whole confusion matrix: `matrix[i][j]` counts items of class `categories[i]` predicted as `categories[j]`. */
  logConfusionMatrix(categories: readonly string[], matrix: readonly (readonly number[])[]): void {
    if (matrix.length !== categories.length || matrix.some((row) => row.length !== categories.length)) {
      throw new RangeError(`a confusion matrix over ${categories.length} categories must be ${categories.length}×${categories.length}`);
    }
    this.setConfusionMatrixCategories(categories);
    categories.forEach((category, i) => this.logConfusionMatrixRow(category, matrix[i]!));
  }

  private confusionMatrix(): ConfusionMatrix {
    const matrix = this.metadata.confusionMatrix as ConfusionMatrix | undefined;
    if (!matrix) throw new Error("call setConfusionMatrixCategories() before logging confusion matrix rows or cells");
    return matrix;
  }

  private categoryIndex(category: string): number {
    const names = this.confusionMatrix().annotationSpecs.map((spec) => spec.displayName);
    const index = names.indexOf(category);
    if (index < 0) throw new RangeError(`unknown category '${category}'; expected one of: ${names.join(", ")}`);
    return index;
  }
}

/** Classification metrics per slice of the evaluation data. */
export class SlicedClassificationMetrics extends artifactType("system.SlicedClassificationMetrics") {
  private readonly slices = new Map<string, ClassificationMetrics>();

  logRocDataPoint(slice: string, fpr: number, tpr: number, threshold: number): void {
    this.update(slice, (m) => m.logRocDataPoint(fpr, tpr, threshold));
  }

  logRocCurve(slice: string, fpr: readonly number[], tpr: readonly number[], threshold: readonly number[]): void {
    this.update(slice, (m) => m.logRocCurve(fpr, tpr, threshold));
  }

  setConfusionMatrixCategories(slice: string, categories: readonly string[]): void {
    this.update(slice, (m) => m.setConfusionMatrixCategories(categories));
  }

  logConfusionMatrixRow(slice: string, category: string, row: readonly number[]): void {
    this.update(slice, (m) => m.logConfusionMatrixRow(category, row));
  }

  logConfusionMatrixCell(slice: string, rowCategory: string, columnCategory: string, value: number): void {
    this.update(slice, (m) => m.logConfusionMatrixCell(rowCategory, columnCategory, value));
  }

  logConfusionMatrix(slice: string, categories: readonly string[], matrix: readonly (readonly number[])[]): void {
    this.update(slice, (m) => m.logConfusionMatrix(categories, matrix));
  }

  private update(slice: string, log: (metrics: ClassificationMetrics) => void): void {
    let metrics = this.slices.get(slice);
    if (!metrics) {
      metrics = new ClassificationMetrics({ uri: "" });
      this.slices.set(slice, metrics);
    }
    log(metrics);
    this.metadata.evaluationSlices = [...this.slices].map(([name, m]) => ({
      slice: name,
      sliceClassificationMetrics: m.metadata,
    }));
  }
}

/** An HTML page, rendered by the consoles. */
export class HTML extends artifactType("system.HTML") {}

/** A Markdown document, rendered by the consoles. */
export class Markdown extends artifactType("system.Markdown") {}

/** The built-in artifact classes by schema title. */
export const builtinArtifactClasses: ReadonlyMap<string, ArtifactClass> = new Map(
  [Artifact, Dataset, Model, Metrics, ClassificationMetrics, SlicedClassificationMetrics, HTML, Markdown].map(
    (cls) => [cls.schemaTitle, cls as ArtifactClass],
  ),
);
