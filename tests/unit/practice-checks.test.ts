import { describe, expect, it } from 'vitest';
import {
  gradePractice,
  PracticeAnswerError,
  practicePublicView,
  practiceSecrets,
} from '../../src/domain/progress/practice-checks.ts';
import { practiceCheckSchema, type PracticeCheck } from '../../src/domain/progress/practice-schema.ts';
import { readCourseFiles } from '../../src/domain/course/files.ts';
import { lessonSchema } from '../../src/domain/course/lesson-schema.ts';

const choose = practiceCheckSchema.parse({
  id: 'choose-x',
  kind: 'choose-reply',
  prompt: '哪句更好？',
  options: [
    { text: '甲', feedback: '甲不好' },
    { text: '乙', correct: true, feedback: '乙最好' },
    { text: '丙', feedback: '丙不好' },
  ],
});
const order = practiceCheckSchema.parse({
  id: 'order-x',
  kind: 'reorder-steps',
  prompt: '排序',
  steps: ['一', '二', '三', '四'],
});
const cards = practiceCheckSchema.parse({
  id: 'cards-x',
  kind: 'flip-cards',
  cards: [
    { front: 'A', back: '甲面' },
    { front: 'B', back: '乙面' },
  ],
});

const courseChecks: PracticeCheck[] = readCourseFiles(process.cwd()).lessons.flatMap(
  (l) => lessonSchema.parse(l.frontmatter).practice,
);

describe('practice checks graded on the server', () => {
  it('the public view holds no answer, no feedback and no card back', () => {
    for (const check of [choose, order, cards, ...courseChecks]) {
      const json = JSON.stringify(practicePublicView(check));
      expect(json).not.toMatch(/"(correct|feedback|back|cards|options)":\s*\[?\{/);
      for (const secret of practiceSecrets(check)) expect(json).not.toContain(secret);
    }
  });

  it('never shows steps in their correct order', () => {
    for (const check of [order, ...courseChecks]) {
      if (check.kind !== 'reorder-steps') continue;
      expect(practicePublicView(check).kind === 'reorder-steps' && practicePublicView(check)).not.toEqual(
        expect.objectContaining({ steps: check.steps }),
      );
    }
  });

  it('grades a choice by the public position and returns that option’s feedback', () => {
    const view = practicePublicView(choose);
    if (view.kind !== 'choose-reply') throw new Error();
    const right = view.options.indexOf('乙');
    expect(gradePractice(choose, { kind: 'choose-reply', option: right })).toEqual({
      kind: 'choose-reply',
      passed: true,
      feedback: '乙最好',
    });
    expect(gradePractice(choose, { kind: 'choose-reply', option: (right + 1) % 3 })).toMatchObject({
      passed: false,
      feedback: expect.stringMatching(/不好/),
    });
    expect(() => gradePractice(choose, { kind: 'choose-reply', option: 3 })).toThrow(PracticeAnswerError);
  });

  it('grades an order given as public positions, naming the wrong positions', () => {
    const view = practicePublicView(order);
    if (view.kind !== 'reorder-steps') throw new Error();
    const correct = order.kind === 'reorder-steps' ? order.steps.map((s) => view.steps.indexOf(s)) : [];
    expect(gradePractice(order, { kind: 'reorder-steps', order: correct })).toEqual({
      kind: 'reorder-steps',
      passed: true,
      wrongPositions: [],
    });
    const swapped = [correct[1]!, correct[0]!, ...correct.slice(2)];
    expect(gradePractice(order, { kind: 'reorder-steps', order: swapped })).toEqual({
      kind: 'reorder-steps',
      passed: false,
      wrongPositions: [0, 1],
    });
  });

  it('refuses answers that are not an arrangement of the steps, or of another kind', () => {
    for (const bad of [
      [0, 0, 1, 2],
      [0, 1, 2],
      [0, 1, 2, 3, 4],
      [0, 1, 2, 7],
    ]) {
      expect(() => gradePractice(order, { kind: 'reorder-steps', order: bad })).toThrow(PracticeAnswerError);
    }
    expect(() => gradePractice(order, { kind: 'choose-reply', option: 0 })).toThrow(PracticeAnswerError);
  });

  it('hands out one card back per request', () => {
    expect(gradePractice(cards, { kind: 'flip-cards', card: 1 })).toEqual({
      kind: 'flip-cards',
      card: 1,
      back: '乙面',
    });
    expect(() => gradePractice(cards, { kind: 'flip-cards', card: 2 })).toThrow(PracticeAnswerError);
  });

  it('every course check has exactly one right option or a real arrangement', () => {
    expect(courseChecks.length).toBeGreaterThanOrEqual(39);
    expect(new Set(courseChecks.map((c) => c.id)).size).toBe(courseChecks.length);
  });
});
