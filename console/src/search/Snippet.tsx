import { parseSnippet } from './highlight';

/** A search passage with its matching words highlighted; rendered as React text, never as HTML. */
export function Snippet({ html }: { html: string | null | undefined }) {
  const parts = parseSnippet(html);
  if (parts.length === 0) return null;
  return (
    <p className="snippet" data-testid="snippet">
      {parts.map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </p>
  );
}
