// Moodle XML <-> question bank conversion. Pure: no file system, no framework.
//
// Import (Moodle's own export format): `<question type="category">` sets the category of the questions after it
// (its last two path segments name the lesson when they look like `<module>/<lesson>`); multichoice, truefalse,
// shortanswer, matching and ordering map like their GIFT forms (src/domain/assessment/gift.ts: weights, penalties, wildcard
// feedback, matching distractors = subquestions with an empty text); essay, numerical, calculated*, description,
// multianswer (cloze), drag-and-drop and random items are problems naming the question number. Text formats html,
// markdown, plain_text and moodle_auto_format are read as plain text (HTML sanitised). Tags `difficulty:<level>` and
// `pool:exam` carry our metadata; other tags are kept.
//
// Export writes one category per lesson ($course$/top/<module>/<lesson>), each item's id as <name> and <idnumber>,
// plain-text formats, and the tags above; types Moodle XML has no form for (typed reply, listening, audio
// timestamp, fill-blank with several blanks) are listed with a reason.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  choice,
  fold,
  shortAnswer,
  type Answer,
  type Built,
  type Common,
  type ParsedGiftQuestion,
} from '../assessment/gift.ts';
import { blankMarker } from '../assessment/question-types/base.ts';
import type { Question } from '../assessment/question-schema.ts';
import { textFormat, toPlainText } from './text-format.ts';

/** A question of a Moodle XML file: its 1-based number among the file's questions (categories not counted). */
export type ParsedXmlQuestion = Omit<ParsedGiftQuestion, 'line'> & { number: number };
export type XmlProblem = { number: number; title?: string; message: string };

type Node = Record<string, unknown>;
const lessonPattern = /^[a-z-]+\/[a-z0-9-]+$/;
const arrays = new Set(['question', 'answer', 'subquestion', 'tag']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => arrays.has(name),
});

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const node = (v: unknown): Node => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Node) : {});
const list = (v: unknown): Node[] => (Array.isArray(v) ? v.map(node) : v === undefined ? [] : [node(v)]);
const letter = (i: number) => String.fromCharCode(97 + i);

const unsupported: Record<string, string> = {
  essay: '问答题需要人工评分，本系统不支持',
  numerical: '数值题本系统不支持',
  calculated: '计算题本系统不支持',
  calculatedsimple: '计算题本系统不支持',
  calculatedmulti: '计算题本系统不支持',
  description: '说明文字不是题目，不导入',
  multianswer: '完形填空（Cloze）题本系统不支持',
  ddwtos: '拖放填词题本系统不支持',
  ddimageortext: '拖放图片题本系统不支持',
  ddmarker: '拖放标记题本系统不支持',
  gapselect: '下拉选词题本系统不支持',
  randomsamatch: '随机简答配对题需要题库里的其他题，本系统不支持',
  random: '随机题只是抽题规则，不是题目',
};

/** Reads the text fields of one question, collecting notes on what plain text cannot carry. */
function textReader() {
  const notes: string[] = [];
  const read = (field: unknown, fallbackFormat?: string): string => {
    const n = node(field);
    const format = textFormat(str(n['@format']) || fallbackFormat) ?? 'html';
    const plain = toPlainText(str(n.text), format);
    for (const note of plain.notes) if (!notes.includes(note)) notes.push(note);
    return plain.text;
  };
  return { notes, read };
}

function parseQuestion(q: Node, category: string | undefined): (Built & { title?: string }) | string {
  const type = str(q['@type']);
  if (unsupported[type]) return unsupported[type]!;
  const t = textReader();
  const title = t.read(q.name, 'plain') || undefined;
  const tags = list(node(q.tags).tag)
    .map((tag) => str(tag.text).trim())
    .filter(Boolean);
  const difficulty = tags.find((x) => x.startsWith('difficulty:'))?.slice(11) ?? 'medium';
  if (!['easy', 'medium', 'hard'].includes(difficulty))
    return `难度「${difficulty}」无法识别（用 easy、medium 或 hard）`;
  const pool = tags.includes('pool:exam') ? 'exam' : undefined;
  const lessonPath = category?.split('/').slice(-2).join('/');
  const common: Common = {
    difficulty: difficulty as Common['difficulty'],
    tags: tags.filter((x) => !x.startsWith('difficulty:') && !x.startsWith('pool:')),
    ...(pool ? { pool } : {}),
    ...(lessonPath && lessonPattern.test(lessonPath) ? { lesson: lessonPath } : {}),
  };
  const qFormat = str(node(q.questiontext)['@format']);
  const prompt = t.read(q.questiontext);
  const general = t.read(q.generalfeedback, qFormat);
  const answers = (): Answer[] =>
    list(q.answer).map((a) => ({
      weight: Number(str(a['@fraction']) || 0),
      text: t.read(a, str(a['@format']) || qFormat),
      feedback: t.read(a.feedback, qFormat),
    }));
  const withTitle = (built: Built | string) =>
    typeof built === 'string' ? built : { ...built, title, notes: [...(built.notes ?? []), ...t.notes] };

  switch (type) {
    case 'multichoice': {
      const all = answers();
      if (all.some((a) => Number.isNaN(a.weight))) return '看不懂答案的 fraction 权重';
      return withTitle(choice(all, prompt, general, common));
    }
    case 'truefalse': {
      const all = answers();
      const right = all.find((a) => a.weight === 100);
      if (!right || !['true', 'false'].includes(right.text.toLowerCase()))
        return '判断题要有一个 100% 的 true 或 false 答案';
      const answer = right.text.toLowerCase() === 'true';
      const label = (a: Answer) => (a.text.toLowerCase() === 'true' ? '对' : '错');
      const explanation = fold(
        general,
        all.map((a) => [label(a), a.feedback]),
      );
      return withTitle({ question: { ...common, type: 'true-false', prompt, answer, explanation } });
    }
    case 'shortanswer': {
      const blanked = new RegExp(blankMarker.source).test(prompt) ? prompt : `${prompt}＿＿`;
      return withTitle(shortAnswer(answers(), blanked, general, common));
    }
    case 'matching': {
      const pairs: { id: string; left: string; right: string }[] = [];
      const distractors: string[] = [];
      for (const sub of list(q.subquestion)) {
        const left = t.read(sub, qFormat);
        const right = str(list(sub.answer)[0]?.text).trim();
        if (!right) return '配对题的每个小题都要有答案';
        if (left) pairs.push({ id: letter(pairs.length), left, right });
        else distractors.push(right);
      }
      return withTitle({ question: { ...common, type: 'matching', prompt, pairs, distractors, explanation: general } });
    }
    case 'ordering': {
      // qtype_ordering lists the items in their correct order.
      const items = list(q.answer).map((a, i) => ({ id: letter(i), text: t.read(a, qFormat) }));
      return withTitle({ question: { ...common, type: 'ordering', prompt, items, explanation: general } });
    }
    default:
      return `题型「${type || '未知'}」本系统不支持`;
  }
}

/** Parse a Moodle XML file. Every <question> is a question or a problem naming its number; nothing is dropped. */
export function parseMoodleXml(text: string): { questions: ParsedXmlQuestion[]; problems: XmlProblem[] } {
  const source = text.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(source);
  if (valid !== true) {
    const { msg, line } = valid.err;
    return { questions: [], problems: [{ number: 0, message: `不是有效的 XML 文件（第 ${line} 行）：${msg}` }] };
  }
  const doc = node(parser.parse(source));
  if (!('quiz' in doc))
    return { questions: [], problems: [{ number: 0, message: '不是 Moodle XML 题库：缺少 <quiz> 根元素' }] };
  const questions: ParsedXmlQuestion[] = [];
  const problems: XmlProblem[] = [];
  let category: string | undefined;
  let number = 0;
  for (const q of list(node(doc.quiz).question)) {
    if (str(q['@type']) === 'category') {
      category =
        str(node(q.category).text)
          .trim()
          .replace(/^\$(course|system|module|cat\d*)\$\/(top\/)?/, '') || undefined;
      continue;
    }
    number++;
    const parsed = parseQuestion(q, category);
    if (typeof parsed === 'string') {
      const title = str(node(q.name).text).trim();
      problems.push({ number, ...(title ? { title } : {}), message: parsed });
      continue;
    }
    const { title, question, notes } = parsed;
    questions.push({
      number,
      ...(title ? { title } : {}),
      ...(category ? { category } : {}),
      ...(notes?.length ? { notes } : {}),
      question,
    });
  }
  return { questions, problems };
}

const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
const textEl = (s: string) => `<text>${cdata(s)}</text>`;
const field = (name: string, s: string, attrs = '') =>
  `    <${name}${attrs} format="plain_text">${textEl(s)}</${name}>`;
const num = (n: number) => String(Number(n.toFixed(5)));

function answerEl(fraction: number, text: string, feedback = '') {
  const fb = feedback ? `<feedback format="plain_text">${textEl(feedback)}</feedback>` : '';
  return `    <answer fraction="${num(fraction)}" format="plain_text">${textEl(text)}${fb}</answer>`;
}

/** The XML body (type and elements) of one question, or why Moodle XML has no form for it. */
function xmlBody(q: Question): { type: string; lines: string[] } | { reason: string } {
  switch (q.type) {
    case 'single':
      return {
        type: 'multichoice',
        lines: ['    <single>true</single>', ...q.options.map((o) => answerEl(o.id === q.answer ? 100 : 0, o.text))],
      };
    case 'multiple': {
      const right = 100 / q.answer.length;
      const wrong = q.scoring === 'partial' ? -right : -100;
      const lines = q.options.map((o) => answerEl(q.answer.includes(o.id) ? right : wrong, o.text));
      return { type: 'multichoice', lines: ['    <single>false</single>', ...lines] };
    }
    case 'scenario':
      if (q.options.filter((o) => o.score === 1).length !== 1) return { reason: '情境题要有且只有一个满分选项' };
      return {
        type: 'multichoice',
        lines: ['    <single>true</single>', ...q.options.map((o) => answerEl(o.score * 100, o.text, o.feedback))],
      };
    case 'true-false':
      return {
        type: 'truefalse',
        lines: [answerEl(q.answer ? 100 : 0, 'true'), answerEl(q.answer ? 0 : 100, 'false')],
      };
    case 'fill-blank': {
      const blanks = q.prompt.match(blankMarker)?.length ?? 0;
      if (q.blanks.length !== 1 || blanks > 1) return { reason: `${q.blanks.length} 个空：Moodle 简答题只有一个答案` };
      return {
        type: 'shortanswer',
        lines: ['    <usecase>0</usecase>', ...q.blanks[0]!.accepted.map((a) => answerEl(100, a))],
      };
    }
    case 'matching': {
      const sub = (left: string, right: string) =>
        `    <subquestion format="plain_text">${textEl(left)}<answer>${textEl(right)}</answer></subquestion>`;
      return {
        type: 'matching',
        lines: [
          '    <shuffleanswers>true</shuffleanswers>',
          ...q.pairs.map((p) => sub(p.left, p.right)),
          ...q.distractors.map((d) => sub('', d)),
        ],
      };
    }
    case 'ordering':
      return { type: 'ordering', lines: q.items.map((item, i) => answerEl(i + 1, item.text)) };
    case 'typed-reply':
      return { reason: '自由作答题按要点和禁语判分，Moodle XML 没有对应题型' };
    case 'listening':
    case 'audio-timestamp':
      return { reason: '听力题需要录音文件，Moodle XML 导出不带录音' };
  }
}

/** Write questions as Moodle XML; the items it cannot express are listed with a reason (Chinese). */
export function toMoodleXml(questions: readonly Question[]): {
  text: string;
  skipped: { id: string; reason: string }[];
} {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<quiz>'];
  const skipped: { id: string; reason: string }[] = [];
  let lesson: string | undefined;
  for (const q of questions) {
    const body = xmlBody(q);
    if ('reason' in body) {
      skipped.push({ id: q.id, reason: body.reason });
      continue;
    }
    if (q.lesson !== lesson) {
      lesson = q.lesson;
      out.push(
        `  <question type="category">\n    <category>${textEl(`$course$/top/${q.lesson}`)}</category>\n  </question>`,
      );
    }
    const tags = [...q.tags, `difficulty:${q.difficulty}`, ...(q.pool === 'exam' ? ['pool:exam'] : [])];
    out.push(
      [
        `  <question type="${body.type}">`,
        `    <name>${textEl(q.id)}</name>`,
        field('questiontext', q.prompt),
        field('generalfeedback', q.explanation),
        '    <defaultgrade>1</defaultgrade>',
        `    <idnumber>${q.id}</idnumber>`,
        ...body.lines,
        `    <tags>${tags.map((tag) => `<tag>${textEl(tag)}</tag>`).join('')}</tags>`,
        '  </question>',
      ].join('\n'),
    );
  }
  out.push('</quiz>', '');
  return { text: out.join('\n'), skipped };
}
