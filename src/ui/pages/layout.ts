import { html, type Html } from "../html.js";

/** A whole console page: header, navigation and the page's content. */
export function page(title: string, body: Html, root: string): string {
  return "<!doctype html>\n" + html`<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · kfp-ts</title><link rel="stylesheet" href="/assets/console.css"></head>
<body>
<header class="top"><a class="brand" href="/">kfp-ts console</a><a href="/">Runs</a><span class="root">${root}</span></header>
<main>${body}</main>
<script src="/assets/console.js"></script>
</body></html>`.text;
}

export function pill(state: string): Html {
  return html`<span class="pill ${state}">${state}</span>`;
}

/** A value in a cell: strings as they are, anything else as JSON. */
export function valueText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A number with at most six significant decimals. */
export function numberText(value: number): string {
  return Number.isInteger(value) ? String(value) : String(+value.toFixed(6));
}
