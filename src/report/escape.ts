// Escaping of user-controlled text (test ids, messages, reprs, paths) for each output format.

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
};

/** Text or attribute value for HTML (both quoting styles are escaped). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** JSON for a `<script type="application/json">` block: no `<`, `>` or `&` survives, so no
 *  `</script>` or `<!--` can end or change the block; U+2028/2029 are escaped for old parsers. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** C0/C1 control characters (ANSI escape sequences included) made visible as \xNN, keeping tab. */
export function showControlChars(text: string, keepNewlines = false): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    if (c === '\t' || (keepNewlines && (c === '\n' || c === '\r'))) return c;
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/** Markdown inline text: backslash-escapes every ASCII punctuation markdown gives meaning to and
 *  turns HTML-significant characters into entities, so nothing renders as markup or a link. */
export function escapeMarkdown(text: string): string {
  return showControlChars(text, true)
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, '\\$&')
    .replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** A markdown table cell: escaped inline text on one line (newlines become <br>). */
export function escapeMarkdownCell(text: string): string {
  return escapeMarkdown(text).replace(/\r\n|\r|\n/g, '<br>');
}
