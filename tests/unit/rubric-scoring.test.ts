import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  practicalEvidence,
  missingRequirements,
  type CertificationEvidence,
} from '../../src/domain/certification/rules.ts';
import { checkCertificationContent } from '../../src/domain/certification/content.ts';
import { describePractical } from '../../src/domain/certification/practical-view.ts';
import { scoreKey, scorePractical } from '../../src/domain/certification/rubric-scoring.ts';
import { rubricSchema, type Rubric } from '../../src/domain/certification/rubric-schema.ts';
import { catalogReferenceProblems, programCatalog } from '../../src/domain/certification/catalog.ts';

const catalog = programCatalog();
const affinity = catalog.rubrics.get('affinity')!;
const complaint = catalog.rubrics.get('complaint-process')!;
const all = (rubric: Rubric, level: number | ((dimension: string, i: number) => number)) =>
  Object.fromEntries(
    rubric.dimensions.flatMap((d) =>
      d.criteria.map((c, i) => [scoreKey(d.id, c.id), typeof level === 'number' ? level : level(d.id, i)]),
    ),
  );

describe('rubric content', () => {
  it('has both rubrics, each live-scoreable: at most 8 criteria, anchors for 0, 2 and 4 with Chinese examples, the four critical errors', () => {
    for (const rubric of [affinity, complaint]) {
      const criteria = rubric.dimensions.flatMap((d) => d.criteria);
      expect(criteria.length).toBeGreaterThanOrEqual(6);
      expect(criteria.length).toBeLessThanOrEqual(8);
      for (const c of criteria)
        for (const level of ['0', '2', '4'] as const) {
          expect(c.anchors[level].examples.length, `${c.id} ${level}`).toBeGreaterThan(0);
          for (const e of c.anchors[level].examples) expect(e).toMatch(/\p{Script=Han}/u);
        }
      for (const d of rubric.dimensions) expect(d.minPercent).toBeGreaterThan(0);
      expect(rubric.criticalErrors.map((e) => e.id).sort()).toEqual([
        'abusive-tone',
        'data-leak',
        'hang-up',
        'unauthorised-promise',
      ]);
    }
  });

  it('no longer tells the agent never to rely on others: asking for help when unsure is the anchored top level', () => {
    const text = JSON.stringify(affinity);
    expect(text).not.toContain('不依赖他人');
    const explanation = affinity.dimensions.flatMap((d) => d.criteria).find((c) => c.id === 'explanation')!;
    expect(explanation.anchors['4'].text).toContain('核实');
    expect(explanation.anchors['0'].text).toContain('猜测');
  });

  it('refuses a sheet with more than 8 criteria', () => {
    const raw = JSON.parse(readFileSync(new URL('../../content/rubrics/affinity.json', import.meta.url), 'utf8'));
    raw.dimensions[0].criteria.push({ ...raw.dimensions[0].criteria[0], id: 'extra' });
    const result = rubricSchema.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toContain('at most 8 criteria');
  });

  it('wires the complaint-process rubric into the 投诉处理专员认证 and the affinity rubric into 上岗认证', () => {
    expect(catalog.programs.get('complaint-specialist')!.practical!.rubric).toBe('complaint-process');
    expect(catalog.programs.get('hotline-agent')!.practical!.rubric).toBe('affinity');
  });

  it('has at least 6 standardised role-play cases across both rubrics, each naming criteria and lessons that exist', () => {
    const cases = [...catalog.cases.values()];
    expect(cases.length).toBeGreaterThanOrEqual(6);
    expect(cases.filter((c) => c.rubric === 'affinity').length).toBeGreaterThanOrEqual(3);
    expect(cases.filter((c) => c.rubric === 'complaint-process').length).toBeGreaterThanOrEqual(3);
    expect(catalogReferenceProblems(catalog)).toEqual([]);
    for (const c of cases)
      for (const lesson of c.lessons)
        expect(
          () => readFileSync(new URL(`../../content/modules/${lesson}.mdx`, import.meta.url)),
          lesson,
        ).not.toThrow();
  });

  it('finds a case that names a criterion of another rubric', () => {
    const first = [...catalog.cases.values()].find((c) => c.rubric === 'affinity')!;
    const broken = {
      ...catalog,
      cases: new Map([[first.id, { ...first, listenFor: [{ criterion: 'inquire-analyse', cue: '问出关键事实' }] }]]),
    };
    expect(catalogReferenceProblems(broken)).toEqual([
      `role-play case ${first.id}: listenFor names unknown criterion "inquire-analyse" of affinity`,
    ]);
  });
});

describe('scorePractical', () => {
  it('totals the levels: all 4 is 100%, all 3 is 75% and fails an 80% pass mark on the total alone', () => {
    const top = scorePractical(affinity, all(affinity, 4), [], 80);
    expect(top).toMatchObject({ ok: true, outcome: { percent: 100, passed: true, reasons: [] } });
    const three = scorePractical(affinity, all(affinity, 3), [], 80);
    expect(three.ok && three.outcome).toMatchObject({
      percent: 75,
      passed: false,
      reasons: ['总分 75%，低于合格线 80%'],
    });
    expect(three.ok && three.outcome.dimensions.every((d) => d.met)).toBe(true);
  });

  it('fails on a dimension below its minimum even when the total passes', () => {
    // complaint-process: 7 criteria (28 points); 3 + 0 in 「查明问题」 is 37.5% < 50%, everything else 4: 23/28 = 82.1%.
    const scores = all(complaint, 4);
    scores[scoreKey('analyse', 'inquire-analyse')] = 3;
    scores[scoreKey('analyse', 'record-confirm')] = 0;
    const r = scorePractical(complaint, scores, [], 80);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.outcome.percent).toBe(82.1);
    expect(r.outcome.passed).toBe(false);
    expect(r.outcome.dimensions.find((d) => d.id === 'analyse')).toMatchObject({
      points: 3,
      maxPoints: 8,
      percent: 37.5,
      met: false,
    });
    expect(r.outcome.reasons).toEqual(['「查明问题」得分率 37.5%，低于该维度最低要求 50%']);
  });

  it('treats exactly the minimum as met', () => {
    const scores = all(complaint, 4);
    scores[scoreKey('analyse', 'record-confirm')] = 0;
    const r = scorePractical(complaint, scores, [], 80);
    expect(r.ok && r.outcome.dimensions.find((d) => d.id === 'analyse')).toMatchObject({ percent: 50, met: true });
    expect(r.ok && r.outcome).toMatchObject({ percent: 85.7, passed: true });
  });

  it('fails on any critical error whatever the total', () => {
    for (const e of affinity.criticalErrors) {
      const r = scorePractical(affinity, all(affinity, 4), [e.id], 80);
      expect(r.ok && r.outcome).toMatchObject({
        percent: 100,
        passed: false,
        criticalErrors: [e.id],
        reasons: [`出现严重错误：${e.title}`],
      });
    }
  });

  it('refuses missing, fractional, out-of-range and unknown scores and unknown or repeated critical errors', () => {
    const good = all(affinity, 4);
    const [firstKey] = Object.keys(good);
    const without = { ...good };
    delete without[firstKey!];
    expect(scorePractical(affinity, without, [], 80)).toEqual({
      ok: false,
      message: '请为「流程全面、用语规范」打分（0–4 分）。',
    });
    for (const bad of [5, -1, 2.5, Number.NaN])
      expect(scorePractical(affinity, { ...good, [firstKey!]: bad }, [], 80).ok).toBe(false);
    expect(scorePractical(affinity, { ...good, 'courtesy.process': 4 }, [], 80).ok).toBe(false);
    // An old-sheet key or a complaint-process key on the affinity sheet.
    expect(scorePractical(affinity, { ...good, [scoreKey('receive', 'accept-listen')]: 4 }, [], 80).ok).toBe(false);
    expect(scorePractical(affinity, good, ['rude'], 80)).toEqual({
      ok: false,
      message: '严重错误选项与评分表不一致，请刷新页面后重试。',
    });
    expect(scorePractical(affinity, good, ['hang-up', 'hang-up'], 80).ok).toBe(false);
  });
});

describe('practical evidence for certification', () => {
  const at = (day: number) => new Date(Date.UTC(2026, 10, day));
  const row = (id: string, day: number, percent: number, passed: boolean, rubricVersion = 2) => ({
    id,
    assessedAt: at(day),
    percent,
    passed,
    rubricVersion,
  });

  it('takes the latest passed assessment, and a failed one (critical error) does not count whatever its percent', () => {
    expect(practicalEvidence([row('a', 1, 90, true), row('b', 2, 100, false)], 80)).toEqual({
      percent: 90,
      assessedAt: at(1),
      assessmentId: 'a',
      passed: true,
    });
    expect(practicalEvidence([row('b', 2, 100, false)], 80)).toEqual({
      percent: 100,
      assessedAt: at(2),
      assessmentId: 'b',
      passed: false,
    });
    expect(practicalEvidence([], 80)).toBeNull();
  });

  it('counts legacy rows (rubricVersion 0, no pass/fail stored) by percent, as before', () => {
    expect(practicalEvidence([row('old', 1, 85, false, 0)], 80)).toEqual({
      percent: 85,
      assessedAt: at(1),
      assessmentId: 'old',
    });
  });

  it('reports the practical as missing when the server failed it', () => {
    const program = catalog.programs.get('hotline-agent')!;
    const evidence: CertificationEvidence = {
      modules: [],
      exam: null,
      practical: { percent: 100, assessedAt: at(2), assessmentId: 'b', passed: false },
    };
    expect(missingRequirements(program, evidence, new Date(0), 0.85)).toContainEqual({
      kind: 'practical',
      minPercent: 80,
    });
    expect(
      missingRequirements(
        program,
        { ...evidence, practical: { ...evidence.practical!, passed: true } },
        new Date(0),
        0.85,
      ),
    ).not.toContainEqual({ kind: 'practical', minPercent: 80 });
  });
});

describe('describePractical', () => {
  it('keeps an assessment scored on the old 15-item sheet readable', () => {
    const view = describePractical(
      {
        id: 'x',
        kind: 'role-play',
        program: 'hotline-agent',
        rubric: 'affinity',
        scores: { 'courtesy.process': 5 },
        percent: 86.7,
        comments: '好',
        assessedAt: '2026-11-01 08:00:00.000Z',
        rubricVersion: 0,
        passed: false,
        outcome: null,
        rolePlayCase: '',
      },
      catalog,
    );
    expect(view).toMatchObject({
      legacy: true,
      passed: null,
      percent: 86.7,
      rubric: '旧版评分表（15 项，每项 0–5 分）',
      program: '热线客服代表上岗认证',
      kind: '模拟演练',
      rolePlayCase: null,
      dimensions: [],
      reasons: [],
    });
    // Rows from before the migration have no such fields at all.
    expect(
      describePractical({ id: 'y', kind: 'call-review', program: '', rubric: 'affinity', percent: 70 }, catalog),
    ).toMatchObject({ legacy: true, passed: null, program: '不计入认证' });
  });

  it('shows a new assessment with its case, result, dimensions and critical errors by title', () => {
    const scored = scorePractical(affinity, all(affinity, 4), ['data-leak'], 80);
    if (!scored.ok) throw new Error('scoring failed');
    const view = describePractical(
      {
        id: 'z',
        kind: 'role-play',
        program: 'hotline-agent',
        rubric: 'affinity',
        rubricVersion: 2,
        passed: false,
        outcome: scored.outcome,
        percent: 100,
        rolePlayCase: 'affinity-elderly-bill-query',
      },
      catalog,
    );
    expect(view).toMatchObject({
      legacy: false,
      passed: false,
      rolePlayCase: '老年客户问话费为什么多了',
      criticalErrors: ['泄露客户信息'],
      reasons: ['出现严重错误：泄露客户信息'],
    });
    expect(view.dimensions).toHaveLength(3);
  });
});

describe('npm run content:check on certification content', () => {
  it('passes the shipped content', () => {
    expect(checkCertificationContent(process.cwd())).toEqual([]);
  });

  it('names the file and field of a broken rubric, and a case pointing at a criterion or lesson that does not exist', () => {
    const root = mkdtempSync(join(tmpdir(), 'cert-content-'));
    for (const dir of ['certifications', 'rubrics', 'role-play-cases', 'modules'])
      cpSync(join('content', dir), join(root, 'content', dir), { recursive: true });
    const rubricPath = join(root, 'content/rubrics/complaint-process.json');
    const rubric = JSON.parse(readFileSync(rubricPath, 'utf8'));
    delete rubric.dimensions[0].criteria[0].anchors['2'];
    writeFileSync(rubricPath, JSON.stringify(rubric));
    const casePath = join(root, 'content/role-play-cases/affinity-hurried-traveller.json');
    const playCase = JSON.parse(readFileSync(casePath, 'utf8'));
    playCase.listenFor[0].criterion = 'no-such-criterion';
    playCase.lessons = ['voice-affinity/09-missing'];
    writeFileSync(casePath, JSON.stringify(playCase));
    const problems = checkCertificationContent(root);
    expect(problems).toContainEqual(
      expect.stringMatching(/^content\/rubrics\/complaint-process\.json: dimensions\.0\.criteria\.0\.anchors\.2: /),
    );
    expect(problems).toContain(
      'role-play case affinity-hurried-traveller: listenFor names unknown criterion "no-such-criterion" of affinity',
    );
    expect(problems).toContain('role-play case affinity-hurried-traveller: unknown lesson "voice-affinity/09-missing"');
    // The complaint-process rubric failed to parse, so the program and its cases now point at nothing.
    expect(problems).toContain('program complaint-specialist: unknown practical rubric "complaint-process"');
  });

  it('checks that the calls a program requires exist, once each', () => {
    const root = mkdtempSync(join(tmpdir(), 'cert-content-'));
    for (const dir of ['certifications', 'rubrics', 'role-play-cases', 'modules', 'calls'])
      cpSync(join('content', dir), join(root, 'content', dir), { recursive: true });
    expect(checkCertificationContent(root)).toEqual([]);
    const programPath = join(root, 'content/certifications/complaint-specialist.json');
    const program = JSON.parse(readFileSync(programPath, 'utf8'));
    expect(program.requiredCalls.length).toBeGreaterThanOrEqual(4);
    program.requiredCalls = [...program.requiredCalls, 'no-such-call', program.requiredCalls[0]];
    writeFileSync(programPath, JSON.stringify(program));
    const problems = checkCertificationContent(root);
    expect(problems).toContain('program complaint-specialist: requiredCalls names unknown call "no-such-call"');
    expect(problems).toContain('program complaint-specialist: requiredCalls lists a call twice');
  });
});
