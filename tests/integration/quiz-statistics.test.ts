import { describe, expect, it } from 'vitest';
import { attemptStore } from '../../src/domain/assessment/repo.ts';
import { startAttempt, submitAttempt } from '../../src/domain/assessment/service.ts';
import { quizCatalog } from '../../src/domain/assessment/catalog.ts';
import { candidatesFor, drawPool } from '../../src/domain/assessment/draw.ts';
import { quizExposure, quizStatistics } from '../../src/domain/assessment/statistics.ts';
import type { StaffUser } from '../../src/domain/identity/schema.ts';
import { correctResponse } from '../support/answer-key.ts';
import { asAdmin, makeUser } from './pocketbase-fixtures.ts';

describe('item statistics from submitted attempts', () => {
  it('counts only the trainer’s own cohorts, everyone for HR, and reflects the grades', async () => {
    const admin = await asAdmin();
    const ctx = { store: attemptStore(admin), catalog: quizCatalog(), now: () => new Date() };
    const [trainer, inCohort, outside] = await Promise.all([
      makeUser('trainer'),
      makeUser('trainee'),
      makeUser('trainee'),
    ]);
    await (
      await asAdmin()
    )
      .collection('cohorts')
      .create({ name: '统计测试班', trainer: trainer.id, members: [inCohort.id] });
    const quizId = 'quiz-complaint-handling';
    const viewer = (id: string, role: StaffUser['role']): StaffUser => ({
      id,
      role,
      email: '',
      name: '',
      employeeNo: '',
      department: '',
      team: '',
    });
    // Other test files may submit this quiz too; HR's count is compared with what it was before.
    const before = (await quizStatistics(admin, viewer('hr', 'hr'), quizId)).attempts;
    for (const who of [inCohort, outside]) {
      const attempt = await startAttempt(ctx, who.id, quizId);
      const keys = await ctx.store.keysFor(attempt.attemptId);
      const responses = Object.fromEntries(
        keys.questions.map((d) => [d.id, correctResponse(ctx.catalog.questions.get(d.id)!, d.layout)]),
      );
      await submitAttempt(ctx, who.id, attempt.attemptId, who === inCohort ? responses : {});
    }

    const forTrainer = await quizStatistics(admin, viewer(trainer.id, 'trainer'), quizId);
    expect(forTrainer.attempts).toBe(1);
    expect(forTrainer.questions.every((q) => q.facility === 100)).toBe(true);

    const forHr = await quizStatistics(admin, viewer('hr', 'hr'), quizId);
    expect(forHr.attempts).toBe(before + 2);
    if (before === 0) for (const q of forHr.questions.filter((x) => x.attempts === 2)) expect(q.facility).toBe(50);
  });

  it('counts each item’s exposure over every sitting, open or submitted, and lists never-shown candidates at 0', async () => {
    const admin = await asAdmin();
    const ctx = { store: attemptStore(admin), catalog: quizCatalog(), now: () => new Date() };
    const quizId = 'exam-complaint-specialist';
    const quiz = ctx.catalog.quizzes.get(quizId)!;
    const candidates = quiz.draw.flatMap((rule) =>
      candidatesFor(rule, ctx.catalog.banks, drawPool(quiz)).map((q) => q.id),
    );
    const before = await quizExposure(admin, quizId, candidates);
    expect(before.items.map((i) => i.questionId).slice(0, candidates.length)).toEqual(candidates);
    const [a, b] = await Promise.all([makeUser('trainee'), makeUser('trainee')]);
    const open = await startAttempt(ctx, a.id, quizId);
    const submitted = await startAttempt(ctx, b.id, quizId);
    await submitAttempt(ctx, b.id, submitted.attemptId, {});
    const after = await quizExposure(admin, quizId, candidates);
    expect(after.sittings).toBe(before.sittings + 2);
    const count = (report: typeof after, id: string) => report.items.find((i) => i.questionId === id)?.sittings ?? 0;
    for (const id of candidates) {
      const seen = [open, submitted].filter((s) => s.questions.some((q) => q.id === id)).length;
      expect(count(after, id) - count(before, id), id).toBe(seen);
    }
    // Only exam-pool items are exposed by an exam (this file's two sittings: other files share the PocketBase).
    for (const q of [...open.questions, ...submitted.questions])
      expect(ctx.catalog.questions.get(q.id)?.pool, q.id).toBe('exam');
  });
});
