// Moodle's text formats ([html], [markdown], [plain], [moodle] in GIFT; format="html|markdown|plain_text|
// moodle_auto_format" in Moodle XML) turned into the plain text our questions hold. HTML goes through
// sanitize-html (a maintained sanitiser) with no tag allowed, so no markup, script or attribute survives; line
// breaks and paragraphs become newlines, and what plain text cannot carry (images, tables) is reported.
import sanitizeHtml from 'sanitize-html';

export type TextFormat = 'html' | 'markdown' | 'plain' | 'moodle';

/** The format named by a GIFT marker or a Moodle XML `format` attribute; undefined when it names none we know. */
export function textFormat(name: string | undefined): TextFormat | undefined {
  switch (name?.toLowerCase()) {
    case 'html':
      return 'html';
    case 'markdown':
      return 'markdown';
    case 'plain':
    case 'plain_text':
      return 'plain';
    case 'moodle':
    case 'moodle_auto_format':
      return 'moodle';
    default:
      return undefined;
  }
}

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Plain text of an HTML fragment, and notes (Chinese) about what was left out. */
export function htmlToText(html: string): { text: string; notes: string[] } {
  const notes: string[] = [];
  if (/<img\b/i.test(html)) notes.push('原题含图片，导入后只保留文字，请核对题意');
  if (/<table\b/i.test(html)) notes.push('原题含表格，导入后只保留文字，请核对排版');
  const marked = html
    .replace(/\r?\n/g, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|tr)>/gi, '\n');
  const stripped = sanitizeHtml(marked, { allowedTags: [], allowedAttributes: {}, disallowedTagsMode: 'discard' });
  const text = stripped
    .replace(/&(amp|lt|gt|quot|#39);/g, (e) => entities[e]!)
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, notes };
}

/** Plain text of Markdown: emphasis, code marks, headings and link targets removed. */
export function markdownToText(md: string): string {
  return md
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/\*(\S(?:.*?\S)?)\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .trim();
}

/** The plain text of `text` written in `format`, with notes about anything that could not be carried. */
export function toPlainText(text: string, format: TextFormat): { text: string; notes: string[] } {
  if (format === 'html') return htmlToText(text);
  if (format === 'markdown') return { text: markdownToText(text), notes: [] };
  return { text: text.trim(), notes: [] };
}
