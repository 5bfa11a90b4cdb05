/**
 * Full-width ASCII letters and digits (７Ａ) as their half-width forms (7A): applied to every indexed text and every
 * query, so either form finds the other. Chinese punctuation is left as it is (it reads better in excerpts).
 */
export function foldWidth(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/**
 * A query as the index is searched with it: widths folded, and quotation marks, corner brackets and other
 * punctuation turned into spaces, so 「投诉处理流程」 searches for the words of the phrase (every word must occur).
 */
export function searchQuery(raw: string): string {
  return foldWidth(raw.normalize('NFC'))
    .replace(/[「」『』“”‘’"'《》〈〉【】（）()［］[\]，。、；：！？,.;:!?·…—-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
}

const cjkRun = /[\u3400-\u9fff\uf900-\ufaff]+/g;
let segmenter: Intl.Segmenter | undefined;

/**
 * Chinese text with a space between its words, as the browser's `Intl.Segmenter` splits them. Pagefind splits a
 * query that way in the browser but the page text with its own dictionary at build time; where the two disagree
 * (「两个投诉电话」 indexed as one word), a page that plainly contains the query is not found. Indexing the text
 * already split by the same segmenter makes both sides agree. The search page removes these spaces from excerpts.
 */
export function segmentChinese(text: string): string {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const words = segmenter;
  return text.replace(cjkRun, (run) => ` ${[...words.segment(run)].map((s) => s.segment).join(' ')} `);
}

/** An excerpt without the spaces {@link segmentChinese} put between Chinese words (and around its marks). */
export function joinChinese(html: string): string {
  const cjk = '[\\u3400-\\u9fff\\uf900-\\ufaff\\u3000-\\u303f\\uff00-\\uffef]';
  return html
    .replace(/ +<\/mark>/g, '</mark>')
    .replace(/<mark> +/g, '<mark>')
    .replace(new RegExp(`(${cjk}|</mark>) +(?=${cjk}|<mark>)`, 'g'), '$1')
    .replace(new RegExp(`(${cjk}) +(?=<mark>)`, 'g'), '$1')
    .replace(/ {2,}/g, ' ');
}
