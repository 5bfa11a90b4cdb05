// Realistic volumes for the bench, written straight into PocketBase's SQLite file (WAL mode, so PocketBase keeps
// running). Creating 10,000 accounts through the API would cost 10,000 bcrypt hashes (~20 minutes on 2 cores);
// here every account shares the password hash of one account made through the API, so each can still sign in.
import { pbDateText } from '../platform/pocketbase/dates.ts';
import { createHmac, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { seededRandom } from '../platform/util/seeded-random.ts';
import { newVerificationCode } from '../domain/certification/verification-code.ts';
import { moduleSlugs } from '../domain/course/module-schema.ts';

export interface BulkSeedPlan {
  staff: number;
  lessonProgress: number;
  attempts: number;
}

export interface SeededUser {
  id: string;
  tokenKey: string;
}

export interface BulkSeedResult {
  trainees: SeededUser[];
  hr: SeededUser;
  departments: string[];
  counts: Record<string, number>;
}

type Row = Record<string, string | number>;

const departments = [
  '客服一部',
  '客服二部',
  '投诉处理中心',
  '政企热线部',
  '宽带专席',
  '夜班中心',
  '质检培训部',
  '新员工训练营',
];
const teamsPerDepartment = 12;

const recordId = (prefix: string, n: number) => prefix + n.toString(36).padStart(15 - prefix.length, '0');

function insertRows(db: DatabaseSync, table: string, rows: readonly Row[]): number {
  if (!rows.length) return 0;
  const columns = Object.keys(rows[0]!);
  const insert = db.prepare(
    `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const row of rows) insert.run(...columns.map((c) => row[c]!));
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
  return rows.length;
}

/** Lesson ids (module/file) in course order, read from content/modules. */
export function lessonIds(contentDir: string): { id: string; module: string }[] {
  return moduleSlugs.flatMap((module) =>
    readdirSync(join(contentDir, 'modules', module))
      .filter((f) => f.endsWith('.mdx'))
      .sort()
      .map((f) => ({ id: `${module}/${f.replace(/\.mdx$/, '')}`, module })),
  );
}

/**
 * Staff in departments and teams (a cohort per team with its trainer), lesson progress, submitted module-quiz
 * attempts with their keys, module progress, cohort assignments (some overdue) and certificates of `program` in
 * every state.
 */
/**
 * A submitted module-quiz attempt (attempt 1) of `user` at `module`, taken `takenAt`, and its server-only keys: ten
 * questions, `score(i)` the mark of the i-th, `responses` what was answered.
 */
function moduleQuizRows(o: {
  attemptId: string;
  keyId: string;
  user: string;
  module: string;
  created: string;
  takenAt: string;
  percent: number;
  responses: (questionIds: string[]) => string;
  score: (i: number) => 0 | 1;
}): { attempt: Row; key: Row } {
  const { attemptId, created, takenAt, module, percent } = o;
  const questionIds = Array.from({ length: 10 }, (_, q) => `${module.slice(0, 2)}-${String(q + 1).padStart(3, '0')}`);
  // 80 %: the default pass mark of a quiz (src/domain/assessment/schema.ts).
  const attempt = {
    id: attemptId,
    created,
    updated: created,
    user: o.user,
    quiz: `quiz-${module}`,
    kind: 'module',
    attemptNo: 1,
    status: 'submitted',
    startedAt: takenAt,
    deadline: '',
    submittedAt: takenAt,
    savedAt: takenAt,
    late: 0,
    questionIds: JSON.stringify(questionIds),
    responses: o.responses(questionIds),
    score: percent,
    passed: percent >= 80 ? 1 : 0,
    breakdown: JSON.stringify([{ module, earned: percent / 10, possible: 10, percent }]),
  };
  const key = {
    id: o.keyId,
    created,
    updated: created,
    attempt: attemptId,
    seed: randomBytes(12).toString('hex'),
    questions: JSON.stringify(questionIds.map((q) => ({ id: q, module, layout: { options: ['a', 'b', 'c', 'd'] } }))),
    results: JSON.stringify(questionIds.map((q, i) => ({ questionId: q, score: o.score(i), status: 'graded' }))),
  };
  return { attempt, key };
}

export function bulkSeed(
  dataDir: string,
  plan: BulkSeedPlan,
  opts: { contentDir: string; passwordOf: string; program: string; now: Date },
): BulkSeedResult {
  const db = new DatabaseSync(join(dataDir, 'data.db'));
  db.exec('PRAGMA busy_timeout = 10000');
  const random = seededRandom('hotline-academy-bench');
  const daysAgo = (days: number) => pbDateText(new Date(opts.now.getTime() - days * 86_400_000));
  const created = pbDateText(opts.now);
  const counts: Record<string, number> = {};
  try {
    const { passwordHash } = db.prepare('SELECT passwordHash FROM users WHERE id = ?').get(opts.passwordOf) as {
      passwordHash: string;
    };
    const user = (id: string, n: number, role: string, department: string, team: string, name: string): Row => ({
      id,
      created,
      updated: created,
      username: `bench_${id}`,
      email: `${id}@bench.example.com`,
      emailVisibility: 0,
      verified: 1,
      tokenKey: randomBytes(25).toString('hex'),
      passwordHash,
      name,
      employeeNo: `S${100000 + n}`,
      role,
      department,
      team,
    });
    const trainees: Row[] = [];
    const trainers: Row[] = [];
    for (let i = 0; i < plan.staff; i++) {
      const department = departments[i % departments.length]!;
      const team = `${1 + (Math.floor(i / departments.length) % teamsPerDepartment)}班`;
      trainees.push(user(recordId('bt', i), i, 'trainee', department, team, `学员${i + 1}`));
    }
    departments.forEach((department, d) => {
      for (let t = 0; t < teamsPerDepartment; t++)
        trainers.push(
          user(
            recordId('br', d * teamsPerDepartment + t),
            900000 + d * teamsPerDepartment + t,
            'trainer',
            department,
            `${t + 1}班`,
            `培训师${d + 1}-${t + 1}`,
          ),
        );
    });
    const hr = user(recordId('bh', 0), 990000, 'hr', '人力资源部', '', '人力资源专员');
    counts.users = insertRows(db, 'users', [...trainees, ...trainers, hr]);

    // A cohort per team; its members are the team's trainees.
    const cohorts = trainers.map((trainer, c): Row => {
      const members = trainees
        .filter((t) => t.department === trainer.department && t.team === trainer.team)
        .map((t) => t.id);
      return {
        id: recordId('bc', c),
        created,
        updated: created,
        name: `${trainer.department}${trainer.team}`,
        department: trainer.department!,
        trainer: trainer.id!,
        members: JSON.stringify(members),
      };
    });
    counts.cohorts = insertRows(db, 'cohorts', cohorts);

    // Each cohort: every module and the program due (for half of the cohorts already past due).
    const refs = [...moduleSlugs.map((m) => ['module', m] as const), ['program', opts.program] as const];
    const assignments: Row[] = [];
    cohorts.forEach((cohort, c) => {
      for (const [kind, ref] of refs) {
        assignments.push({
          id: recordId('ba', assignments.length),
          created,
          updated: created,
          kind,
          ref,
          cohort: cohort.id!,
          trainee: '',
          assignedBy: cohort.trainer!,
          dueAt: daysAgo(c % 2 ? -30 : 10),
          note: '',
        });
      }
    });
    counts.assignments = insertRows(db, 'assignments', assignments);

    // Lesson progress: each trainee is somewhere along the course; earlier lessons are complete.
    const lessons = lessonIds(opts.contentDir);
    const progress: Row[] = [];
    const perTrainee = Math.min(lessons.length, Math.ceil(plan.lessonProgress / Math.max(1, plan.staff)));
    for (let i = 0; progress.length < plan.lessonProgress && i < plan.staff * lessons.length; i++) {
      const trainee = trainees[i % plan.staff]!;
      const k = Math.floor(i / plan.staff);
      if (k >= perTrainee) break;
      const lesson = lessons[(k + (i % 5)) % lessons.length]!;
      const done = random() < 0.8;
      progress.push({
        id: recordId('bl', progress.length),
        created,
        updated: created,
        user: trainee.id!,
        lesson: lesson.id,
        module: lesson.module,
        startedAt: daysAgo(40 - k),
        completedAt: done ? daysAgo(39 - k) : '',
        seconds: 300 + Math.floor(random() * 900),
        position: done ? 1 : Math.round(random() * 100) / 100,
        reachedEnd: done ? 1 : 0,
        practice: '{}',
        lastEventAt: daysAgo(39 - k),
        eventIds: '[]',
      });
    }
    counts.lessonProgress = insertRows(db, 'lesson_progress', progress);

    // Submitted module-quiz attempts (attempt 1 of a module each), with their server-only keys.
    const attempts: Row[] = [];
    const keys: Row[] = [];
    const modulesDone: Row[] = [];
    for (let i = 0; attempts.length < plan.attempts && i < plan.staff * moduleSlugs.length; i++) {
      const trainee = trainees[i % plan.staff]!;
      const module = moduleSlugs[Math.floor(i / plan.staff)]!;
      const percent = 50 + Math.floor(random() * 51);
      const rows = moduleQuizRows({
        attemptId: recordId('bq', attempts.length),
        keyId: recordId('bk', keys.length),
        user: String(trainee.id),
        module,
        created,
        takenAt: daysAgo(20),
        percent,
        responses: (ids) => JSON.stringify(Object.fromEntries(ids.map((q) => [q, { choice: '0' }]))),
        score: () => (random() < percent / 100 ? 1 : 0),
      });
      attempts.push(rows.attempt);
      keys.push(rows.key);
      if (rows.attempt.passed) {
        modulesDone.push({
          id: recordId('bm', modulesDone.length),
          created,
          updated: created,
          user: trainee.id!,
          module,
          lessonsTotal: 5,
          lessonsStarted: 5,
          lessonsCompleted: 5,
          seconds: 3600,
          quizAttempted: 1,
          quizPassed: 1,
          quizBest: percent,
          completedAt: daysAgo(20),
        });
      }
    }
    counts.attempts = insertRows(db, 'attempts', attempts);
    insertRows(db, 'attempt_keys', keys);
    counts.moduleProgress = insertRows(db, 'module_progress', modulesDone);

    // Certificates of the program in every state: valid, expiring, expired, revoked; some trainees have none.
    const certificates: Row[] = [];
    trainees.forEach((t) => {
      const roll = random();
      if (roll < 0.35) return;
      const issuedDaysAgo = roll < 0.55 ? 100 : roll < 0.7 ? 350 : roll < 0.9 ? 400 : 60;
      certificates.push({
        id: recordId('bz', certificates.length),
        created,
        updated: created,
        user: t.id!,
        program: opts.program,
        code: newVerificationCode(),
        holderName: t.name!,
        holderEmployeeNo: t.employeeNo!,
        issuedAt: daysAgo(issuedDaysAgo),
        validFrom: daysAgo(issuedDaysAgo),
        expiresAt: daysAgo(issuedDaysAgo - 365),
        evidence: JSON.stringify({ exam: 'exam-hotline-agent', percent: 90 }),
        revokedAt: roll >= 0.9 && roll < 0.92 ? daysAgo(10) : '',
        revokedReason: roll >= 0.9 && roll < 0.92 ? '压测：撤销示例' : '',
        revokedBy: '',
      });
    });
    counts.certificates = insertRows(db, 'certificates', certificates);

    const asUser = (r: Row): SeededUser => ({ id: r.id as string, tokenKey: r.tokenKey as string });
    return { trainees: trainees.map(asUser), hr: asUser(hr), departments, counts };
  } finally {
    db.close();
  }
}

/** What a certification program asks besides its exam (content/certifications/<id>.json). */
const programSchema = z.object({
  exam: z.string(),
  requiredModules: z.array(z.string()),
  practical: z.object({ rubric: z.string(), minPercent: z.number() }).optional(),
  requiredCalls: z.array(z.string()).optional(),
});

/** The id prefix of the rows prepareExamDay writes, by table (bulk-seeded rows use other ones: 'bl', 'bq', 'bz', …). */
const examDayPrefix = {
  lesson_progress: 'rl',
  attempts: 'rq',
  attempt_keys: 'rk',
  module_progress: 'rm',
  practical_assessments: 'rp',
} as const;

/**
 * Make `users` ready for `program`'s exam, as trainees are on a real certification day: every lesson of its
 * modules completed, each module quiz passed (with its keys) and its module progress complete, a passed
 * practical, no certificate of the program, no exam attempt. Their earlier rows of those kinds are removed first,
 * and so is what an earlier exam day of the run left for anyone (the rows prepared for it; its exam attempts, keys,
 * follow-ups and certificates): every day starts from the bulk seed, not from the previous day's leftovers (a
 * 3,700-trainee day after a 10,000-trainee one had its submissions' p95 go from 83 ms to 1.4 s). Returns how many
 * rows it wrote.
 */
export function prepareExamDay(
  dataDir: string,
  users: readonly SeededUser[],
  opts: { contentDir: string; program: string; now: Date },
): number {
  const program = programSchema.parse(
    JSON.parse(readFileSync(join(opts.contentDir, 'certifications', `${opts.program}.json`), 'utf8')),
  );
  if (program.requiredCalls?.length) throw new Error(`${opts.program}: the bench does not seed simulated calls`);
  const db = new DatabaseSync(join(dataDir, 'data.db'));
  db.exec('PRAGMA busy_timeout = 10000');
  const daysAgo = (days: number) => pbDateText(new Date(opts.now.getTime() - days * 86_400_000));
  const created = pbDateText(opts.now);
  const lessons = lessonIds(opts.contentDir).filter((l) => program.requiredModules.includes(l.module));
  try {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS ready (id TEXT PRIMARY KEY)');
    db.exec('DELETE FROM ready');
    const add = db.prepare('INSERT OR IGNORE INTO ready (id) VALUES (?)');
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const u of users) add.run(u.id);
      for (const [table, prefix] of Object.entries(examDayPrefix))
        db.exec(`DELETE FROM ${table} WHERE id LIKE '${prefix}%'`);
      const examAttempts = "SELECT id FROM attempts WHERE quiz = ? AND id NOT LIKE 'bq%'";
      db.prepare(`DELETE FROM attempt_keys WHERE attempt IN (${examAttempts})`).run(program.exam);
      db.prepare(`DELETE FROM attempts WHERE id IN (${examAttempts})`).run(program.exam);
      db.prepare("DELETE FROM certificates WHERE program = ? AND id NOT LIKE 'bz%'").run(opts.program);
      db.exec('DELETE FROM achievement_followups');
      db.exec('DELETE FROM attempt_keys WHERE attempt IN (SELECT id FROM attempts WHERE user IN ready)');
      for (const table of ['achievement_followups', 'attempts', 'lesson_progress', 'module_progress'])
        db.exec(`DELETE FROM ${table} WHERE user IN ready`);
      db.exec('DELETE FROM practical_assessments WHERE trainee IN ready');
      db.prepare('DELETE FROM certificates WHERE user IN ready AND program = ?').run(opts.program);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    const progress: Row[] = [];
    const attempts: Row[] = [];
    const keys: Row[] = [];
    const modules: Row[] = [];
    const practicals: Row[] = [];
    users.forEach((u, n) => {
      const id = (table: keyof typeof examDayPrefix, k: number) => recordId(examDayPrefix[table], n * 100 + k);
      lessons.forEach((lesson, k) =>
        progress.push({
          id: id('lesson_progress', k),
          created,
          updated: created,
          user: u.id,
          lesson: lesson.id,
          module: lesson.module,
          startedAt: daysAgo(30),
          completedAt: daysAgo(29),
          seconds: 900,
          position: 1,
          reachedEnd: 1,
          practice: '{}',
          lastEventAt: daysAgo(29),
          eventIds: '[]',
        }),
      );
      program.requiredModules.forEach((module, k) => {
        const rows = moduleQuizRows({
          attemptId: id('attempts', k),
          keyId: id('attempt_keys', k),
          user: u.id,
          module,
          created,
          takenAt: daysAgo(20),
          percent: 90,
          responses: () => '{}',
          score: (i) => (i ? 1 : 0),
        });
        attempts.push(rows.attempt);
        keys.push(rows.key);
        const mine = lessons.filter((l) => l.module === module).length;
        modules.push({
          id: id('module_progress', k),
          created,
          updated: created,
          user: u.id,
          module,
          lessonsTotal: mine,
          lessonsStarted: mine,
          lessonsCompleted: mine,
          seconds: mine * 900,
          quizAttempted: 1,
          quizPassed: 1,
          quizBest: 90,
          completedAt: daysAgo(20),
        });
      });
      if (program.practical)
        practicals.push({
          id: id('practical_assessments', 0),
          created,
          updated: created,
          trainee: u.id,
          assessor: '',
          program: opts.program,
          kind: 'role-play',
          rubric: program.practical.rubric,
          scores: '{}',
          percent: Math.max(90, program.practical.minPercent),
          comments: '',
          assessedAt: daysAgo(10),
          rubricVersion: 2,
          passed: 1,
        });
    });
    return (
      insertRows(db, 'lesson_progress', progress) +
      insertRows(db, 'attempts', attempts) +
      insertRows(db, 'attempt_keys', keys) +
      insertRows(db, 'module_progress', modules) +
      insertRows(db, 'practical_assessments', practicals)
    );
  } finally {
    db.close();
  }
}

/** How many achievement follow-ups PocketBase holds (recorded, not yet done). */
export function pendingFollowUps(dataDir: string): number {
  const db = new DatabaseSync(join(dataDir, 'data.db'), { readOnly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM achievement_followups').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** How many certificates of `program` PocketBase holds for `users` (those an exam day issued, after prepareExamDay). */
export function certificatesOf(dataDir: string, users: readonly SeededUser[], program: string): number {
  const db = new DatabaseSync(join(dataDir, 'data.db'), { readOnly: true });
  try {
    const ids = new Set(users.map((u) => u.id));
    const rows = db.prepare('SELECT user FROM certificates WHERE program = ?').all(program) as { user: string }[];
    return rows.filter((r) => ids.has(r.user)).length;
  } finally {
    db.close();
  }
}

/**
 * A users-collection auth token exactly as PocketBase 0.22 signs one (HS256 over the user's token key plus the
 * app's record-token secret), so the bench can hand 10,000 trainees a session without 10,000 bcrypt sign-ins.
 */
export function authTokenMinter(dataDir: string): (user: SeededUser) => string {
  const db = new DatabaseSync(join(dataDir, 'data.db'), { readOnly: true });
  let secret: string;
  let ttlSeconds: number;
  let collectionId: string;
  try {
    collectionId = (db.prepare("SELECT id FROM _collections WHERE name = 'users'").get() as { id: string }).id;
    const settings = db.prepare("SELECT value FROM _params WHERE key = 'settings'").get() as
      { value: string } | undefined;
    const { recordAuthToken } = JSON.parse(settings?.value ?? '{}') as {
      recordAuthToken?: { secret?: string; duration?: number };
    };
    secret = recordAuthToken?.secret ?? '';
    ttlSeconds = recordAuthToken?.duration ?? 1_209_600;
  } finally {
    db.close();
  }
  if (!secret)
    throw new Error(
      'No record auth token secret in the PocketBase settings (are they encrypted with PB_ENCRYPTION_KEY?)',
    );
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return (user) => {
    const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ collectionId, exp: Math.floor(Date.now() / 1000) + ttlSeconds, id: user.id, type: 'authRecord' })}`;
    return `${body}.${createHmac('sha256', user.tokenKey + secret)
      .update(body)
      .digest('base64url')}`;
  };
}
