import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  candidatesFor,
  checkDrawable,
  drawPool,
  drawQuestions,
  type BankIndex,
} from '../../src/domain/assessment/draw.ts';
import { publicQuestion } from '../../src/domain/assessment/public-view.ts';
import { bankSchema, type Question } from '../../src/domain/assessment/question-schema.ts';
import { moduleSlugs } from '../../src/domain/course/module-schema.ts';
import { quizSchema } from '../../src/domain/assessment/schema.ts';
import { quizCatalog } from '../../src/domain/assessment/catalog.ts';

const banks: BankIndex = new Map(
  moduleSlugs.map((m) => [m, bankSchema.parse(JSON.parse(readFileSync(`quizzes/banks/${m}.json`, 'utf8'))).questions]),
);
const exam = quizSchema.parse(JSON.parse(readFileSync('quizzes/exams/hotline-agent.json', 'utf8')));
const specialist = quizSchema.parse(JSON.parse(readFileSync('quizzes/exams/complaint-specialist.json', 'utf8')));
const allQuestions = new Map([...banks.values()].flat().map((q) => [q.id, q]));

describe('drawing an attempt', () => {
  it('draws the quota of distinct questions per module, reproducibly from the seed', () => {
    const a = drawQuestions(exam, banks, 'seed-a');
    expect(a).toEqual(drawQuestions(exam, banks, 'seed-a'));
    expect(new Set(a.map((q) => q.id)).size).toBe(35);
    for (const m of moduleSlugs) expect(a.filter((q) => q.module === m)).toHaveLength(5);
    expect(drawQuestions(exam, banks, 'seed-b').map((q) => q.id)).not.toEqual(a.map((q) => q.id));
  });

  it('respects difficulty filters', () => {
    const drawn = drawQuestions(specialist, banks, 's');
    expect(drawn).toHaveLength(20);
    for (const d of drawn) expect(['medium', 'hard']).toContain(allQuestions.get(d.id)!.difficulty);
  });

  it('refuses a quiz whose rules ask for more questions than the bank has', () => {
    const greedy = { ...exam, draw: [{ module: 'service-mindset' as const, count: 500 }] };
    expect(checkDrawable(greedy, banks)[0]).toMatch(
      /needs 500 exam-pool questions from service-mindset but only \d+ match/,
    );
    expect(() => drawQuestions(greedy, banks, 'x')).toThrow(/needs 500/);
  });

  it('exams draw only exam-pool items; module quizzes and listening practice only practice-pool items', () => {
    expect(drawPool(exam)).toBe('exam');
    const moduleQuiz = quizSchema.parse(JSON.parse(readFileSync('quizzes/quizzes/service-mindset.json', 'utf8')));
    expect(drawPool(moduleQuiz)).toBe('practice');
    for (let i = 0; i < 20; i++) {
      for (const d of drawQuestions(exam, banks, `pool-${i}`)) expect(allQuestions.get(d.id)!.pool, d.id).toBe('exam');
      for (const d of drawQuestions(specialist, banks, `pool-${i}`))
        expect(allQuestions.get(d.id)!.pool, d.id).toBe('exam');
      for (const d of drawQuestions(moduleQuiz, banks, `pool-${i}`))
        expect(allQuestions.get(d.id)!.pool, d.id).toBe('practice');
    }
    // A bank holding both pools: each kind of quiz sees only its own.
    const mixed: BankIndex = new Map([['service-mindset', [...banks.get('service-mindset')!]]]);
    const rule = { module: 'service-mindset' as const, count: 1 };
    expect(candidatesFor(rule, mixed, 'exam').every((q) => q.pool === 'exam')).toBe(true);
    expect(candidatesFor(rule, mixed, 'practice').every((q) => q.pool === 'practice')).toBe(true);
    expect(candidatesFor(rule, mixed, 'exam').length + candidatesFor(rule, mixed, 'practice').length).toBe(
      banks.get('service-mindset')!.length,
    );
  });

  it('every quiz of the running catalog (listening practice included) draws only from its own pool', () => {
    const catalog = quizCatalog();
    expect([...catalog.quizzes.keys()].some((id) => id.startsWith('quiz-listening-'))).toBe(true);
    for (const quiz of catalog.quizzes.values()) {
      const pool = quiz.kind === 'exam' ? 'exam' : 'practice';
      for (const d of drawQuestions(quiz, catalog.banks, 'pools'))
        expect(catalog.questions.get(d.id)!.pool, `${quiz.id} ${d.id}`).toBe(pool);
    }
  });

  it('the exams draw what the certification promises (the 3× rule is met by adding items, not by lowering draws)', () => {
    expect(exam.draw.map((r) => [r.module, r.count, r.difficulty ?? null])).toEqual(
      moduleSlugs.map((m) => [m, 5, null]),
    );
    expect(specialist.draw.map((r) => [r.module, r.count, r.difficulty])).toEqual([
      ['complaint-psychology', 8, ['medium', 'hard']],
      ['complaint-handling', 12, ['medium', 'hard']],
    ]);
  });

  it('every quiz and exam in the repository can be drawn', () => {
    for (const file of [
      'exams/hotline-agent',
      'exams/complaint-specialist',
      ...moduleSlugs.map((m) => `quizzes/${m}`),
    ]) {
      const quiz = quizSchema.parse(JSON.parse(readFileSync(`quizzes/${file}.json`, 'utf8')));
      expect(checkDrawable(quiz, banks), file).toEqual([]);
    }
  });
});

describe('the public view of a question', () => {
  /** Every string that would give an answer away. */
  function secrets(q: Question): string[] {
    const out = [q.explanation];
    if (q.type === 'scenario') out.push(...q.options.map((o) => o.feedback));
    if (q.type === 'fill-blank') out.push(...q.blanks.flatMap((b) => b.accepted.filter((a) => !q.prompt.includes(a))));
    return out;
  }

  it('carries no answer, explanation, option score or feedback for any bank question', () => {
    const everything = (kind: 'exam' | 'module') =>
      moduleSlugs.flatMap((m) => {
        const count = banks.get(m)!.filter((q) => q.pool === (kind === 'exam' ? 'exam' : 'practice')).length;
        return count ? drawQuestions({ ...exam, kind, draw: [{ module: m, count }] }, banks, 'leak') : [];
      });
    const drawn = [...everything('exam'), ...everything('module')];
    expect(drawn).toHaveLength(allQuestions.size);
    for (const d of drawn) {
      const q = allQuestions.get(d.id)!;
      const json = JSON.stringify(publicQuestion(q, d.layout));
      for (const secret of secrets(q)) expect(json, `${q.id} leaks "${secret}"`).not.toContain(secret);
      expect(json).not.toMatch(/"(answer|score|feedback|correct|explanation|accepted)"/);
      // Choices are referred to by position only, never by bank id.
      if ('options' in q) expect(json).not.toMatch(/"id":"[a-z]"/);
    }
  });
});
