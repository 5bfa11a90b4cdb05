// Moodle GIFT <-> question bank conversion. Pure: no file system, no framework.
//
// Import mapping (answer weights: `=` is 100%, `~` is 0%, `%n%` overrides):
// - {T} {F} {TRUE} {FALSE}                        -> true-false
// - one answer at 100%, the rest 0% or below       -> single (negative weights are noted: our single has no penalty)
// - several answers at 100%                        -> single keyed on the first, noted for review
// - one answer at 100%, others between 0% and 100% -> scenario (score = weight / 100; missing feedback is flagged)
// - equal positive weights adding up to 100%       -> multiple: all-or-nothing when every other answer is -100%,
//                                                     partial otherwise (Moodle's usual -100/k matches our partial
//                                                     rule; other penalties are noted)
// - {=a =b}                                        -> fill-blank with one blank (＿＿ where the block was, or at the end);
//                                                     partial-credit answers are left out and noted, a wildcard `*`
//                                                     answer's feedback joins the explanation
// - {=left -> right … = -> extra}                  -> matching (an empty left side is a distractor)
// - anything else (description, essay, numerical, other weights) -> a problem with its line number.
// General feedback (####) becomes the explanation. Our single, multiple, true-false, fill-blank and matching types
// have no per-answer feedback, so it is appended to the explanation as 「answer」：feedback lines. An item without
// an explanation is still read (a draft flagged 缺少解析); the bank schema refuses it until one is written.
// A block in the middle of the text leaves ＿＿ in its place (Moodle's missing-word format).
// Text formats: a leading [html], [markdown], [plain] or [moodle] sets the format of the question text and of its
// answers (an answer may name its own); HTML is sanitised to plain text (src/domain/question-bank/text-format.ts).
//
// Metadata that GIFT has no field for travels in places Moodle accepts:
// - `$CATEGORY: <module>/<lesson>` sets the lesson of the questions after it (the last two path segments are used,
//   so `$course$/top/service-mindset/01-why-service-matters` works too); any category is kept as the item's
//   `category` so the importer can map it to a lesson by name;
// - a comment line `// [difficulty:hard] [tag:首问负责] [tag:转接]` before a question (Moodle reads [tag:…] too);
//   difficulty defaults to medium; `[pool:exam]` marks an exam-pool item (default practice, see question.ts);
// - the title ::…:: is exported as our question id and ignored on import (the importer assigns ids).
import { questionModule } from './question-types/index.ts';
import { giftEscape as esc } from './question-types/base.ts';
import { textFormat, toPlainText, type TextFormat } from '../question-bank/text-format.ts';
import { validateDraft } from '../question-bank/rules.ts';
import { questionSchema, type Question, type QuestionPool } from './question-schema.ts';

/** Something that could not be imported, at the 1-based line where its question starts (message in Chinese). */
export type GiftProblem = { line: number; message: string; title?: string };

type WithoutId<T> = T extends unknown ? Omit<T, 'id' | 'lesson' | 'pool'> : never;
/** A question read from GIFT: no id yet, and a lesson only if a $CATEGORY line named one. */
export type QuestionDraft = WithoutId<Question> & { lesson?: string; pool?: QuestionPool };
/**
 * One question of a GIFT file, with the line it starts on, its ::title:: if it had one, the $CATEGORY it stood
 * under and notes (Chinese) on what Moodle expressed that our types carry differently.
 */
export type ParsedGiftQuestion = {
  line: number;
  title?: string;
  category?: string;
  notes?: string[];
  question: QuestionDraft;
};

const BLANK = '＿＿';
const lessonPattern = /^[a-z-]+\/[a-z0-9-]+$/;
const difficulties: readonly string[] = ['easy', 'medium', 'hard'];
const specials = '\\~=#{}:';

// Escaped characters become private-use placeholders so the structure can be found with plain string search.
const protect = (s: string) =>
  s.replace(/\\([\\~=#{}:n])/g, (_, c: string) =>
    c === 'n' ? '\n' : String.fromCharCode(0xe000 + specials.indexOf(c)),
  );
const restore = (s: string) => s.replace(/[\ue000-\ue006]/g, (c) => specials[c.charCodeAt(0) - 0xe000]!);
const formatMarker = /^\[(html|markdown|plain|moodle)\]/;
const letter = (i: number) => String.fromCharCode(97 + i);

/** Reads texts of one question in its format, collecting notes about what plain text cannot carry. */
class TextReader {
  notes: string[] = [];
  format: TextFormat = 'moodle';
  read(raw: string): string {
    let s = raw.trim();
    let format = this.format;
    const m = formatMarker.exec(s);
    if (m) [format, s] = [textFormat(m[1])!, s.slice(m[0].length)];
    const plain = toPlainText(restore(s), format);
    for (const n of plain.notes) if (!this.notes.includes(n)) this.notes.push(n);
    return plain.text;
  }
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + sep.length)];
}

/** Per-answer feedback that has no field of its own, appended to the explanation. */
export function fold(general: string, feedback: [label: string, text: string][]): string {
  const quote = (label: string) => (/^「[^]*」$/.test(label) ? label : `「${label}」`);
  const lines = feedback.filter(([, f]) => f).map(([label, f]) => `${quote(label)}：${f}`);
  return [general, ...lines].filter(Boolean).join('\n');
}

type Block = { line: number; text: string; comments: string[]; lesson?: string; category?: string };

/** Split the file into question blocks (blank-line separated), dropping comments and applying $CATEGORY lines. */
function blocks(text: string): Block[] {
  const out: Block[] = [];
  let lesson: string | undefined;
  let category: string | undefined;
  let cur: { line: number; lines: string[]; comments: string[] } | undefined;
  const flush = () => {
    if (cur?.lines.length)
      out.push({ line: cur.line, text: cur.lines.join('\n'), comments: cur.comments, lesson, category });
    cur = undefined;
  };
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = raw.trim();
      if (!line) return flush();
      if (line.startsWith('$CATEGORY:')) {
        flush();
        category = line.slice(10).trim();
        const id = category.split('/').slice(-2).join('/');
        lesson = lessonPattern.test(id) ? id : undefined;
        return;
      }
      cur ??= { line: i + 1, lines: [], comments: [] };
      if (line.startsWith('//')) cur.comments.push(line);
      else {
        if (!cur.lines.length) cur.line = i + 1;
        cur.lines.push(raw);
      }
    });
  flush();
  return out;
}

/** One answer of a Moodle question: weight in percent, text and feedback (plain text). */
export type Answer = { weight: number; text: string; feedback: string };

function readAnswers(body: string, t: TextReader): Answer[] | string {
  if (!/^[=~]/.test(body)) return `答案要以 = 或 ~ 开头，这里是「${t.read(body)}」`;
  const answers: Answer[] = [];
  for (const part of body.split(/(?=[=~])/)) {
    let rest = part.slice(1).trim();
    let weight = part[0] === '=' ? 100 : 0;
    const w = /^%(-?\d+(?:\.\d+)?)%/.exec(rest);
    if (w) [weight, rest] = [Number(w[1]), rest.slice(w[0].length)];
    else if (rest.startsWith('%')) return `看不懂答案权重「${t.read(rest)}」`;
    const [text, feedback = ''] = splitOnce(rest, '#');
    answers.push({ weight, text: t.read(text), feedback: t.read(feedback) });
  }
  return answers;
}

export type Common = Pick<QuestionDraft, 'difficulty' | 'tags' | 'lesson' | 'pool'>;
export type Built = { question: QuestionDraft; notes?: string[] };
const pct = (w: number) => `${w}%`;

/** A Moodle multiple-choice item (GIFT or XML) as our single, scenario or multiple type, or why it fits none. */
export function choice(answers: Answer[], prompt: string, general: string, common: Common): Built | string {
  const weights = answers.map((a) => a.weight);
  const options = answers.map((a, i) => ({ id: letter(i), text: a.text }));
  if (weights.some((w) => w > 100 || w < -100)) return '答案权重要在 -100% 到 100% 之间';
  const full = weights.filter((w) => w === 100).length;
  const partial = weights.some((w) => w > 0 && w < 100);
  const negatives = weights.filter((w) => w < 0);
  const folded = () =>
    fold(
      general,
      answers.map((a) => [a.text, a.feedback]),
    );
  if (full >= 1 && !partial && (full > 1 || (negatives.length && negatives.length < answers.length - 1))) {
    // Moodle single-answer items: several full answers, or penalties on some wrong answers only.
    const notes = [];
    if (full > 1) notes.push(`原题有 ${full} 个满分答案，本系统单选只有一个正确选项，已取第一个，请核对`);
    if (negatives.length) notes.push(`原题答错扣分（${negatives.map(pct).join('、')}），本系统单选答错得 0 分`);
    const answer = letter(weights.indexOf(100));
    return { question: { ...common, type: 'single', prompt, options, answer, explanation: folded() }, notes };
  }
  if (full === 1 && !negatives.length) {
    if (!partial)
      return {
        question: {
          ...common,
          type: 'single',
          prompt,
          options,
          answer: letter(weights.indexOf(100)),
          explanation: folded(),
        },
      };
    const scored = answers.map((a, i) => ({
      id: letter(i),
      text: a.text,
      score: a.weight / 100,
      feedback: a.feedback,
    }));
    return { question: { ...common, type: 'scenario', prompt, options: scored, explanation: general } };
  }
  const right = weights.filter((w) => w > 0);
  const wrong = weights.filter((w) => w <= 0);
  if (right.length && right.every((w) => Math.abs(w - 100 / right.length) <= 1)) {
    const allOrNothing = wrong.length > 0 && wrong.every((w) => w === -100);
    const penalty = -100 / right.length;
    const odd = allOrNothing ? [] : [...new Set(wrong.filter((w) => w < 0 && Math.abs(w - penalty) > 1))];
    const notes = odd.length
      ? [
          `原题选错扣 ${odd.map(pct).join('、')}，本系统按部分得分计分（每选错一项扣 ${Number((-penalty).toFixed(2))}%）`,
        ]
      : [];
    const answer = options.filter((_, i) => weights[i]! > 0).map((o) => o.id);
    const scoring = allOrNothing ? 'all-or-nothing' : 'partial';
    return {
      question: { ...common, type: 'multiple', prompt, options, answer, scoring, explanation: folded() },
      notes,
    };
  }
  return `答案权重 ${weights.map(pct).join('、')} 对不上任何题型：单选要有一个 100% 的答案；情境题要有一个 100% 的答案，其余可得部分分；多选的正确答案权重相等、合计 100%`;
}

/** A Moodle short-answer item as fill-blank: full-credit answers are accepted, a wildcard `*` carries feedback. */
export function shortAnswer(answers: Answer[], prompt: string, general: string, common: Common): Built | string {
  const wildcard = answers.filter((a) => a.text === '*');
  const accepted = answers.filter((a) => a.text !== '*' && a.weight === 100);
  const partialAnswers = answers.filter((a) => a.text !== '*' && a.weight !== 100);
  if (!accepted.length) return '简答题没有 100% 的答案';
  const notes = partialAnswers.length
    ? [`部分得分答案（${partialAnswers.map((a) => `「${a.text}」${pct(a.weight)}`).join('、')}）未计入正确答案`]
    : [];
  if (wildcard.length) notes.push('通配答案 * 的反馈已并入解析');
  const feedback: [string, string][] = [
    ...accepted.map((a): [string, string] => [a.text, a.feedback]),
    ...wildcard.map((a): [string, string] => ['其他答案', a.feedback]),
  ];
  const blanks = [{ accepted: accepted.map((a) => a.text) }];
  return { question: { ...common, type: 'fill-blank', prompt, blanks, explanation: fold(general, feedback) }, notes };
}

function parseBlock(b: Block): { title?: string; question: QuestionDraft; notes: string[] } | string {
  const difficulty = /\[difficulty:([^\]]*)\]/.exec(b.comments.join(' '))?.[1]?.trim() ?? 'medium';
  if (!difficulties.includes(difficulty)) return `难度「${difficulty}」无法识别（用 easy、medium 或 hard）`;
  const tags = b.comments.flatMap((c) => [...c.matchAll(/\[tag:([^\]]+)\]/g)].map((m) => m[1]!.trim()));
  const pool = /\[pool:([^\]]*)\]/.exec(b.comments.join(' '))?.[1]?.trim() ?? 'practice';
  if (pool !== 'practice' && pool !== 'exam') return `题库「${pool}」无法识别（用 practice 或 exam）`;
  const common: Common = {
    difficulty: difficulty as Common['difficulty'],
    tags,
    ...(pool === 'exam' ? { pool } : {}),
    ...(b.lesson ? { lesson: b.lesson } : {}),
  };

  let rest = protect(b.text).trim();
  let title: string | undefined;
  const t = new TextReader();
  if (rest.startsWith('::')) {
    const end = rest.indexOf('::', 2);
    if (end < 0) return '题目名称缺少结尾的 ::';
    [title, rest] = [t.read(rest.slice(2, end)), rest.slice(end + 2).trim()];
  }
  const marker = formatMarker.exec(rest);
  if (marker) [t.format, rest] = [textFormat(marker[1])!, rest.slice(marker[0].length)];
  const open = rest.indexOf('{');
  if (open < 0) return '说明文字（没有答案块 {…}）不是题目，不导入';
  const close = rest.indexOf('}', open);
  if (close < 0) return '答案块缺少结尾的 }';
  const [before, after] = [rest.slice(0, open), rest.slice(close + 1)];
  if (after.includes('{')) return '一道题只能有一个答案块（多个空的完形填空题暂不支持）';
  const prompt = (blankAtEnd: boolean) =>
    t.read(after.trim() ? before + BLANK + after : before + (blankAtEnd ? BLANK : ''));
  const [inner, generalRaw = ''] = splitOnce(rest.slice(open + 1, close), '####');
  const body = inner.trim();
  const general = t.read(generalRaw);
  const done = (built: Built | string) =>
    typeof built === 'string'
      ? built
      : { title, question: built.question, notes: [...(built.notes ?? []), ...t.notes] };

  if (!body) return '问答题（空答案块）需要人工评分，本系统不支持';
  if (body.startsWith('#')) return '数值题（{#…}）本系统不支持';
  const tf = /^(T|TRUE|F|FALSE)(#|$)/i.exec(body);
  if (tf && !body.includes('~')) {
    const answer = tf[1]!.toUpperCase().startsWith('T');
    // Moodle: the first feedback is shown for the wrong choice, the second for the right one.
    const [, wrongFeedback = '', rightFeedback = ''] = body.split('#').map((x) => t.read(x));
    const [wrongLabel, rightLabel] = answer ? ['错', '对'] : ['对', '错'];
    const explanation = fold(general, [
      [wrongLabel, wrongFeedback],
      [rightLabel, rightFeedback],
    ]);
    return done({ question: { ...common, type: 'true-false', prompt: prompt(false), answer, explanation } });
  }
  const answers = readAnswers(body, t);
  if (typeof answers === 'string') return answers;
  if (body.includes('~')) return done(choice(answers, prompt(false), general, common));
  if (!body.includes('->')) {
    return done(shortAnswer(answers, prompt(true), general, common));
  }
  if (answers.some((a) => a.weight !== 100)) return '配对题的答案不能有部分得分（=%n%）';
  const pairs: { id: string; left: string; right: string }[] = [];
  const distractors: string[] = [];
  for (const a of answers) {
    const [left, right] = splitOnce(a.text, '->');
    if (right === undefined) return `配对题的每个答案都要有「->」，这里是「${a.text}」`;
    if (left.trim()) pairs.push({ id: letter(pairs.length), left: left.trim(), right: right.trim() });
    else distractors.push(right.trim());
  }
  const explanation = fold(
    general,
    answers.map((a) => [splitOnce(a.text, '->')[0].trim() || a.text, a.feedback]),
  );
  return done({ question: { ...common, type: 'matching', prompt: prompt(false), pairs, distractors, explanation } });
}

/**
 * Parse a Moodle GIFT file. Every question block becomes either a question or a problem naming the line the
 * block starts on; nothing is dropped silently.
 */
export function parseGift(text: string): { questions: ParsedGiftQuestion[]; problems: GiftProblem[] } {
  const questions: ParsedGiftQuestion[] = [];
  const problems: GiftProblem[] = [];
  for (const b of blocks(text)) {
    const parsed = parseBlock(b);
    if (typeof parsed === 'string') {
      const title = /^::(.*?)::/.exec(b.text.trim())?.[1]?.trim();
      problems.push({ line: b.line, message: parsed, ...(title ? { title } : {}) });
    } else {
      const { title, question, notes } = parsed;
      questions.push({
        line: b.line,
        ...(title !== undefined ? { title } : {}),
        ...(b.category !== undefined ? { category: b.category } : {}),
        ...(notes.length ? { notes } : {}),
        question,
      });
    }
  }
  return { questions, problems };
}

/**
 * Turn parsed questions into bank questions: ids `<prefix>-NNN` counting up from `start` (only accepted questions
 * use an id), the lesson from $CATEGORY or `lesson`, and a check against the question schema.
 */
export function toQuestions(
  parsed: ParsedGiftQuestion[],
  options: { prefix: string; start: number; lesson?: string },
): { questions: Question[]; problems: GiftProblem[] } {
  const questions: Question[] = [];
  const problems: GiftProblem[] = [];
  for (const { line, question } of parsed) {
    const lesson = question.lesson ?? options.lesson;
    if (!lesson) {
      problems.push({ line, message: '没有课程：用 --lesson 指定，或在题目前加 $CATEGORY: <module>/<lesson>' });
      continue;
    }
    const id = `${options.prefix}-${String(options.start + questions.length).padStart(3, '0')}`;
    const result = questionSchema.safeParse({ ...question, id, lesson });
    if (!result.success) {
      const check = validateDraft({ ...question, lesson }, id);
      problems.push({ line, message: check.ok ? '题目不完整' : check.problems.join('；') });
      continue;
    }
    const q = result.data;
    // Same key order as the hand-written banks.
    questions.push(
      Object.assign(
        { id: q.id, type: q.type, difficulty: q.difficulty, lesson: q.lesson, tags: q.tags, prompt: q.prompt },
        q,
      ),
    );
  }
  return { questions, problems };
}

/** The GIFT text of one question (without metadata), or why it has no GIFT form (each type's `gift`). */
function giftBody(q: Question): string | { reason: string } {
  return questionModule(q).gift(q);
}

/**
 * Write questions as GIFT: `$CATEGORY: <lesson>` whenever the lesson changes, a `// [difficulty:…] [tag:…]`
 * comment, the id as ::title::, and the explanation as general feedback. Types GIFT cannot express are skipped.
 */
export function toGift(questions: Question[]): { text: string; skipped: { id: string; reason: string }[] } {
  const chunks: string[] = [];
  const skipped: { id: string; reason: string }[] = [];
  let lesson: string | undefined;
  for (const q of questions) {
    const body = giftBody(q);
    if (typeof body !== 'string') {
      skipped.push({ id: q.id, reason: body.reason });
      continue;
    }
    if (q.lesson !== lesson) chunks.push(`$CATEGORY: ${(lesson = q.lesson)}`);
    const meta = `// [difficulty:${q.difficulty}]${q.pool === 'exam' ? ' [pool:exam]' : ''}${q.tags.map((t) => ` [tag:${t}]`).join('')}`;
    chunks.push(`${meta}\n::${esc(q.id)}::${body}`);
  }
  return { text: chunks.length ? `${chunks.join('\n\n')}\n` : '', skipped };
}
