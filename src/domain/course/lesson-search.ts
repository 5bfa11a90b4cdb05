/** One lesson in the static search index (built at build time from the MDX sources). */
export interface SearchEntry {
  href: string;
  title: string;
  module: string;
  keyTerms: string[];
  text: string;
}

export interface SearchHit {
  href: string;
  title: string;
  module: string;
  score: number;
  /** Text around the first match, split so the matched part can be highlighted. */
  snippet: { before: string; match: string; after: string } | null;
}

/** Plain text of an MDX lesson body: Markdown marks, imports and JSX tags removed, quoted prop text kept. */
export function mdxToPlainText(body: string): string {
  return body
    .split('\n')
    .filter((line) => !/^\s*(import|export)\s/.test(line))
    .join('\n')
    .replace(/<\/?[A-Za-z][\w.]*/g, ' ')
    .replace(/\/?>/g, ' ')
    .replace(/\b[A-Za-z]+=/g, ' ')
    .replace(/\b(text|feedback|correct|front|back|id|prompt|options|steps|cards|title)\s*:/g, ' ')
    .replace(/[{}[\]#*|`_"',]|\btrue\b|\bfalse\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const contextChars = 36;

/**
 * Lessons matching every term of the query (terms split on spaces; Chinese needs no segmentation because
 * matching is by substring). Title matches weigh most, then key terms, then the number of matches in the text.
 */
export function searchLessons(entries: SearchEntry[], query: string, limit = 20): SearchHit[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return [];
  const hits: SearchHit[] = [];
  for (const entry of entries) {
    const title = entry.title.toLowerCase();
    const text = entry.text.toLowerCase();
    const keys = entry.keyTerms.map((k) => k.toLowerCase());
    let score = 0;
    let matchedAll = true;
    for (const term of terms) {
      const inTitle = title.includes(term) ? 10 : 0;
      const inKeys = keys.some((k) => k.includes(term)) ? 5 : 0;
      const inText = text.split(term).length - 1;
      if (!inTitle && !inKeys && !inText) {
        matchedAll = false;
        break;
      }
      score += inTitle + inKeys + Math.min(inText, 10);
    }
    if (!matchedAll) continue;
    const first = terms.map((t) => ({ t, at: text.indexOf(t) })).find((x) => x.at >= 0);
    const snippet = first
      ? {
          before:
            (first.at > contextChars ? '…' : '') + entry.text.slice(Math.max(0, first.at - contextChars), first.at),
          match: entry.text.slice(first.at, first.at + first.t.length),
          after: entry.text.slice(first.at + first.t.length, first.at + first.t.length + contextChars) + '…',
        }
      : null;
    hits.push({ href: entry.href, title: entry.title, module: entry.module, score, snippet });
  }
  return hits.sort((a, b) => b.score - a.score).slice(0, limit);
}
