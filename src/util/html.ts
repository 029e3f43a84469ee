// The two ways our code escapes text into HTML. A leaf: the stages that write
// HTML (feeds, extract, search's snippets, the web's templates) all import it.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string) : text;
}

/**
 * Escapes text for an element's content only: quotes stay as they are, as in
 * the HTML the feeds and the extractor have always stored.
 */
export function escapeHtmlText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}
