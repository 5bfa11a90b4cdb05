import { describe, expect, it } from 'vitest';
import {
  computeItemExposure,
  computeItemStatistics,
  itemWarningThresholds,
  type AttemptScores,
} from '../../src/domain/assessment/item-statistics.ts';

/** Build attempts from rows of { questionId: score }; every max is 1 unless given in `max`. */
function attempts(rows: Record<string, number | null>[], max: Record<string, number> = {}): AttemptScores[] {
  return rows.map((row, i) => ({
    attemptId: `a${i + 1}`,
    questions: Object.fromEntries(Object.entries(row).map(([id, score]) => [id, { score, max: max[id] ?? 1 }])),
  }));
}

/** True when any number anywhere in `value` is NaN (JSON.stringify would hide it as null). */
const hasNaN = (value: unknown): boolean =>
  typeof value === 'number'
    ? Number.isNaN(value)
    : typeof value === 'object' && value !== null && Object.values(value).some(hasNaN);

const byId = (report: ReturnType<typeof computeItemStatistics>, id: string) => {
  const q = report.questions.find((s) => s.questionId === id);
  if (!q) throw new Error(`no statistics for ${id}`);
  return q;
};

// Five attempts × four questions (V and C are sample statistics, divisor n − 1 = 4):
//   q1 everyone right, q2 good, q3 partial credit out of 2, q4 answered right by the weaker candidates.
//        q1  q2  q3   q4 | T
//   a1   1   1   2    0  | 4
//   a2   1   1   1.5  1  | 4.5
//   a3   1   1   1    0  | 3
//   a4   1   0   0.5  1  | 2.5
//   a5   1   0   0    1  | 2
const fixed = attempts(
  [
    { q1: 1, q2: 1, q3: 2, q4: 0 },
    { q1: 1, q2: 1, q3: 1.5, q4: 1 },
    { q1: 1, q2: 1, q3: 1, q4: 0 },
    { q1: 1, q2: 0, q3: 0.5, q4: 1 },
    { q1: 1, q2: 0, q3: 0, q4: 1 },
  ],
  { q3: 2 },
);

describe('computeItemStatistics: fixed quiz', () => {
  const report = computeItemStatistics(fixed);

  it('counts attempts and lists questions in order of appearance', () => {
    expect(report.attempts).toBe(5);
    expect(report.questions.map((q) => q.questionId)).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(report.questions.every((q) => q.attempts === 5)).toBe(true);
  });

  it('an item everybody gets right: F 100, SD 0, D and DE undefined, too easy', () => {
    // x = 1,1,1,1,1 → F = 100·1/1 = 100; V(x) = 0 → SD 0, r undefined; C_max = 0 → DE undefined.
    const q1 = byId(report, 'q1');
    expect(q1.facility).toBeCloseTo(100, 6);
    expect(q1.sd).toBeCloseTo(0, 6);
    expect(q1.discrimination).toBeNull();
    expect(q1.discriminativeEfficiency).toBeNull();
    expect(q1.warnings).toEqual(['too-easy']);
  });

  it('a dichotomous item that discriminates positively', () => {
    // x = 1,1,1,0,0, x̄ = 0.6; X = T − x = 3,3.5,2,2.5,2, X̄ = 13/5 = 2.6.
    // dx = .4,.4,.4,−.6,−.6; dX = .4,.9,−.6,−.1,−.6.
    // Σdx² = 3·.16 + 2·.36 = 1.2 → V(x) = .3;  ΣdX² = .16+.81+.36+.01+.36 = 1.7 → V(X) = .425.
    // Σdx·dX = .16+.36−.24+.06+.36 = .7 → C = .175.
    // F = 60; SD = 100·√.3 = 54.772; D = 100·.175/√(.3·.425) = 17.5/.357071 = 49.010.
    // Sorted: x = 0,0,1,1,1; X = 2,2,2.5,3,3.5 → dx = −.6,−.6,.4,.4,.4; dX = −.6,−.6,−.1,.4,.9
    //   Σ = .36+.36−.04+.16+.36 = 1.2 → C_max = .3; DE = 100·.175/.3 = 58.333.
    const q2 = byId(report, 'q2');
    expect(q2.facility).toBeCloseTo(60, 6);
    expect(q2.sd).toBeCloseTo(54.772, 3);
    expect(q2.discrimination).toBeCloseTo(49.01, 2);
    expect(q2.discriminativeEfficiency).toBeCloseTo(58.333, 3);
    expect(q2.warnings).toEqual([]);
  });

  it('a partial-credit item out of 2', () => {
    // x = 2,1.5,1,.5,0, x̄ = 1; X = T − x = 2,3,2,2,2, X̄ = 2.2.
    // dx = 1,.5,0,−.5,−1 → Σdx² = 2.5 → V(x) = .625;  dX = −.2,.8,−.2,−.2,−.2 → ΣdX² = .8 → V(X) = .2.
    // Σdx·dX = −.2+.4+0+.1+.2 = .5 → C = .125.
    // F = 100·1/2 = 50; SD = 100·√.625/2 = 39.528; D = 100·.125/√(.625·.2) = 12.5/.353553 = 35.355.
    // Sorted: x = 0,.5,1,1.5,2; X = 2,2,2,2,3 → dX = −.2,−.2,−.2,−.2,.8; Σdx·dX = .2+.1+0−.1+.8 = 1 → C_max = .25.
    // DE = 100·.125/.25 = 50.
    const q3 = byId(report, 'q3');
    expect(q3.maxMark).toBe(2);
    expect(q3.facility).toBeCloseTo(50, 6);
    expect(q3.sd).toBeCloseTo(39.528, 3);
    expect(q3.discrimination).toBeCloseTo(35.355, 3);
    expect(q3.discriminativeEfficiency).toBeCloseTo(50, 6);
    expect(q3.warnings).toEqual([]);
  });

  it('an item that discriminates negatively', () => {
    // x = 0,1,0,1,1, x̄ = .6; X = T − x = 4,3.5,3,1.5,1, X̄ = 13/5 = 2.6.
    // dx = −.6,.4,−.6,.4,.4 → V(x) = 1.2/4 = .3;  dX = 1.4,.9,.4,−1.1,−1.6
    //   ΣdX² = 1.96+.81+.16+1.21+2.56 = 6.7 → V(X) = 1.675.
    // Σdx·dX = −.84+.36−.24−.44−.64 = −1.8 → C = −.45.
    // D = 100·(−.45)/√(.3·1.675) = −45/.708872 = −63.481.
    // Sorted: x = 0,0,1,1,1; X = 1,1.5,3,3.5,4 → dX = −1.6,−1.1,.4,.9,1.4
    //   Σdx·dX = .96+.66+.16+.36+.56 = 2.7 → C_max = .675; DE = 100·(−.45)/.675 = −66.667.
    const q4 = byId(report, 'q4');
    expect(q4.facility).toBeCloseTo(60, 6);
    expect(q4.discrimination).toBeCloseTo(-63.481, 3);
    expect(q4.discriminativeEfficiency).toBeCloseTo(-66.667, 3);
    expect(q4.warnings).toEqual(['negative-discrimination']);
  });

  it('CIC can be negative when an item works against the rest', () => {
    // Σ V(x_p) = 0 + .3 + .625 + .3 = 1.225.
    // T = 4,4.5,3,2.5,2, T̄ = 3.2, dT² = .64+1.69+.04+.49+1.44 = 4.3 → V(T) = 1.075.
    // CIC = 100 · 4/3 · (1 − 1.225/1.075) = 100 · 4/3 · (−.139535) = −18.605.
    expect(report.cic).toBeCloseTo(-18.605, 3);
    expect(report.cicAttempts).toBe(5);
  });
});

describe('computeItemStatistics: coefficient of internal consistency', () => {
  // A perfectly ordered (Guttman) pattern:
  //        q1 q2 q3 | T
  //   a1   1  1  1  | 3
  //   a2   1  1  0  | 2
  //   a3   1  0  0  | 1
  //   a4   0  0  0  | 0
  const report = computeItemStatistics(
    attempts([
      { q1: 1, q2: 1, q3: 1 },
      { q1: 1, q2: 1, q3: 0 },
      { q1: 1, q2: 0, q3: 0 },
      { q1: 0, q2: 0, q3: 0 },
    ]),
  );

  it("matches a hand-computed Cronbach's alpha", () => {
    // V(q1) = (3·.0625 + .5625)/3 = .25; V(q2) = 4·.25/3 = 1/3; V(q3) = .25 → Σ = 5/6.
    // T̄ = 1.5, V(T) = (2.25+.25+.25+2.25)/3 = 5/3.
    // α = 3/2 · (1 − (5/6)/(5/3)) = 1.5 · .5 = .75 → CIC = 75.
    expect(report.cic).toBeCloseTo(75, 6);
  });

  it('gives every item of a perfect pattern full discriminative efficiency', () => {
    // q1: x = 1,1,1,0 (x̄ .75), X = 2,1,0,0 (X̄ .75): already in the same order as when sorted → C = C_max, DE = 100.
    // V(x) = .25, V(X) = (1.5625+.0625+.5625+.5625)/3 = 2.75/3; C = (.25·1.25+.25·.25−.25·.75+.75·.75)/3 = .75/3 = .25.
    // D = 100·.25/√(.25·2.75/3) = 25/.478714 = 52.223.
    const q1 = byId(report, 'q1');
    expect(q1.discrimination).toBeCloseTo(52.223, 3);
    for (const q of report.questions) expect(q.discriminativeEfficiency).toBeCloseTo(100, 6);
    // q2: x = 1,1,0,0, X = 2,1,1,0 → V(x) = 1/3, V(X) = 2/3, C = (.5·1 + .5·0 − .5·0 − .5·(−1))/3 = 1/3;
    // D = 100·(1/3)/√(2/9) = 70.711.
    expect(byId(report, 'q2').discrimination).toBeCloseTo(70.711, 3);
  });
});

describe('computeItemStatistics: random draws', () => {
  // Each attempt draws two of a, b, c; a missing question was not drawn.
  //         a  b  c | T
  //   r1    1  1  - | 2
  //   r2    1  -  0 | 1
  //   r3    -  0  1 | 1
  //   r4    0  0  - | 0
  //   r5    1  -  1 | 2
  //   r6    -  1  0 | 1
  //   r7    1  0  - | 1
  const report = computeItemStatistics(
    attempts([
      { a: 1, b: 1 },
      { a: 1, c: 0 },
      { b: 0, c: 1 },
      { a: 0, b: 0 },
      { a: 1, c: 1 },
      { b: 1, c: 0 },
      { a: 1, b: 0 },
    ]),
  );

  it('computes each question over the attempts that contained it', () => {
    expect(report.attempts).toBe(7);
    expect(report.questions.map((q) => [q.questionId, q.attempts])).toEqual([
      ['a', 5],
      ['b', 5],
      ['c', 4],
    ]);
    // a in r1,r2,r4,r5,r7: x = 1,1,0,1,1 (x̄ .8); X = T − x = 1,0,0,1,0 (X̄ .4).
    // V(x) = (4·.04 + .64)/4 = .2; V(X) = (2·.36 + 3·.16)/4 = .3; C = (.2·.6 − .2·.4 − .8·(−.4) + .2·.6 − .2·.4)/4 = .4/4 = .1.
    // F = 80; SD = 100·√.2 = 44.721; D = 100·.1/√.06 = 40.825.
    // Sorted: x = 0,1,1,1,1; X = 0,0,0,1,1 → Σ = (−.8)(−.4) + .2(−.4) + .2(−.4) + .2·.6 + .2·.6 = .4 → C_max = .1, DE = 100.
    const a = byId(report, 'a');
    expect(a.facility).toBeCloseTo(80, 6);
    expect(a.sd).toBeCloseTo(44.721, 3);
    expect(a.discrimination).toBeCloseTo(40.825, 3);
    expect(a.discriminativeEfficiency).toBeCloseTo(100, 6);
    // c in r2,r3,r5,r6: x = 0,1,1,0 (x̄ .5); X = 1,0,1,1 (X̄ .75).
    // V(x) = 1/3; V(X) = (3·.0625 + .5625)/3 = .25; C = (−.5·.25 + .5·(−.75) + .5·.25 − .5·.25)/3 = −.5/3 = −1/6.
    // D = 100·(−1/6)/√(1/12) = −57.735; C_max: x = 0,0,1,1, X = 0,1,1,1 → Σ = .5·.75 −.5·.25 + .5·.25 + .5·.25 = .5 → 1/6; DE = −100.
    const c = byId(report, 'c');
    expect(c.facility).toBeCloseTo(50, 6);
    expect(c.discrimination).toBeCloseTo(-57.735, 3);
    expect(c.discriminativeEfficiency).toBeCloseTo(-100, 6);
    expect(c.warnings).toEqual(['negative-discrimination']);
  });

  it('rates a drawn item against the rest of its own attempts', () => {
    // b in r1,r3,r4,r6,r7: x = 1,0,0,1,0 (x̄ .4); X = 1,1,0,0,1 (X̄ .6).
    // dx = .6,−.4,−.4,.6,−.4; dX = .4,.4,−.6,−.6,.4 → Σdx·dX = .24−.16+.24−.36−.16 = −.2 → C = −.05.
    // V(x) = V(X) = (2·.36 + 3·.16)/4 = .3 → D = 100·(−.05)/.3 = −16.667.
    expect(byId(report, 'b').discrimination).toBeCloseTo(-16.667, 3);
    expect(byId(report, 'b').warnings).toEqual(['negative-discrimination']);
  });

  it('computes CIC over the largest group of attempts given the same questions', () => {
    // Sets: {a,b} r1,r4,r7 (3); {a,c} r2,r5 (2); {b,c} r3,r6 (2) → use r1,r4,r7.
    // a = 1,0,1 → V = (1/9 + 4/9 + 1/9)/2 = 1/3; b = 1,0,0 → V = 1/3; T = 2,0,1 → V = (1+1+0)/2 = 1.
    // CIC = 100 · 2/1 · (1 − (2/3)/1) = 66.667.
    expect(report.cicAttempts).toBe(3);
    expect(report.cic).toBeCloseTo(66.667, 3);
  });

  it('gives no CIC when no two attempts share a question set', () => {
    const r = computeItemStatistics(
      attempts([
        { a: 1, b: 1 },
        { a: 0, c: 1 },
        { b: 0, c: 0 },
      ]),
    );
    expect(r.cic).toBeNull();
    expect(r.cicAttempts).toBe(1);
  });
});

describe('computeItemStatistics: warnings', () => {
  it('flags weak discrimination between 0 and the threshold', () => {
    // Item p (max 1) and the rest r (max 2) over seven attempts:
    // x = 1,1,0,0,1,0,1 (x̄ 4/7); X = 2,0,1,1,1,0,0 (X̄ 5/7).
    // Σdx·dX = Σx·X − n·x̄·X̄ = 3 − 7·(4/7)(5/7) = 1/7 → C = 1/42.
    // Σdx² = 4 − 16/7 = 12/7 → V(x) = 2/7; ΣdX² = 7 − 25/7 = 24/7 → V(X) = 4/7.
    // D = 100·(1/42)/√(8/49) = 100·(1/42)·(7/√8) = 100/(6·2.828427) = 5.893 → weak (0 ≤ D < 20).
    const weak = computeItemStatistics(
      attempts(
        [
          { p: 1, r: 2 },
          { p: 1, r: 0 },
          { p: 0, r: 1 },
          { p: 0, r: 1 },
          { p: 1, r: 1 },
          { p: 0, r: 0 },
          { p: 1, r: 0 },
        ],
        { r: 2 },
      ),
    );
    const p = byId(weak, 'p');
    expect(p.facility).toBeCloseTo(57.143, 3);
    expect(p.discrimination).toBeCloseTo(5.893, 3);
    expect(p.warnings).toEqual(['weak-discrimination']);
  });

  it('states its thresholds', () => {
    expect(itemWarningThresholds).toEqual({
      tooEasyFacilityMin: 90,
      tooHardFacilityMax: 10,
      negativeDiscriminationBelow: 0,
      weakDiscriminationBelow: 20,
      minAttempts: 2,
    });
  });
});

describe('computeItemStatistics: edge cases', () => {
  it('handles no attempts', () => {
    expect(computeItemStatistics([])).toEqual({ attempts: 0, questions: [], cic: null, cicAttempts: 0 });
  });

  it('with a single attempt gives only the facility, and no warnings', () => {
    const r = computeItemStatistics(attempts([{ q1: 1, q2: 0 }]));
    expect(r.attempts).toBe(1);
    expect(r.cic).toBeNull();
    for (const q of r.questions) {
      expect(q.sd).toBeNull();
      expect(q.discrimination).toBeNull();
      expect(q.discriminativeEfficiency).toBeNull();
      expect(q.warnings).toEqual([]);
    }
    expect(byId(r, 'q1').facility).toBe(100);
    expect(byId(r, 'q2').facility).toBe(0);
  });

  it('scores an unanswered question (null score) as 0 in that attempt', () => {
    // q2 = 1, 0 (null), 0 → F = 100/3 = 33.333; the null attempt still counts.
    const r = computeItemStatistics(
      attempts([
        { q1: 1, q2: 1 },
        { q1: 1, q2: null },
        { q1: 0, q2: 0 },
      ]),
    );
    const q2 = byId(r, 'q2');
    expect(q2.attempts).toBe(3);
    expect(q2.facility).toBeCloseTo(33.333, 3);
    // x = 1,0,0 and X = 1,1,0: C = (2/3·1/3 − 1/3·1/3 − 1/3·(−2/3))/2 = (1/3)/2 = 1/6; V(x) = V(X) = 1/3 → D = 50.
    expect(q2.discrimination).toBeCloseTo(50, 6);
  });

  it('flags an item nobody gets right as too hard, without NaN anywhere', () => {
    const r = computeItemStatistics(
      attempts([
        { q1: 1, q2: 0 },
        { q1: 0, q2: 0 },
        { q1: 1, q2: 0 },
      ]),
    );
    const q2 = byId(r, 'q2');
    expect(q2).toMatchObject({
      facility: 0,
      sd: 0,
      discrimination: null,
      discriminativeEfficiency: null,
      warnings: ['too-hard'],
    });
    // q1's rest-of-test (q2) never varies → D undefined too.
    expect(byId(r, 'q1').discrimination).toBeNull();
    // All variance comes from q1 alone: Σ V(x_p) = V(T) → CIC = 100 · 2 · 0 = 0.
    expect(r.cic).toBeCloseTo(0, 6);
    expect(hasNaN(r)).toBe(false);
  });

  it('gives no CIC when every total is the same, and no facility for a zero-mark question', () => {
    const r = computeItemStatistics(
      attempts(
        [
          { q1: 1, q2: 0, info: 0 },
          { q1: 0, q2: 1, info: 0 },
        ],
        { info: 0 },
      ),
    );
    expect(r.cic).toBeNull();
    expect(byId(r, 'info')).toMatchObject({ facility: null, sd: null, discrimination: null, warnings: [] });
  });

  it('ignores rounding dust from fractional scores', () => {
    // 0.1 + 0.2 differs from 0.3 in floating point; the item still has zero variance.
    const r = computeItemStatistics(
      attempts([
        { q1: 0.1 + 0.2, q2: 1 },
        { q1: 0.3, q2: 0 },
        { q1: 0.3, q2: 1 },
      ]),
    );
    expect(byId(r, 'q1').discrimination).toBeNull();
    expect(byId(r, 'q1').sd).toBe(0);
  });
});

describe('item exposure', () => {
  it('counts the sittings that showed each item, once per sitting, candidates first and never-shown ones at 0', () => {
    const report = computeItemExposure([['q1', 'q2'], ['q2', 'q3', 'q3'], ['q2']], ['q2', 'q4']);
    expect(report).toEqual({
      sittings: 3,
      items: [
        { questionId: 'q2', sittings: 3, share: 1 },
        { questionId: 'q4', sittings: 0, share: 0 },
        { questionId: 'q1', sittings: 1, share: 1 / 3 },
        { questionId: 'q3', sittings: 1, share: 1 / 3 },
      ],
    });
    expect(computeItemExposure([], ['q1'])).toEqual({
      sittings: 0,
      items: [{ questionId: 'q1', sittings: 0, share: 0 }],
    });
  });
});
