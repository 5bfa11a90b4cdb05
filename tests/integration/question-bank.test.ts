// The question bank against a real PocketBase: import → drafts (nothing usable refused), compare-and-set edits,
// publishing as new ids (double submits, concurrent publishers, one successor per item), retiring, and published
// items joining draws and grading — including an attempt that drew an item later replaced.
import { readFileSync } from 'node:fs';
import type PocketBase from 'pocketbase';
import { beforeAll, describe, expect, it } from 'vitest';
import { courseOutlineFromFiles } from '../../src/domain/course/files.ts';
import { candidatesFor } from '../../src/domain/assessment/draw.ts';
import { questionBankRepo } from '../../src/domain/question-bank/repo.ts';
import {
  discardDraft,
  editPublished,
  forgetPublished,
  importDrafts,
  publishDraft,
  publishedItems,
  retirePublished,
  saveDraft,
  type BankDeps,
} from '../../src/domain/question-bank/service.ts';
import { withPublished } from '../../src/domain/question-bank/rules.ts';
import { AppError } from '../../src/platform/errors/index.ts';
import { attemptStore } from '../../src/domain/assessment/repo.ts';
import {
  attemptResult,
  startAttempt,
  submitAttempt,
  type AttemptContext,
} from '../../src/domain/assessment/service.ts';
import { bankDeps } from '../../src/domain/assessment/question-bank.ts';
import { quizCatalog } from '../../src/domain/assessment/catalog.ts';
import { quizSchema } from '../../src/domain/assessment/schema.ts';
import type { StaffUser } from '../../src/domain/identity/schema.ts';
import { asAdmin, makeUser } from './pocketbase-fixtures.ts';

const course = courseOutlineFromFiles(process.cwd());
const gift = readFileSync('tests/unit/fixtures/gift/moodle-complaints.gift', 'utf8');
const noChoices = { module: 'complaint-handling', categories: {}, items: {} };

let admin: PocketBase;
let deps: BankDeps;
let trainer: StaffUser;
let hr: StaffUser;
let trainee: StaffUser;
const staff = async (role: 'trainee' | 'trainer' | 'hr') => {
  const made = await makeUser(role);
  return {
    id: made.id,
    email: made.email,
    name: '测试',
    employeeNo: '',
    role,
    department: '测试部',
    team: '测试班',
  } satisfies StaffUser;
};

async function errorName(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    return error instanceof AppError ? `${error.name}: ${error.message}` : String(error);
  }
}

beforeAll(async () => {
  admin = await asAdmin();
  deps = bankDeps(admin);
  [trainer, hr, trainee] = await Promise.all([staff('trainer'), staff('hr'), staff('trainee')]);
});

describe('import into drafts', () => {
  it('makes a draft of every usable item, flags kept, problems listed; a trainee is refused', async () => {
    const { drafts, problems } = await importDrafts(
      deps,
      trainer,
      gift,
      'bank.gift',
      { ...noChoices, categories: { '$course$/top/默认/历年考题': 'complaint-handling/01-standards-and-principles' } },
      course,
    );
    expect(drafts).toHaveLength(10);
    expect(problems.map((p) => p.source)).toEqual([{ line: 66 }, { line: 68 }, { line: 70 }]);
    const byTitle = (t: string) => drafts.find((d) => d.title === t)!;
    expect(byTitle('Q02 缺解析')).toMatchObject({
      status: 'draft',
      source: '第 13 行',
      module: 'complaint-handling',
      lesson: 'complaint-handling/02-feelings-first',
      question: { explanation: '' },
    });
    expect(byTitle('Q08 简答通配')).toMatchObject({
      lesson: 'complaint-handling/01-standards-and-principles',
      notes: ['部分得分答案（「问候声」50%）未计入正确答案', '通配答案 * 的反馈已并入解析'],
    });
    expect(await errorName(importDrafts(deps, trainee, gift, 'bank.gift', noChoices, course))).toMatch(
      /^QuestionBankForbidden/,
    );
  });
});

describe('edit and publish', () => {
  it('refuses an incomplete draft with the reason, a stale save, and a forged id; publishes once however often pressed', async () => {
    const { drafts } = await importDrafts(deps, trainer, gift, 'bank.gift', noChoices, course);
    const draft = drafts.find((d) => d.title === 'Q02 缺解析')!;
    expect(await errorName(publishDraft(deps, trainer, draft.id, draft.version, 'practice'))).toBe(
      'QuestionDraftIncomplete: 题目还不能发布：缺少解析：解析至少写 8 个字，说明为什么对、错在哪里',
    );
    const saved = await saveDraft(deps, trainer, {
      id: draft.id,
      version: draft.version,
      module: 'complaint-handling',
      question: { ...draft.question, explanation: '先让客户说完并复述，客户感到被听见，情绪才会降下来。' },
    });
    expect(saved.version).toBe(draft.version + 1);
    expect(
      await errorName(
        saveDraft(deps, hr, {
          id: draft.id,
          version: draft.version,
          module: 'complaint-handling',
          question: draft.question,
        }),
      ),
    ).toMatch(/^QuestionDraftChanged/);
    expect(await errorName(publishDraft(deps, trainer, 'aaaaaaaaaaaaaaa', 1, 'practice'))).toMatch(
      /^QuestionDraftNotFound/,
    );
    const huge = { ...draft.question, explanation: '长'.repeat(20_000) };
    const hugeSave = saveDraft(deps, trainer, {
      id: draft.id,
      version: saved.version,
      module: 'complaint-handling',
      question: huge,
    });
    expect(await errorName(hugeSave)).toMatch(/^InvalidInput: 题目内容过长/);
    const forgedLesson = { ...draft.question, lesson: 'no-such-module/01-x' };
    const forgedSave = saveDraft(deps, trainer, {
      id: draft.id,
      version: saved.version,
      module: 'x',
      question: forgedLesson,
    });
    expect(await errorName(forgedSave)).toMatch(/^InvalidInput: 请从列表中选择课程/);
    const [a, b] = await Promise.all(
      [
        publishDraft(deps, trainer, draft.id, saved.version, 'practice'),
        publishDraft(deps, hr, draft.id, saved.version, 'practice'),
      ].map((p) => p.catch((e: unknown) => e)),
    );
    const published = [a, b].filter((x) => !(x instanceof Error)) as { questionId: string }[];
    expect(published.length).toBeGreaterThanOrEqual(1);
    expect(new Set(published.map((p) => p.questionId)).size).toBe(1);
    const again = await publishDraft(deps, trainer, draft.id, saved.version, 'practice');
    expect(again.questionId).toBe(published[0]!.questionId);
    expect(again.questionId).toMatch(/^ch-1\d{3}$/);
    const rows = (await deps.repo.listPublished()).filter((p) => p.draft === draft.id);
    expect(rows).toHaveLength(1);
    const audit = await admin
      .collection('audit_log')
      .getFullList({ filter: admin.filter('action = "question.publish" && target = {:t}', { t: again.questionId }) });
    expect(audit).toHaveLength(1);
  });

  it('gives concurrent publishers distinct ids', async () => {
    const { drafts } = await importDrafts(deps, trainer, gift, 'bank.gift', noChoices, course);
    const ready = drafts.filter((d) =>
      ['Q01 情绪先行', 'Q04 判断-TRUE 带反馈', 'Q06 单选负分', 'Q05 负分多选'].includes(d.title),
    );
    const published = await Promise.all(
      ready.map((d) => publishDraft(deps, d.title === 'Q06 单选负分' ? hr : trainer, d.id, d.version, 'practice')),
    );
    expect(new Set(published.map((p) => p.questionId)).size).toBe(4);
  });
});

describe('published items in draws and grading, versions', () => {
  it('joins draws; an edit is a new id that retires the old one, which still grades the attempt that drew it', async () => {
    const { drafts } = await importDrafts(deps, trainer, gift, 'bank.gift', noChoices, course);
    const draft = drafts.find((d) => d.title === 'Q01 情绪先行')!;
    const tag = `题库测试${Date.now()}`;
    const tagged = await saveDraft(deps, trainer, {
      id: draft.id,
      version: draft.version,
      module: 'complaint-handling',
      question: { ...draft.question, tags: [tag] },
    });
    const first = await publishDraft(deps, trainer, tagged.id, tagged.version, 'practice');
    forgetPublished();
    const quiz = quizSchema.parse({
      id: `quiz-bank-${Date.now()}`,
      kind: 'module',
      module: 'complaint-handling',
      title: '题库测试',
      description: '题库测试',
      draw: [{ module: 'complaint-handling', count: 1, tags: [tag] }],
      passMark: 0.6,
    });
    const base = quizCatalog();
    const catalogNow = async () =>
      withPublished({ ...base, quizzes: new Map([...base.quizzes, [quiz.id, quiz]]) }, await publishedItems(deps.repo));
    const catalog1 = await catalogNow();
    expect(candidatesFor(quiz.draw[0]!, catalog1.banks, 'practice').map((q) => q.id)).toEqual([first.questionId]);

    const learner = await staff('trainee');
    const ctx: AttemptContext = { store: attemptStore(admin), catalog: catalog1, now: () => new Date() };
    const started = await startAttempt(ctx, learner.id, quiz.id);
    expect(started.questions.map((q) => q.id)).toEqual([first.questionId]);

    // Editing the published item: a new draft, published as a new id; the old one is retired.
    const edit = await editPublished(deps, trainer, first.questionId);
    expect(edit).toMatchObject({ replaces: first.questionId, status: 'draft' });
    expect((await editPublished(deps, hr, first.questionId)).id).toBe(edit.id);
    const changed = await saveDraft(deps, trainer, {
      id: edit.id,
      version: edit.version,
      module: 'complaint-handling',
      question: { ...edit.question, prompt: '客户第三次来电，语气很冲，坐席开口第一句最合适的是？' },
    });
    expect(await errorName(publishDraft(deps, trainer, changed.id, changed.version, 'exam'))).toMatch(
      /练习题的新版本不能发布到考试题库/,
    );
    const second = await publishDraft(deps, trainer, changed.id, changed.version, 'practice');
    expect(second.questionId).not.toBe(first.questionId);
    expect((await deps.repo.getPublished(first.questionId))!.status).toBe('retired');

    const catalog2 = await catalogNow();
    expect(candidatesFor(quiz.draw[0]!, catalog2.banks, 'practice').map((q) => q.id)).toEqual([second.questionId]);
    // The open attempt still grades against the version it showed.
    const shown = catalog2.questions.get(first.questionId)!;
    expect(shown.prompt).toBe(draft.question.prompt);
    const result = await submitAttempt({ ...ctx, catalog: catalog2 }, learner.id, started.attemptId, {});
    expect(result.percent).toBe(0);
    const review = await attemptResult({ ...ctx, catalog: catalog2 }, learner.id, started.attemptId);
    expect(JSON.stringify(review)).toContain(String(draft.question.prompt));

    // A second successor of the same item is refused; retiring is idempotent; forged ids are refused.
    const other = await admin.collection('question_drafts').create({
      module: 'complaint-handling',
      lesson: changed.lesson,
      question: changed.question,
      status: 'draft',
      createdBy: trainer.id,
      replaces: first.questionId,
      version: 1,
    });
    expect(await errorName(publishDraft(deps, trainer, other.id, 1, 'practice'))).toMatch(
      /^PublishedQuestionSuperseded/,
    );
    const reverted = (await deps.repo.getDraft(other.id))!;
    expect(reverted.status).toBe('draft');
    await retirePublished(deps, hr, second.questionId);
    await retirePublished(deps, hr, second.questionId);
    expect(candidatesFor(quiz.draw[0]!, (await catalogNow()).banks, 'practice')).toEqual([]);
    expect(await errorName(retirePublished(deps, hr, 'ch-9999'))).toMatch(/^PublishedQuestionNotFound/);
    expect(await errorName(retirePublished(deps, trainee, second.questionId))).toMatch(/^QuestionBankForbidden/);
    await discardDraft(deps, trainer, other.id, reverted.version);
    expect((await deps.repo.getDraft(other.id))!.status).toBe('discarded');
  });

  it('sees another process’s publish through the versioned snapshot within its recheck interval', async () => {
    const repo = questionBankRepo(admin);
    const t = Date.now() + 1e7;
    const before = await publishedItems(repo, t);
    const { drafts } = await importDrafts(deps, trainer, gift, 'bank.gift', noChoices, course);
    const d = drafts.find((x) => x.title === 'Q04 判断-TRUE 带反馈')!;
    // Another process publishes: this process's snapshot is not told (no forgetPublished here).
    await repo.createPublished({
      questionId: 'ch-9001',
      module: 'complaint-handling',
      pool: 'exam',
      question: { ...d.question, id: 'ch-9001', pool: 'exam', lesson: d.lesson },
      status: 'active',
      draft: '',
      replaces: '',
      publishedBy: trainer.id,
    });
    expect(await publishedItems(repo, t + 1000)).toBe(before);
    const after = await publishedItems(repo, t + 10_000);
    expect(after.map((i) => i.question.id)).toContain('ch-9001');
    expect(after.find((i) => i.question.id === 'ch-9001')!.question.pool).toBe('exam');
    // An exam-pool item is drawn by exams only, never by a module quiz (whose review reveals answers).
    const banks = withPublished(quizCatalog(), after).banks;
    const rule = { module: 'complaint-handling' as const, count: 1 };
    expect(candidatesFor(rule, banks, 'practice').map((q) => q.id)).not.toContain('ch-9001');
    expect(candidatesFor(rule, banks, 'exam').map((q) => q.id)).toContain('ch-9001');
  });
});
