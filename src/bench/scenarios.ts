/**
 * The bench's scenarios, in the order `npm run bench` runs them. Each measures one thing against the bench's own
 * PocketBase and app server and returns a typed result; its checks are smoke checks (no errors, every figure
 * measured) plus limits on ratios measured side by side and on budgets that do not depend on the machine's load.
 */
import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import type PocketBase from 'pocketbase';
import { analyzeVoice } from '../domain/voice/metrics/analyze-voice.ts';
import type { LoadResult } from '../platform/util/latency-stats.ts';
import { seededRandom } from '../platform/util/seeded-random.ts';
import { moduleSlugs } from '../domain/course/module-schema.ts';
import { buildSite } from '../platform/process/app-process.ts';
import { projectRoot } from '../platform/pocketbase/process.ts';
import { createStaffUser } from '../domain/identity/seed.ts';
import { authCookieName } from '../domain/identity/session.ts';
import { rebuildHrSummary } from '../domain/reporting/hr-dashboard.ts';
import {
  authTokenMinter,
  bulkSeed,
  certificatesOf,
  pendingFollowUps,
  prepareExamDay,
  type BulkSeedPlan,
  type BulkSeedResult,
  type SeededUser,
} from './bulk-seed.ts';
import { pageWeight, type PageWeight } from './client-js.ts';
import { examDaySchedule, scheduleTotals, type ExamDayPlan } from './exam-day-schedule.ts';
import { runLoad } from './load.ts';
import { replayExamDay, type ExamStep, type StepResult } from './open-model.ts';
import type { BenchMode, Scenario } from './scenario.ts';
import { traineeClient } from './virtual-trainee.ts';
import { browserRequest } from './browser-request.ts';
import { answerSheet } from './answer-sheet.ts';

/** How much each scenario does. */
export interface BenchSizes {
  mode: BenchMode;
  /** Trainees created and signed in through the API (bcrypt in PocketBase). */
  users: number;
  /** Concurrency levels of the quiz-submission scenario. */
  submit: readonly number[];
  /** Concurrent learners sending progress heartbeats, and for how long. */
  learners: number;
  heartbeatSeconds: number;
  /** Volumes written straight into the database before the HR dashboard and the exam day. */
  volumes: BulkSeedPlan;
  /** Timed requests per HR view (after one untimed warm-up). */
  hrRepeats: number;
  /** Closed-loop exam starts (the confirmation form's post, answered with the exam page) by seeded trainees who
   * sit no other exam here. */
  examStart: { concurrency: number; starts: number };
  /** Closed-loop exam submissions that pass and certify, by ready seeded trainees who sit no other exam here. */
  certify: { concurrency: number; submissions: number };
  examDay: ExamDayPlan;
}

/** The sizes of the quick smoke run and of the full run. */
export function benchSizes(mode: BenchMode, examTrainees?: number): BenchSizes {
  const sizes: BenchSizes =
    mode === 'quick'
      ? {
          mode,
          users: 4,
          submit: [5, 10],
          learners: 20,
          heartbeatSeconds: 3,
          volumes: { staff: 300, lessonProgress: 2_100, attempts: 900 },
          hrRepeats: 3,
          examStart: { concurrency: 5, starts: 20 },
          certify: { concurrency: 5, submissions: 20 },
          examDay: {
            trainees: 30,
            startWindowSeconds: 3,
            sittingSeconds: [6, 9],
            autosaveEverySeconds: [2, 4],
            passRate: 0.8,
          },
        }
      : {
          mode,
          users: 40,
          submit: [50, 200],
          learners: 500,
          heartbeatSeconds: 20,
          volumes: { staff: 10_000, lessonProgress: 70_000, attempts: 30_000 },
          hrRepeats: 10,
          examStart: { concurrency: 50, starts: 600 },
          certify: { concurrency: 50, submissions: 600 },
          examDay: {
            trainees: 10_000,
            startWindowSeconds: 60,
            sittingSeconds: [150, 180],
            autosaveEverySeconds: [30, 90],
            passRate: 0.8,
          },
        };
  // `--exam-trainees N`: a smaller (or larger) exam day, to find where this machine's limit lies.
  if (examTrainees !== undefined) sizes.examDay = { ...sizes.examDay, trainees: examTrainees };
  sizes.volumes = {
    ...sizes.volumes,
    staff: Math.max(sizes.volumes.staff, sizes.examDay.trainees + sizes.examStart.starts + sizes.certify.submissions),
  };
  return sizes;
}

/** A trainee made through the API, with the cookie of a real sign-in. */
export interface SignedInTrainee {
  id: string;
  email: string;
  cookie: string;
}

/** What the scenarios share: the servers, and what earlier scenarios made (read through `need`). */
export interface BenchContext {
  sizes: BenchSizes;
  appUrl: string;
  /** PocketBase's data directory (the bulk seed writes its SQLite file). */
  pbDataDir: string;
  admin: PocketBase;
  password: string;
  log: (message: string) => void;
  /** Filled by the `accounts` scenario. */
  trainees?: SignedInTrainee[];
  /** Filled by the `bulk-seed` scenario. */
  seeded?: BulkSeedResult;
  /** CPU time used so far by the app server (all its workers) and by PocketBase, in ms. */
  cpu: () => { app: number; pb: number };
  /** Filled by the `exam-start` scenario: closed-loop exam starts per second (sizes the exam day's fallback). */
  examStartPerSecond?: number;
}

/** A value an earlier scenario should have put in the context; throws (naming it) when that scenario failed. */
function need<K extends 'trainees' | 'seeded'>(context: BenchContext, key: K): NonNullable<BenchContext[K]> {
  const value = context[key];
  if (value === undefined)
    throw new Error(`needs ${key === 'trainees' ? 'the accounts' : 'the bulk-seed'} scenario, which did not complete`);
  return value as NonNullable<BenchContext[K]>;
}

const post = (appUrl: string, path: string, cookie: string, body: unknown) =>
  browserRequest(`${appUrl}${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', origin: appUrl },
    body: JSON.stringify(body),
  });

const seconds = (since: number) => (performance.now() - since) / 1000;

/** CPU per request on each side of a phase, in ms (the load generator is this process). */
export interface CpuPerRequest {
  app: number;
  pb: number;
  loadGenerator: number;
}

/**
 * Run a phase of `requests` requests and say what one cost in CPU on each side. Unlike a throughput, this hardly
 * depends on what else the machine is doing. `settle`: waits for the work the requests leave behind (a submission's
 * follow-up), which is counted too.
 */
async function withCpu<T>(
  context: BenchContext,
  requests: number,
  phase: () => Promise<T>,
  settle?: () => Promise<void>,
): Promise<[T, CpuPerRequest]> {
  const before = { ...context.cpu(), me: process.cpuUsage() };
  const result = await phase();
  await settle?.();
  const after = context.cpu();
  const me = process.cpuUsage(before.me);
  const per = (ms: number) => +(ms / Math.max(1, requests)).toFixed(2);
  return [
    result,
    {
      app: per(after.app - before.app),
      pb: per(after.pb - before.pb),
      loadGenerator: per((me.user + me.system) / 1000),
    },
  ];
}

const cpuText = (c: CpuPerRequest) => `app ${c.app} + PB ${c.pb} ms (load generator ${c.loadGenerator} ms)`;

/**
 * The baseline of every ratio: `count` raw PocketBase record creates (an audit-log row, through the client code the
 * app uses) at `concurrency`, with their CPU per create.
 */
const rawCreates = (context: BenchContext, concurrency: number, count: number, actorOf: (i: number) => string) =>
  withCpu(context, count, () =>
    runLoad(concurrency, count, async (_w, i) => {
      await context.admin
        .collection('audit_log')
        .create({ actor: actorOf(i), action: 'bench.raw', target: String(i), details: { i } }, { requestKey: null });
      return true;
    }),
  );

/**
 * Until PocketBase holds no pending follow-up, or `timeoutMs` (a follow-up that never finishes shows in the checks
 * that follow). Submissions answer before their follow-ups are done, which the app runs in their turn.
 */
async function followUpsDone(pbDataDir: string, timeoutMs = 120_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (pendingFollowUps(pbDataDir) > 0 && performance.now() < deadline) await sleep(100);
}

/**
 * Seeded trainees the exam day does not use, for the closed-loop exam scenarios: the exam day takes the first
 * `examDay.trainees`; `offset` counts from there.
 */
function spareTrainees(context: BenchContext, offset: number, count: number): SeededUser[] {
  const from = context.sizes.examDay.trainees + offset;
  const trainees = need(context, 'seeded').trainees.slice(from, from + count);
  if (trainees.length < count) throw new Error(`needs ${count} spare seeded trainees, has ${trainees.length}`);
  return trainees;
}

// ---------------------------------------------------------------------------------------------------------------

export interface SiteBuildResult {
  seconds: number;
  lessonPages: number;
  secondsPerLesson: number;
}

/** Build the site (timed: build time per lesson page). Runs before the servers start. */
export const siteBuild: Scenario<unknown, SiteBuildResult> = {
  name: 'site-build',
  async run() {
    const t0 = performance.now();
    await buildSite();
    const took = seconds(t0);
    const lessonPages = readdirSync(join(projectRoot, 'content', 'modules'), {
      recursive: true,
      encoding: 'utf8',
    }).filter((f) => f.endsWith('.mdx')).length;
    return {
      seconds: Math.round(took * 10) / 10,
      lessonPages,
      secondsPerLesson: Math.round((took / lessonPages) * 1000) / 1000,
    };
  },
  rows: (r) => [
    ['site build (whole site / per lesson page)', `${r.seconds.toFixed(1)} s / ${r.secondsPerLesson.toFixed(2)} s`],
  ],
  checks: [{ name: 'lesson pages found', measure: (r) => r.lessonPages, limit: { min: 1 } }],
};

// ---------------------------------------------------------------------------------------------------------------

export interface AccountsResult {
  created: number;
  /** Sign-ins that gave an auth cookie. */
  signedIn: number;
  createPerSecond: number;
  signInPerSecond: number;
}

/** Create trainees through PocketBase's API and sign each in through the app: a bcrypt hash each, timed. */
export const accounts: Scenario<BenchContext, AccountsResult> = {
  name: 'accounts',
  async run(context) {
    const { sizes, admin, appUrl, password } = context;
    let t0 = performance.now();
    const users = await Promise.all(
      Array.from({ length: sizes.users }, (_, i) =>
        createStaffUser(admin, {
          email: `bench${i}@example.com`,
          name: `压测${i}`,
          employeeNo: `B${10000 + i}`,
          role: 'trainee',
          department: '压测部',
          team: `${i % 5}班`,
          password,
        }),
      ),
    );
    const createSeconds = seconds(t0);
    t0 = performance.now();
    const cookies = await Promise.all(
      users.map(async (u) => {
        const res = await fetch(`${appUrl}/signin?_action=signIn`, {
          method: 'POST',
          redirect: 'manual',
          headers: { origin: appUrl, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ email: u.email as string, password }),
        });
        return res.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ');
      }),
    );
    const signInSeconds = seconds(t0);
    context.trainees = users.map((u, i) => ({ id: u.id, email: u.email as string, cookie: cookies[i]! }));
    return {
      created: users.length,
      signedIn: cookies.filter((c) => c.includes(`${authCookieName}=`)).length,
      createPerSecond: +(users.length / createSeconds).toFixed(1),
      signInPerSecond: +(users.length / signInSeconds).toFixed(1),
    };
  },
  rows: (r) => [
    [
      'account creation / sign-in (bcrypt in PocketBase)',
      `${r.createPerSecond.toFixed(1)} /s / ${r.signInPerSecond.toFixed(1)} /s`,
    ],
  ],
  checks: [
    { name: 'accounts created', measure: (r) => r.created, limit: { min: 1 } },
    { name: 'sign-ins without a session cookie', measure: (r) => r.created - r.signedIn, limit: { max: 0 } },
  ],
};

// ---------------------------------------------------------------------------------------------------------------

/**
 * A path measured closed loop at `concurrency` (its load under `K`), beside raw PocketBase creates at the same
 * concurrency right after it: `ratio` is its throughput ÷ the raw creates', `cpu` what one request cost each side.
 */
export type BesideRawCreates<K extends string> = {
  concurrency: number;
  rawCreate: LoadResult;
  ratio: number;
  cpu: Record<K | 'rawCreate', CpuPerRequest>;
} & Record<K, LoadResult>;

export type QuizSubmitResult = BesideRawCreates<'submit'>;

/**
 * Quiz submissions at `concurrency` concurrent trainees: the full path (session, validation, grading, writes)
 * against raw PocketBase record creates at the same concurrency, measured one after the other.
 */
export function quizSubmit(concurrency: number): Scenario<BenchContext, QuizSubmitResult> {
  return {
    name: `quiz-submit@${concurrency}`,
    async run(context) {
      const { admin, appUrl } = context;
      // Only trainees whose sign-in gave a session (the accounts scenario's check reports the others).
      const trainees = need(context, 'trainees').filter((t) => t.cookie.includes(`${authCookieName}=`));
      if (!trainees.length) throw new Error('no signed-in trainee');
      const attempts: { attemptId: string; cookie: string }[] = [];
      for (let i = 0; attempts.length < concurrency; i++) {
        const trainee = trainees[i % trainees.length]!;
        const module = moduleSlugs[Math.floor(i / trainees.length) % moduleSlugs.length]!;
        await fetch(`${appUrl}/learn/quiz/${module}?_action=startQuiz`, {
          method: 'POST',
          redirect: 'manual',
          body: new URLSearchParams({ quiz: `quiz-${module}` }),
          headers: { cookie: trainee.cookie, origin: appUrl, 'content-type': 'application/x-www-form-urlencoded' },
        });
        const open = await admin.collection('attempts').getFirstListItem(
          admin.filter('user = {:u} && quiz = {:q} && status = "in-progress"', {
            u: trainee.id,
            q: `quiz-${module}`,
          }),
          { requestKey: null },
        );
        attempts.push({ attemptId: open.id, cookie: trainee.cookie });
      }
      // The module quizzes' follow-ups (module progress) run after the answers: the phase ends when none is left.
      const [submit, submitCpu] = await withCpu(
        context,
        attempts.length,
        () =>
          runLoad(concurrency, attempts.length, async (_w, i) => {
            const a = attempts[i]!;
            const body = { attemptId: a.attemptId, responses: {} };
            return (await post(appUrl, '/_actions/submitAttempt', a.cookie, body)).status === 200;
          }),
        () => followUpsDone(context.pbDataDir),
      );
      const [rawCreate, rawCpu] = await rawCreates(
        context,
        concurrency,
        attempts.length,
        (i) => trainees[i % trainees.length]!.id,
      );
      const ratio = +(submit.perSecond / rawCreate.perSecond).toFixed(3);
      return { concurrency, submit, rawCreate, ratio, cpu: { submit: submitCpu, rawCreate: rawCpu } };
    },
    rows: ({ submit, rawCreate, ratio, cpu }) => [
      [
        `quiz submit @${concurrency}: full path vs raw PB create`,
        `${submit.perSecond}/s vs ${rawCreate.perSecond}/s (ratio ${ratio.toFixed(2)}, goal ≥ 0.5); p50/p95/p99 ${submit.p50}/${submit.p95}/${submit.p99} ms; errors ${submit.errors}`,
      ],
      [
        `quiz submit @${concurrency}: CPU per request`,
        `submit ${cpuText(cpu.submit)}; raw create ${cpuText(cpu.rawCreate)}`,
      ],
    ],
    checks: [
      { name: 'submit errors', measure: (r) => r.submit.errors, limit: { max: 0 } },
      { name: 'raw create errors', measure: (r) => r.rawCreate.errors, limit: { max: 0 } },
      // Goal (issue 15): ≥ 0.5 in the full run. The quick run times a handful of requests on a loaded machine,
      // hence its much lower floor (a path with the old ten round trips measured 0.01–0.04 there).
      {
        name: 'full path vs raw create (throughput ratio)',
        measure: (r) => r.ratio,
        limit: { quick: { min: 0.02 }, full: { min: 0.5 } },
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------

export interface HeartbeatsResult extends LoadResult {
  learners: number;
}

/** Progress heartbeats: many concurrent learners in a closed loop, spread over the signed-in sessions. */
export const heartbeats: Scenario<BenchContext, HeartbeatsResult> = {
  name: 'heartbeats',
  async run(context) {
    const { sizes, appUrl } = context;
    const cookies = need(context, 'trainees').map((t) => t.cookie);
    const lesson = 'service-mindset/01-why-service-matters';
    let n = 0;
    const load = await runLoad(
      sizes.learners,
      Number.MAX_SAFE_INTEGER,
      async (worker) => {
        const res = await post(appUrl, '/_actions/recordProgress', cookies[worker % cookies.length]!, {
          events: [{ id: `bench-${worker}-${n++}-${Date.now()}`, lesson, type: 'heartbeat', seconds: 15 }],
        });
        return res.status === 200;
      },
      sizes.heartbeatSeconds * 1000,
    );
    return { ...load, learners: sizes.learners };
  },
  rows: (r) => [
    [
      `progress heartbeats, ${r.learners} concurrent learners`,
      `${r.perSecond}/s; p50/p95 ${r.p50}/${r.p95} ms; errors ${r.errors}`,
    ],
  ],
  checks: [
    { name: 'heartbeat errors', measure: (r) => r.errors, limit: { max: 0 } },
    {
      name: 'heartbeats answered per learner',
      measure: (r) => (r.requests - r.errors) / r.learners,
      limit: { min: 1 },
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------------

/**
 * The lesson page's JS budget (≤ 15 KiB on the wire) fails until the lesson practice widget without React (another
 * branch) is merged: then set this to false. The bench lists the check but does not count it as failed while this
 * is true, and says so once it passes. (The lesson HTML budget passes already: prerendered pages are precompressed.)
 */
export const LESSON_BUDGET_EXPECTED_TO_FAIL_UNTIL_LESSON_WIDGET_MERGE = false;

export type PageName =
  | 'module index page (no islands)'
  | 'lesson with practice checks'
  | 'quiz page (attempt open)'
  | 'voice lab'
  | 'HR dashboard';
export type PageWeightResult = Record<PageName, PageWeight>;

const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/**
 * Page budgets on the wire, in KiB of compressed bytes as the server sends them (br). Goals of issue 15; the
 * floors catch a page whose scripts the measurement no longer finds.
 */
export const pageBudgets: readonly {
  page: PageName;
  part: 'JS' | 'HTML';
  limit: { min?: number; max: number };
  expectedToFail?: boolean;
}[] = [
  { page: 'module index page (no islands)', part: 'JS', limit: { max: 2 } },
  {
    page: 'lesson with practice checks',
    part: 'JS',
    limit: { max: 15 },
    expectedToFail: LESSON_BUDGET_EXPECTED_TO_FAIL_UNTIL_LESSON_WIDGET_MERGE,
  },
  { page: 'lesson with practice checks', part: 'HTML', limit: { max: 10 } },
  { page: 'quiz page (attempt open)', part: 'JS', limit: { min: 1, max: 70 } },
  { page: 'voice lab', part: 'JS', limit: { min: 1, max: 80 } },
  { page: 'HR dashboard', part: 'JS', limit: { min: 1, max: 150 } },
];

/**
 * Bytes on the wire per page type: each page and every script it loads, fetched from the app server as a browser
 * accepting brotli and gzip would (see client-js.ts). Runs after the bulk seed, whose HR account opens /hr.
 */
export const pageWeights: Scenario<BenchContext, PageWeightResult> = {
  name: 'page-weight',
  async run(context) {
    const { appUrl } = context;
    const cookie = need(context, 'trainees')[0]!.cookie;
    const hrCookie = cookieMinter(context.pbDataDir)(need(context, 'seeded').hr);
    await fetch(`${appUrl}/learn/quiz/service-mindset?_action=startQuiz`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ quiz: 'quiz-service-mindset' }),
      headers: { cookie, origin: appUrl, 'content-type': 'application/x-www-form-urlencoded' },
    });
    return {
      'module index page (no islands)': await pageWeight(appUrl, '/modules/service-mindset/'),
      'lesson with practice checks': await pageWeight(appUrl, '/modules/service-mindset/01-why-service-matters/'),
      'quiz page (attempt open)': await pageWeight(appUrl, '/learn/quiz/service-mindset', { cookie }),
      'voice lab': await pageWeight(appUrl, '/learn/voice', { cookie }),
      'HR dashboard': await pageWeight(appUrl, '/hr', { cookie: hrCookie }),
    };
  },
  rows: (r) =>
    Object.entries(r).map(
      ([name, v]) =>
        [
          `page weight on the wire: ${name}`,
          `JS ${kib(v.jsWire).toFixed(1)} KiB (${kib(v.jsBytes).toFixed(1)} KiB raw, ${v.jsFiles} files); HTML ${kib(v.htmlWire).toFixed(1)} KiB (${kib(v.htmlBytes).toFixed(1)} KiB raw)`,
        ] as const,
    ),
  checks: pageBudgets.map(({ page, part, limit, expectedToFail }) => ({
    name: `${page} ${part} on the wire`,
    measure: (r: PageWeightResult) => kib(part === 'JS' ? r[page].jsWire : r[page].htmlWire),
    limit,
    unit: 'KiB',
    ...(expectedToFail ? { expectedToFail } : {}),
  })),
};

// ---------------------------------------------------------------------------------------------------------------

export interface BulkSeedScenarioResult {
  plan: BulkSeedPlan;
  counts: Record<string, number>;
  seconds: number;
  /** Rows of the HR summary after its rebuild, and how long the rebuild took (s). */
  hrSummary: { rows: number; seconds: number };
}

/** Realistic volumes, written straight into the database (see bulk-seed.ts for why). */
export const seedVolumes: Scenario<BenchContext, BulkSeedScenarioResult> = {
  name: 'bulk-seed',
  async run(context) {
    const plan = context.sizes.volumes;
    const t0 = performance.now();
    const seeded = bulkSeed(context.pbDataDir, plan, {
      contentDir: join(projectRoot, 'content'),
      passwordOf: need(context, 'trainees')[0]!.id,
      program: 'hotline-agent',
      now: new Date(),
    });
    context.seeded = seeded;
    const seedSeconds = +seconds(t0).toFixed(1);
    // Written behind PocketBase's back, so its hooks did not see it: the HR summary is rebuilt once, as after a restore.
    const t1 = performance.now();
    const rows = await rebuildHrSummary(context.admin);
    return { plan, counts: seeded.counts, seconds: seedSeconds, hrSummary: { rows, seconds: +seconds(t1).toFixed(1) } };
  },
  rows: (r) => [
    [
      `bulk seed (straight into SQLite)`,
      `${Object.entries(r.counts)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')} in ${r.seconds} s`,
    ],
    [`HR summary rebuilt (PocketBase hook)`, `${r.hrSummary.rows} rows in ${r.hrSummary.seconds} s`],
  ],
  checks: [
    { name: 'staff seeded vs planned', measure: (r) => (r.counts.users ?? 0) - r.plan.staff, limit: { min: 0 } },
    {
      name: 'lesson progress seeded vs planned',
      measure: (r) => (r.counts.lessonProgress ?? 0) - r.plan.lessonProgress,
      limit: { min: 0 },
    },
    {
      name: 'attempts seeded vs planned',
      measure: (r) => (r.counts.attempts ?? 0) - r.plan.attempts,
      limit: { min: 0 },
    },
  ],
};

const cookieMinter = (pbDataDir: string) => {
  const mint = authTokenMinter(pbDataDir);
  return (u: SeededUser) => `${authCookieName}=${mint(u)}`;
};

// ---------------------------------------------------------------------------------------------------------------

export interface HrView {
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  bytes: number;
}

export interface HrDashboardResult {
  volumes: BulkSeedPlan;
  views: Record<'default view' | 'filtered view' | '.xlsx export', HrView>;
}

/** The HR dashboard over the seeded volumes: each view once to warm caches, then timed one request at a time. */
export const hrDashboard: Scenario<BenchContext, HrDashboardResult> = {
  name: 'hr-dashboard',
  async run(context) {
    const { appUrl, sizes, log } = context;
    const seeded = need(context, 'seeded');
    const cookie = cookieMinter(context.pbDataDir)(seeded.hr);
    const paths = {
      'default view': '/hr',
      'filtered view': `/hr?department=${encodeURIComponent(seeded.departments[1]!)}&status=expired&sort=-expiresAt`,
      '.xlsx export': '/hr/export?format=xlsx',
    } as const;
    const views = {} as HrDashboardResult['views'];
    for (const [name, path] of Object.entries(paths) as [keyof typeof paths, string][]) {
      log(`HR ${name} × ${sizes.hrRepeats}`);
      let bytes = 0;
      const get = async () => {
        const res = await fetch(`${appUrl}${path}`, { headers: { cookie } });
        const length = (await res.arrayBuffer()).byteLength;
        if (res.ok) bytes = length;
        return res.ok;
      };
      await get(); // warms caches; not counted
      const timed = await runLoad(1, sizes.hrRepeats, get);
      views[name] = {
        requests: timed.requests,
        errors: timed.errors,
        p50: Math.round(timed.p50),
        p95: Math.round(timed.p95),
        bytes,
      };
    }
    return { volumes: sizes.volumes, views };
  },
  rows: ({ volumes: v, views }) => [
    [
      `HR dashboard @${v.staff} staff, ${v.lessonProgress} progress, ${v.attempts} attempts (p95)`,
      `default ${views['default view'].p95} ms / filtered ${views['filtered view'].p95} ms / .xlsx export ${views['.xlsx export'].p95} ms`,
    ],
  ],
  checks: (['default view', 'filtered view', '.xlsx export'] as const).flatMap((view) => [
    { name: `${view} errors`, measure: (r: HrDashboardResult) => r.views[view].errors, limit: { max: 0 } },
    { name: `${view} bytes`, measure: (r: HrDashboardResult) => r.views[view].bytes, limit: { min: 1 } },
    // Goals of issue 15 at 10,000 staff: p95 < 200 ms per view, the 20,000-row .xlsx < 1.5 s. The quick run's few
    // hundred staff say nothing about them.
    {
      name: `${view} p95`,
      measure: (r: HrDashboardResult) => r.views[view].p95,
      limit: { quick: {}, full: { max: view === '.xlsx export' ? 1500 : 200 } },
      unit: 'ms',
    },
  ]),
};

// ---------------------------------------------------------------------------------------------------------------

export type ExamStartResult = BesideRawCreates<'start'>;

/**
 * Exam starts as a browser makes them (the confirmation form's post, answered with the exam page, whose questions the
 * virtual trainee reads), closed loop at `examStart.concurrency`, by trainees the exam day does not use; then raw PocketBase
 * record creates at the same concurrency.
 */
export const examStart: Scenario<BenchContext, ExamStartResult> = {
  name: 'exam-start',
  async run(context) {
    const { appUrl, sizes } = context;
    const { concurrency, starts } = sizes.examStart;
    const trainees = spareTrainees(context, 0, starts);
    const cookieOf = cookieMinter(context.pbDataDir);
    const stop = new AbortController().signal;
    const [start, startCpu] = await withCpu(context, starts, () =>
      runLoad(concurrency, starts, async (_w, i) => {
        const client = traineeClient({
          appUrl,
          cookie: cookieOf(trainees[i]!),
          examPath,
          timeoutMs: 60_000,
        });
        await client.start(stop);
        return true;
      }),
    );
    const [rawCreate, rawCpu] = await rawCreates(context, concurrency, starts, (i) => trainees[i]!.id);
    context.examStartPerSecond = start.perSecond;
    const ratio = +(start.perSecond / rawCreate.perSecond).toFixed(3);
    return { concurrency, start, rawCreate, ratio, cpu: { start: startCpu, rawCreate: rawCpu } };
  },
  rows: ({ concurrency, start, rawCreate, ratio, cpu }) => [
    [
      `exam start @${concurrency}: form post → exam page vs raw PB create`,
      `${start.perSecond}/s vs ${rawCreate.perSecond}/s (ratio ${ratio.toFixed(2)}, goal ≥ 0.25); p50/p95 ${start.p50}/${start.p95} ms; errors ${start.errors}`,
    ],
    [
      `exam start @${concurrency}: CPU per request`,
      `start (form post → exam page) ${cpuText(cpu.start)}; raw create ${cpuText(cpu.rawCreate)}`,
    ],
  ],
  checks: [
    { name: 'start errors', measure: (r) => r.start.errors, limit: { max: 0 } },
    { name: 'raw create errors', measure: (r) => r.rawCreate.errors, limit: { max: 0 } },
    // Goal (issue 15): ≥ 0.25 in the full run (0.09 before); the quick run's handful of requests gets a low floor.
    {
      name: 'exam start vs raw create (throughput ratio)',
      measure: (r) => r.ratio,
      limit: { quick: { min: 0.01 }, full: { min: 0.25 } },
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------------

export type CertifiedSubmitResult = BesideRawCreates<'submit'> & {
  /** Trainees holding the program's certificate after their submissions (all of them, or the path lost one). */
  certified: number;
  /** Certificates issued per second, from the first submission to the last follow-up done (the ratio's rate). */
  certifiedPerSecond: number;
  secondsToLastCertificate: number;
};

/**
 * The most expensive full submission: an exam that passes and certifies (graded, the follow-up gathers the
 * evidence, issues the certificate, PocketBase's hook recomputes the holder's HR rows). Spare seeded trainees are made
 * ready for the program as the exam day's are, start the exam (not timed), then submit full-marks answers closed
 * loop at `certify.concurrency`; then raw PocketBase creates. Its CPU per request is what an exam day's passes cost.
 */
export const certifiedSubmit: Scenario<BenchContext, CertifiedSubmitResult> = {
  name: 'certified-submit',
  async run(context) {
    const { appUrl, pbDataDir } = context;
    const { concurrency, submissions } = context.sizes.certify;
    const trainees = spareTrainees(context, context.sizes.examStart.starts, submissions);
    prepareReady(pbDataDir, trainees);
    const cookieOf = cookieMinter(pbDataDir);
    const sheet = answerSheet(projectRoot, pbDataDir);
    const stop = new AbortController().signal;
    const clients = trainees.map((u) =>
      traineeClient({
        appUrl,
        cookie: cookieOf(u),
        examPath,
        timeoutMs: 60_000,
        answers: sheet,
      }),
    );
    const started = await runLoad(concurrency, submissions, async (_w, i) => {
      await clients[i]!.start(stop);
      return true;
    });
    if (started.errors) throw new Error(`${started.errors} of ${submissions} exam starts failed`);
    // A submission answers before its certificate is issued (the follow-up runs in its turn): the phase, its rate and
    // its CPU run until every follow-up is done.
    const since = performance.now();
    let settled = 0;
    const [submit, submitCpu] = await withCpu(
      context,
      submissions,
      () =>
        runLoad(concurrency, submissions, async (_w, i) => {
          await clients[i]!.submit(stop);
          return true;
        }),
      async () => {
        await followUpsDone(pbDataDir);
        settled = seconds(since);
      },
    );
    const certified = certificatesOf(pbDataDir, trainees, examDayProgram);
    const certifiedPerSecond = +(certified / settled).toFixed(1);
    const [rawCreate, rawCpu] = await rawCreates(context, concurrency, submissions, (i) => trainees[i]!.id);
    const ratio = +(certifiedPerSecond / rawCreate.perSecond).toFixed(3);
    return {
      concurrency,
      submit,
      rawCreate,
      ratio,
      certified,
      certifiedPerSecond,
      secondsToLastCertificate: +settled.toFixed(1),
      cpu: { submit: submitCpu, rawCreate: rawCpu },
    };
  },
  rows: ({ concurrency, submit, rawCreate, ratio, certified, certifiedPerSecond, secondsToLastCertificate, cpu }) => [
    [
      `certifying exam submit @${concurrency}: pass → certificate vs raw PB create`,
      `${certifiedPerSecond}/s certified vs ${rawCreate.perSecond}/s (ratio ${ratio.toFixed(2)}, goal ≥ 0.5): ${certified} certificates, the last ${secondsToLastCertificate} s after the first submission; submissions answered ${submit.perSecond}/s, p50/p95 ${submit.p50}/${submit.p95} ms, errors ${submit.errors}`,
    ],
    [
      `certifying exam submit @${concurrency}: CPU per request`,
      `submit ${cpuText(cpu.submit)}; raw create ${cpuText(cpu.rawCreate)}`,
    ],
  ],
  checks: [
    { name: 'submit errors', measure: (r) => r.submit.errors, limit: { max: 0 } },
    {
      name: 'passed without a certificate',
      measure: (r) => r.submit.requests - r.submit.errors - r.certified,
      limit: { max: 0 },
    },
    { name: 'raw create errors', measure: (r) => r.rawCreate.errors, limit: { max: 0 } },
    // Issue 15's goal for a full submission; the quick run's floor only says the path works at all.
    {
      name: 'certifying submit vs raw create (throughput ratio)',
      measure: (r) => r.ratio,
      limit: { quick: { min: 0.005 }, full: { min: 0.5 } },
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------------

export interface ExamDayResult {
  plan: ExamDayPlan;
  schedule: ReturnType<typeof scheduleTotals>;
  steps: Record<ExamStep, StepResult>;
  busyRetries: Record<ExamStep, number>;
  /**
   * When the planned day does not pass (no errors and p95 under `examDayStepGoalMs` on every step), smaller days
   * with the same timing, the first sized from the exam-start rate, then bisected: what this machine can take today.
   */
  capacity: { tried: { trainees: number; passed: boolean; shortfalls: string[] }[]; largestPassing: number | null };
  certificates: ExamDayCertificates;
}

/**
 * The certificates an exam day issued: the trainees who passed (answered with the answer sheet and had their
 * submission accepted) against the certificates the program has for them afterwards, and how long after the
 * day's last answer the last one appeared (or the wait ran out).
 */
export interface ExamDayCertificates {
  passed: number;
  issued: number;
  secondsAfterDay: number;
}

const examSteps = ['start', 'autosave', 'submit'] as const;
/** Issue 15's goal for every exam-day step on this machine: p95 under one second. */
const examDayStepGoalMs = 1000;

type ExamDayRun = Pick<ExamDayResult, 'schedule' | 'steps' | 'busyRetries' | 'certificates'>;

/** The program whose exam the day sits, and how long its certificates may take to appear after the day. */
const examDayProgram = 'hotline-agent';
const examPath = `/learn/exam/${examDayProgram}`;

/** Make `trainees` ready for the program's exam (see prepareExamDay); returns how many rows it wrote. */
const prepareReady = (pbDataDir: string, trainees: readonly SeededUser[]) =>
  prepareExamDay(pbDataDir, trainees, {
    contentDir: join(projectRoot, 'content'),
    program: examDayProgram,
    now: new Date(),
  });
const certificateWaitMs = 30_000;

/** What kept a day from passing (none: it passed): errors, a p95 over the goal (full run), passes left uncertified. */
function examDayShortfalls(run: ExamDayRun, mode: BenchMode): string[] {
  const shortfalls = examSteps.flatMap((step) => {
    const { errors, p95 } = run.steps[step];
    return [
      ...(errors > 0 ? [`${step} ${errors} errors`] : []),
      ...(mode === 'full' && p95 >= examDayStepGoalMs ? [`${step} p95 ${Math.round(p95)} ms`] : []),
    ];
  });
  const uncertified = run.certificates.passed - run.certificates.issued;
  return uncertified > 0 ? [...shortfalls, `${uncertified} passes without a certificate`] : shortfalls;
}

/**
 * One exam day: an open-model replay of the first `plan.trainees` seeded trainees sitting the certification exam,
 * each ready for it (prepareExamDay: everything done but the exam, no certificate yet). A share `plan.passRate`
 * answers every question right and passes; each of them must hold a certificate within seconds of the day's end.
 */
async function sitExamDay(context: BenchContext, plan: ExamDayPlan): Promise<ExamDayRun> {
  const { appUrl, log, pbDataDir } = context;
  const trainees = need(context, 'seeded').trainees.slice(0, plan.trainees);
  const ready = prepareReady(pbDataDir, trainees);
  const cookieOf = cookieMinter(pbDataDir);
  const schedule = examDaySchedule(plan, seededRandom('exam-day'));
  const totals = scheduleTotals(schedule);
  log(
    `exam day: ${totals.starts} starts within ${plan.startWindowSeconds} s, ${totals.autosaves} autosaves, ${totals.submits} submits over ${totals.seconds.toFixed(0)} s (${ready} rows seeded: everyone ready for the exam)`,
  );
  const busy = { start: 0, autosave: 0, submit: 0 };
  const sheet = answerSheet(projectRoot, pbDataDir);
  const passes = seededRandom('exam-day-passes');
  const clients = trainees.map((u) => {
    const passer = passes() < plan.passRate;
    const client = traineeClient({
      appUrl,
      cookie: cookieOf(u),
      examPath,
      timeoutMs: 120_000,
      onBusy: (step) => busy[step]++,
      ...(passer ? { answers: sheet } : {}),
    });
    return { ...client, passer };
  });
  let passed = 0;
  const steps = await replayExamDay(
    schedule,
    {
      start: async (i, stop) => {
        await clients[i]!.start(stop);
        return clients[i]!;
      },
      autosave: (client, stop) => client.autosave(stop),
      submit: async (client, stop) => {
        await client.submit(stop);
        if (client.passer) passed++;
      },
    },
    // Two minutes past the schedule's end, whatever is still open counts as an error (keeps a day under 10 min).
    (totals.seconds + 120) * 1000,
  );
  for (const step of examSteps)
    for (const message of steps[step].sampleErrors) log(`exam day ${step} error: ${message}`);
  // Each day's steps in the log, so a smaller day of the bisection says which step failed it.
  log(
    `exam day @${plan.trainees}: ${examSteps.map((step) => `${step} ${steps[step].errors} errors, p95 ${Math.round(steps[step].p95)} ms`).join('; ')}`,
  );
  const dayEnded = performance.now();
  let issued = certificatesOf(pbDataDir, trainees, examDayProgram);
  while (issued < passed && performance.now() - dayEnded < certificateWaitMs) {
    await new Promise((r) => setTimeout(r, 250));
    issued = certificatesOf(pbDataDir, trainees, examDayProgram);
  }
  const certificates = { passed, issued, secondsAfterDay: +((performance.now() - dayEnded) / 1000).toFixed(1) };
  log(`exam day: ${passed} passed, ${issued} certificates ${certificates.secondsAfterDay} s after the last answer`);
  return { schedule: totals, steps, busyRetries: busy, certificates };
}

/** Exam day as planned; if it does not pass, smaller days until one does (see `ExamDayResult.capacity`). */
export const examDay: Scenario<BenchContext, ExamDayResult> = {
  name: 'exam-day',
  async run(context) {
    const plan = context.sizes.examDay;
    const first = await sitExamDay(context, plan);
    const mode = context.sizes.mode;
    const triedDay = (trainees: number, run: ExamDayRun) => {
      const shortfalls = examDayShortfalls(run, mode);
      return { trainees, passed: shortfalls.length === 0, shortfalls };
    };
    const tried = [triedDay(plan.trainees, first)];
    // When the planned day fails: a first guess of half what the closed-loop exam-start rate would start in the
    // window (the rest of the machine serves autosaves and submits), then bisection between the largest day that
    // passed and the smallest that failed, to the nearest 100 trainees; four more days at most (about 5 min each;
    // three left the answer between 3,800 and 5,050 on 2026-11-29).
    let passed = 0;
    let failed = plan.trainees;
    let trainees = Math.floor(((context.examStartPerSecond ?? 10) * plan.startWindowSeconds) / 2 / 50) * 50;
    while (!tried[0]!.passed && tried.length < 5 && trainees >= 50 && trainees < failed && trainees > passed) {
      context.log(
        `exam day: largest passing so far ${passed || 'none'}, smallest failing ${failed}; trying ${trainees}`,
      );
      const day = triedDay(trainees, await sitExamDay(context, { ...plan, trainees }));
      tried.push(day);
      if (day.passed) passed = trainees;
      else failed = trainees;
      trainees = passed ? Math.round((passed + failed) / 2 / 100) * 100 : Math.floor(trainees / 2 / 50) * 50;
    }
    const passing = tried.filter((t) => t.passed).map((t) => t.trainees);
    return {
      plan,
      ...first,
      capacity: { tried, largestPassing: passing.length ? Math.max(...passing) : null },
    };
  },
  rows: ({ plan, steps, busyRetries, capacity, certificates }) => [
    ...examSteps.map((step) => {
      const r = steps[step];
      return [
        `exam day @${plan.trainees} trainees: ${step}`,
        `${r.requests} requests, ${r.errors} errors${r.unfinished ? ` (${r.unfinished} unfinished at the stop)` : ''}${r.skipped ? `, ${r.skipped} not sent` : ''}, ${busyRetries[step]} busy retries; p50/p95/p99 ${r.p50}/${r.p95}/${r.p99} ms; send lag p95 ${r.lagP95} ms`,
      ] as const;
    }),
    [
      `exam day @${plan.trainees} trainees: certificates`,
      `${certificates.passed} passed (${Math.round(plan.passRate * 100)} % answer every question right), ${certificates.issued} certificates issued, the last ${certificates.secondsAfterDay} s after the day's last answer`,
    ] as const,
    [
      `exam day: largest day that passes (0 errors, p95 < ${examDayStepGoalMs} ms, every pass certified)`,
      `${capacity.largestPassing ?? 'none of those tried'} (goal ${plan.trainees}; tried ${capacity.tried
        .map((t) => `${t.trainees} ${t.passed ? 'passed' : `failed: ${t.shortfalls.join(', ')}`}`)
        .join(', ')})`,
    ] as const,
  ],
  checks: [
    {
      name: 'passed without a certificate after the day',
      measure: (r: ExamDayResult) => r.certificates.passed - r.certificates.issued,
      limit: { max: 0 },
    },
    ...examSteps.map((step) => ({
      name: `${step} errors`,
      measure: (r: ExamDayResult) => r.steps[step].errors,
      limit: { max: 0 },
    })),
    ...examSteps.map((step) => ({
      name: `${step} p95`,
      measure: (r: ExamDayResult) => r.steps[step].p95,
      // The quick run's machine is busy with the rest of `npm test`: latency is the full run's goal only.
      limit: { quick: {}, full: { max: examDayStepGoalMs - 1 } },
      unit: 'ms',
    })),
    {
      name: 'scheduled requests not accounted for',
      measure: (r) =>
        r.schedule.starts +
        r.schedule.autosaves +
        r.schedule.submits -
        examSteps.reduce((n, s) => n + r.steps[s].requests + r.steps[s].skipped, 0),
      limit: { min: 0, max: 0 },
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------------

export interface VoiceAnalysisResult {
  clipSeconds: number;
  analysisSeconds: number;
  realTimeFactor: number;
}

/** Voice analysis real-time factor on a 30-second clip (speech-like synthetic signal). */
export const voiceAnalysis: Scenario<unknown, VoiceAnalysisResult> = {
  name: 'voice-analysis',
  async run() {
    const rate = 16_000;
    const clipSeconds = 30;
    const clip = new Float32Array(rate * clipSeconds);
    for (let i = 0; i < clip.length; i++) {
      const t = i / rate;
      const f0 = 160 + 30 * Math.sin(2 * Math.PI * 0.5 * t);
      const envelope = Math.sin(Math.PI * ((t * 4) % 1)) > 0.2 ? 0.3 : 0;
      clip[i] = envelope * (Math.sin(2 * Math.PI * f0 * t) + 0.5 * Math.sin(4 * Math.PI * f0 * t));
    }
    const t0 = performance.now();
    analyzeVoice(clip, rate, { text: '您好，中国电信10000号，工号1234为您服务，请问有什么可以帮您？' });
    const analysisSeconds = seconds(t0);
    return {
      clipSeconds,
      analysisSeconds: +analysisSeconds.toFixed(3),
      realTimeFactor: +(analysisSeconds / clipSeconds).toFixed(4),
    };
  },
  rows: (r) => [
    [
      `voice analysis, ${r.clipSeconds} s clip`,
      `${r.analysisSeconds.toFixed(2)} s (real-time factor ${r.realTimeFactor.toFixed(3)})`,
    ],
  ],
  // Measured 0.007 on an idle machine; the limit leaves room for a loaded one (the lab needs well under 1).
  checks: [
    { name: 'real-time factor', measure: (r) => r.realTimeFactor, limit: { quick: { max: 0.5 }, full: { max: 0.25 } } },
  ],
};
