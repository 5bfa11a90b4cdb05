import { lessonSchema, type Lesson } from './lesson-schema.ts';
import { moduleSchema, moduleSlugs } from './module-schema.ts';
import { questionModule } from '../assessment/question-types/index.ts';
import { bankSchema, type Bank, type Question } from '../assessment/question-schema.ts';
import { quizSchema, type Quiz } from '../assessment/schema.ts';
import { cueProblems, describeCues, measureChoiceCues, measureItemCues } from '../assessment/item-cues.ts';
import { checkDrawable, type BankIndex } from '../assessment/draw.ts';
import { practiceText } from '../progress/practice-checks.ts';
import { describeIssues } from '../../platform/errors/validation-message.ts';
import { checkCallScenario } from '../calls/graph.ts';
import { callCueProblems, describeCallCues, measureCallCues } from '../calls/cues.ts';
import {
  callScenarioSchema,
  requiredSeedSituations,
  seedSituationLabels,
  seedSituations,
  type CallScenario,
} from '../calls/schema.ts';

/** Raw lesson as read from disk: folder name, file name (without .mdx), parsed frontmatter and MDX body. */
export interface LessonFile {
  path: string;
  folder: string;
  slug: string;
  frontmatter: unknown;
  body: string;
}
export interface DataFile {
  path: string;
  name: string;
  data: unknown;
}
export interface CourseFiles {
  modules: DataFile[];
  lessons: LessonFile[];
  banks: DataFile[];
  /** Module quizzes (quizzes/quizzes/) and exams (quizzes/exams/); absent means none are checked. */
  quizzes?: DataFile[];
  /** Seed file names, or null when shared/seeds is not beside the checkout (then sources are not checked). */
  seedFiles: string[] | null;
  /** Simulated calls (content/calls/*.json); checked by {@link checkCalls}. */
  calls?: DataFile[];
}

/** Course rules that the schemas alone cannot express (curriculum issue #3). */
export const courseRules = {
  lessonsPerModule: { min: 4, max: 6 },
  hanCharacters: { min: 1200, max: 2500 },
  questionsPerBank: 20,
  questionTypesPerBank: 5,
  /**
   * Each exam draw rule needs at least this many times its count of matching exam-pool items, so that sittings
   * (retakes, colleagues) rarely share items.
   */
  examPoolPerDraw: 3,
  /** Each lesson practises with at least this many checks, of at least two different kinds. */
  practiceChecksPerLesson: 2,
};

/** Practice-check components a lesson may use; each lesson needs at least one. */
export const practiceComponents = ['ChooseReply', 'ReorderSteps', 'FlipCards'] as const;

const hanCharacter = /\p{Script=Han}/gu;
const practiceTag = new RegExp(`<(${practiceComponents.join('|')})\\b[^>]*?\\bid="([a-z0-9-]+)"`, 'g');
/** The frontmatter `kind` each practice component shows. */
export const practiceComponentKinds = {
  ChooseReply: 'choose-reply',
  ReorderSteps: 'reorder-steps',
  FlipCards: 'flip-cards',
} as const;

/** Practice checks placed in a lesson body, in order: component name and id. */
export function practiceTags(body: string): { component: (typeof practiceComponents)[number]; id: string }[] {
  return [...body.matchAll(practiceTag)].map((m) => ({
    component: m[1] as (typeof practiceComponents)[number],
    id: m[2]!,
  }));
}

/** Ids of the practice checks in a lesson body, in order; a lesson counts as done when all have passed. */
export function practiceCheckIds(body: string): string[] {
  return practiceTags(body).map((t) => t.id);
}

/** Han characters of lesson body text, without import/export lines. */
export function countHanCharacters(body: string): number {
  const text = body
    .split('\n')
    .filter((line) => !/^\s*(import|export)\s/.test(line))
    .join('\n');
  return text.match(hanCharacter)?.length ?? 0;
}

function checkQuestion(q: Question, where: string, lessonIds: Set<string>): string[] {
  const at = `${where}: ${q.id}`;
  const problems = lessonIds.has(q.lesson) ? [] : [`${at}: lesson "${q.lesson}" does not exist`];
  // Each type's own checks (question-types/<type>.ts); a listening question's cover its sub-question.
  return [
    ...problems,
    ...questionModule(q)
      .checks(q)
      .map((p) => `${at}: ${p}`),
  ];
}

/** Every problem in the course content, one readable line each; empty when the course is sound. */
export function checkCourse(files: CourseFiles): string[] {
  const problems: string[] = [];

  for (const m of files.modules) {
    const parsed = moduleSchema.safeParse(m.data);
    if (!parsed.success) problems.push(...describeIssues(m.path, parsed.error));
    if (!(moduleSlugs as readonly string[]).includes(m.name))
      problems.push(`${m.path}: folder "${m.name}" is not a known module`);
  }
  for (const slug of moduleSlugs) {
    if (!files.modules.some((m) => m.name === slug)) problems.push(`content/modules/${slug}/module.json is missing`);
  }

  const lessonIds = new Set<string>();
  const practiceIds = new Map<string, string>();
  const byModule = new Map<string, Lesson[]>();
  for (const file of files.lessons) {
    lessonIds.add(`${file.folder}/${file.slug}`);
    const parsed = lessonSchema.safeParse(file.frontmatter);
    if (!parsed.success) {
      problems.push(...describeIssues(file.path, parsed.error));
      continue;
    }
    const lesson = parsed.data;
    if (lesson.module !== file.folder)
      problems.push(`${file.path}: module "${lesson.module}" does not match its folder "${file.folder}"`);
    for (const s of lesson.sources)
      if (files.seedFiles && !files.seedFiles.includes(s))
        problems.push(`${file.path}: sources: seed file "${s}" does not exist`);
    const tags = practiceTags(file.body);
    const checks = tags.map((t) => t.id);
    if (!checks.length)
      problems.push(`${file.path}: has no practice check with an id (use one of ${practiceComponents.join(', ')})`);
    else if (
      checks.length < courseRules.practiceChecksPerLesson ||
      new Set(lesson.practice.map((p) => p.kind)).size < 2
    )
      problems.push(
        `${file.path}: needs at least ${courseRules.practiceChecksPerLesson} practice checks of two different kinds (has ${lesson.practice.map((p) => p.kind).join(', ')})`,
      );
    for (const id of checks.filter((c, i) => checks.indexOf(c) !== i))
      problems.push(`${file.path}: practice check id "${id}" repeats`);
    for (const tag of tags) {
      const def = lesson.practice.find((p) => p.id === tag.id);
      if (!def)
        problems.push(
          `${file.path}: <${tag.component} id="${tag.id}" /> has no entry with that id under \`practice:\` in the frontmatter`,
        );
      else if (def.kind !== practiceComponentKinds[tag.component])
        problems.push(
          `${file.path}: <${tag.component} id="${tag.id}" /> shows a check of kind "${def.kind}"; use the component for that kind`,
        );
    }
    for (const def of lesson.practice) {
      if (!checks.includes(def.id))
        problems.push(
          `${file.path}: practice check "${def.id}" is never placed in the body (add <… id="${def.id}" />)`,
        );
      const other = practiceIds.get(def.id);
      if (other && other !== file.path)
        problems.push(
          `${file.path}: practice check id "${def.id}" is also used in ${other}; ids must be unique across the course`,
        );
      practiceIds.set(def.id, file.path);
    }
    const han = countHanCharacters(file.body) + countHanCharacters(lesson.practice.map(practiceText).join('\n'));
    const { min, max } = courseRules.hanCharacters;
    if (han < min || han > max)
      problems.push(`${file.path}: body has ${han} Chinese characters, expected ${min}–${max}`);
    byModule.set(file.folder, [...(byModule.get(file.folder) ?? []), lesson]);
  }
  for (const slug of moduleSlugs) {
    const lessons = byModule.get(slug) ?? [];
    const { min, max } = courseRules.lessonsPerModule;
    if (lessons.length < min || lessons.length > max)
      problems.push(`content/modules/${slug}: has ${lessons.length} lessons, expected ${min}–${max}`);
    const orders = lessons.map((l) => l.order);
    for (const o of orders.filter((o, i) => orders.indexOf(o) !== i))
      problems.push(`content/modules/${slug}: order ${o} is used twice`);
  }

  const questionIds = new Map<string, string>();
  const banks = new Map<string, Question[]>();
  for (const file of files.banks) {
    const parsed = bankSchema.safeParse(file.data);
    if (!parsed.success) {
      problems.push(...describeIssues(file.path, parsed.error));
      continue;
    }
    const bank = parsed.data;
    banks.set(bank.module, bank.questions);
    // Neither pool may carry surface cues (figures printed by bankPoolReport); exam pools are also checked together below.
    for (const pool of ['practice', 'exam'] as const) {
      const items = bank.questions.filter((q) => q.pool === pool);
      if (items.length) problems.push(...cueProblems(measureItemCues(items), `${file.path} (${pool} pool)`));
    }
    if (bank.module !== file.name)
      problems.push(`${file.path}: module "${bank.module}" does not match the file name "${file.name}"`);
    if (bank.questions.length < courseRules.questionsPerBank) {
      problems.push(
        `${file.path}: has ${bank.questions.length} questions, expected at least ${courseRules.questionsPerBank}`,
      );
    }
    const types = new Set(bank.questions.map((q) => q.type));
    if (types.size < courseRules.questionTypesPerBank) {
      problems.push(
        `${file.path}: uses ${types.size} question types, expected at least ${courseRules.questionTypesPerBank}`,
      );
    }
    for (const q of bank.questions) {
      const seen = questionIds.get(q.id);
      if (seen) problems.push(`${file.path}: question id "${q.id}" repeats (also in ${seen})`);
      questionIds.set(q.id, file.path);
      if (!q.lesson.startsWith(`${bank.module}/`))
        problems.push(`${file.path}: ${q.id}: tests lesson "${q.lesson}" of another module`);
      problems.push(...checkQuestion(q, file.path, lessonIds));
    }
  }
  for (const slug of moduleSlugs) {
    if (!files.banks.some((b) => b.name === slug)) problems.push(`quizzes/banks/${slug}.json is missing`);
  }
  // Lesson practice is practice too: the right reply must not be given away by its length either.
  const chooseReplies = [...byModule.values()]
    .flat()
    .flatMap((l) => l.practice.filter((p) => p.kind === 'choose-reply'));
  if (chooseReplies.length)
    problems.push(...cueProblems(measureChoiceCues(chooseReplies), 'lesson practice checks (choose-reply)'));
  // An exam mixes modules, so a cue spread thinly over every exam pool counts too.
  const examItems = [...banks.values()].flat().filter((q) => q.pool === 'exam');
  if (examItems.length) problems.push(...cueProblems(measureItemCues(examItems), 'all exam pools together'));
  problems.push(...checkDraws(files.quizzes ?? [], banks));
  return problems;
}

/**
 * Every quiz must be drawable from its pool; every exam draw rule needs {@link courseRules.examPoolPerDraw} × its
 * count of matching exam-pool items.
 */
function checkDraws(files: readonly DataFile[], banks: BankIndex): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const parsed = quizSchema.safeParse(file.data);
    if (!parsed.success) {
      problems.push(...describeIssues(file.path, parsed.error));
      continue;
    }
    const quiz: Quiz = parsed.data;
    const factor = quiz.kind === 'exam' ? courseRules.examPoolPerDraw : 1;
    problems.push(...checkDrawable(quiz, banks, factor).map((p) => `${file.path}: ${p}`));
  }
  return problems;
}

/** Pool sizes and surface-cue figures of one bank, for the content check's report. */
export interface BankPoolFigures {
  path: string;
  module: Bank['module'];
  practice: number;
  exam: number;
  practiceCues: string;
  examCues: string;
}

/** Per bank: how many practice and exam items it has, and each pool's surface-cue figures (src/domain/assessment/item-cues.ts). */
export function bankPoolReport(files: Pick<CourseFiles, 'banks'>): BankPoolFigures[] {
  return files.banks.flatMap((file) => {
    const parsed = bankSchema.safeParse(file.data);
    if (!parsed.success) return [];
    const practice = parsed.data.questions.filter((q) => q.pool === 'practice');
    const exam = parsed.data.questions.filter((q) => q.pool === 'exam');
    return [
      {
        path: file.path,
        module: parsed.data.module,
        practice: practice.length,
        exam: exam.length,
        practiceCues: describeCues(measureItemCues(practice)),
        examCues: describeCues(measureItemCues(exam)),
      },
    ];
  });
}

export interface CallsReport {
  problems: string[];
  /** One line per seed situation: the calls practising it, or 「缺」 for a required one with none. */
  coverage: string[];
  calls: CallScenario[];
  /** Surface-cue figures of every choice turn together (src/domain/calls/cues.ts). */
  cues: string;
}

/**
 * Check the simulated calls (content/calls/<id>.json): schema, id = file name, seed sources, and the graph checks
 * (src/domain/calls/graph.ts), and surface cues in the choice turns of all calls together (src/domain/calls/cues.ts,
 * the quiz items' limits); and report coverage per seed situation. A required chapter-7 situation without a call is
 * a problem only when there is at least one call (so the check stays green before the calls are written).
 */
export function checkCalls(
  files: readonly DataFile[],
  lessonIds: ReadonlySet<string>,
  seedFiles: string[] | null,
): CallsReport {
  const problems: string[] = [];
  const calls: CallScenario[] = [];
  for (const file of files) {
    const parsed = callScenarioSchema.safeParse(file.data);
    if (!parsed.success) {
      problems.push(...describeIssues(file.path, parsed.error));
      continue;
    }
    const call = parsed.data;
    if (call.id !== file.name) problems.push(`${file.path}: id "${call.id}" differs from the file name "${file.name}"`);
    for (const s of call.sources) {
      if (seedFiles && !seedFiles.includes(s)) problems.push(`${file.path}: sources: seed file "${s}" does not exist`);
    }
    if (!call.lessons.some((l) => l.startsWith(`${call.module}/`))) {
      problems.push(`${file.path}: no lesson of its module "${call.module}"`);
    }
    const graph = checkCallScenario(call, { lessonExists: (ref) => lessonIds.has(ref) });
    problems.push(...graph.map((p) => `${file.path}: ${p}`));
    calls.push(call);
  }
  const coverage = seedSituations.map((s) => {
    const ids = calls.filter((c) => c.situation === s).map((c) => c.id);
    const required = requiredSeedSituations.includes(s);
    if (required && !ids.length && files.length) {
      problems.push(`content/calls: no call practises the required situation "${s}"`);
    }
    return `${seedSituationLabels[s]} (${s})${required ? '' : ' [第八章]'}: ${ids.length ? ids.join(', ') : '缺'}`;
  });
  const cues = measureCallCues(calls);
  problems.push(...callCueProblems(cues));
  return { problems, coverage, calls, cues: describeCallCues(cues) };
}
