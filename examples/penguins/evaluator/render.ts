// The confusion matrix as a self-contained page: an SVG heat map normalised by true class, as
// scikit-learn's ConfusionMatrixDisplay draws it with `normalize="true"` and the Blues colour map.

const blues = ["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"];

/** The Blues colour of a share between 0 and 1. */
export function blue(share: number): string {
  const scaled = Math.min(Math.max(share, 0), 1) * (blues.length - 1);
  const low = Math.floor(scaled);
  const high = Math.min(low + 1, blues.length - 1);
  const mix = (a: string, b: string, t: number) => Math.round(parseInt(a, 16) * (1 - t) + parseInt(b, 16) * t).toString(16).padStart(2, "0");
  const [from, to] = [blues[low]!, blues[high]!];
  const t = scaled - low;
  return `#${mix(from.slice(1, 3), to.slice(1, 3), t)}${mix(from.slice(3, 5), to.slice(3, 5), t)}${mix(from.slice(5, 7), to.slice(5, 7), t)}`;
}

/** Each row divided by its sum: the share of each true class predicted as each class. */
export function normalizeRows(counts: readonly (readonly number[])[]): number[][] {
  return counts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((count) => (total === 0 ? 0 : count / total));
  });
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

export function renderConfusionMatrix(classes: readonly string[], counts: readonly (readonly number[])[], accuracy: number): string {
  const shares = normalizeRows(counts);
  const cell = 110;
  const left = 130;
  const top = 40;
  const size = cell * classes.length;
  const cells = shares.flatMap((row, i) => row.map((share, j) => {
    const x = left + j * cell;
    const y = top + i * cell;
    const ink = share > 0.5 ? "#ffffff" : "#08306b";
    return `<g><rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${blue(share)}"><title>${escape(classes[i]!)} predicted as ${escape(classes[j]!)}: ${counts[i]![j]} of ${counts[i]!.reduce((a, b) => a + b, 0)}</title></rect>` +
      `<text x="${x + cell / 2}" y="${y + cell / 2 + 6}" text-anchor="middle" font-size="20" fill="${ink}">${share.toFixed(2)}</text></g>`;
  }));
  const columnLabels = classes.map((name, j) => `<text x="${left + j * cell + cell / 2}" y="${top + size + 24}" text-anchor="middle">${escape(name)}</text>`);
  const rowLabels = classes.map((name, i) => `<text x="${left - 12}" y="${top + i * cell + cell / 2 + 5}" text-anchor="end">${escape(name)}</text>`);
  const width = left + size + 30;
  const height = top + size + 70;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Confusion matrix</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#1b1b1b}svg text{font-size:15px}</style></head>
<body>
<h1>Penguin species: confusion matrix</h1>
<p>Accuracy ${accuracy.toFixed(4)} on ${counts.reduce((a, row) => a + row.reduce((b, c) => b + c, 0), 0)} evaluation rows. Rows are true classes, normalised to 1; columns are predictions.</p>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="confusion matrix">
${cells.join("\n")}
${columnLabels.join("\n")}
${rowLabels.join("\n")}
<text x="${left + size / 2}" y="${top + size + 55}" text-anchor="middle" font-weight="600">Predicted label</text>
<text x="18" y="${top + size / 2}" text-anchor="middle" font-weight="600" transform="rotate(-90 18 ${top + size / 2})">True label</text>
</svg>
</body>
</html>
`;
}
