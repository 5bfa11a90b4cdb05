import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkReply,
  normalizeReply,
  replyFeedback,
  replyScore,
  type ReplyRules,
} from '../../src/domain/assessment/reply-check.ts';
import { typedReply, typedReplySchema } from '../../src/domain/assessment/question-types/typed-reply.ts';
import { gradeQuestion } from '../../src/domain/assessment/grading.ts';
import { reviewQuestion } from '../../src/domain/assessment/review.ts';
import { publicQuestion } from '../../src/domain/assessment/public-view.ts';
import { quizCatalog } from '../../src/domain/assessment/catalog.ts';

const rules: ReplyRules = {
  required: [
    { label: '致歉', phrasings: ['抱歉', '对不起'] },
    { label: '核实账单', phrasings: ['核实账单', '查一下账单'] },
    { label: '答复时限', phrasings: ['小时内', '今天内'] },
  ],
  forbidden: [
    { label: '服务禁语', phrasings: ['不归我管', '不知道'] },
    { label: '无条件承诺', phrasings: ['保证退'] },
    { label: '推卸责任', phrasings: ['是你自己'] },
  ],
};

/** ASCII and spaces as full-width characters, as a Chinese input method in full-width mode types them. */
const fullWidth = (s: string) =>
  s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

describe('normalising a typed reply', () => {
  it('folds full and half width, case, spaces and punctuation', () => {
    expect(normalizeReply('ＡＢＣ１２３')).toBe(normalizeReply('abc123'));
    expect(normalizeReply('您好，  请问！有什么？可以帮您。')).toBe('您好请问有什么可以帮您');
    expect(normalizeReply('「核实」——账单…')).toBe('核实账单');
    expect(normalizeReply(' \t\n，。！')).toBe('');
  });

  it('reads 幺 and digits as the Chinese digits they stand for', () => {
    expect(normalizeReply('幺零零零零')).toBe('一零零零零');
    expect(normalizeReply('10000')).toBe('一零零零零');
    expect(
      checkReply('请拨打幺零零零零', { required: [{ label: '热线号码', phrasings: ['一〇〇〇〇'] }], forbidden: [] })
        .present,
    ).toEqual([{ label: '热线号码', quote: '幺零零零零' }]);
  });

  it('treats homophones as the same word (帐/账, 在/再), quoting what the learner typed', () => {
    const check = checkReply('我马上帮您核实帐单，二小时内回复。', rules);
    expect(check.present.map((p) => p.label)).toEqual(['核实账单', '答复时限']);
    expect(check.present[0]!.quote).toBe('核实帐单');
    expect(
      checkReply('请稍后再来电', { required: [{ label: '再', phrasings: ['在来电'] }], forbidden: [] }).missing,
    ).toEqual([]);
  });

  it('does not match different sounds or empty phrases', () => {
    expect(checkReply('我马上帮您核对话费', rules).missing.map((m) => m.label)).toEqual([
      '致歉',
      '核实账单',
      '答复时限',
    ]);
    expect(
      checkReply('抱歉', { required: [{ label: '空', phrasings: ['，。'] }], forbidden: [] }).missing,
    ).toHaveLength(1);
  });
});

describe('checking required elements and forbidden phrases', () => {
  it('reports present and missing elements and quotes forbidden phrases verbatim, spaces and punctuation included', () => {
    const text = '对不起！这个  不归 我管，是你自己没看清楚。';
    const check = checkReply(text, rules);
    expect(check.present).toEqual([{ label: '致歉', quote: '对不起' }]);
    expect(check.missing.map((m) => m.label)).toEqual(['核实账单', '答复时限']);
    expect(check.forbidden).toEqual([
      { label: '服务禁语', phrase: '不归我管', quote: '不归 我管' },
      { label: '推卸责任', phrase: '是你自己', quote: '是你自己' },
    ]);
    expect(check.score).toBe(0);
    expect(replyFeedback(check)).toEqual([
      '已包含「致歉」：你写了“对不起”',
      '缺少「核实账单」',
      '缺少「答复时限」',
      '出现服务禁语：“不归 我管”',
      '出现推卸责任：“是你自己”',
    ]);
  });

  it('does not count a forbidden phrase right after a negation: 不能保证, 不是你自己, 不一定退', () => {
    const negationRules: ReplyRules = {
      required: [],
      forbidden: [
        { label: '无条件承诺', phrasings: ['保证', '一定退'] },
        { label: '推卸责任', phrasings: ['是你自己'] },
      ],
    };
    expect(checkReply('我不能保证今天修好，这也不是你自己的问题，费用不一定退。', negationRules).forbidden).toEqual([]);
    expect(checkReply('我无法 保证，但我保证会跟进。', negationRules).forbidden).toEqual([
      { label: '无条件承诺', phrase: '保证', quote: '保证' },
    ]);
    expect(checkReply('这是你自己的问题', negationRules).forbidden).toHaveLength(1);
    // A negation that is itself the forbidden phrase still counts (「不知道」 is a 服务禁语).
    expect(checkReply('我不知道', rules).forbidden).toEqual([{ label: '服务禁语', phrase: '不知道', quote: '不知道' }]);
  });

  it('scores the share of required elements, and 0 when any forbidden phrase appears', () => {
    expect(replyScore(3, 3, 0)).toBe(1);
    expect(replyScore(2, 3, 0)).toBeCloseTo(2 / 3);
    expect(replyScore(0, 3, 0)).toBe(0);
    expect(replyScore(3, 3, 1)).toBe(0);
    expect(checkReply('很抱歉，我帮您查一下账单，今天内答复您。', rules).score).toBe(1);
    expect(checkReply('很抱歉，我帮您查一下账单。', rules).score).toBeCloseTo(2 / 3);
    expect(checkReply('很抱歉，我帮您查一下账单，今天内保证退给您。', rules).score).toBe(0);
  });
});

describe('reply checks (property tests)', () => {
  const phrases = [...rules.required, ...rules.forbidden].flatMap((e) => e.phrasings);
  const reply = fc
    .array(fc.oneof(fc.constantFrom(...phrases, '，', '您好', '我们'), fc.string({ maxLength: 6 })), { maxLength: 6 })
    .map((p) => p.join(''));
  const summary = (text: string) => {
    const c = checkReply(text, rules);
    return { present: c.present.map((p) => p.label), forbidden: c.forbidden.map((f) => f.label), score: c.score };
  };

  it('the result does not depend on width, spaces or punctuation', () => {
    fc.assert(
      fc.property(
        reply,
        fc.array(fc.constantFrom(' ', '，', '。', '！', '　', '…'), { minLength: 1, maxLength: 4 }),
        (text, marks) => {
          const spaced = [...text].map((c, i) => c + (i % 2 ? marks[i % marks.length] : '')).join('');
          expect(summary(fullWidth(text))).toEqual(summary(text));
          expect(summary(spaced)).toEqual(summary(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('quotes are taken verbatim from the learner text; the score stays in [0, 1] and is 0 with any forbidden phrase', () => {
    fc.assert(
      fc.property(reply, (text) => {
        const c = checkReply(text, rules);
        for (const q of [...c.present.map((p) => p.quote!), ...c.forbidden.map((f) => f.quote)])
          expect(text).toContain(q);
        expect(c.present.length + c.missing.length).toBe(rules.required.length);
        expect(c.score).toBeGreaterThanOrEqual(0);
        expect(c.score).toBeLessThanOrEqual(1);
        if (c.forbidden.length) expect(c.score).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('adding text never loses a found element; adding a forbidden phrase always scores 0', () => {
    fc.assert(
      fc.property(reply, reply, fc.constantFrom(...rules.forbidden.flatMap((f) => f.phrasings)), (a, b, bad) => {
        const found = summary(a).present;
        for (const label of found) expect(summary(a + b).present).toContain(label);
        // 「。我」 keeps a negation at the end of `a` from reaching the phrase.
        expect(checkReply(`${a}。我${bad}${b}`, rules).score).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the typed-reply question type', () => {
  const items = [...quizCatalog().questions.values()].filter((q) => q.type === 'typed-reply');
  const q = items.find((i) => i.id === 'ch-201')!;
  if (q?.type !== 'typed-reply') throw new Error('ch-201 is a typed-reply item');

  it('is in the course, and each model answer scores 1', () => {
    expect(items.length).toBeGreaterThanOrEqual(3);
    for (const item of items)
      expect(gradeQuestion(item, {}, { text: item.type === 'typed-reply' ? item.modelAnswer : '' })).toMatchObject({
        score: 1,
        status: 'correct',
      });
  });

  it('shows the browser the prompt and a length limit only: no phrasings, no model answer', () => {
    const view = publicQuestion(q, {});
    expect(view).toEqual({ id: q.id, type: 'typed-reply', prompt: q.prompt, maxLength: 500 });
  });

  it('grades blank replies as unanswered and reviews with quoted feedback', () => {
    expect(gradeQuestion(q, {}, { text: ' ，。 ' })).toMatchObject({ status: 'unanswered', score: 0 });
    const text = '不好意思，我帮您查一下帐单。这个扣费不归我管。';
    const grade = gradeQuestion(q, {}, { text });
    expect(grade).toMatchObject({ score: 0, status: 'incorrect' });
    const review = reviewQuestion(q, 'complaint-handling', {}, { text }, grade);
    expect(review.yourAnswer).toEqual([text]);
    expect(review.correctAnswer[0]).toBe(q.modelAnswer);
    expect(review.feedback).toBe(
      '已包含「致歉或共情」：你写了“不好意思”；已包含「核实账单」：你写了“查一下”；缺少「答复时限」；出现服务禁语：“不归我管”',
    );
  });

  it('content checks: the model answer must pass, phrasings must have words, a required phrasing must not be forbidden', () => {
    const bad = typedReplySchema.parse({
      ...q,
      modelAnswer: '您好，这个问题我保证退给您。',
      required: [...q.required, { label: '空', phrasings: ['。。'] }, { label: '承诺', phrasings: ['保证退款'] }],
    });
    expect(typedReply.checks(bad)).toEqual([
      'phrasing "。。" of "空" is only spaces or punctuation',
      'modelAnswer lacks the required element "致歉或共情"',
      'modelAnswer lacks the required element "核实账单"',
      'modelAnswer lacks the required element "答复时限"',
      'modelAnswer lacks the required element "空"',
      'modelAnswer lacks the required element "承诺"',
      'modelAnswer contains the forbidden phrase "保证退" (无条件承诺)',
      'required phrasing "保证退款" of "承诺" contains the forbidden phrase "保证退"',
    ]);
    expect(typedReply.checks(q)).toEqual([]);
  });

  it('has no GIFT form', () => expect(typedReply.gift(q)).toEqual({ reason: expect.stringContaining('GIFT') }));
});
