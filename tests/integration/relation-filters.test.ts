import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import type PocketBase from 'pocketbase';
import { ClientResponseError, type CollectionModel, type RecordModel } from 'pocketbase';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffUser } from '../../src/domain/identity/schema.ts';
import { attemptStore } from '../../src/domain/assessment/repo.ts';
import { startAttempt, submitAttempt, type AttemptContext } from '../../src/domain/assessment/service.ts';
import { saveCallRecording } from '../../src/domain/training/call-recordings.ts';
import { revokeCertificate } from '../../src/domain/certification/service.ts';
import { programCatalog } from '../../src/domain/certification/catalog.ts';
import { quizCatalog } from '../../src/domain/assessment/catalog.ts';
import { addMember, createCohort, recordPractical } from '../../src/domain/training/service.ts';
import { assign } from '../../src/domain/training/assignments.ts';
import { importDrafts, publishDraft } from '../../src/domain/question-bank/service.ts';
import { bankDeps } from '../../src/domain/assessment/question-bank.ts';
import { recordStatement } from '../../src/domain/xapi/service.ts';
import { anonymousClient, asAdmin, makeUser, pbUrl } from './pocketbase-fixtures.ts';

/**
 * The PocketBase 0.22 filter side channel: list filters and sorts may follow relations (`user.name`) and
 * back-relations (`attempt_keys_via_attempt.seed`) without applying the joined collection's rules. This suite reads
 * the live schema (as admin), builds every relation path of length ≤ 2 from every collection each role can list, and
 * asks yes/no questions along it about values the role may not read: the true value and a made-up one must get
 * the same answer; sorting ascending and descending along a path into a collection the role reads nothing of must give
 * the same order; and `expand` must never return a record the role cannot view. `@collection.*` and `@request.*` in client filters must be refused
 * (if PocketBase ever accepted them, they are probed like relations). New collections and relations are covered
 * without touching this file.
 */

const roles = ['anonymous', 'trainee', 'coMember', 'otherTrainee', 'cohortTrainer', 'otherTrainer', 'hr'] as const;
type Role = (typeof roles)[number];

interface Edge {
  step: string;
  to: CollectionModel;
}
interface Path {
  steps: string[];
  target: CollectionModel;
}
interface Finding {
  role: Role;
  collection: string;
  path: string;
  field: string;
  how: string;
}

/** Fields a filter may name on a collection: system fields, the auth fields and the schema's own fields. */
function fieldsOf(c: CollectionModel): { name: string; type: string }[] {
  const system = [
    { name: 'id', type: 'text' },
    { name: 'created', type: 'date' },
    { name: 'updated', type: 'date' },
  ];
  const auth =
    c.type === 'auth'
      ? [
          'username',
          'email',
          'emailVisibility',
          'verified',
          'tokenKey',
          'passwordHash',
          'lastResetSentAt',
          'lastVerificationSentAt',
        ].map((name) => ({ name, type: name === 'emailVisibility' || name === 'verified' ? 'bool' : 'text' }))
      : [];
  return [...system, ...auth, ...c.schema.map((f) => ({ name: f.name, type: f.type }))];
}

const isEmpty = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && v !== null && Object.keys(v).length === 0);
const token = () => `zq${randomBytes(6).toString('hex')}`;

/** Leaf strings of a JSON value that are distinctive enough to probe for with `~`. */
function leaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.length >= 3) out.push(value);
  } else if (Array.isArray(value)) value.forEach((v) => leaves(v, out));
  else if (value && typeof value === 'object')
    Object.entries(value).forEach(([k, v]) => {
      if (k.length >= 4) out.push(k);
      leaves(v, out);
    });
  return out;
}

let admin: PocketBase;
const clients = {} as Record<Role, PocketBase>;
let collections: CollectionModel[] = [];
/** Every record of every collection, as the admin sees it. */
const everything = new Map<string, RecordModel[]>();
/** The records of this file's world (see beforeAll), as the admin sees them. */
const all = new Map<string, RecordModel[]>();
/** What each role gets from each collection's list without a filter: id → record as returned to the role. */
const visible = {} as Record<Role, Map<string, Map<string, RecordModel>>>;
/** Every string value a role can read anywhere (ids it may know from text references, names…). */
const knownStrings = {} as Record<Role, Set<string>>;

async function listAll(
  pb: PocketBase,
  collection: string,
  options: Record<string, unknown> = {},
): Promise<RecordModel[] | ClientResponseError> {
  try {
    return await pb.collection(collection).getFullList({ batch: 500, requestKey: null, ...options });
  } catch (error) {
    if (error instanceof ClientResponseError) return error;
    throw error;
  }
}

const answer = (r: RecordModel[] | ClientResponseError) =>
  r instanceof ClientResponseError ? `error ${r.status}` : r.map((x) => x.id).join(',');

beforeAll(async () => {
  admin = await asAdmin();
  const staff = async (role: 'trainee' | 'trainer' | 'hr', name: string) => {
    const made = await makeUser(role, { name });
    const user: StaffUser = {
      id: made.id,
      email: made.email,
      name,
      employeeNo: '',
      role,
      department: '测试部',
      team: '测试班',
    };
    return { ...made, user };
  };
  const tag = randomBytes(3).toString('hex');
  const [trainee, coMember, otherTrainee, cohortTrainer, otherTrainer, hr] = await Promise.all([
    staff('trainee', `甲学员${tag}`),
    staff('trainee', `乙同班${tag}`),
    staff('trainee', `丙别班${tag}`),
    staff('trainer', `丁培训师${tag}`),
    staff('trainer', `戊培训师${tag}`),
    staff('hr', `己人事${tag}`),
  ]);
  Object.assign(clients, {
    anonymous: anonymousClient(),
    trainee: trainee.client,
    coMember: coMember.client,
    otherTrainee: otherTrainee.client,
    cohortTrainer: cohortTrainer.client,
    otherTrainer: otherTrainer.client,
    hr: hr.client,
  });

  // Two cohorts through the app's training functions; the trainee also belongs to the other trainer's cohort.
  const cohortA = await createCohort(admin, cohortTrainer.user, `侧信道甲班${tag}`);
  const cohortB = await createCohort(admin, otherTrainer.user, `侧信道乙班${tag}`);
  await addMember(admin, cohortTrainer.user, cohortA.id, { trainee: trainee.id });
  await addMember(admin, cohortTrainer.user, cohortA.id, { trainee: coMember.id });
  await addMember(admin, otherTrainer.user, cohortB.id, { trainee: otherTrainee.id });
  await addMember(admin, otherTrainer.user, cohortB.id, { trainee: trainee.id });
  const setupDay = new Date('2026-11-01T00:00:00Z');
  await assign(
    admin,
    cohortTrainer.user,
    { target: 'module:service-mindset', cohort: cohortA.id, dueDate: '2026-12-31', note: `甲班备注${tag}` },
    setupDay,
  );
  await assign(
    admin,
    otherTrainer.user,
    { target: 'module:voice-affinity', trainee: trainee.id, dueDate: '2026-12-30', note: `乙班单独布置${tag}` },
    setupDay,
  );
  await assign(
    admin,
    otherTrainer.user,
    { target: 'module:service-etiquette', cohort: cohortB.id, dueDate: '2026-12-29', note: `乙班备注${tag}` },
    setupDay,
  );

  // Attempts with keys and graded results through the attempt engine: two for the trainee (so sorts can differ).
  const ctx: AttemptContext = { store: attemptStore(admin), catalog: quizCatalog(), now: () => new Date() };
  for (const [who, quiz] of [
    [trainee, 'quiz-service-mindset'],
    [trainee, 'quiz-voice-affinity'],
    [coMember, 'quiz-service-mindset'],
    [otherTrainee, 'quiz-service-etiquette'],
  ] as const) {
    const started = await startAttempt(ctx, who.id, quiz);
    await submitAttempt(ctx, who.id, started.attemptId, {});
  }
  await startAttempt(ctx, trainee.id, 'quiz-complaint-psychology');

  // Practical assessments, certificates (one revoked by HR, which writes the audit log), progress, recordings.
  const rubric = programCatalog().rubrics.get('affinity')!;
  const scores = Object.fromEntries(rubric.dimensions.flatMap((d) => d.criteria.map((c) => [`${d.id}.${c.id}`, 4])));
  await recordPractical(
    admin,
    cohortTrainer.user,
    {
      trainee: trainee.id,
      program: '',
      kind: 'role-play',
      rubric: 'affinity',
      rolePlayCase: 'affinity-abusive-caller',
      scores,
      comments: `甲班评语${tag}`,
    },
    new Date(),
  );
  await recordPractical(
    admin,
    otherTrainer.user,
    {
      trainee: otherTrainee.id,
      program: '',
      kind: 'call-review',
      rubric: 'affinity',
      scores,
      comments: `乙班评语${tag}`,
    },
    new Date(),
  );
  const now = Date.now();
  const certificate = (user: string, i: number) =>
    admin.collection('certificates').create({
      user,
      program: 'complaint-specialist',
      code: `RF${tag.toUpperCase()}${'ABCDEFGHIJKLMNOPQRSTUVWX'.slice(i, i + 20)}`.replace(/[0-9]/g, 'Q'),
      issuedAt: new Date(now - i * 1000).toISOString(),
      validFrom: new Date(now - i * 1000).toISOString(),
      expiresAt: new Date(now + 3e10).toISOString(),
      evidence: { note: `证据${tag}${i}` },
    });
  const certA = await certificate(trainee.id, 1);
  await certificate(otherTrainee.id, 2);
  await revokeCertificate(admin, hr.id, certA.id, `撤销原因${tag}`, new Date());
  for (const [user, i] of [
    [trainee.id, 1],
    [otherTrainee.id, 2],
  ] as const) {
    await admin.collection('lesson_progress').create({
      user,
      lesson: 'service-mindset/01-why-service-matters',
      module: 'service-mindset',
      startedAt: new Date().toISOString(),
      seconds: 100 + i,
      position: 0.5,
      practice: { check: `练习${tag}${i}` },
    });
    await admin.collection('module_progress').create({
      user,
      module: 'service-mindset',
      lessonsTotal: 6,
      lessonsStarted: i,
      lessonsCompleted: 0,
      seconds: 300 + i,
    });
    const audio = new File([readFileSync('tests/fixtures/voice/closing-blessing.ogg')], 'v.ogg', { type: 'audio/ogg' });
    await admin
      .collection('voice_recordings')
      .create({ user, exercise: 'closing-blessing', metrics: { note: `指标${tag}${i}` }, durationSec: 3 + i, audio });
  }
  const upload = (cohort: string) => {
    const form = new FormData();
    for (const [k, v] of Object.entries({
      title: `真实录音${cohort.slice(0, 4)}`,
      transcript: `坐席：您好，文字稿${cohort}。`,
      timestampPrompt: '听到服务禁语时点击',
      moments: `0:02-0:04 禁语${cohort}`,
      choicePrompt: '最佳回应是？',
      choiceOptions: `最佳回应${cohort}\n较差回应${cohort}`,
    }))
      form.set(k, v);
    form.append('cohorts', cohort);
    form.set(
      'audio',
      new File([readFileSync('tests/fixtures/voice/closing-blessing.ogg')], 'call.ogg', { type: 'audio/ogg' }),
    );
    return form;
  };
  await saveCallRecording(admin, cohortTrainer.user, upload(cohortA.id));
  await saveCallRecording(admin, otherTrainer.user, upload(cohortB.id));
  // HR uploads one for the cohort trainer's cohort: the trainer may not read its answer key.
  await saveCallRecording(admin, hr.user, upload(cohortA.id));
  await admin
    .collection('programs')
    .create({ key: `rf-${tag}`, title: `侧信道项目${tag}` })
    .catch(() => undefined);
  await admin.collection('app_settings').create({ key: `rf-${tag}`, value: { min: 1 } });
  // The question bank through its service: a trainer imports two items and publishes one to the exam pool.
  const lesson = 'service-mindset/01-why-service-matters';
  const gift = `$CATEGORY: ${lesson}\n\n::侧信道${tag}::题库侧信道判断题${tag}。{T####侧信道解析${tag}，说明为什么。}\n\n::草稿${tag}::草稿题${tag}？{=甲${tag} ~乙 ~丙}\n`;
  const bank = bankDeps(admin);
  const { drafts } = await importDrafts(
    bank,
    cohortTrainer.user,
    gift,
    'rf.gift',
    { module: 'service-mindset', categories: {}, items: {} },
    [{ slug: 'service-mindset', title: '服务心态', lessons: [{ id: lesson, title: '为什么服务很重要' }] }],
  );
  await publishDraft(bank, cohortTrainer.user, drafts[0]!.id, drafts[0]!.version, 'exam');
  // An xAPI statement about the trainee in the outbox (admin only; it names the trainee by plain id and 工号).
  await recordStatement(
    admin,
    {
      kind: 'lesson-completed',
      userId: trainee.id,
      lesson: 'stress-management/x',
      module: 'stress-management',
      completedAt: new Date(),
    },
    { userId: trainee.id, employeeNo: `RF${tag}` },
    { activityBase: 'https://academy.example.com/xapi', homePage: 'https://hr.example.com', actor: 'account' },
    { module: () => undefined, lesson: () => undefined, quiz: () => undefined, program: () => undefined },
  );

  collections = (await admin.collections.getFullList({ requestKey: null })).filter(
    (c) => !c.system || c.type === 'auth',
  );
  await seedEmptyCollections(trainee.id);
  for (const c of collections) {
    const records = await listAll(admin, c.name);
    if (records instanceof ClientResponseError) throw new Error(`admin cannot list ${c.name}: ${records.message}`);
    everything.set(c.name, records);
  }
  // Other test files share this PocketBase: keep the records of this file's world (its users and whatever refers to
  // them, directly or through records that do), so the hidden values asked about are the ones its roles can reach.
  const world = new Set([trainee, coMember, otherTrainee, cohortTrainer, otherTrainer, hr].map((u) => u.id));
  for (let grown = true; grown;) {
    grown = false;
    for (const records of everything.values()) {
      for (const r of records) {
        if (world.has(r.id)) continue;
        const text = JSON.stringify(r);
        if ([...world].some((id) => text.includes(id))) {
          world.add(r.id);
          grown = true;
        }
      }
    }
  }
  for (const [name, records] of everything)
    all.set(
      name,
      records.filter((r) => world.has(r.id)),
    );
  for (const role of roles) {
    visible[role] = new Map();
    knownStrings[role] = new Set();
    for (const c of collections) {
      const records = await listAll(clients[role], c.name);
      const list = records instanceof ClientResponseError ? [] : records;
      visible[role].set(c.name, new Map(list.map((r) => [r.id, r])));
      for (const r of list)
        for (const v of Object.values(r))
          for (const s of [v].flat()) if (typeof s === 'string') knownStrings[role].add(s);
    }
  }
}, 120_000);

/** Collections that got no record, with PocketBase's reason: nothing could be probed there. */
const unseeded: string[] = [];

/**
 * One record, made from the field types, in every base collection the seeding above left empty (a collection added
 * later), pointing at the trainee where a relation goes to users, so that its relation paths have values to ask about.
 */
async function seedEmptyCollections(traineeId: string) {
  for (const c of collections.filter((x) => x.type === 'base')) {
    if ((await admin.collection(c.name).getList(1, 1, { requestKey: null })).totalItems > 0) continue;
    const data: Record<string, unknown> = {};
    for (const f of c.schema) {
      const o = f.options as Record<string, unknown>;
      const many = (v: unknown) => ((o.maxSelect as number | null) === 1 ? v : [v]);
      switch (f.type) {
        case 'number':
          data[f.name] = (o.min as number | null) ?? 1;
          break;
        case 'bool':
          data[f.name] = true;
          break;
        case 'email':
          data[f.name] = `${token()}@example.com`;
          break;
        case 'url':
          data[f.name] = `https://example.com/${token()}`;
          break;
        case 'date':
          data[f.name] = new Date().toISOString();
          break;
        case 'select':
          data[f.name] = many((o.values as string[])[0]);
          break;
        case 'json':
          data[f.name] = { note: token() };
          break;
        case 'relation': {
          const target = collections.find((x) => x.id === o.collectionId);
          const id =
            target?.type === 'auth'
              ? traineeId
              : (await admin.collection(target!.name).getList(1, 1, { requestKey: null })).items[0]?.id;
          if (id) data[f.name] = many(id);
          break;
        }
        case 'file':
          data[f.name] = new File([readFileSync('tests/fixtures/voice/closing-blessing.ogg')], 'seed.ogg', {
            type: 'audio/ogg',
          });
          break;
        default:
          data[f.name] = /^\^\[a-z0-9\]\{15\}\$$/.test(String(o.pattern ?? ''))
            ? traineeId
            : token().padEnd(Number(o.min ?? 0), 'z');
      }
    }
    await admin
      .collection(c.name)
      .create(data, { requestKey: null })
      .catch((e: ClientResponseError) => unseeded.push(`${c.name}: ${JSON.stringify(e.response?.data ?? e.message)}`));
  }
}

function edgesOf(c: CollectionModel): Edge[] {
  const byId = new Map(collections.map((x) => [x.id, x]));
  const forward = c.schema
    .filter((f) => f.type === 'relation' && byId.has(f.options.collectionId))
    .map((f) => ({ step: f.name, to: byId.get(f.options.collectionId)! }));
  const back = collections.flatMap((x) =>
    x.schema
      .filter((f) => f.type === 'relation' && f.options.collectionId === c.id)
      .map((f) => ({ step: `${x.name}_via_${f.name}`, to: x })),
  );
  return [...forward, ...back];
}

/** Paths of length 0 (the collection's own hidden fields), 1 and 2 from `c`. */
function pathsFrom(c: CollectionModel): Path[] {
  const paths: Path[] = [{ steps: [], target: c }];
  for (const e1 of edgesOf(c)) {
    paths.push({ steps: [e1.step], target: e1.to });
    for (const e2 of edgesOf(e1.to)) paths.push({ steps: [e1.step, e2.step], target: e2.to });
  }
  return paths;
}

/**
 * Values of `field` in `target` that `role` may not read (records it cannot view, or a field hidden from it), leaving
 * out values it can read somewhere else, so that a different answer can only come from the hidden value.
 */
function secretValues(role: Role, target: CollectionModel, field: { name: string; type: string }): unknown[] {
  const seen = visible[role].get(target.name)!;
  const readable = [...seen.values()].map((r) => r[field.name]).filter((v) => !isEmpty(v));
  const readableText = readable.map((v) => JSON.stringify(v));
  const secrets: unknown[] = [];
  for (const record of all.get(target.name) ?? []) {
    const value = record[field.name];
    if (isEmpty(value) || typeof value === 'boolean') continue;
    const shown = seen.get(record.id)?.[field.name];
    if (shown !== undefined && JSON.stringify(shown) === JSON.stringify(value)) continue;
    if (field.type === 'json') {
      for (const leaf of leaves(value))
        if (!readableText.some((t) => t.includes(leaf)) && !knownStrings[role].has(leaf)) secrets.push(leaf);
    } else {
      for (const v of [value].flat()) {
        if (readable.flat().some((r) => r === v) || (typeof v === 'string' && knownStrings[role].has(v))) continue;
        secrets.push(v);
      }
    }
  }
  return [...new Set(secrets)].slice(0, 12);
}

function probe(pb: PocketBase, path: string, field: { type: string }, value: unknown): string {
  if (field.type === 'json') return pb.filter(`${path} ?~ {:v}`, { v: String(value) });
  return pb.filter(`${path} ?= {:v}`, { v: value as string | number });
}
function falseValue(value: unknown): unknown {
  return typeof value === 'number' ? 987654.125 + Math.random() : token();
}

async function findLeaks(role: Role): Promise<{ findings: Finding[]; probes: number }> {
  const pb = clients[role];
  const findings: Finding[] = [];
  let probes = 0;
  const listable = collections.filter((c) => (visible[role].get(c.name)?.size ?? 0) > 0);
  for (const c of listable) {
    for (const path of pathsFrom(c)) {
      const prefix = path.steps.join('.');
      const at = (f: string) => (prefix ? `${prefix}.${f}` : f);
      const questions = fieldsOf(path.target)
        .map((field) => ({ field, secrets: secretValues(role, path.target, field) }))
        .filter((q) => q.secrets.length > 0);
      const ask = (filter: string) => {
        probes++;
        return listAll(pb, c.name, { filter, fields: 'id' });
      };
      // One question for all fields at once; only when its answers differ (or it is refused) ask field by field.
      const batch = async (qs: typeof questions) => {
        const truth = qs.flatMap((q) => q.secrets.map((v) => probe(pb, at(q.field.name), q.field, v)));
        const lie = qs.flatMap((q) => q.secrets.map((v) => probe(pb, at(q.field.name), q.field, falseValue(v))));
        const [t, l] = await Promise.all([ask(truth.join(' || ')), ask(lie.join(' || '))]);
        return { same: answer(t) === answer(l), refused: t instanceof ClientResponseError, t, l };
      };
      if (questions.length) {
        const first = await batch(questions);
        if (!first.same || first.refused) {
          for (const q of questions) {
            const one = await batch([q]);
            if (!one.same)
              findings.push({
                role,
                collection: c.name,
                path: prefix || '(own)',
                field: q.field.name,
                how: `filter: true → [${answer(one.t)}], false → [${answer(one.l)}]`,
              });
          }
        }
      }
      // Sorts: only towards a collection the role can read no record of, so that nothing readable (a value, or whether
      // a joined record exists at all: no record sorts as NULL) explains a difference between the two orders.
      if (prefix && visible[role].get(c.name)!.size > 1 && visible[role].get(path.target.name)!.size === 0) {
        for (const q of questions) {
          if (q.field.type === 'json') continue;
          probes += 2;
          const [asc, desc] = await Promise.all([
            listAll(pb, c.name, { sort: `${at(q.field.name)},id`, fields: 'id' }),
            listAll(pb, c.name, { sort: `-${at(q.field.name)},id`, fields: 'id' }),
          ]);
          if (answer(asc) !== answer(desc))
            findings.push({
              role,
              collection: c.name,
              path: prefix,
              field: q.field.name,
              how: `sort: asc [${answer(asc)}] ≠ desc [${answer(desc)}]`,
            });
        }
      }
      // Expand must only return records the role may view.
      if (prefix) {
        probes++;
        const expanded = await listAll(pb, c.name, { expand: prefix });
        if (!(expanded instanceof ClientResponseError)) {
          const walk = (records: RecordModel[], steps: string[], targets: CollectionModel[]) => {
            for (const r of records) {
              const next = r.expand?.[steps[0]!];
              if (!next) continue;
              for (const x of [next].flat() as RecordModel[]) {
                if (!visible[role].get(targets[0]!.name)!.has(x.id))
                  findings.push({
                    role,
                    collection: c.name,
                    path: prefix,
                    field: '(expand)',
                    how: `expand returned ${targets[0]!.name}/${x.id}`,
                  });
              }
              if (steps.length > 1) walk([next].flat() as RecordModel[], steps.slice(1), targets.slice(1));
            }
          };
          const targets =
            path.steps.length === 1
              ? [path.target]
              : [edgesOf(c).find((e) => e.step === path.steps[0])!.to, path.target];
          walk(expanded, path.steps, targets);
        }
      }
    }
    // @collection and @request in a client filter or sort must be refused; if accepted they are a join to probe.
    for (const other of collections) {
      for (const form of [
        { filter: `@collection.${other.name}.id ?= "${token()}"` },
        { sort: `@collection.${other.name}.id` },
      ]) {
        probes++;
        const result = await listAll(pb, c.name, { ...form, fields: 'id' });
        if (!(result instanceof ClientResponseError && result.status === 403)) {
          for (const field of fieldsOf(other)) {
            const secrets = secretValues(role, other, field);
            for (const v of secrets) {
              probes += 2;
              const [t, l] = await Promise.all([
                listAll(pb, c.name, {
                  filter: probe(pb, `@collection.${other.name}.${field.name}`, field, v),
                  fields: 'id',
                }),
                listAll(pb, c.name, {
                  filter: probe(pb, `@collection.${other.name}.${field.name}`, field, falseValue(v)),
                  fields: 'id',
                }),
              ]);
              if (answer(t) !== answer(l))
                findings.push({
                  role,
                  collection: c.name,
                  path: `@collection.${other.name}`,
                  field: field.name,
                  how: 'filter through @collection',
                });
            }
          }
        }
      }
    }
    for (const filter of [
      '@request.auth.tokenKey != ""',
      '@request.auth.passwordHash != ""',
      '@request.headers.x ?= ""',
      '@request.query.x ?= ""',
    ]) {
      probes++;
      const result = await listAll(pb, c.name, { filter, fields: 'id' });
      if (!(result instanceof ClientResponseError && result.status === 403))
        findings.push({
          role,
          collection: c.name,
          path: '@request',
          field: filter,
          how: `accepted: [${answer(result)}]`,
        });
    }
  }
  return { findings, probes };
}

describe('PocketBase relation filters, sorts and expands reveal nothing a role may not read', () => {
  it('the generator sees the live schema and its probes can tell a true value from a false one', async () => {
    expect(collections.map((c) => c.name)).toEqual(
      expect.arrayContaining(['users', 'cohorts', 'attempts', 'attempt_keys', 'call_recordings', 'certificates']),
    );
    // Every collection holds data to ask about; a new collection that cannot be filled from its field types needs a
    // line in the seeding above (through the app's own functions where it has them).
    expect(unseeded).toEqual([]);
    expect(collections.filter((c) => !everything.get(c.name)?.length).map((c) => c.name)).toEqual([]);
    expect(collections.flatMap((c) => edgesOf(c)).length).toBeGreaterThan(0);
    // Positive control: a value the trainee may read, asked along a relation, is told apart from a false one.
    const pb = clients.trainee;
    const own = [...visible.trainee.get('users')!.values()][0]!;
    const t = await listAll(pb, 'attempts', { filter: pb.filter('user.name ?= {:v}', { v: own.name }), fields: 'id' });
    const l = await listAll(pb, 'attempts', { filter: pb.filter('user.name ?= {:v}', { v: token() }), fields: 'id' });
    expect(answer(t)).not.toBe(answer(l));
    // The rules still grant what they should, so the probes above start from real data: the trainee lists their
    // attempts and both cohorts' assignments (through membership), the trainer their cohort and its members' records,
    // the other trainer the trainee (a member of both cohorts) but not the co-member, HR everything but the keys.
    const ids = (role: Role, c: string) => [...visible[role].get(c)!.keys()];
    expect(ids('trainee', 'attempts').length).toBe(3);
    expect(ids('trainee', 'assignments').length).toBe(3);
    expect(ids('coMember', 'assignments').length).toBe(1);
    expect(ids('trainee', 'users')).toHaveLength(1);
    expect(ids('cohortTrainer', 'cohorts')).toHaveLength(1);
    expect(ids('cohortTrainer', 'users')).toHaveLength(3);
    expect(ids('cohortTrainer', 'attempts')).toHaveLength(4);
    expect(ids('otherTrainer', 'users')).toHaveLength(3);
    expect(ids('otherTrainer', 'attempts')).toHaveLength(4);
    expect(ids('cohortTrainer', 'call_recordings')).toHaveLength(1);
    expect(ids('hr', 'call_recordings').length).toBeGreaterThanOrEqual(3);
    expect(ids('hr', 'attempt_keys')).toHaveLength(0);
    expect(ids('trainee', 'cohorts')).toHaveLength(0);
  });

  it('PocketBase answers on loopback only, so no one but the app server can ask it anything', async () => {
    const url = new URL(pbUrl());
    expect(url.hostname).toBe('127.0.0.1');
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal);
    for (const i of external) {
      await expect(
        fetch(`http://${i!.address}:${url.port}/api/health`, { signal: AbortSignal.timeout(3000) }),
      ).rejects.toThrow();
    }
  });

  for (const role of roles) {
    it(`${role}: no filter, sort or expand along any relation path of length ≤ 2 reaches a hidden value`, async () => {
      const { findings } = await findLeaks(role);
      expect(findings.map((f) => `${f.collection} · ${f.path} · ${f.field} — ${f.how}`)).toEqual([]);
    }, 300_000);
  }
});
