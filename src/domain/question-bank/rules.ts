// Pure rules of the question bank's import and review: what a draft still lacks (flags), whether it is a valid
// bank question, and the item-writing warnings shown as a trainer types (../shared/ITEM-WRITING.md; the surface-cue
// measures are src/domain/assessment/item-cues.ts and each type's `cues`/`checks`).
import { questionModule } from '../assessment/question-types/index.ts';
import { letterReference, measureItemCues } from '../assessment/item-cues.ts';
import { questionSchema, type Question } from '../assessment/question-schema.ts';

export const flagNoExplanation = '缺少解析';
export const flagNoFeedback = '缺少选项反馈';
export const flagNoLesson = '未指定课程';

type DraftLike = { type?: unknown; explanation?: unknown; lesson?: unknown; options?: unknown };

/** What a draft still lacks before it can be published (Chinese flags shown in the preview and the list). */
export function draftFlags(draft: DraftLike): string[] {
  const flags: string[] = [];
  if (typeof draft.explanation !== 'string' || [...draft.explanation.trim()].length < 8) flags.push(flagNoExplanation);
  if (draft.type === 'scenario' && Array.isArray(draft.options)) {
    if (
      draft.options.some((o: { feedback?: unknown }) => typeof o?.feedback !== 'string' || o.feedback.trim().length < 4)
    )
      flags.push(flagNoFeedback);
  }
  if (typeof draft.lesson !== 'string' || !draft.lesson) flags.push(flagNoLesson);
  return flags;
}

const fieldNames: Record<string, string> = {
  prompt: '题干',
  explanation: '解析',
  lesson: '课程',
  options: '选项',
  answer: '答案',
  pairs: '配对',
  distractors: '干扰项',
  items: '排序项',
  blanks: '填空',
  required: '要点',
  forbidden: '禁语',
  modelAnswer: '参考回复',
  difficulty: '难度',
  tags: '标签',
  audio: '录音',
  targets: '目标时段',
  question: '小题',
  feedback: '反馈',
  text: '文字',
  score: '得分',
  left: '左侧',
  right: '右侧',
  accepted: '可接受答案',
  label: '名称',
  phrasings: '说法',
};

/** A zod issue in Chinese words (the bank schema's own messages are English, for authors of the JSON files). */
function issueText(i: {
  code: string;
  message: string;
  minimum?: unknown;
  maximum?: unknown;
  origin?: unknown;
}): string {
  const unit = i.origin === 'string' ? ' 个字' : ' 项';
  if (i.code === 'too_small') return `太少（至少 ${String(i.minimum)}${unit}）`;
  if (i.code === 'too_big') return `太多（最多 ${String(i.maximum)}${unit}）`;
  if (i.code === 'invalid_type') return '缺少或格式不对';
  if (i.code === 'unrecognized_keys') return '有多余的字段';
  return i.message;
}

/** A zod path in Chinese words: options.2.feedback → 选项 3 · feedback. */
const pathLabel = (path: readonly PropertyKey[]) =>
  path.map((p) => (typeof p === 'number' ? String(p + 1) : (fieldNames[String(p)] ?? String(p)))).join(' · ') || '题目';

/**
 * The draft as a bank question with `id`, or the reasons it is not one yet (Chinese, one per problem): the bank
 * schema and the type's own checks (src/domain/assessment/question-types/<type>.ts `checks`).
 */
export function validateDraft(
  draft: Record<string, unknown>,
  id: string,
): { ok: true; question: Question } | { ok: false; problems: string[] } {
  const result = questionSchema.safeParse({ ...draft, id });
  if (!result.success) {
    const problems = result.error.issues.map((i) => {
      if (i.path[0] === 'explanation') return `${flagNoExplanation}：解析至少写 8 个字，说明为什么对、错在哪里`;
      if (i.path[0] === 'lesson') return `${flagNoLesson}：请选择这道题考查的课程`;
      return `${pathLabel(i.path)}：${issueText(i as Parameters<typeof issueText>[0])}`;
    });
    return { ok: false, problems: [...new Set(problems)] };
  }
  const checks = questionModule(result.data).checks(result.data);
  if (checks.length) return { ok: false, problems: checks.map((c) => `题目检查：${c}`) };
  return { ok: true, question: result.data };
}

/** Absolutes that act as a tell (ITEM-WRITING.md “Options”). */
const absolutes = /一定|永远|一律|绝不|绝对|所有情况|只要[^，。]*就/;

/**
 * Item-writing warnings for one item as it is being written (Chinese): the key is the strictly longest option,
 * absolutes, 「以上都对」, options referred to by letter or position, missing explanation, no lesson.
 * Works on a draft that is not yet a valid question (it reads what is there).
 */
export function itemWarnings(draft: Record<string, unknown>): string[] {
  const warnings: string[] = [];
  const flags = draftFlags(draft);
  if (flags.includes(flagNoExplanation)) warnings.push('缺少解析：写清楚为什么正确答案对、诱人的错误选项错在哪里');
  if (flags.includes(flagNoFeedback)) warnings.push('情境题的每个选项都需要反馈');
  const parsed = questionSchema.safeParse({
    ...draft,
    id: 'zz-001',
    explanation: String(draft.explanation ?? '') || '（暂无解析内容）',
    lesson: draft.lesson || 'x-x/x',
  });
  if (parsed.success) {
    const q = parsed.data;
    const figures = measureItemCues([q]);
    if (figures.keyLongest) warnings.push('正确答案是最长的选项：把干扰项写得一样具体，或缩短正确答案');
    if (figures.letterReferences.length)
      warnings.push('解析或反馈按字母或位置提到选项（如「B项」「以上都对」），但选项会被打乱');
    const facts = questionModule(q).cues(q);
    const optionTexts =
      facts.choice?.options.map((o) => o.text) ?? ('options' in q ? q.options.map((o) => o.text) : []);
    if (optionTexts.some((t) => /以上(?:都|均|皆)/.test(t))) warnings.push('不要用「以上都对」「以上都不对」这类选项');
    const absolute = optionTexts.filter((t) => absolutes.test(t));
    if (absolute.length)
      warnings.push(
        `选项里有绝对化用语（一定、永远、一律、绝不…），容易成为提示：${absolute.map((t) => `「${t}」`).join('、')}`,
      );
  } else {
    const texts = [
      draft.explanation,
      ...(Array.isArray(draft.options) ? draft.options.map((o: { feedback?: unknown }) => o?.feedback) : []),
    ];
    if (texts.some((t) => typeof t === 'string' && letterReference.test(t)))
      warnings.push('解析或反馈按字母或位置提到选项（如「B项」「以上都对」），但选项会被打乱');
  }
  return warnings;
}

/** A published item as the catalog needs it. */
export interface PublishedItem {
  module: string;
  status: 'active' | 'retired';
  question: Question;
}

/**
 * The quiz catalog with published items joined: active items are drawn from their module's bank (after the file
 * items, in id order, so a seed gives the same draw in every process); retired items are no longer drawn but stay
 * in `questions`, so attempts that drew them are still graded and reviewed against exactly what they showed.
 */
export function withPublished<
  C extends { banks: ReadonlyMap<string, readonly Question[]>; questions: ReadonlyMap<string, Question> },
>(catalog: C, published: readonly PublishedItem[]): C {
  if (!published.length) return catalog;
  const banks = new Map(catalog.banks);
  for (const item of [...published].sort((a, b) => a.question.id.localeCompare(b.question.id))) {
    if (item.status !== 'active') continue;
    banks.set(item.module, [...(banks.get(item.module) ?? []), item.question]);
  }
  const questions = new Map(catalog.questions);
  for (const item of published) if (!questions.has(item.question.id)) questions.set(item.question.id, item.question);
  return { ...catalog, banks, questions };
}

/** The next free published id of a module: `<prefix>-1001` and up, above every id already taken. */
export function nextPublishedId(prefix: string, taken: readonly string[]): string {
  const numbers = taken.filter((id) => id.startsWith(`${prefix}-`)).map((id) => Number(id.slice(prefix.length + 1)));
  const next = Math.max(1000, ...numbers.filter((n) => Number.isInteger(n))) + 1;
  return `${prefix}-${next}`;
}

/** Whether a draft question fits its record (question_drafts.question and published_questions.question hold 60 000 bytes). */
export function fitsDraft(question: unknown): boolean {
  return new TextEncoder().encode(JSON.stringify(question)).length <= 50_000;
}
