// Moodle GIFT <-> question bank conversion. Pure: no file system, no framework.
//
// Import mapping (answer weights: `=` is 100%, `~` is 0%, `%n%` overrides):
// - {T} {F} {TRUE} {FALSE}                        -> true-false
// - one answer at 100%, the rest 0%                -> single
// - one answer at 100%, others between 0% and 100% -> scenario (score = weight / 100; every answer needs #feedback)
// - equal positive weights adding up to 100%       -> multiple: all-or-nothing when every other answer is -100%,
//                                                     partial otherwise (Moodle's usual -100/k matches our partial rule)
// - {=a =b}                                        -> fill-blank with one blank (＿＿ where the block was, or at the end)
// - {=left -> right … = -> extra}                  -> matching (an empty left side is a distractor)
// - anything else (description, essay, numerical, other weights) -> a problem with its line number.
// General feedback (####) becomes the explanation. Our single, multiple, true-false, fill-blank and matching types
// have no per-answer feedback, so it is appended to the explanation as 「answer」：feedback lines.
// A block in the middle of the text leaves ＿＿ in its place (Moodle's missing-word format).
//
// Metadata that GIFT has no field for travels in places Moodle accepts:
// - `$CATEGORY: <module>/<lesson>` sets the lesson of the questions after it (the last two path segments are used,
//   so `$course$/top/service-mindset/01-why-service-matters` works too; other categories set no lesson);
// - a comment line `// [difficulty:hard] [tag:首问负责] [tag:转接]` before a question (Moodle reads [tag:…] too);
//   difficulty defaults to medium; `[pool:exam]` marks an exam-pool item (default practice, see question.ts);
// - the title ::…:: is exported as our question id and ignored on import (the importer assigns ids).
import { questionModule } from './question-types/index.ts';
import { giftEscape as esc } from './question-types/base.ts';
import { questionSchema, type Question, type QuestionPool } from './question-schema.ts';

/** Something that could not be imported, at the 1-based line where its question starts. */
export type GiftProblem = { line: number; message: string };

type WithoutId<T> = T extends unknown ? Omit<T, 'id' | 'lesson' | 'pool'> : never;
/** A question read from GIFT: no id yet, and a lesson only if a $CATEGORY line named one. */
export type QuestionDraft = WithoutId<Question> & { lesson?: string; pool?: QuestionPool };
/** One question of a GIFT file, with the line it starts on and its ::title:: if it had one. */
export type ParsedGiftQuestion = { line: number; title?: string; question: QuestionDraft };

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
const clean = (s: string) => restore(s.trim().replace(/^\[(html|markdown|plain|moodle)\]/, '')).trim();
const letter = (i: number) => String.fromCharCode(97 + i);

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + sep.length)];
}

/** Per-answer feedback that has no field of its own, appended to the explanation. */
function fold(general: string, feedback: [label: string, text: string][]): string {
  const quote = (label: string) => (/^「[^]*」$/.test(label) ? label : `「${label}」`);
  return [general, ...feedback.filter(([, f]) => f).map(([label, f]) => `${quote(label)}：${f}`)]
    .filter(Boolean)
    .join('\n');
}

type Block = { line: number; text: string; comments: string[]; lesson?: string };

/** Split the file into question blocks (blank-line separated), dropping comments and applying $CATEGORY lines. */
function blocks(text: string): Block[] {
  const out: Block[] = [];
  let lesson: string | undefined;
  let cur: { line: number; lines: string[]; comments: string[] } | undefined;
  const flush = () => {
    if (cur?.lines.length) out.push({ line: cur.line, text: cur.lines.join('\n'), comments: cur.comments, lesson });
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
        const id = line.slice(10).trim().split('/').slice(-2).join('/');
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

type Answer = { weight: number; text: string; feedback: string };

function readAnswers(body: string): Answer[] | string {
  if (!/^[=~]/.test(body)) return `answers must start with = or ~, found "${clean(body)}"`;
  const answers: Answer[] = [];
  for (const part of body.split(/(?=[=~])/)) {
    let rest = part.slice(1).trim();
    let weight = part[0] === '=' ? 100 : 0;
    const w = /^%(-?\d+(?:\.\d+)?)%/.exec(rest);
    if (w) [weight, rest] = [Number(w[1]), rest.slice(w[0].length)];
    else if (rest.startsWith('%')) return `answer weight not understood in "${clean(rest)}"`;
    const [text, feedback = ''] = splitOnce(rest, '#');
    answers.push({ weight, text: clean(text), feedback: clean(feedback) });
  }
  return answers;
}

type Common = Pick<QuestionDraft, 'difficulty' | 'tags' | 'lesson' | 'pool'>;

function choice(answers: Answer[], prompt: string, general: string, common: Common): QuestionDraft | string {
  const weights = answers.map((a) => a.weight);
  const options = answers.map((a, i) => ({ id: letter(i), text: a.text }));
  if (weights.some((w) => w > 100 || w < -100)) return 'answer weights must be between -100% and 100%';
  const full = weights.filter((w) => w === 100).length;
  const partial = weights.some((w) => w > 0 && w < 100);
  if (full === 1 && !weights.some((w) => w < 0)) {
    if (!partial) {
      const explanation = fold(
        general,
        answers.map((a) => [a.text, a.feedback]),
      );
      return { ...common, type: 'single', prompt, options, answer: letter(weights.indexOf(100)), explanation };
    }
    if (answers.some((a) => !a.feedback))
      return 'partial-credit answers make a scenario question, which needs feedback (#…) on every answer';
    const scored = answers.map((a, i) => ({
      id: letter(i),
      text: a.text,
      score: a.weight / 100,
      feedback: a.feedback,
    }));
    return { ...common, type: 'scenario', prompt, options: scored, explanation: general };
  }
  const right = weights.filter((w) => w > 0);
  const wrong = weights.filter((w) => w <= 0);
  if (right.length && right.every((w) => Math.abs(w - 100 / right.length) <= 1)) {
    return {
      ...common,
      type: 'multiple',
      prompt,
      options,
      answer: options.filter((_, i) => weights[i]! > 0).map((o) => o.id),
      scoring: wrong.length && wrong.every((w) => w === -100) ? 'all-or-nothing' : 'partial',
      explanation: fold(
        general,
        answers.map((a) => [a.text, a.feedback]),
      ),
    };
  }
  return `answer weights ${weights.map((w) => `${w}%`).join(', ')} fit no question type: use one 100% answer, or one 100% answer plus partial credit with feedback, or equal positive weights adding up to 100%`;
}

function parseBlock(b: Block): { title?: string; question: QuestionDraft } | string {
  const difficulty = /\[difficulty:([^\]]*)\]/.exec(b.comments.join(' '))?.[1]?.trim() ?? 'medium';
  if (!difficulties.includes(difficulty)) return `unknown difficulty "${difficulty}" (use easy, medium or hard)`;
  const tags = b.comments.flatMap((c) => [...c.matchAll(/\[tag:([^\]]+)\]/g)].map((m) => m[1]!.trim()));
  const pool = /\[pool:([^\]]*)\]/.exec(b.comments.join(' '))?.[1]?.trim() ?? 'practice';
  if (pool !== 'practice' && pool !== 'exam') return `unknown pool "${pool}" (use practice or exam)`;
  const common: Common = {
    difficulty: difficulty as Common['difficulty'],
    tags,
    ...(pool === 'exam' ? { pool } : {}),
    ...(b.lesson ? { lesson: b.lesson } : {}),
  };

  let rest = protect(b.text).trim();
  let title: string | undefined;
  if (rest.startsWith('::')) {
    const end = rest.indexOf('::', 2);
    if (end < 0) return 'the title is not closed with ::';
    [title, rest] = [clean(rest.slice(2, end)), rest.slice(end + 2)];
  }
  const open = rest.indexOf('{');
  if (open < 0) return 'description items (text without an answer block {…}) are not supported';
  const close = rest.indexOf('}', open);
  if (close < 0) return 'the answer block is not closed with }';
  const [before, after] = [rest.slice(0, open), rest.slice(close + 1)];
  if (after.includes('{')) return 'only one answer block per question is supported';
  const prompt = (blankAtEnd: boolean) =>
    clean(after.trim() ? before + BLANK + after : before + (blankAtEnd ? BLANK : ''));
  const [inner, generalRaw = ''] = splitOnce(rest.slice(open + 1, close), '####');
  const body = inner.trim();
  const general = clean(generalRaw);
  const done = (question: QuestionDraft | string) => (typeof question === 'string' ? question : { title, question });

  if (!body) return 'essay questions (empty answer block) are not supported';
  if (body.startsWith('#')) return 'numerical questions ({#…}) are not supported';
  const tf = /^(T|TRUE|F|FALSE)(#|$)/i.exec(body);
  if (tf && !body.includes('~')) {
    const answer = tf[1]!.toUpperCase().startsWith('T');
    // Moodle: the first feedback is shown for the wrong choice, the second for the right one.
    const [, wrongFeedback = '', rightFeedback = ''] = body.split('#').map(clean);
    const [wrongLabel, rightLabel] = answer ? ['错', '对'] : ['对', '错'];
    const explanation = fold(general, [
      [wrongLabel, wrongFeedback],
      [rightLabel, rightFeedback],
    ]);
    return done({ ...common, type: 'true-false', prompt: prompt(false), answer, explanation });
  }
  const answers = readAnswers(body);
  if (typeof answers === 'string') return answers;
  if (body.includes('~')) return done(choice(answers, prompt(false), general, common));
  if (answers.some((a) => a.weight !== 100)) return 'partial-credit short answers or matches (=%n%) are not supported';
  if (!body.includes('->')) {
    const explanation = fold(
      general,
      answers.map((a) => [a.text, a.feedback]),
    );
    return done({
      ...common,
      type: 'fill-blank',
      prompt: prompt(true),
      blanks: [{ accepted: answers.map((a) => a.text) }],
      explanation,
    });
  }
  const pairs: { id: string; left: string; right: string }[] = [];
  const distractors: string[] = [];
  for (const a of answers) {
    const [left, right] = splitOnce(a.text, '->');
    if (right === undefined) return `every matching answer needs "->", found "${a.text}"`;
    if (left.trim()) pairs.push({ id: letter(pairs.length), left: left.trim(), right: right.trim() });
    else distractors.push(right.trim());
  }
  const explanation = fold(
    general,
    answers.map((a) => [splitOnce(a.text, '->')[0].trim() || a.text, a.feedback]),
  );
  return done({ ...common, type: 'matching', prompt: prompt(false), pairs, distractors, explanation });
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
    if (typeof parsed === 'string') problems.push({ line: b.line, message: parsed });
    else questions.push({ line: b.line, ...parsed });
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
      problems.push({ line, message: 'no lesson: pass --lesson or put a $CATEGORY: <module>/<lesson> line before it' });
      continue;
    }
    const id = `${options.prefix}-${String(options.start + questions.length).padStart(3, '0')}`;
    const result = questionSchema.safeParse({ ...question, id, lesson });
    if (!result.success) {
      const issues = result.error.issues.map((i) => `${i.path.join('.') || '(question)'}: ${i.message}`);
      problems.push({ line, message: `not a valid question: ${issues.join('; ')}` });
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
