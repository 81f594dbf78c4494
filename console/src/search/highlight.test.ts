import { describe, expect, it } from 'vitest';
import { parseSnippet, unescapeHtml } from './highlight';

describe('parseSnippet', () => {
  it('splits the passage at <mark> tags into marked and plain text', () => {
    expect(parseSnippet('the <mark>budget</mark> review of <mark>budgets</mark>')).toEqual([
      { text: 'the ', mark: false },
      { text: 'budget', mark: true },
      { text: ' review of ', mark: false },
      { text: 'budgets', mark: true },
    ]);
  });

  it('unescapes what the API escaped, so markup in a document is shown as the text it is', () => {
    const parts = parseSnippet('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>O&#39;Brien</mark>');
    expect(parts).toEqual([
      { text: '<script>alert("x")</script> & ', mark: false },
      { text: "O'Brien", mark: true },
    ]);
  });

  it('keeps any tag other than mark as text and drops an unbalanced closing tag', () => {
    expect(parseSnippet('<b>bold</b> </mark>x <MARK>y')).toEqual([
      { text: '<b>bold</b> x ', mark: false },
      { text: 'y', mark: true },
    ]);
  });

  it('is empty for no snippet', () => {
    expect(parseSnippet(undefined)).toEqual([]);
    expect(parseSnippet('')).toEqual([]);
    expect(parseSnippet('<mark></mark>')).toEqual([]);
  });
});

describe('unescapeHtml', () => {
  it('reads numeric references and leaves unknown or invalid ones as written', () => {
    expect(unescapeHtml('&#x41;&#66;&nbsp;&#xD800;&#0;&amp;amp;')).toBe('AB&nbsp;&#xD800;&#0;&amp;');
  });
});
