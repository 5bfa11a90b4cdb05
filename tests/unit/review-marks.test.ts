import { describe, expect, it } from 'vitest';
import { gradeQuestion } from '../../src/domain/assessment/grading.ts';
import { layoutFor } from '../../src/domain/assessment/layout.ts';
import { reviewQuestion } from '../../src/domain/assessment/review.ts';
import type { Question } from '../../src/domain/assessment/question-schema.ts';
import { stampsQuestion as stamps, testQuestion as q } from '../support/test-questions.ts';
import { moduleLessonStates } from '../../src/domain/progress/lesson-state-rules.ts';

const matching = q({
  id: 'ch-905',
  type: 'matching',
  distractors: ['立即挂机'],
  pairs: [
    { id: 'x', left: '情绪型', right: '先安抚' },
    { id: 'y', left: '专业型', right: '讲依据' },
    { id: 'z', left: '健谈型', right: '巧妙收口' },
  ],
});
const review = (question: Question, response: unknown) => {
  const layout = layoutFor(question, 'seed-1');
  return reviewQuestion(question, 'complaint-handling', layout, response, gradeQuestion(question, layout, response));
};

describe('review marks', () => {
  it('matching: each pair of the answer is marked right or wrong', () => {
    const layout = layoutFor(matching, 'seed-1');
    const key = (list: string[] | undefined, id: string) => String(list!.indexOf(id));
    const m = (pairs: [string, string][]) => ({
      matches: Object.fromEntries(pairs.map(([l, r]) => [key(layout.lefts, l), key(layout.rights, r)])),
    });
    const r = review(
      matching,
      m([
        ['x', 'x'],
        ['y', 'z'],
        ['z', 'y'],
      ]),
    );
    const byText = Object.fromEntries(r.yourAnswer.map((a, i) => [a, r.yourAnswerRight![i]]));
    expect(byText).toEqual({ '情绪型 → 先安抚': true, '专业型 → 巧妙收口': false, '健谈型 → 讲依据': false });
    const distractor = review(matching, m([['x', 'd0']]));
    expect(distractor.yourAnswer).toEqual(['情绪型 → 立即挂机']);
    expect(distractor.yourAnswerRight).toEqual([false]);
  });

  it('audio-timestamp: each click is a hit (within a target ± tolerance) or a miss', () => {
    const r = review(stamps, { clicks: [4.2, 6, 12, 22.1] });
    expect(r.clicks).toEqual([
      { at: 4.2, hit: true },
      { at: 6, hit: true },
      { at: 12, hit: false },
      { at: 22.1, hit: false },
    ]);
    expect(r.yourAnswer).toEqual(['4.2 秒（命中）', '6.0 秒（命中）', '12.0 秒（未命中）', '22.1 秒（未命中）']);
    expect(r.yourAnswerRight).toEqual([true, true, false, false]);
  });

  it('other types carry no per-item marks', () => {
    const single = q({
      id: 'ch-901',
      type: 'single',
      options: [
        { id: 'a', text: '甲' },
        { id: 'b', text: '乙' },
      ],
      answer: 'b',
    });
    expect(review(single, { choice: '0' }).yourAnswerRight).toBeUndefined();
  });
});

describe('module lesson states', () => {
  it('ticks completed lessons and continues with the first one not completed', () => {
    const lessons = ['m/a', 'm/b', 'm/c'];
    expect(moduleLessonStates(lessons, [])).toEqual({
      lessons: lessons.map((lesson) => ({ lesson, state: 'not-started' })),
      continueWith: 'm/a',
    });
    const some = moduleLessonStates(lessons, [
      { lesson: 'm/a', completedAt: '2026-11-01' },
      { lesson: 'm/c', completedAt: null },
    ]);
    expect(some.lessons.map((l) => l.state)).toEqual(['completed', 'not-started', 'started']);
    expect(some.continueWith).toBe('m/b');
    const all = moduleLessonStates(
      lessons,
      lessons.map((lesson) => ({ lesson, completedAt: '2026-11-01' })),
    );
    expect(all.continueWith).toBeNull();
  });
});
