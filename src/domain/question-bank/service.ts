import type { AuditAction } from '../audit/schema.ts';
// Use cases of the question bank: import a Moodle file into drafts, edit, publish (a new version for every edit of
// a published item), retire, and the published items every app process joins to the file banks. Each takes the
// viewer and its data access; refusals are AppErrors of src/platform/errors/errors-data.ts.
import { AppError } from '../../platform/errors/app-error.ts';
import {
  InvalidInput,
  PublishedQuestionNotFound,
  PublishedQuestionSuperseded,
  QuestionBankForbidden,
  QuestionDraftChanged,
  QuestionDraftIncomplete,
  QuestionDraftNotFound,
  QuestionImportMissing,
  QuestionImportNotText,
  QuestionImportTooLarge,
} from '../../platform/errors/errors-data.ts';
import { questionSchema, type Question, type QuestionPool } from '../assessment/question-schema.ts';
import type { StaffUser } from '../identity/schema.ts';
import type { DraftRecord, PublishedRecord, QuestionBankRepo } from './repo.ts';
import { draftFlags, fitsDraft, nextPublishedId, validateDraft, type PublishedItem } from './rules.ts';
import { mapCategories, readImportFile, sourceLabel, type CourseOutline, type ImportReport } from './schema.ts';

/** Leaves room in the 1 MB request body for the import form's other fields (sent as multipart, not percent-encoded). */
export const maxImportBytes = 800 * 1024;

export interface BankDeps {
  repo: QuestionBankRepo;
  /** Writes one audit-log entry. */
  audit: (actor: string, action: AuditAction, target: string, details: Record<string, unknown>) => Promise<void>;
  /** The file banks by module (ids and prefixes). */
  fileBanks: ReadonlyMap<string, readonly Question[]>;
  now: () => Date;
}

/** Trainers and HR manage the bank; anyone else is refused here, whatever route they came by. */
export function assertManager(
  viewer: Pick<StaffUser, 'id' | 'role'> | null | undefined,
  what: string,
): asserts viewer is StaffUser {
  if (!viewer || (viewer.role !== 'trainer' && viewer.role !== 'hr'))
    throw new AppError(QuestionBankForbidden, { log: [viewer?.id ?? 'anonymous', what] });
}

/** The text of an uploaded GIFT or Moodle XML file (UTF-8, at most maxImportBytes). */
export async function readUpload(file: unknown): Promise<{ text: string; fileName: string }> {
  if (!(file instanceof File) || file.size === 0) throw new AppError(QuestionImportMissing);
  if (file.size > maxImportBytes) throw new AppError(QuestionImportTooLarge, { log: [file.size] });
  const name = file.name.slice(0, 200);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer()), fileName: name };
  } catch {
    throw new AppError(QuestionImportNotText, { log: [name] });
  }
}

/** The preview: every item with its source and problems, categories mapped to the course. */
export function previewImport(viewer: StaffUser, text: string, fileName: string, course: CourseOutline): ImportReport {
  assertManager(viewer, 'preview an import');
  return mapCategories(readImportFile(text, fileName), course);
}

export interface ImportChoices {
  /** Module for items whose lesson is not chosen. */
  module: string;
  /** Lesson per category (as written in the file); '' leaves it unmapped. */
  categories: Readonly<Record<string, string>>;
  /** Lesson per item index, overriding its category's. */
  items: Readonly<Record<string, string>>;
}

/**
 * Turn every item of the file into a draft (the file is parsed again here: the browser's copy of the preview is
 * never trusted). Items keep their flags (缺少解析…) and notes; nothing usable is refused.
 */
export async function importDrafts(
  deps: BankDeps,
  viewer: StaffUser,
  text: string,
  fileName: string,
  choices: ImportChoices,
  course: CourseOutline,
) {
  const report = previewImport(viewer, text, fileName, course);
  const lessons = new Set(course.flatMap((m) => m.lessons.map((l) => l.id)));
  const modules = new Set(course.map((m) => m.slug));
  const known = (lesson: string | undefined) => (lesson && lessons.has(lesson) ? lesson : undefined);
  const drafts: DraftRecord[] = [];
  const problems = [...report.problems];
  for (const [index, item] of report.items.entries()) {
    if (!fitsDraft(item.question)) {
      problems.push({
        source: item.source,
        ...(item.title ? { title: item.title } : {}),
        reason: '题目内容过长（超过 50 KB），请在 Moodle 中精简后再导入',
      });
      continue;
    }
    const chosen = choices.items[String(index)];
    const lesson =
      chosen === '-' ? undefined : (known(chosen) ?? known(choices.categories[item.category ?? '']) ?? item.lesson);
    const module = lesson?.split('/')[0] ?? item.module ?? (modules.has(choices.module) ? choices.module : '');
    const question: Record<string, unknown> = { ...item.question };
    if (lesson) question.lesson = lesson;
    else delete question.lesson;
    drafts.push(
      await deps.repo.createDraft({
        module,
        lesson: lesson ?? '',
        question,
        format: report.format,
        fileName,
        source: sourceLabel(item.source),
        title: item.title ?? '',
        category: item.category ?? '',
        notes: item.notes,
        status: 'draft',
        createdBy: viewer.id,
      }),
    );
  }
  await deps.audit(viewer.id, 'question.import', fileName, {
    format: report.format,
    drafts: drafts.length,
    problems: problems.length,
  });
  return { drafts, problems };
}

async function draftOf(deps: BankDeps, draftId: string): Promise<DraftRecord> {
  const draft = /^[a-z0-9]{15}$/.test(draftId) ? await deps.repo.getDraft(draftId) : null;
  if (!draft) throw new AppError(QuestionDraftNotFound, { log: [draftId] });
  return draft;
}

export interface DraftEdit {
  id: string;
  version: number;
  module: string;
  question: Record<string, unknown>;
}

/** Save a draft's edit (compare-and-set: a save made on an older copy is refused, never silently merged). */
export async function saveDraft(deps: BankDeps, viewer: StaffUser, edit: DraftEdit): Promise<DraftRecord> {
  assertManager(viewer, 'edit a draft');
  if (!fitsDraft(edit.question))
    throw new AppError(InvalidInput, {
      message: ['题目内容过长，请精简后再保存。'],
      log: ['question draft', `${edit.id} over 50 KB`],
    });
  const draft = await draftOf(deps, edit.id);
  if (draft.status !== 'draft') throw new AppError(QuestionDraftChanged, { log: [draft.id, edit.version] });
  const lesson = typeof edit.question.lesson === 'string' ? edit.question.lesson : '';
  const module = lesson.split('/')[0] || edit.module;
  // Only the course's modules have banks (a forged lesson or module would place the item nowhere drawable).
  if (module && (!deps.fileBanks.has(module) || module.includes('/')))
    throw new AppError(InvalidInput, {
      message: ['请从列表中选择课程。'],
      log: ['question draft', `${edit.id} names unknown module ${module}`],
    });
  const saved = await deps.repo.updateDraft(draft.id, edit.version, {
    question: edit.question,
    module,
    lesson,
    updatedBy: viewer.id,
  });
  if (!saved) throw new AppError(QuestionDraftChanged, { log: [draft.id, edit.version] });
  await deps.audit(viewer.id, 'question.draft.save', draft.id, changes(draft.question, edit.question));
  return saved;
}

/** The audit details of an edit: the fields that changed, before and after (only their names if that is too long). */
export function changes(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
  const pick = (q: Record<string, unknown>) => Object.fromEntries(keys.map((k) => [k, q[k] ?? null]));
  const details = { changed: keys, before: pick(before), after: pick(after) };
  // The audit log's details field holds 20 000 bytes of JSON.
  return new TextEncoder().encode(JSON.stringify(details)).length <= 15_000
    ? details
    : { changed: keys, truncated: true };
}

/** Discard a draft (kept for the audit trail, no longer listed). */
export async function discardDraft(deps: BankDeps, viewer: StaffUser, draftId: string, version: number): Promise<void> {
  assertManager(viewer, 'discard a draft');
  const draft = await draftOf(deps, draftId);
  if (draft.status === 'discarded') return;
  if (
    draft.status !== 'draft' ||
    !(await deps.repo.updateDraft(draft.id, version, { status: 'discarded', updatedBy: viewer.id }))
  )
    throw new AppError(QuestionDraftChanged, { log: [draft.id, version] });
  await deps.audit(viewer.id, 'question.draft.discard', draft.id, {});
}

/** The two-letter id prefix of a module's file bank (sm, ch…). */
function prefixOf(deps: BankDeps, module: string): string | undefined {
  return deps.fileBanks.get(module)?.[0]?.id.slice(0, 2);
}

/**
 * Publish a draft to its module's practice or exam pool as a new question id. Pressing twice publishes once (the
 * unique index on `draft`); a draft that edits a published item retires that item, and only one new version can
 * succeed it (the unique index on `replaces`). A practice item's new version stays in the practice pool: its key has
 * been shown in practice reviews.
 */
export async function publishDraft(
  deps: BankDeps,
  viewer: StaffUser,
  draftId: string,
  version: number,
  pool: QuestionPool,
): Promise<PublishedRecord> {
  assertManager(viewer, 'publish');
  const draft = await draftOf(deps, draftId);
  if (draft.status === 'published') {
    const done = await deps.repo.publishedFromDraft(draft.id);
    if (done) return done;
  }
  if (draft.status !== 'draft' || draft.version !== version)
    throw new AppError(QuestionDraftChanged, { log: [draft.id, version] });
  const prefix = prefixOf(deps, draft.module);
  const problems: string[] = [];
  if (!prefix) problems.push('请先选择这道题所属的模块和课程');
  const old = draft.replaces ? await deps.repo.getPublished(draft.replaces) : null;
  if (old && old.pool === 'practice' && pool === 'exam')
    problems.push('练习题的新版本不能发布到考试题库（它的答案已在练习回顾中公开）');
  const checked = validateDraft({ ...draft.question, pool }, `${prefix ?? 'zz'}-1000`);
  if (!checked.ok) problems.push(...checked.problems);
  if (problems.length)
    throw new AppError(QuestionDraftIncomplete, { message: [problems.join('；')], log: [draft.id, problems.length] });

  // Claim the draft first (compare-and-set), so an edit saved meanwhile is never published unseen.
  const claimed = await deps.repo.updateDraft(draft.id, version, { status: 'published', updatedBy: viewer.id });
  if (!claimed) throw new AppError(QuestionDraftChanged, { log: [draft.id, version] });
  let published: PublishedRecord | null = null;
  try {
    for (let round = 0; round < 20 && !published; round++) {
      const taken = [
        ...(deps.fileBanks.get(draft.module) ?? []).map((q) => q.id),
        ...(await deps.repo.listPublished()).map((p) => p.questionId),
      ];
      const questionId = nextPublishedId(prefix!, taken);
      const question = { ...(checked.ok ? checked.question : {}), id: questionId, pool } as Question;
      published = await deps.repo.createPublished({
        questionId,
        module: draft.module,
        pool,
        question: question as unknown as Record<string, unknown>,
        status: 'active',
        draft: draft.id,
        replaces: draft.replaces,
        publishedBy: viewer.id,
      });
      if (!published) {
        const already = await deps.repo.publishedFromDraft(draft.id);
        if (already) return already;
        if (draft.replaces && (await deps.repo.listPublished()).some((p) => p.replaces === draft.replaces))
          throw new AppError(PublishedQuestionSuperseded, { log: [draft.replaces] });
      }
    }
    if (!published) throw new Error(`no free question id for ${draft.module} after 20 rounds`);
  } catch (error) {
    await deps.repo.updateDraft(draft.id, claimed.version, { status: 'draft' });
    throw error;
  }
  await deps.repo.updateDraft(draft.id, claimed.version, { publishedAs: published.questionId });
  if (old) await retire(deps, viewer, old);
  await deps.audit(viewer.id, 'question.publish', published.questionId, {
    draft: draft.id,
    module: draft.module,
    pool,
    replaces: draft.replaces || null,
  });
  forgetPublished();
  return published;
}

async function retire(deps: BankDeps, viewer: StaffUser, item: PublishedRecord): Promise<void> {
  let current: PublishedRecord | null = item;
  while (current && current.status === 'active') {
    const done = await deps.repo.updatePublished(current.id, current.version, {
      status: 'retired',
      retiredBy: viewer.id,
      retiredAt: deps.now().toISOString(),
    });
    if (done) {
      await deps.audit(viewer.id, 'question.retire', item.questionId, { module: item.module, pool: item.pool });
      forgetPublished();
      return;
    }
    current = await deps.repo.getPublished(item.questionId);
  }
}

/** Retire a published item: no longer drawn; attempts that drew it are still graded and reviewed. Idempotent. */
export async function retirePublished(deps: BankDeps, viewer: StaffUser, questionId: string): Promise<void> {
  assertManager(viewer, 'retire');
  const item = /^[a-z]{2}-\d{3,4}$/.test(questionId) ? await deps.repo.getPublished(questionId) : null;
  if (!item) throw new AppError(PublishedQuestionNotFound, { log: [questionId] });
  await retire(deps, viewer, item);
}

/**
 * Start editing a published item: a draft holding a copy that, once published, becomes a new question id and
 * retires this one (an attempt that used the old id keeps it). An open draft for the same item is reused.
 */
export async function editPublished(deps: BankDeps, viewer: StaffUser, questionId: string): Promise<DraftRecord> {
  assertManager(viewer, 'edit a published item');
  const item = /^[a-z]{2}-\d{3,4}$/.test(questionId) ? await deps.repo.getPublished(questionId) : null;
  if (!item) throw new AppError(PublishedQuestionNotFound, { log: [questionId] });
  const open = (await deps.repo.listDrafts('draft')).find((d) => d.replaces === item.questionId);
  if (open) return open;
  const { id: _id, pool: _pool, ...question } = item.question;
  return deps.repo.createDraft({
    module: item.module,
    lesson: String(question.lesson ?? ''),
    question,
    format: 'edit',
    fileName: '',
    source: `${item.questionId} 的新版本`,
    title: item.questionId,
    category: '',
    notes: [],
    status: 'draft',
    createdBy: viewer.id,
    replaces: item.questionId,
  });
}

// Published items, shared by every app process through PocketBase: each process keeps a snapshot keyed by the newest
// `updated` of the collection and checks that key at most every 2 s (one small query), reloading only on change.
const recheckMs = 2000;
let snapshot: { key: string; checkedAt: number; items: PublishedItem[] } | undefined;

/** Forget this process's snapshot (after it published or retired something). */
export function forgetPublished(): void {
  snapshot = undefined;
}

/**
 * Every published item (active and retired), as the catalog joins them. `maxAgeMs` 0 checks the key now (work on an
 * existing attempt, which may have drawn an item another process published a moment ago).
 */
export async function publishedItems(
  repo: QuestionBankRepo,
  nowMs = Date.now(),
  maxAgeMs = recheckMs,
): Promise<PublishedItem[]> {
  if (snapshot && nowMs - snapshot.checkedAt < maxAgeMs) return snapshot.items;
  const key = await repo.lastPublishedChange();
  if (snapshot && snapshot.key === key) {
    snapshot.checkedAt = nowMs;
    return snapshot.items;
  }
  const items: PublishedItem[] = [];
  for (const row of await repo.listPublished()) {
    const parsed = questionSchema.safeParse(row.question);
    if (parsed.success) items.push({ module: row.module, status: row.status, question: parsed.data });
    else
      console.error(
        `[question-bank] published question ${row.questionId} does not parse: ${parsed.error.issues[0]?.message}`,
      );
  }
  snapshot = { key, checkedAt: nowMs, items };
  return items;
}

/**
 * The whole bank for export: every module's file items, then its active published items (listening exercises and
 * uploaded recordings are not banks of their own module and are left out).
 */
export async function exportableQuestions(deps: BankDeps, viewer: StaffUser): Promise<Question[]> {
  assertManager(viewer, 'export');
  const published = await publishedItems(deps.repo);
  const modules = [...deps.fileBanks.keys()].filter((k) => !k.includes('/'));
  return modules.flatMap((m) => [
    ...(deps.fileBanks.get(m) ?? []),
    ...published.filter((p) => p.module === m && p.status === 'active').map((p) => p.question),
  ]);
}

/** Open drafts, oldest first, with what each still lacks. */
export async function openDrafts(deps: BankDeps, viewer: StaffUser) {
  assertManager(viewer, 'list drafts');
  return (await deps.repo.listDrafts('draft')).map((d) => ({
    ...d,
    flags: draftFlags({ ...d.question, lesson: d.lesson || undefined }),
  }));
}

/** One draft for the editor, and the pool of the item it replaces (a practice item's new version stays practice). */
export async function draftForEdit(deps: BankDeps, viewer: StaffUser, draftId: string) {
  assertManager(viewer, 'edit a draft');
  const draft = await draftOf(deps, draftId);
  const replaced = draft.replaces ? await deps.repo.getPublished(draft.replaces) : null;
  return { draft, replacesPool: replaced?.pool };
}

/** Published items, newest id first. */
export async function publishedList(deps: BankDeps, viewer: StaffUser): Promise<PublishedRecord[]> {
  assertManager(viewer, 'list published items');
  return (await deps.repo.listPublished()).reverse();
}
