import type { TaskRow } from "../../local/store.js";
import { html, type Html } from "../html.js";

/** Task start and end on one time axis, from the run's start to its end (or now, while it runs). */
export function ganttChart(tasks: readonly Pick<TaskRow, "path" | "state" | "startedAt" | "finishedAt">[], runStart: string, runEnd: string | null): Html {
  const start = Date.parse(runStart);
  const ends = tasks.map((t) => Date.parse(t.finishedAt ?? "") || Date.now());
  const end = Math.max(Date.parse(runEnd ?? "") || 0, ...ends, start + 1);
  const labelWidth = Math.min(260, 16 + 7 * Math.max(8, ...tasks.map((t) => t.path.length)));
  const plot = 640;
  const row = 22;
  const x = (time: number) => labelWidth + ((time - start) / (end - start)) * plot;
  const seconds = (end - start) / 1000;
  const rows = tasks.map((t, i) => {
    const from = Date.parse(t.startedAt ?? "") || start;
    const to = Date.parse(t.finishedAt ?? "") || Date.now();
    const y = 6 + i * row;
    const width = Math.max(2, x(to) - x(from));
    return html`<g class="task" data-path="${t.path}"><text x="4" y="${y + 14}">${t.path}</text>
<rect class="bar-${t.state}" x="${x(from).toFixed(1)}" y="${y + 3}" width="${width.toFixed(1)}" height="${row - 8}" rx="3"><title>${t.path}: ${t.state}, ${((to - from) / 1000).toFixed(2)}s</title></rect></g>`;
  });
  const height = 16 + tasks.length * row + 18;
  return html`<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + plot + 40}" height="${height}" role="img" aria-label="timeline">
${rows}
<line x1="${labelWidth}" x2="${labelWidth + plot}" y1="${height - 22}" y2="${height - 22}" stroke="#9aa0a6"/>
<text x="${labelWidth}" y="${height - 6}">0s</text><text x="${labelWidth + plot}" y="${height - 6}" text-anchor="end">${seconds.toFixed(2)}s</text>
</svg>`;
}
