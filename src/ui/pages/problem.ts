import { html } from "../html.js";
import { page } from "./layout.js";

/** A page that says what is wrong and what to do, in place of a stack trace. */
export function problemPage(title: string, message: string, hint: string, root: string): string {
  return page(title, html`<div class="error-page"><h1>${title}</h1><p>${message}</p><p>${hint}</p></div>`, root);
}
