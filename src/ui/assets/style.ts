// The console's style sheet, served from the package (no CDN).
export const consoleCss = `
:root { --ink: #202124; --muted: #5f6368; --line: #dadce0; --accent: #1a73e8; --bg: #ffffff; --soft: #f8f9fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header.top { display: flex; gap: 24px; align-items: center; padding: 10px 20px; border-bottom: 1px solid var(--line); background: var(--soft); }
header.top .brand { font-weight: 700; color: var(--ink); text-decoration: none; }
header.top .root { color: var(--muted); font-size: 12px; margin-left: auto; }
main { padding: 16px 20px 48px; max-width: 1400px; }
h1 { font-size: 20px; margin: 4px 0 12px; } h2 { font-size: 16px; margin: 24px 0 8px; } h3 { font-size: 14px; margin: 16px 0 6px; }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
table { border-collapse: collapse; margin: 4px 0 12px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 10px; text-align: left; vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; background: var(--soft); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 12px; }
pre { background: var(--soft); border: 1px solid var(--line); padding: 8px 10px; overflow: auto; max-height: 480px; white-space: pre-wrap; word-break: break-word; }
.muted { color: var(--muted); }
.pill { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; background: #f1f3f4; color: var(--muted); }
.pill.succeeded { background: #e6f4ea; color: #137333; } .pill.failed { background: #fce8e6; color: #c5221f; }
.pill.running { background: #fef7e0; color: #b06000; } .pill.cached { background: #e8f0fe; color: #1967d2; }
.pill.skipped, .pill.pending, .pill.interrupted, .pill.cancelled { background: #f1f3f4; color: #5f6368; }
.filters { display: flex; gap: 12px; align-items: center; margin-bottom: 12px; }
.filters select, .filters button, button { font: inherit; padding: 4px 8px; }
.diff { background: #fef7e0; font-weight: 600; }
.kv th { width: 200px; }
.graph { overflow: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; padding: 4px; }
.graph .cluster .toggle { cursor: pointer; }
.legend { display: flex; gap: 8px; margin: 6px 0; flex-wrap: wrap; }
.gantt { border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow: auto; }
.gantt .bar-succeeded { fill: #34a853; } .gantt .bar-failed { fill: #d93025; } .gantt .bar-running { fill: #f9ab00; }
.gantt .bar-cached { fill: #1a73e8; } .gantt .bar-skipped, .gantt .bar-pending { fill: #bdc1c6; }
.gantt text { font-size: 11px; fill: var(--ink); }
.matrix td { text-align: center; min-width: 64px; font-variant-numeric: tabular-nums; }
.error-page { border: 1px solid #f28b82; background: #fce8e6; padding: 12px 16px; border-radius: 6px; max-width: 900px; }
iframe.artifact { width: 100%; height: 640px; border: 1px solid var(--line); border-radius: 6px; }
.markdown { border: 1px solid var(--line); border-radius: 6px; padding: 4px 16px; max-width: 900px; }
.cols { display: flex; gap: 32px; flex-wrap: wrap; }
`;
