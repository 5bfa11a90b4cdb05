import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseGift, toGift, toQuestions, type QuestionDraft } from '../../src/domain/assessment/gift.ts';
import { bankSchema, questionSchema, type Question } from '../../src/domain/assessment/question-schema.ts';

const fixture = (name: string) => readFileSync(join('tests/unit/fixtures/gift', name), 'utf8');
const opts = (...texts: string[]) => texts.map((text, i) => ({ id: String.fromCharCode(97 + i), text }));
const L1 = 'service-mindset/01-why-service-matters';
const L2 = 'service-mindset/02-reposition-yourself';
const medium = { difficulty: 'medium' as const, tags: [] as string[] };

describe('parseGift: every supported construct (constructs.gift)', () => {
  const { questions, problems } = parseGift(fixture('constructs.gift'));
  const byTitle = (title: string) => questions.find((q) => q.title === title);

  it('reads every question and reports no problems', () => {
    expect(problems).toEqual([]);
    expect(questions.map((q) => [q.line, q.title])).toEqual([
      [7, '开场白'],
      [15, '缺词单选'],
      [17, '多选-部分得分'],
      [26, '多选-全对才得分'],
      [34, '情境题'],
      [42, '判断-T'],
      [44, '判断-带反馈'],
      [49, '判断-TRUE'],
      [51, '判断-F'],
      [53, '简答-结尾'],
      [55, '简答-中间'],
      [59, '配对'],
      [67, '转义字符 : 全部'],
      [73, undefined],
    ]);
  });

  it.each<[string, QuestionDraft]>([
    [
      '开场白',
      {
        difficulty: 'easy',
        tags: ['首问负责', '开场'],
        lesson: L1,
        type: 'single',
        prompt: '客户来电询问宽带报障进度，坐席第一句话最合适的是？',
        options: opts('「您好，很高兴为您服务，请问有什么可以帮您？」', '「喂，说吧。」', '「报障找装维，别找我。」'),
        answer: 'a',
        explanation:
          '规范开场先问候，再询问需求。\n「您好，很高兴为您服务，请问有什么可以帮您？」：问候、自报、询问需求都有了。\n「喂，说吧。」：生硬，没有问候。',
      },
    ],
    [
      '缺词单选',
      {
        ...medium,
        lesson: L1,
        type: 'single',
        prompt: '遇到客户投诉时，坐席应当先＿＿，再处理事情。',
        options: opts('讲道理', '处理情绪', '查系统'),
        answer: 'b',
        explanation: '先处理心情，再处理事情。',
      },
    ],
    [
      '多选-部分得分',
      {
        ...medium,
        lesson: L1,
        type: 'multiple',
        prompt: '下列哪些属于「五声」服务？（多选）',
        options: opts('迎声', '送声', '催声', '怨声'),
        answer: ['a', 'b'],
        scoring: 'partial',
        explanation: '五声指迎声、答声、致歉声、感谢声和送声。',
      },
    ],
    [
      '多选-全对才得分',
      {
        difficulty: 'hard',
        tags: [],
        lesson: L1,
        type: 'multiple',
        prompt: '客户情绪激动时，哪些做法是对的？',
        options: opts('先倾听', '表示理解', '给出处理时限', '打断客户讲规定'),
        answer: ['a', 'b', 'c'],
        scoring: 'all-or-nothing',
        explanation: '三项都要做到，打断客户会激化矛盾。',
      },
    ],
    [
      '情境题',
      {
        ...medium,
        lesson: L1,
        type: 'scenario',
        prompt: '客户说：「你们的网络三天两头断，我要投诉！」你最好怎么回应？',
        options: [
          {
            id: 'a',
            text: '「非常抱歉给您添麻烦了，我马上帮您查断网原因。」',
            score: 1,
            feedback: '先致歉再行动，客户感到被重视。',
          },
          {
            id: 'b',
            text: '「请问您的宽带账号是多少？」',
            score: 0.5,
            feedback: '直接问账号不算错，但忽略了客户情绪。',
          },
          { id: 'c', text: '「我们的网络一般很稳定的。」', score: 0.2, feedback: '否定客户感受，容易激化矛盾。' },
          { id: 'd', text: '「投诉请拨打其他电话。」', score: 0, feedback: '推诿，违背首问负责。' },
        ],
        explanation: '情境处理：先处理情绪，再处理事情。',
      },
    ],
    [
      '判断-T',
      {
        ...medium,
        lesson: L1,
        type: 'true-false',
        prompt: '首问负责制要求第一位接待客户的员工负责到底。',
        answer: true,
        explanation: '首问负责就是负责到底。',
      },
    ],
    [
      '判断-带反馈',
      {
        ...medium,
        lesson: L1,
        type: 'true-false',
        prompt: '客户投诉少，就说明客户都很满意。',
        answer: false,
        explanation: '「对」：不对，沉默的客户可能已经离开。\n「错」：对，投诉少不等于满意。',
      },
    ],
    [
      '判断-TRUE',
      {
        ...medium,
        lesson: L2,
        type: 'true-false',
        prompt: '服务心态会影响客户听到的语气。',
        answer: true,
        explanation: '语气里听得出服务心态。',
      },
    ],
    [
      '判断-F',
      {
        ...medium,
        lesson: L2,
        type: 'true-false',
        prompt: '坐席可以在通话中吃东西。',
        answer: false,
        explanation: '通话中吃东西会被客户听到，不礼貌。',
      },
    ],
    [
      '简答-结尾',
      {
        ...medium,
        lesson: L2,
        type: 'fill-blank',
        prompt: '「五声」中，客户来电时坐席要有的是哪一声？＿＿',
        blanks: [{ accepted: ['迎声', '迎接声'] }],
        explanation: '来有迎声。\n「迎接声」：也算对，标准说法是迎声。',
      },
    ],
    [
      '简答-中间',
      {
        ...medium,
        lesson: L2,
        type: 'fill-blank',
        prompt: '首问负责制要求第一位接待客户的员工对问题＿＿到底。',
        blanks: [{ accepted: ['负责', '跟进'] }],
        explanation: '首问负责，就是负责到底。',
      },
    ],
    [
      '配对',
      {
        ...medium,
        type: 'matching',
        prompt: '把客户类型与最合适的应对方式配对。',
        pairs: [
          { id: 'a', left: '情绪型客户', right: '先安抚情绪，再谈解决方案' },
          { id: 'b', left: '理智型客户', right: '用数据和事实说明' },
          { id: 'c', left: '急躁型客户', right: '简明扼要，尽快给出结论' },
        ],
        distractors: ['让客户自己上网查'],
        explanation: '不同类型的客户需要不同的沟通方式。',
      },
    ],
    [
      '转义字符 : 全部',
      {
        ...medium,
        type: 'single',
        prompt: '客户短信里写着: 「流量~套餐=39元 #活动 {限时} 路径C:\\data」，\n坐席该怎么回复？',
        options: opts('按 {活动规则} 如实说明#feedback', '说「~随便~」'),
        answer: 'a',
        explanation:
          '转义：~ = # { } : \\ 都要保留。\n「按 {活动规则} 如实说明#feedback」：反馈里也能写 ~ = \\ 和换行\n第二行',
      },
    ],
  ])('%s', (title, expected) => {
    expect(byTitle(title)?.question).toEqual(expected);
  });

  it('joins a question text written over several lines and needs no title', () => {
    expect(questions.at(-1)!.question).toEqual({
      ...medium,
      type: 'single',
      prompt: '客户问：“套餐\n能不能\n改？”坐席应该怎样回答？',
      options: opts('直接说不能改', '先确认当前套餐，再说明变更规则', '让客户去营业厅'),
      answer: 'b',
      explanation: '先确认再说明，客户更放心。',
    });
  });
});

describe('parseGift: weights', () => {
  const one = (gift: string) => parseGift(gift);
  it('maps a lone ~%100% answer to single and a lone right answer with -100% wrongs to all-or-nothing multiple', () => {
    expect(one('题目一二{~%100%甲 ~乙}').questions[0]!.question).toMatchObject({ type: 'single', answer: 'a' });
    expect(one('题目一二{~%100%甲 ~%-100%乙 ~%-100%丙}').questions[0]!.question).toMatchObject({
      type: 'multiple',
      answer: ['a'],
      scoring: 'all-or-nothing',
    });
  });
  it('maps right answers without penalties to partial multiple, tolerating rounded weights', () => {
    expect(one('题目一二{~%33%甲 ~%33%乙 ~%34%丙 ~丁}').questions[0]!.question).toMatchObject({
      type: 'multiple',
      answer: ['a', 'b', 'c'],
      scoring: 'partial',
    });
  });
  it('reports weights it cannot read or map', () => {
    expect(one('\n题目一二{~%abc%甲 =乙}').problems).toEqual([{ line: 2, message: '看不懂答案权重「%abc%甲」' }]);
    expect(one('题目一二{~%150%甲 =乙}').problems).toEqual([{ line: 1, message: '答案权重要在 -100% 到 100% 之间' }]);
    expect(one('题目一二{~%60%甲 ~%40%乙 ~丙}').problems[0]!.message).toMatch(/^答案权重 60%、40%、0% 对不上任何题型/);
  });
});

describe('parseGift: pools', () => {
  it('reads [pool:exam] from the comment line, leaves practice as the default, and refuses an unknown pool', () => {
    expect(parseGift('// [difficulty:hard] [pool:exam]\n题目一二{=甲 ~乙}').questions[0]!.question).toMatchObject({
      pool: 'exam',
      difficulty: 'hard',
    });
    expect(parseGift('题目一二{=甲 ~乙}').questions[0]!.question).not.toHaveProperty('pool');
    expect(parseGift('// [pool:secret]\n题目一二{=甲 ~乙}').problems[0]!.message).toBe(
      '题库「secret」无法识别（用 practice 或 exam）',
    );
  });
});

describe('unsupported items (unsupported.gift)', () => {
  const { questions, problems } = parseGift(fixture('unsupported.gift'));
  const noExplanation = '缺少解析：解析至少写 8 个字，说明为什么对、错在哪里';

  it('reports each with the line its question starts on and the reason in Chinese', () => {
    expect(problems.map(({ line, message }) => ({ line, message }))).toEqual([
      { line: 3, message: '说明文字（没有答案块 {…}）不是题目，不导入' },
      { line: 5, message: '问答题（空答案块）需要人工评分，本系统不支持' },
      { line: 7, message: '数值题（{#…}）本系统不支持' },
      { line: 11, message: expect.stringMatching(/^答案权重 50%、30%、0% 对不上任何题型/) },
      { line: 17, message: '答案块缺少结尾的 }' },
      { line: 21, message: '难度「超难」无法识别（用 easy、medium 或 hard）' },
      { line: 23, message: '配对题的每个答案都要有「->」，这里是「戊」' },
      { line: 25, message: '一道题只能有一个答案块（多个空的完形填空题暂不支持）' },
    ]);
  });

  it('carries what is usable, with notes on what Moodle meant differently', () => {
    expect(questions.map((q) => [q.line, q.title, q.question.type, q.notes])).toEqual([
      [9, '两个满分', 'single', ['原题有 2 个满分答案，本系统单选只有一个正确选项，已取第一个，请核对']],
      [13, '情境缺反馈', 'scenario', undefined],
      [15, '部分分简答', 'fill-blank', ['部分得分答案（「问候声」50%）未计入正确答案']],
      [27, '正常题', 'true-false', undefined],
      [29, '缺解析', 'single', undefined],
    ]);
  });

  it('builds only complete questions; the schema check names the line and what is missing', () => {
    const built = toQuestions(questions, { prefix: 'zz', start: 7, lesson: L1 });
    expect(built.questions.map((q) => [q.id, q.type, q.lesson])).toEqual([['zz-007', 'true-false', L1]]);
    expect(built.problems).toEqual([
      { line: 9, message: noExplanation },
      {
        line: 13,
        message: `${noExplanation}；选项 · 1 · 反馈：太少（至少 4 个字）；选项 · 2 · 反馈：太少（至少 4 个字）；选项 · 3 · 反馈：太少（至少 4 个字）`,
      },
      { line: 15, message: noExplanation },
      { line: 29, message: noExplanation },
    ]);
  });

  it('asks for a lesson when neither $CATEGORY nor the caller gives one', () => {
    expect(toQuestions(questions.slice(0, 1), { prefix: 'zz', start: 1 }).problems).toEqual([
      { line: 9, message: '没有课程：用 --lesson 指定，或在题目前加 $CATEGORY: <module>/<lesson>' },
    ]);
  });
});

describe('toGift', () => {
  const base = {
    id: 'zz-001',
    lesson: L1,
    tags: ['转接'],
    difficulty: 'easy' as const,
    explanation: '说明原因\n再转接：{别} 推诿 \\ ~ = #',
    pool: 'practice' as const,
  };

  it('escapes special characters and keeps Chinese text as it is', () => {
    const q = questionSchema.parse({
      ...base,
      type: 'true-false',
      prompt: '转接前要说明: 原因和去向 {必须}',
      answer: true,
    });
    expect(toGift([q])).toEqual({
      text: `$CATEGORY: ${L1}\n\n// [difficulty:easy] [tag:转接]\n::zz-001::转接前要说明\\: 原因和去向 \\{必须\\}{\nTRUE\n####说明原因\\n再转接：\\{别\\} 推诿 \\\\ \\~ \\= \\#\n}\n`,
      skipped: [],
    });
  });

  it('skips what GIFT cannot express, with a reason', () => {
    const audio = { src: '/audio/a.ogg', transcript: '客户：你好', duration: 10 };
    const items = opts('第一步', '第二步', '第三步');
    const qs: Question[] = [
      { ...base, id: 'zz-001', type: 'ordering', prompt: '排列步骤顺序', items },
      {
        ...base,
        id: 'zz-002',
        type: 'fill-blank',
        prompt: '来有＿＿，走有＿＿。',
        blanks: [{ accepted: ['迎声'] }, { accepted: ['送声'] }],
      },
      {
        ...base,
        id: 'zz-003',
        type: 'listening',
        prompt: '听录音回答',
        audio,
        question: { ...base, id: 'zz-004', type: 'true-false', prompt: '客户在生气', answer: false },
      },
      {
        ...base,
        id: 'zz-005',
        type: 'audio-timestamp',
        prompt: '听到失误时点击',
        audio,
        targets: [{ start: 1, end: 2, label: '打断' }],
        tolerance: 1,
        extraClickPenalty: 0.25,
      },
      {
        ...base,
        id: 'zz-006',
        type: 'scenario',
        prompt: '最好怎么做？',
        options: items.map((o) => ({ ...o, score: 0.5, feedback: '一般般吧' })),
      },
      {
        ...base,
        id: 'zz-007',
        type: 'matching',
        prompt: '配对题目',
        pairs: items.map((o) => ({ id: o.id, left: o.text, right: `${o.text}->下一步` })),
        distractors: [],
      },
    ];
    expect(toGift(qs)).toEqual({
      text: '',
      skipped: [
        { id: 'zz-001', reason: 'ordering questions have no GIFT equivalent' },
        { id: 'zz-002', reason: '2 blanks: a GIFT short answer has exactly one' },
        { id: 'zz-003', reason: 'listening questions need their audio clip, which GIFT cannot carry' },
        { id: 'zz-005', reason: 'audio-timestamp questions need their audio clip, which GIFT cannot carry' },
        { id: 'zz-006', reason: 'GIFT needs exactly one scenario option scoring 1' },
        { id: 'zz-007', reason: 'a matching text contains "->"' },
      ],
    });
  });
});

/** A bank file, parsed with the bank schema. */
const readBank = (path: string) => bankSchema.parse(JSON.parse(readFileSync(path, 'utf8')));

describe('round trips', () => {
  it('parse → toGift → parse gives the same questions for every construct', () => {
    const first = toQuestions(parseGift(fixture('constructs.gift')).questions, { prefix: 'zz', start: 1, lesson: L2 });
    expect(first.problems).toEqual([]);
    expect(first.questions).toHaveLength(14);
    const { text, skipped } = toGift(first.questions);
    expect(skipped).toEqual([]);
    const again = parseGift(text);
    expect(again.problems).toEqual([]);
    expect(again.questions.map((q) => q.title)).toEqual(first.questions.map((q) => q.id));
    expect(toQuestions(again.questions, { prefix: 'zz', start: 1 })).toEqual(first);
  });

  it('export → import of quizzes/banks/service-etiquette.json keeps every exportable question (ids aside)', () => {
    const bank = readBank('quizzes/banks/service-etiquette.json');
    const { text, skipped } = toGift(bank.questions);
    const multiBlank = (q: Question) => q.type === 'fill-blank' && q.blanks.length > 1;
    const expectedSkips = bank.questions.filter(
      (q) => ['ordering', 'listening', 'audio-timestamp'].includes(q.type) || multiBlank(q),
    );
    expect(skipped.map((s) => s.id)).toEqual(expectedSkips.map((q) => q.id));
    const exportable = bank.questions.filter((q) => !expectedSkips.includes(q));
    expect(exportable.length).toBeGreaterThanOrEqual(15);
    const imported = parseGift(text);
    expect(imported.problems).toEqual([]);
    expect(imported.questions.map((q) => q.question)).toEqual(exportable.map(withoutIds));
  });
});

/** A question as GIFT import gives it back: no id, options and pairs renamed a, b, c… in order. */
function withoutIds(q: Question): QuestionDraft {
  // The pool travels as [pool:exam]; a practice item comes back without the (default) field.
  const { id: _, ...withPool } = q;
  const { pool: __, ...practice } = withPool;
  const rest = (q.pool === 'exam' ? withPool : practice) as typeof withPool;
  const rename = (ids: { id: string }[]) => new Map(ids.map((o, i) => [o.id, String.fromCharCode(97 + i)]));
  switch (rest.type) {
    case 'single': {
      const ids = rename(rest.options);
      return {
        ...rest,
        options: rest.options.map((o) => ({ ...o, id: ids.get(o.id)! })),
        answer: ids.get(rest.answer)!,
      };
    }
    case 'multiple': {
      const ids = rename(rest.options);
      const answer = rest.options.filter((o) => rest.answer.includes(o.id)).map((o) => ids.get(o.id)!);
      return { ...rest, options: rest.options.map((o) => ({ ...o, id: ids.get(o.id)! })), answer };
    }
    case 'scenario':
      return { ...rest, options: rest.options.map((o, i) => ({ ...o, id: String.fromCharCode(97 + i) })) };
    case 'matching':
      return { ...rest, pairs: rest.pairs.map((p, i) => ({ ...p, id: String.fromCharCode(97 + i) })) };
    default:
      return rest;
  }
}

describe('quiz:import and quiz:export CLIs', { timeout: 30_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'academy-gift-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (cli: string, ...args: string[]) =>
    spawnSync(process.execPath, [`src/cli/${cli}.ts`, ...args], { encoding: 'utf8' });
  /** quiz:import of `file` as zz-<start>… into `out` (module service-etiquette unless given). */
  const importBank = (
    file: string,
    out: string,
    { module = 'service-etiquette', lesson, start = '1' }: { module?: string; lesson?: string; start?: string } = {},
  ) =>
    run(
      'quiz-import',
      file,
      '--module',
      module,
      ...(lesson ? ['--lesson', lesson] : []),
      '--prefix',
      'zz',
      '--start',
      start,
      '--out',
      out,
    );

  it('imports a GIFT file into a valid bank', () => {
    const out = join(dir, 'constructs.json');
    const r = importBank('tests/unit/fixtures/gift/constructs.gift', out, {
      module: 'service-mindset',
      lesson: L2,
      start: '101',
    });
    expect(r.stderr).toBe(
      `Imported 14 question(s) from tests/unit/fixtures/gift/constructs.gift as zz-101 to zz-114 into ${out}.\n`,
    );
    expect(r.status).toBe(0);
    const bank = readBank(out);
    expect(bank.module).toBe('service-mindset');
    expect(bank.questions.map((q) => q.id)).toEqual(Array.from({ length: 14 }, (_, i) => `zz-${101 + i}`));
  });

  it('exits 1 naming the line of each unsupported item, and still writes the supported ones', () => {
    const out = join(dir, 'unsupported.json');
    const r = importBank('tests/unit/fixtures/gift/unsupported.gift', out, { module: 'service-mindset', lesson: L1 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      '12 item(s) not imported (items that only lack an explanation or a lesson can be imported as drafts at /trainer/questions):\n- tests/unit/fixtures/gift/unsupported.gift:3: 「说明」未导入：说明文字',
    );
    expect(r.stderr).toContain(
      '- tests/unit/fixtures/gift/unsupported.gift:7: 「数值」未导入：数值题（{#…}）本系统不支持\n',
    );
    expect(r.stderr).toContain('- tests/unit/fixtures/gift/unsupported.gift:29: 缺少解析：');
    expect(r.stderr).toContain(
      'Carried differently (check these):\n- tests/unit/fixtures/gift/unsupported.gift:9: 原题有 2 个满分答案',
    );
    expect(JSON.parse(readFileSync(out, 'utf8')).questions.map((q: Question) => q.id)).toEqual(['zz-001']);
  });

  it('exports a bank to GIFT, lists what it skipped, and the file imports again', () => {
    const gift = join(dir, 'se.gift');
    const r = run('quiz-export', 'service-etiquette', '--format', 'gift', '--out', gift);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^Exported \d+ of \d+ question\(s\) from quizzes\/banks\/service-etiquette\.json to .*se\.gift\.\nSkipped \d+:\n/,
    );
    expect(r.stderr).toContain('- se-013: ordering questions have no GIFT equivalent\n');
    const exported = Number(/^Exported (\d+)/.exec(r.stderr)![1]);
    const back = importBank(gift, join(dir, 'se.json'));
    expect(back.status).toBe(0);
    expect(readBank(join(dir, 'se.json')).questions).toHaveLength(exported);
  });

  it('rejects an unknown format', () => {
    const r = run('quiz-export', 'service-etiquette', '--format', 'csv');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Unknown --format csv: use gift or xml.');
  });

  it('exports a bank to Moodle XML and imports it again with the same parser and report', () => {
    const xml = join(dir, 'se.xml');
    const r = run('quiz-export', 'service-etiquette', '--format', 'xml', '--out', xml);
    expect(r.status).toBe(0);
    const exported = Number(/^Exported (\d+)/.exec(r.stderr)![1]);
    const back = importBank(xml, join(dir, 'se-xml.json'));
    expect(back.stderr).toBe(
      `Imported ${exported} question(s) from ${xml} as zz-001 to zz-${String(exported).padStart(3, '0')} into ${join(dir, 'se-xml.json')}.\n`,
    );
    expect(readBank(join(dir, 'se-xml.json')).questions).toHaveLength(exported);
  });

  it('reports a Moodle XML file by question number', () => {
    const r = importBank('tests/unit/fixtures/moodle/moodle-complaints.xml', join(dir, 'mc.json'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      '- tests/unit/fixtures/moodle/moodle-complaints.xml:#6: 「论述」未导入：问答题需要人工评分，本系统不支持',
    );
    expect(r.stderr).toContain('- tests/unit/fixtures/moodle/moodle-complaints.xml:#3: 缺少解析');
  });
});
