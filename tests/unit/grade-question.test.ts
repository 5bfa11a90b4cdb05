import { describe, expect, it } from 'vitest';
import { gradeQuestion } from '../../src/domain/assessment/grading.ts';
import { normalizeAnswer } from '../../src/domain/assessment/normalize-answer.ts';
import { layoutFor, type QuestionLayout } from '../../src/domain/assessment/layout.ts';
import type { Question } from '../../src/domain/assessment/question-schema.ts';
import {
  baseQuestionFields as base,
  stampsQuestion as stamps,
  testClip as clip,
  testQuestion as q,
} from '../support/test-questions.ts';

const single = q({
  id: 'ch-901',
  type: 'single',
  options: [
    { id: 'a', text: '甲' },
    { id: 'b', text: '乙' },
    { id: 'c', text: '丙' },
  ],
  answer: 'b',
});
const multiple = (scoring: string) =>
  q({
    id: 'ch-902',
    type: 'multiple',
    scoring,
    options: ['a', 'b', 'c', 'd'].map((id) => ({ id, text: id })),
    answer: ['a', 'c'],
  });
const trueFalse = q({ id: 'ch-903', type: 'true-false', answer: false });
const ordering = q({ id: 'ch-904', type: 'ordering', items: ['s1', 's2', 's3', 's4'].map((id) => ({ id, text: id })) });
const matching = q({
  id: 'ch-905',
  type: 'matching',
  pairs: [
    { id: 'x', left: '情绪型', right: '先安抚' },
    { id: 'y', left: '专业型', right: '讲依据' },
    { id: 'z', left: '健谈型', right: '巧妙收口' },
  ],
  distractors: ['立即挂机'],
});
const fill = q({
  id: 'ch-906',
  type: 'fill-blank',
  prompt: '先处理＿＿，再处理＿＿。',
  blanks: [{ accepted: ['心情', '情绪'] }, { accepted: ['事情'] }],
});
const scenario = q({
  id: 'ch-907',
  type: 'scenario',
  options: [
    { id: 'a', text: '甲', score: 1, feedback: '最好的回应。' },
    { id: 'b', text: '乙', score: 0.5, feedback: '还可以更好。' },
    { id: 'c', text: '丙', score: 0, feedback: '会激化矛盾。' },
  ],
});
const listening = q({
  id: 'ch-908',
  type: 'listening',
  audio: clip,
  question: { ...base, id: 'ch-908', type: 'true-false', answer: true },
});

/** Display key of a bank id in a layout list. */
const key = (list: string[] | undefined, id: string) => String(list!.indexOf(id));
const grade = (question: Question, response: unknown, layout: QuestionLayout = layoutFor(question, 'seed-1')) =>
  gradeQuestion(question, layout, response);

describe('normalising typed answers', () => {
  it('folds full-width characters, case, spaces and punctuation', () => {
    expect(normalizeAnswer('　ＡＢＣ 首问，负责！')).toBe(normalizeAnswer('abc首问负责'));
    expect(normalizeAnswer('7A 模型。')).toBe('7a模型');
  });
});

describe('grading', () => {
  it('single choice: right, wrong, out of range, wrong shape, empty', () => {
    const l = layoutFor(single, 's');
    expect(grade(single, { choice: key(l.options, 'b') }, l)).toMatchObject({ score: 1, status: 'correct' });
    expect(grade(single, { choice: key(l.options, 'a') }, l)).toMatchObject({ score: 0, status: 'incorrect' });
    expect(grade(single, { choice: '7' }, l).status).toBe('invalid');
    expect(grade(single, { choice: 'b' }, l).status).toBe('invalid'); // bank ids are not accepted, only keys
    expect(grade(single, { value: true }, l).status).toBe('invalid');
    expect(grade(single, undefined, l)).toMatchObject({ score: 0, status: 'unanswered' });
    expect(grade(single, 'b', l).status).toBe('invalid');
  });

  it('multiple choice, all-or-nothing', () => {
    const m = multiple('all-or-nothing');
    const l = layoutFor(m, 's');
    const k = (...ids: string[]) => ids.map((id) => key(l.options, id));
    expect(grade(m, { choices: k('a', 'c') }, l).score).toBe(1);
    expect(grade(m, { choices: k('a') }, l).score).toBe(0);
    expect(grade(m, { choices: k('a', 'c', 'd') }, l).score).toBe(0);
    expect(grade(m, { choices: [] }, l).status).toBe('unanswered');
    expect(grade(m, { choices: [...k('a'), ...k('a')] }, l).status).toBe('invalid');
  });

  it('multiple choice, partial credit: right picks minus wrong picks, floored at zero', () => {
    const m = multiple('partial');
    const l = layoutFor(m, 's');
    const k = (...ids: string[]) => ids.map((id) => key(l.options, id));
    expect(grade(m, { choices: k('a') }, l)).toMatchObject({ score: 0.5, status: 'partial' });
    expect(grade(m, { choices: k('a', 'b') }, l).score).toBe(0);
    expect(grade(m, { choices: k('b', 'd') }, l).score).toBe(0);
    expect(grade(m, { choices: k('c', 'a') }, l).score).toBe(1);
  });

  it('true/false', () => {
    expect(grade(trueFalse, { value: false }).score).toBe(1);
    expect(grade(trueFalse, { value: true }).score).toBe(0);
    expect(grade(trueFalse, { value: 'false' }).status).toBe('invalid');
  });

  it('ordering: full order, partial by position, incomplete or duplicated orders are invalid', () => {
    const l = layoutFor(ordering, 's');
    expect(l.items).not.toEqual(['s1', 's2', 's3', 's4']);
    const k = (...ids: string[]) => ids.map((id) => key(l.items, id));
    expect(grade(ordering, { order: k('s1', 's2', 's3', 's4') }, l).score).toBe(1);
    expect(grade(ordering, { order: k('s1', 's2', 's4', 's3') }, l)).toMatchObject({ score: 0.5, status: 'partial' });
    expect(grade(ordering, { order: k('s1', 's2', 's3') }, l).status).toBe('invalid');
    expect(grade(ordering, { order: k('s1', 's1', 's3', 's4') }, l).status).toBe('invalid');
  });

  it('matching: fraction of right matches; distractors and repeated lefts handled', () => {
    const l = layoutFor(matching, 's');
    expect(l.rights).toHaveLength(4);
    const m = (pairs: [string, string][]) => ({
      matches: Object.fromEntries(pairs.map(([a, b]) => [key(l.lefts, a), key(l.rights, b)])),
    });
    expect(
      grade(
        matching,
        m([
          ['x', 'x'],
          ['y', 'y'],
          ['z', 'z'],
        ]),
        l,
      ).score,
    ).toBe(1);
    expect(
      grade(
        matching,
        m([
          ['x', 'x'],
          ['y', 'd0'],
          ['z', 'y'],
        ]),
        l,
      ).score,
    ).toBeCloseTo(1 / 3, 4);
    expect(grade(matching, m([['x', 'x']]), l).score).toBeCloseTo(1 / 3, 4);
    expect(grade(matching, { matches: {} }, l).status).toBe('unanswered');
    expect(grade(matching, { matches: { '9': '0' } }, l).status).toBe('invalid');
  });

  it('fill-in-the-blank: any accepted answer, normalised; each blank counts', () => {
    expect(grade(fill, { blanks: ['情绪', '事情'] }).score).toBe(1);
    expect(grade(fill, { blanks: [' 心情。', 'ＸＸ'] })).toMatchObject({ score: 0.5, status: 'partial' });
    expect(grade(fill, { blanks: ['', '  '] }).status).toBe('unanswered');
    expect(grade(fill, { blanks: ['心情', '事情', '多余'] }).status).toBe('invalid');
    expect(grade(fill, { blanks: ['。', '事情'] }).score).toBe(0.5); // punctuation alone is not an answer
  });

  it('scenario best response: the chosen option’s score', () => {
    const l = layoutFor(scenario, 's');
    expect(grade(scenario, { choice: key(l.options, 'a') }, l).score).toBe(1);
    expect(grade(scenario, { choice: key(l.options, 'b') }, l)).toMatchObject({ score: 0.5, status: 'partial' });
    expect(grade(scenario, { choice: key(l.options, 'c') }, l).status).toBe('incorrect');
  });

  it('listening: grades the sub-question', () => {
    expect(grade(listening, { sub: { value: true } }).score).toBe(1);
    expect(grade(listening, { sub: { value: false } }).score).toBe(0);
    expect(grade(listening, { value: true }).status).toBe('invalid');
  });

  it('audio timestamp: hits within tolerance, penalties for extra clicks, repeats inside a target ignored', () => {
    expect(grade(stamps, { clicks: [6, 20.5] }).score).toBe(1);
    expect(grade(stamps, { clicks: [4.2, 21.9] }).score).toBe(1); // within ±1 s
    expect(grade(stamps, { clicks: [6] })).toMatchObject({ score: 0.5, status: 'partial' });
    expect(grade(stamps, { clicks: [6, 20.5, 12] }).score).toBe(0.75);
    expect(grade(stamps, { clicks: [6, 6.5, 7] }).score).toBe(0.5);
    expect(grade(stamps, { clicks: [1, 2, 3, 12] }).score).toBe(0);
    expect(grade(stamps, { clicks: [] }).status).toBe('unanswered');
    expect(grade(stamps, { clicks: [-1] }).status).toBe('invalid');
    expect(grade(stamps, { clicks: ['6'] }).status).toBe('invalid');
  });

  it('the layout is reproducible from the seed', () => {
    expect(layoutFor(matching, 'abc')).toEqual(layoutFor(matching, 'abc'));
    expect(layoutFor(single, 'abc').options!.sort()).toEqual(['a', 'b', 'c']);
  });
});
