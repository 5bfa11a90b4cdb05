import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { foldWidth, segmentChinese } from './normalize.ts';

/** One searchable page: its URL, kind (shown with each result and usable as a filter), title and text. */
export interface SearchRecord {
  url: string;
  kind: string;
  title: string;
  /** Plain text, or the page's HTML (`html: true`), indexed in the `data-pagefind-body` element. */
  content: string;
  html?: boolean;
}

/** Where the records of one page type come from, read after `astro build` (`clientDir` is dist/client). */
export type SearchSource = (clientDir: string, root: string) => Promise<SearchRecord[]>;

/**
 * Prerendered pages under `dir` of dist/client that mark their text with `data-pagefind-body` (one record per
 * page, the URL from its path).
 */
export function builtPages(kind: string, dir: string): SearchSource {
  return async (clientDir) => {
    const files = (await readdir(join(clientDir, dir), { recursive: true })).filter((f) => f.endsWith('.html'));
    const records: SearchRecord[] = [];
    for (const file of files) {
      const path = join(clientDir, dir, file);
      const html = await readFile(path, 'utf8');
      if (!html.includes('data-pagefind-body')) continue;
      const url = `/${relative(clientDir, path).split(sep).join('/')}`.replace(/(\/index)?\.html$/, '') || '/';
      const title =
        /<h1[^>]*>([\s\S]*?)<\/h1>/
          .exec(html)?.[1]
          ?.replace(/<[^>]+>/g, '')
          .trim() ?? url;
      records.push({ url, kind, title, content: html, html: true });
    }
    return records;
  };
}

/** One record per JSON file of a content folder (e.g. content/listening/*.json), built by `toRecord`. */
export function contentFiles<T>(
  kind: string,
  dir: string,
  toRecord: (data: T) => Omit<SearchRecord, 'kind'> | null,
): SearchSource {
  return async (_clientDir, root) => {
    const files = (await readdir(join(root, dir))).filter((f) => f.endsWith('.json')).sort();
    const records: SearchRecord[] = [];
    for (const file of files) {
      const record = toRecord(JSON.parse(await readFile(join(root, dir, file), 'utf8')) as T);
      if (record) records.push({ ...record, kind });
    }
    return records;
  };
}

interface ListeningFile {
  id: string;
  title: string;
  summary: string;
}

/**
 * Everything the site search covers, one line per page type. Listening exercises are indexed by title and
 * summary only (their transcripts and questions hold the answers, and the index is a public file).
 */
export const searchSources: SearchSource[] = [
  builtPages('课程', 'modules'),
  contentFiles<ListeningFile>('听力练习', 'content/listening', (l) => ({
    url: `/learn/listening/${l.id}`,
    title: l.title,
    content: `${l.title}。${l.summary}`,
  })),
];

/**
 * The HTML Pagefind indexes for a record: widths folded, Chinese text split into words (see segmentChinese), its
 * kind as a filter and meta, its title as meta (as written).
 */
export function indexedHtml(r: SearchRecord): string {
  const meta =
    `<span data-pagefind-filter="kind:${escapeAttr(r.kind)}" data-pagefind-meta="kind:${escapeAttr(r.kind)}"></span>` +
    `<span data-pagefind-meta="title:${escapeAttr(r.title)}"></span>`;
  const text = (s: string) => segmentChinese(foldWidth(s));
  if (r.html) {
    // Pagefind skips <form> content; a lesson's practice questions are part of what it teaches.
    return r.content
      .replace(/<form\b/g, '<div')
      .replace(/<\/form>/g, '</div>')
      .replace(/>([^<]+)</g, (_, t: string) => `>${text(t)}<`)
      .replace(/(<[^>]*data-pagefind-body[^>]*>)/, `$1${meta}`);
  }
  return `<!doctype html><html lang="zh-CN"><head><title>${escapeText(r.title)}</title></head><body><main data-pagefind-body>${meta}<h1>${escapeText(text(r.title))}</h1><p>${escapeText(text(r.content))}</p></main></body></html>`;
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');
