// The API's search snippet is HTML: the file's text escaped, the matching words in <mark> tags. The console never
// hands it to the browser's HTML parser (no innerHTML): it reads the two tags and the entities the API writes and
// renders the rest as text, so a snippet is shown as text even if it carried markup.

export interface SnippetPart {
  text: string;
  mark: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Undoes HTML escaping: named entities of the five escaped characters and numeric references; anything else stays as written. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * The snippet as text parts, marked or not. `<mark>` opens a highlight and `</mark>` closes it; an unbalanced tag is
 * dropped; any other tag-like text is text. Adjacent parts of the same kind are joined and empty ones left out.
 */
export function parseSnippet(snippet: string | null | undefined): SnippetPart[] {
  if (!snippet) return [];
  const parts: SnippetPart[] = [];
  const push = (raw: string, mark: boolean) => {
    const text = unescapeHtml(raw);
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.mark === mark) last.text += text;
    else parts.push({ text, mark });
  };
  let marked = false;
  let at = 0;
  const tags = /<(\/?)mark>/gi;
  for (let match = tags.exec(snippet); match; match = tags.exec(snippet)) {
    push(snippet.slice(at, match.index), marked);
    marked = match[1] !== '/';
    at = match.index + match[0].length;
  }
  push(snippet.slice(at), marked);
  return parts;
}
