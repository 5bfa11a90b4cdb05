// Both Moodle import parsers (GIFT and Moodle XML) on Moodle-style Chinese fixtures, category mapping, text
// formats, item-writing warnings, and the Moodle XML export's round trip.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { courseOutlineFromFiles } from '../../src/domain/course/files.ts';
import { parseGift, toGift } from '../../src/domain/assessment/gift.ts';
import { parseMoodleXml, toMoodleXml } from '../../src/domain/question-bank/moodle-xml.ts';
import { draftFlags, itemWarnings, validateDraft } from '../../src/domain/question-bank/rules.ts';
import { mapCategories, mapCategory, readImportFile, sourceLabel } from '../../src/domain/question-bank/schema.ts';
import { htmlToText } from '../../src/domain/question-bank/text-format.ts';
import { bankSchema, type Question } from '../../src/domain/assessment/question-schema.ts';

const fixture = (path: string) => readFileSync(join('tests/unit/fixtures', path), 'utf8');
const course = courseOutlineFromFiles(process.cwd());

describe('GIFT as Moodle exports it (moodle-complaints.gift)', () => {
  const report = mapCategories(readImportFile(fixture('gift/moodle-complaints.gift'), 'bank.gift'), course);
  const byTitle = (t: string) => report.items.find((i) => i.title === t)!;

  it('lists every item with its line, and every unsupported one with its line and reason', () => {
    expect(report.format).toBe('gift');
    expect(report.items.map((i) => [sourceLabel(i.source), i.title])).toEqual([
      ['第 6 行', 'Q01 情绪先行'],
      ['第 13 行', 'Q02 缺解析'],
      ['第 19 行', 'Q03 判断-T'],
      ['第 21 行', 'Q04 判断-TRUE 带反馈'],
      ['第 26 行', 'Q05 负分多选'],
      ['第 34 行', 'Q06 单选负分'],
      ['第 41 行', 'Q07 情境题'],
      ['第 51 行', 'Q08 简答通配'],
      ['第 58 行', 'Q09 配对干扰项'],
      ['第 72 行', 'Q13 HTML 图片'],
    ]);
    expect(report.problems).toEqual([
      { source: { line: 66 }, title: 'Q10 问答', reason: '问答题（空答案块）需要人工评分，本系统不支持' },
      { source: { line: 68 }, title: 'Q11 数值', reason: '数值题（{#…}）本系统不支持' },
      { source: { line: 70 }, title: 'Q12 说明', reason: '说明文字（没有答案块 {…}）不是题目，不导入' },
    ]);
  });

  it('maps categories naming a lesson by its Chinese title, and leaves the others unmapped', () => {
    expect(byTitle('Q01 情绪先行')).toMatchObject({
      module: 'complaint-handling',
      lesson: 'complaint-handling/02-feelings-first',
    });
    expect(byTitle('Q05 负分多选').lesson).toBe('complaint-handling/03-listening-and-apology');
    const unmapped = byTitle('Q08 简答通配');
    expect(unmapped.category).toBe('$course$/top/默认/历年考题');
    expect(unmapped.lesson).toBeUndefined();
    expect(unmapped.flags).toContain('未指定课程');
  });

  it('keeps items without feedback as drafts flagged 缺少解析 instead of refusing them', () => {
    expect(byTitle('Q02 缺解析').flags).toEqual(['缺少解析']);
    expect(byTitle('Q03 判断-T')).toMatchObject({
      flags: ['缺少解析'],
      question: { type: 'true-false', answer: true },
    });
    expect(byTitle('Q07 情境题').flags).toEqual(['缺少选项反馈']);
  });

  it('reads T/TRUE/FALSE with Moodle’s feedback order (wrong, then right) and the general feedback', () => {
    expect(byTitle('Q04 判断-TRUE 带反馈').question).toMatchObject({
      type: 'true-false',
      answer: false,
      explanation:
        '打断客户会让客户觉得不被尊重，通话反而更长。\n「对」：这样做客户会更不满。\n「错」：对，打断会激化矛盾。',
    });
  });

  it('carries weights: negative weights in multiple response, penalties in single choice noted, partial credit as scenario', () => {
    expect(byTitle('Q05 负分多选').question).toMatchObject({
      type: 'multiple',
      answer: ['a', 'b'],
      scoring: 'partial',
      difficulty: 'hard',
      tags: ['道歉'],
    });
    expect(byTitle('Q05 负分多选').notes).toEqual([]);
    expect(byTitle('Q06 单选负分')).toMatchObject({
      question: { type: 'single', answer: 'a' },
      notes: ['原题答错扣分（-25%），本系统单选答错得 0 分'],
    });
    expect(byTitle('Q07 情境题').question).toMatchObject({
      type: 'scenario',
      options: [{ score: 1 }, { score: 0.5 }, { score: 0.2 }, { score: 0, feedback: '' }],
    });
  });

  it('folds wildcard feedback into the explanation and reports partial-credit short answers', () => {
    expect(byTitle('Q08 简答通配')).toMatchObject({
      question: {
        type: 'fill-blank',
        blanks: [{ accepted: ['迎声', '迎接声'] }],
        explanation: '「迎声」：对，来有迎声。\n「其他答案」：不对，想一想「来有迎声」。',
      },
      notes: ['部分得分答案（「问候声」50%）未计入正确答案', '通配答案 * 的反馈已并入解析'],
    });
  });

  it('keeps matching distractors', () => {
    expect(byTitle('Q09 配对干扰项').question).toMatchObject({ type: 'matching', distractors: ['让客户自己上网查'] });
  });

  it('reads [html] (sanitised: no tags, no script), [markdown], [plain] and [moodle]', () => {
    expect(byTitle('Q01 情绪先行').question.prompt).toBe(
      '客户来电：「我已经打了三次电话，你们到底管不管？」坐席第一句话最合适的是？',
    );
    expect(byTitle('Q13 HTML 图片')).toMatchObject({
      question: { prompt: '看图回答： 图中哪一步是「复述确认」？' },
      notes: ['原题含图片，导入后只保留文字，请核对题意'],
    });
    expect(byTitle('Q05 负分多选').question.prompt).toBe('下列哪些属于有效倾听的表现？');
    expect(byTitle('Q08 简答通配').question.prompt).toBe('客户来电时坐席要有的「五声」之一叫什么声？＿＿');
    expect(byTitle('Q03 判断-T').question.prompt).toBe('客户情绪激动时，坐席先安抚情绪再处理问题。');
  });
});

describe('Moodle XML as Moodle exports it (moodle-complaints.xml)', () => {
  const report = mapCategories(readImportFile(fixture('moodle/moodle-complaints.xml'), 'bank.xml'), course);
  const byTitle = (t: string) => report.items.find((i) => i.title === t)!;

  it('numbers questions (categories not counted) and reports unsupported types with their number', () => {
    expect(report.format).toBe('moodle-xml');
    expect(report.items.map((i) => [sourceLabel(i.source), i.title, i.question.type])).toEqual([
      ['第 1 题', '首问-转接', 'single'],
      ['第 2 题', '首问-判断', 'true-false'],
      ['第 3 题', '首问-多选负分', 'multiple'],
      ['第 4 题', '五声-简答', 'fill-blank'],
      ['第 5 题', '礼貌用语配对', 'matching'],
    ]);
    expect(report.problems).toEqual([
      { source: { number: 6 }, title: '论述', reason: '问答题需要人工评分，本系统不支持' },
      { source: { number: 7 }, title: '接听时限', reason: '数值题本系统不支持' },
      { source: { number: 8 }, title: '拖放', reason: '拖放填词题本系统不支持' },
    ]);
  });

  it('maps the category to the lesson of that name and keeps the rest unmapped', () => {
    expect(byTitle('首问-转接').lesson).toBe('service-etiquette/05-first-contact-responsibility');
    expect(byTitle('五声-简答').lesson).toBeUndefined();
  });

  it('reads html, markdown, plain_text and moodle_auto_format; feedback and general feedback join the explanation', () => {
    expect(byTitle('首问-转接').question).toMatchObject({
      prompt: '客户的问题需要转到装维部门，坐席首先应该怎么做？',
      answer: 'a',
      tags: ['首问负责'],
      explanation:
        '首问负责：转接前先向客户说明原因和去向，并留下跟进方式。\n「直接转接，节省客户时间」：客户不知道为什么被转走，会觉得被推诿。',
    });
    expect(byTitle('首问-判断').question).toMatchObject({
      answer: true,
      explanation: '「对」：对，首问负责就是负责到底。\n「错」：错，首问负责不能推给别人。',
    });
    expect(byTitle('首问-多选负分')).toMatchObject({
      question: { prompt: '以下哪些做法符合首问负责制？', scoring: 'all-or-nothing', answer: ['a', 'b', 'c'] },
      flags: ['缺少解析'],
    });
    expect(byTitle('五声-简答')).toMatchObject({
      question: { prompt: '客户离开时坐席要有的是哪一声？＿＿' },
      notes: ['通配答案 * 的反馈已并入解析'],
    });
    expect(byTitle('礼貌用语配对').question).toMatchObject({
      distractors: ['您自己去网上查吧'],
      explanation: '用语要贴合场景&客户的感受。',
    });
  });

  it('reports a file that is not XML or not a Moodle quiz', () => {
    expect(parseMoodleXml('<?xml version="1.0"?><bank></bank>').problems[0]!.message).toBe(
      '不是 Moodle XML 题库：缺少 <quiz> 根元素',
    );
    expect(parseMoodleXml('<?xml version="1.0"?><quiz><question type="multichoice">').problems[0]!.message).toMatch(
      /^不是有效的 XML 文件/,
    );
  });
});

describe('text formats and category mapping', () => {
  it('sanitises HTML to text, dropping scripts, styles, attributes and event handlers', () => {
    expect(
      htmlToText('<p onclick="x()">甲<br>乙 &amp; 丙</p><script>alert(1)</script><style>p{}</style><p>丁&lt;戊&gt;</p>')
        .text,
    ).toBe('甲\n乙 & 丙\n丁<戊>');
  });
  it('maps slug paths, Chinese module names, and nothing', () => {
    expect(mapCategory('$course$/top/service-mindset/01-why-service-matters', course)).toEqual({
      module: 'service-mindset',
      lesson: 'service-mindset/01-why-service-matters',
    });
    expect(mapCategory('默认/投诉处理/未分类', course)).toEqual({ module: 'complaint-handling' });
    expect(mapCategory('默认/历年考题', course)).toEqual({});
  });
});

describe('drafts: flags, validation and item-writing warnings', () => {
  const draft = {
    type: 'single',
    difficulty: 'medium',
    tags: [],
    prompt: '客户说网速慢，坐席先做什么？',
    lesson: 'complaint-handling/02-feelings-first',
    options: [
      { id: 'a', text: '先致歉，再一定帮客户把网速问题彻底查清楚' },
      { id: 'b', text: '查账号' },
      { id: 'c', text: '转装维' },
    ],
    answer: 'a',
    explanation: '',
  };
  it('flags and refuses a draft without explanation, and accepts it once written', () => {
    expect(draftFlags(draft)).toEqual(['缺少解析']);
    expect(validateDraft(draft, 'ch-1001')).toEqual({
      ok: false,
      problems: ['缺少解析：解析至少写 8 个字，说明为什么对、错在哪里'],
    });
    expect(validateDraft({ ...draft, explanation: '先处理情绪，再处理事情。' }, 'ch-1001')).toMatchObject({
      ok: true,
      question: { id: 'ch-1001' },
    });
  });
  it('warns as the trainer types: key longest, absolutes, letters in the explanation, missing explanation', () => {
    expect(itemWarnings(draft)).toEqual([
      '缺少解析：写清楚为什么正确答案对、诱人的错误选项错在哪里',
      '正确答案是最长的选项：把干扰项写得一样具体，或缩短正确答案',
      '选项里有绝对化用语（一定、永远、一律、绝不…），容易成为提示：「先致歉，再一定帮客户把网速问题彻底查清楚」',
    ]);
    const fixed = {
      ...draft,
      options: [
        { id: 'a', text: '先致歉再查' },
        { id: 'b', text: '先查账号信息' },
        { id: 'c', text: '转给装维处理' },
      ],
      explanation: 'B项不对，要先处理情绪。',
    };
    expect(itemWarnings(fixed)).toEqual(['解析或反馈按字母或位置提到选项（如「B项」「以上都对」），但选项会被打乱']);
  });
});

describe('Moodle XML export', () => {
  const bank = bankSchema.parse(JSON.parse(readFileSync('quizzes/banks/service-etiquette.json', 'utf8')));

  it('re-imports to the same items (ids, lessons, pools, tags, difficulty, weights and feedback)', () => {
    const { text, skipped } = toMoodleXml(bank.questions);
    const exported = bank.questions.filter((q) => !skipped.some((s) => s.id === q.id));
    expect(exported.length).toBeGreaterThanOrEqual(20);
    const back = parseMoodleXml(text);
    expect(back.problems).toEqual([]);
    expect(back.questions.map((q) => q.title)).toEqual(exported.map((q) => q.id));
    expect(back.questions.map((q) => ({ ...q.question, id: q.title, pool: q.question.pool ?? 'practice' }))).toEqual(
      exported.map(renamed),
    );
  });

  it('round-trips the constructs of both fixtures: import → export → import gives the same drafts', () => {
    for (const path of ['gift/moodle-complaints.gift', 'moodle/moodle-complaints.xml', 'gift/constructs.gift']) {
      const first = mapCategories(readImportFile(fixture(path), path), course);
      const valid: Question[] = first.items.flatMap((it, i) => {
        const lesson = it.lesson ?? 'service-etiquette/05-first-contact-responsibility';
        const explanation =
          (it.question.explanation || '').length >= 8 ? it.question.explanation : '补写的解析：说明对错原因。';
        const q = {
          ...it.question,
          lesson,
          explanation,
          ...(it.question.type === 'scenario'
            ? { options: it.question.options.map((o) => ({ ...o, feedback: o.feedback || '补写的选项反馈' })) }
            : {}),
        };
        const checked = validateDraft(q, `zz-${String(i + 1).padStart(3, '0')}`);
        return checked.ok ? [checked.question] : [];
      });
      expect(valid.length).toBe(first.items.length);
      const xml = toMoodleXml(valid);
      expect(xml.skipped).toEqual([]);
      const again = parseMoodleXml(xml.text);
      expect(again.questions.map((q) => ({ ...q.question, id: q.title, pool: q.question.pool ?? 'practice' }))).toEqual(
        valid.map(renamed),
      );
      const gift = toGift(valid);
      const giftAgain = parseGift(gift.text);
      const giftable = valid.filter((q) => !gift.skipped.some((s) => s.id === q.id));
      expect(giftAgain.problems).toEqual([]);
      expect(
        giftAgain.questions.map((q) => ({ ...q.question, id: q.title, pool: q.question.pool ?? 'practice' })),
      ).toEqual(giftable.map(renamed));
    }
  });
});

/** A question as import gives it back: options, pairs and items renamed a, b, c… in order. */
function renamed(q: Question) {
  const rename = (ids: { id: string }[]) => new Map(ids.map((o, i) => [o.id, String.fromCharCode(97 + i)]));
  switch (q.type) {
    case 'single': {
      const ids = rename(q.options);
      return { ...q, options: q.options.map((o) => ({ ...o, id: ids.get(o.id)! })), answer: ids.get(q.answer)! };
    }
    case 'multiple': {
      const ids = rename(q.options);
      return {
        ...q,
        options: q.options.map((o) => ({ ...o, id: ids.get(o.id)! })),
        answer: q.options.filter((o) => q.answer.includes(o.id)).map((o) => ids.get(o.id)!),
      };
    }
    case 'scenario':
      return { ...q, options: q.options.map((o, i) => ({ ...o, id: String.fromCharCode(97 + i) })) };
    case 'matching':
      return { ...q, pairs: q.pairs.map((p, i) => ({ ...p, id: String.fromCharCode(97 + i) })) };
    case 'ordering':
      return { ...q, items: q.items.map((p, i) => ({ ...p, id: String.fromCharCode(97 + i) })) };
    default:
      return q;
  }
}
