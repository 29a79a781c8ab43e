// The first rows of a CSV or JSON dataset.
import { closeSync, openSync, readSync } from "node:fs";
import { html, type Html } from "../html.js";

const previewBytes = 64 * 1024;
const previewRows = 20;

/** A preview of the file when it looks like CSV or JSON; undefined otherwise. */
export function datasetPreview(path: string): Html | undefined {
  const { text, truncated } = head(path);
  const trimmed = text.trimStart();
  if (/\.json$/i.test(path) || (!truncated && (trimmed.startsWith("{") || trimmed.startsWith("[")))) {
    try {
      return html`<pre>${JSON.stringify(JSON.parse(text), null, 2).split("\n").slice(0, 200).join("\n")}</pre>`;
    } catch {
      return html`<pre>${text.split("\n").slice(0, previewRows * 5).join("\n")}</pre>`;
    }
  }
  const lines = text.split(/\r?\n/).filter((l) => l !== "");
  if (truncated) lines.pop();
  const rows = lines.slice(0, previewRows + 1).map(splitCsvLine);
  const width = rows[0]?.length ?? 0;
  if (width < 2 || rows.some((r) => r.length !== width)) return undefined;
  return html`<table class="preview"><thead><tr>${rows[0]!.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>${rows.slice(1).map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody></table>
<p class="muted">The first ${rows.length - 1} rows.</p>`;
}

function head(path: string): { text: string; truncated: boolean } {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(previewBytes);
    const read = readSync(fd, buffer, 0, previewBytes, 0);
    return { text: buffer.subarray(0, read).toString("utf8"), truncated: read === previewBytes };
  } finally {
    closeSync(fd);
  }
}

/** One CSV record (RFC 4180 quoting), split into fields. */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") (fields.push(field), (field = ""));
    else field += c;
  }
  fields.push(field);
  return fields;
}
