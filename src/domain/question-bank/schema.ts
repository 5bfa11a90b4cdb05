// The question bank's import report and draft shapes. An import reads a GIFT or Moodle XML file into items (each a
// draft question with where it came from, what Moodle expressed differently, and what it still lacks) and problems
// (what cannot become a question, with its line or number and the reason), both shown before anything is saved.
import { z } from 'zod';
import { parseGift, type QuestionDraft } from '../assessment/gift.ts';
import { moduleSlugSchema } from '../course/module-schema.ts';
import { questionPools } from '../assessment/question-schema.ts';
import { parseMoodleXml } from './moodle-xml.ts';
import { draftFlags } from './rules.ts';

export type ImportFormat = 'gift' | 'moodle-xml';
/** Where an item starts: a GIFT line or a Moodle XML question number (1-based). */
export type SourceRef = { line: number } | { number: number };

export interface ImportItem {
  source: SourceRef;
  title?: string;
  /** The Moodle category the item stood under, as written. */
  category?: string;
  /** Module and lesson the category maps to (mapCategories), if any. */
  module?: string;
  lesson?: string;
  /** How Moodle constructs were carried (Chinese). */
  notes: string[];
  /** What the draft still lacks (Chinese: 缺少解析, 未指定课程…). */
  flags: string[];
  question: QuestionDraft;
}
export interface ImportProblem {
  source: SourceRef;
  title?: string;
  reason: string;
}
export interface ImportReport {
  format: ImportFormat;
  items: ImportItem[];
  problems: ImportProblem[];
}

/** 「第 12 行」 or 「第 3 题」. */
export const sourceLabel = (s: SourceRef) =>
  'line' in s ? `第 ${s.line} 行` : s.number ? `第 ${s.number} 题` : '文件';

/** Which format a file is in: Moodle XML when it starts with an XML declaration or <quiz>, GIFT otherwise. */
export function detectFormat(text: string, fileName = ''): ImportFormat {
  if (/\.xml$/i.test(fileName)) return 'moodle-xml';
  return /^\uFEFF?\s*<(\?xml|quiz)/.test(text) ? 'moodle-xml' : 'gift';
}

/** Read a GIFT or Moodle XML file into the import report. */
export function readImportFile(text: string, fileName = ''): ImportReport {
  const format = detectFormat(text, fileName);
  if (format === 'gift') {
    const { questions, problems } = parseGift(text);
    return {
      format,
      items: questions.map((q) => item({ line: q.line }, q)),
      problems: problems.map((p) => ({
        source: { line: p.line },
        ...(p.title ? { title: p.title } : {}),
        reason: p.message,
      })),
    };
  }
  const { questions, problems } = parseMoodleXml(text);
  return {
    format,
    items: questions.map((q) => item({ number: q.number }, q)),
    problems: problems.map((p) => ({
      source: { number: p.number },
      ...(p.title ? { title: p.title } : {}),
      reason: p.message,
    })),
  };
}

function item(
  source: SourceRef,
  q: { title?: string; category?: string; notes?: string[]; question: QuestionDraft },
): ImportItem {
  const lesson = q.question.lesson;
  return {
    source,
    ...(q.title ? { title: q.title } : {}),
    ...(q.category ? { category: q.category } : {}),
    ...(lesson ? { module: lesson.split('/')[0]!, lesson } : {}),
    notes: q.notes ?? [],
    flags: draftFlags(q.question),
    question: q.question,
  };
}

/** The course as category mapping sees it: modules with their Chinese titles and lessons. */
export type CourseOutline = readonly {
  slug: string;
  title: string;
  lessons: readonly { id: string; title: string }[];
}[];

/**
 * Map a Moodle category to a module and lesson of the course: a path ending in `<module>/<lesson>` slugs, or
 * segments naming a module or lesson by slug or Chinese title (「投诉处理/首问负责」). Nothing when nothing matches.
 */
export function mapCategory(category: string, course: CourseOutline): { module?: string; lesson?: string } {
  const segments = category
    .split('/')
    .map((s) => s.trim())
    .filter(Boolean);
  const lessons = course.flatMap((m) => m.lessons.map((l) => ({ ...l, module: m.slug, slug: l.id.split('/')[1]! })));
  for (const seg of [...segments].reverse()) {
    const lesson = lessons.find(
      (l) => l.title === seg || l.id === seg || (l.slug === seg && segments.includes(l.module)),
    );
    if (lesson) return { module: lesson.module, lesson: lesson.id };
  }
  const last2 = segments.slice(-2).join('/');
  const bySlug = lessons.find((l) => l.id === last2);
  if (bySlug) return { module: bySlug.module, lesson: bySlug.id };
  for (const seg of [...segments].reverse()) {
    const mod = course.find((m) => m.slug === seg || m.title === seg);
    if (mod) return { module: mod.slug };
  }
  return {};
}

/** The report with every item's category mapped to the course, and flags recomputed. */
export function mapCategories(report: ImportReport, course: CourseOutline): ImportReport {
  const known = new Set(course.flatMap((m) => m.lessons.map((l) => l.id)));
  return {
    ...report,
    items: report.items.map((it) => {
      const mapped = it.category ? mapCategory(it.category, course) : {};
      const lesson = mapped.lesson ?? (it.lesson && known.has(it.lesson) ? it.lesson : undefined);
      const module = lesson?.split('/')[0] ?? mapped.module;
      const question = { ...it.question, ...(lesson ? { lesson } : {}) };
      if (!lesson) delete question.lesson;
      const { module: _m, lesson: _l, ...rest } = it;
      return {
        ...rest,
        ...(module ? { module } : {}),
        ...(lesson ? { lesson } : {}),
        question,
        flags: draftFlags(question),
      };
    }),
  };
}

/** What the browser sends to turn previewed items into drafts: per item, the module and lesson chosen. */
export const draftChoiceSchema = z.strictObject({
  index: z.number().int().min(0).max(999),
  module: moduleSlugSchema,
  lesson: z
    .string()
    .regex(/^[a-z-]+\/[a-z0-9-]+$/)
    .optional(),
});

export const draftStatuses = ['draft', 'published', 'retired'] as const;
export type DraftStatus = (typeof draftStatuses)[number];
export { questionPools };

/** The report as text lines (Chinese), the same for the command line as the browser's preview shows it. */
export function reportLines(report: ImportReport, where = ''): string[] {
  const at = (s: SourceRef) => (where ? `${where}:${'line' in s ? s.line : `#${s.number}`}` : sourceLabel(s));
  const lines = report.items.flatMap((it) => {
    const remarks = [...it.flags, ...it.notes];
    return remarks.length ? [`- ${at(it.source)}: ${it.title ? `「${it.title}」` : ''}${remarks.join('；')}`] : [];
  });
  const problems = report.problems.map(
    (p) => `- ${at(p.source)}: ${p.title ? `「${p.title}」` : ''}未导入：${p.reason}`,
  );
  return [...problems, ...lines];
}

/** Chinese names of the question types (previews, lists, the editor). */
export const questionTypeLabels: Record<string, string> = {
  single: '单选',
  multiple: '多选',
  'true-false': '判断',
  ordering: '排序',
  matching: '配对',
  'fill-blank': '填空',
  scenario: '情境',
  listening: '听力',
  'audio-timestamp': '录音标记',
  'typed-reply': '自由作答',
};
