import { describe, expect, it } from 'vitest';
import { mdxToPlainText, searchLessons, type SearchEntry } from '../../src/domain/course/lesson-search.ts';

const entries: SearchEntry[] = [
  {
    href: '/a',
    title: '投诉处理的7A模型',
    module: '投诉处理',
    keyTerms: ['7A模型'],
    text: '7A模型的第一步是道歉。先处理心情，再处理事情。',
  },
  {
    href: '/b',
    title: '五声十字',
    module: '服务礼仪',
    keyTerms: ['五声十字'],
    text: '迎声、答声、谢声、歉声、送声。客户来电要先处理心情。',
  },
  { href: '/c', title: '压力来源', module: '压力与情绪管理', keyTerms: ['压力'], text: '工作压力的三种来源。' },
];

describe('lesson search', () => {
  it('finds Chinese terms without word segmentation and ranks title matches first', () => {
    const hits = searchLessons(entries, '处理心情');
    expect(hits.map((h) => h.href)).toEqual(['/a', '/b']);
    expect(searchLessons(entries, '7A')[0]!.href).toBe('/a');
  });

  it('requires every term of a multi-term query', () => {
    expect(searchLessons(entries, '心情 迎声').map((h) => h.href)).toEqual(['/b']);
    expect(searchLessons(entries, '心情 不存在的词')).toEqual([]);
  });

  it('returns a snippet around the first match', () => {
    const [hit] = searchLessons(entries, '三种来源');
    expect(hit!.snippet).toEqual({ before: '工作压力的', match: '三种来源', after: '。…' });
  });

  it('ignores an empty query', () => {
    expect(searchLessons(entries, '   ')).toEqual([]);
  });

  it('turns MDX into searchable plain text, keeping text inside component props', () => {
    const text = mdxToPlainText(
      'import X from "y";\n## 标题\n<PhraseCompare bad="不归我管" good="我来帮您转接" />\n<ChooseReply id="c1" options={[{ text: "选项甲", correct: true }]} />\n**重点**',
    );
    expect(text).toContain('不归我管');
    expect(text).toContain('我来帮您转接');
    expect(text).toContain('选项甲');
    expect(text).toContain('标题');
    expect(text).not.toMatch(/PhraseCompare|import|\*\*|correct/);
  });
});
