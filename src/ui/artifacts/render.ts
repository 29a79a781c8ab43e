// An artifact's type-specific view on its page.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { confinedPath } from "../files.js";
import type { ArtifactRecord } from "../../local/store.js";
import { html, type Html } from "../html.js";
import { htmlFrame, markdownSection } from "../pages/artifact.js";
import { renderMarkdown } from "./markdown.js";
import { classificationMetrics, scalarTable, slicedClassificationMetrics } from "./metrics.js";
import { datasetPreview } from "./preview.js";

const markdownLimit = 1024 * 1024;

/** `path`: the artifact's content inside the root, when it exists. */
export function renderArtifact(artifact: ArtifactRecord, path: string | undefined): Html {
  const file = path !== undefined && statSync(path).isFile() ? path : undefined;
  switch (artifact.schemaTitle) {
    case "system.Metrics":
      return html`<h2>Metrics</h2>${scalarTable(artifact.metadata)}`;
    case "system.ClassificationMetrics":
      return html`<h2>Classification metrics</h2>${classificationMetrics(artifact.metadata)}`;
    case "system.SlicedClassificationMetrics":
      return html`<h2>Classification metrics by slice</h2>${slicedClassificationMetrics(artifact.metadata)}`;
    case "system.HTML":
      return file ? htmlFrame(artifact.id) : html``;
    case "system.Markdown":
      return file ? markdownSection(renderMarkdown(readFileSync(file, "utf8").slice(0, markdownLimit))) : html``;
    default: {
      // A directory dataset (CSV or JSON parts): its first part.
      const part = file ?? (path !== undefined ? firstPart(path) : undefined);
      const preview = part ? datasetPreview(part) : undefined;
      return preview ? html`<h2>Preview</h2>${preview}` : html``;
    }
  }
}

function firstPart(directory: string): string | undefined {
  for (const name of readdirSync(directory).filter((n) => /\.(csv|json)$/i.test(n)).sort()) {
    try {
      return confinedPath(directory, name);
    } catch {
      // A link out of the artifact is not shown.
    }
  }
  return undefined;
}

/** The Content-Type an artifact's file is served with. */
export function contentType(artifact: ArtifactRecord, file: string): string {
  if (artifact.schemaTitle === "system.HTML" || /\.html?$/i.test(file)) return "text/html; charset=utf-8";
  if (artifact.schemaTitle === "system.Markdown" || /\.md$/i.test(file)) return "text/markdown; charset=utf-8";
  if (/\.json$/i.test(file)) return "application/json";
  if (/\.csv$/i.test(file)) return "text/csv; charset=utf-8";
  if (/\.(txt|log)$/i.test(file)) return "text/plain; charset=utf-8";
  if (/\.png$/i.test(file)) return "image/png";
  if (/\.svg$/i.test(file)) return "image/svg+xml";
  return artifact.schemaTitle === "system.Dataset" ? "text/plain; charset=utf-8" : "application/octet-stream";
}
