// Metrics artifacts as the Vertex AI console shows them: scalars as a table, confusion matrices, ROC curves.
import { html, type Html } from "../html.js";
import { numberText } from "../pages/layout.js";

interface ConfusionMatrix {
  annotationSpecs: { displayName: string }[];
  rows: { row: number[] }[];
}

interface RocPoint {
  confidenceThreshold?: number;
  recall?: number;
  falsePositiveRate?: number;
}

export function scalarTable(metadata: Record<string, unknown>): Html {
  const entries = Object.entries(metadata).filter(([, v]) => typeof v === "number" || typeof v === "string" || typeof v === "boolean");
  if (entries.length === 0) return html``;
  return html`<table class="metrics"><thead><tr><th>Metric</th><th>Value</th></tr></thead><tbody>${entries.map(([k, v]) => html`<tr><td>${k}</td><td class="num">${typeof v === "number" ? numberText(v) : String(v)}</td></tr>`)}</tbody></table>`;
}

export function classificationMetrics(metadata: Record<string, unknown>): Html {
  const { confusionMatrix, confidenceMetrics } = metadata as { confusionMatrix?: ConfusionMatrix; confidenceMetrics?: RocPoint[] };
  return html`${scalarTable(metadata)}
${confusionMatrix ? html`<h3>Confusion matrix</h3>${matrixTable(confusionMatrix)}` : ""}
${confidenceMetrics?.length ? html`<h3>ROC curve</h3>${rocCurve(confidenceMetrics)}` : ""}`;
}

export function slicedClassificationMetrics(metadata: Record<string, unknown>): Html {
  const slices = (metadata.evaluationSlices ?? []) as { slice: string; sliceClassificationMetrics?: Record<string, unknown> }[];
  if (slices.length === 0) return html`<p class="muted">No slices recorded.</p>`;
  return html`${slices.map((s) => html`<section class="slice"><h3>Slice: ${s.slice}</h3>${classificationMetrics(s.sliceClassificationMetrics ?? {})}</section>`)}`;
}

/** Rows are true classes, columns predictions; each cell shaded by its share of the row. */
function matrixTable(matrix: ConfusionMatrix): Html {
  const names = matrix.annotationSpecs.map((s) => s.displayName);
  return html`<table class="matrix"><thead><tr><th>true \\ predicted</th>${names.map((n) => html`<th>${n}</th>`)}</tr></thead><tbody>${matrix.rows.map((r, i) => {
    const total = r.row.reduce((a, b) => a + b, 0);
    return html`<tr><th>${names[i] ?? ""}</th>${r.row.map((count) => {
      const share = total === 0 ? 0 : count / total;
      const shade = Math.round(247 - share * 190);
      return html`<td style="background: rgb(${shade - 20}, ${shade}, 255); color: ${share > 0.6 ? "#fff" : "#202124"}" title="${count} of ${total}">${count}</td>`;
    })}</tr>`;
  })}</tbody></table>`;
}

function rocCurve(points: readonly RocPoint[]): Html {
  const size = 300;
  const pad = 40;
  const sorted = [...points].sort((a, b) => (a.falsePositiveRate ?? 0) - (b.falsePositiveRate ?? 0) || (a.recall ?? 0) - (b.recall ?? 0));
  const at = (p: RocPoint) => `${(pad + (p.falsePositiveRate ?? 0) * size).toFixed(1)},${(pad + size - (p.recall ?? 0) * size).toFixed(1)}`;
  return html`<svg class="roc" xmlns="http://www.w3.org/2000/svg" width="${size + pad * 2}" height="${size + pad * 2}" role="img" aria-label="ROC curve">
<rect x="${pad}" y="${pad}" width="${size}" height="${size}" fill="#fff" stroke="#9aa0a6"/>
<line x1="${pad}" y1="${pad + size}" x2="${pad + size}" y2="${pad}" stroke="#dadce0" stroke-dasharray="4 4"/>
<polyline fill="none" stroke="#1a73e8" stroke-width="2" points="${sorted.map(at).join(" ")}"/>
${sorted.map((p) => html`<circle cx="${at(p).split(",")[0]}" cy="${at(p).split(",")[1]}" r="2.5" fill="#1a73e8"><title>threshold ${p.confidenceThreshold ?? ""}: recall ${p.recall ?? ""}, false positive rate ${p.falsePositiveRate ?? ""}</title></circle>`)}
<text x="${pad + size / 2}" y="${pad + size + 30}" text-anchor="middle" font-size="12">False positive rate</text>
<text x="14" y="${pad + size / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${pad + size / 2})">True positive rate (recall)</text>
</svg>`;
}
