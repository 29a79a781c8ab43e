import MarkdownIt from "markdown-it";

// Raw HTML in the source is shown as text, and links with unsafe schemes (javascript:, vbscript:, data:) are dropped.
const markdown = new MarkdownIt({ html: false, linkify: false });

/** A Markdown document as HTML that cannot run script. */
export function renderMarkdown(text: string): string {
  return markdown.render(text);
}
