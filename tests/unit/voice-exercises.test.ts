import { readFileSync } from 'node:fs';
import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { analyzeVoice } from '../../src/domain/voice/metrics/analyze-voice.ts';
import { checkTargets } from '../../src/domain/voice/metrics/check-targets.ts';
import { scriptReading } from '../../src/domain/voice/metrics/syllable-count.ts';
import { voiceExerciseFileSchema, voiceExerciseKinds, type MinimalPair } from '../../src/domain/voice/schema.ts';
import { renderSpeech } from '../support/synthetic-audio.ts';

const raw: unknown = JSON.parse(readFileSync(new URL('../../content/voice/exercises.json', import.meta.url), 'utf8'));
const file = voiceExerciseFileSchema.parse(raw);

describe('content/voice/exercises.json', () => {
  it('has at least five exercises covering every kind, each target with its source', () => {
    expect(file.exercises.length).toBeGreaterThanOrEqual(5);
    expect(new Set(file.exercises.map((e) => e.kind))).toEqual(new Set(voiceExerciseKinds));
    for (const e of file.exercises)
      for (const target of Object.values(e.targets)) expect(target.source.length).toBeGreaterThan(20);
  });

  it('uses the 120–160 字/分钟 default window, with its sources, for the standard scripts', () => {
    for (const e of file.exercises.filter((x) => ['greeting', 'hold', 'closing'].includes(x.kind))) {
      expect(e.targets.rateCpm).toMatchObject({ min: 120, max: 160 });
      expect(e.targets.rateCpm.source).toMatch(/120–160/);
      expect(e.targets.rateCpm.source).toMatch(/约120字/);
    }
  });

  it('links lessons that exist', () => {
    for (const e of file.exercises) {
      for (const lesson of e.lessons)
        expect(() => readFileSync(new URL(`../../content/modules/${lesson}.mdx`, import.meta.url))).not.toThrow();
    }
  });

  it('rejects targets without a source or with min above max', () => {
    const broken = structuredClone(raw) as { exercises: Array<{ targets: Record<string, Record<string, unknown>> }> };
    const first = broken.exercises[0] as { targets: Record<string, Record<string, unknown>> };
    first.targets.rateCpm = { min: 170, max: 120, source: '随便写的一个来源说明，长度足够二十个字符以上。' };
    expect(voiceExerciseFileSchema.safeParse(broken).success).toBe(false);
    first.targets.rateCpm = { min: 120, max: 160 };
    expect(voiceExerciseFileSchema.safeParse(broken).success).toBe(false);
  });

  it('gives the 咬字 drill minimal pairs that pinyin-pro tells apart by exactly their contrast', () => {
    const drill = file.exercises.find((e) => e.kind === 'articulation');
    const pairs: MinimalPair[] = drill?.minimalPairs ?? [];
    expect(new Set(pairs.map((p) => p.contrast))).toEqual(new Set(['z/zh', 's/sh', 'n/l', 'en/eng']));
    for (const { contrast, a, b } of pairs) {
      const syllables = (w: string) =>
        pinyin(w, { pattern: 'initial', type: 'array' }).map((initial, i) => ({
          initial,
          final: pinyin(w, { pattern: 'final', toneType: 'num', type: 'array' })[i] ?? '',
        }));
      const sa = syllables(a);
      const sb = syllables(b);
      expect(sa).toHaveLength(sb.length);
      const differing = sa.flatMap((s, i) =>
        s.initial === sb[i]?.initial && s.final === sb[i]?.final ? [] : [[s, sb[i]]],
      );
      expect(differing, `${a}/${b}`).toHaveLength(1);
      const [x, y] = differing[0] as [{ initial: string; final: string }, { initial: string; final: string }];
      const [p, q] = contrast.split('/');
      const isFinalContrast = contrast.startsWith('en') || contrast.startsWith('in') || contrast.startsWith('an');
      const got = isFinalContrast ? [x.final.replace(/\d/, ''), y.final.replace(/\d/, '')] : [x.initial, y.initial];
      expect(got.sort(), `${a}/${b}`).toEqual([p, q].sort());
      // The drill text shows the pair's sounds with tone marks in the UI.
      expect(pinyin(drill?.text ?? '')).toMatch(/chén/);
    }
  });
});

describe('pitch-variability threshold', () => {
  it('lies between eSpeak monotone and normal renderings of the greeting (as npm run voice:calibrate found)', async () => {
    const greeting = file.exercises.find((e) => e.kind === 'greeting');
    const text = greeting?.text ?? '';
    const threshold = greeting?.targets.pitchVariabilitySt.min ?? Number.NaN;
    const measure = async (range?: string) => {
      const r = await renderSpeech(scriptReading(text), { wpm: 110, range });
      return analyzeVoice(r.samples, r.sampleRate, { text }).pitch.variabilitySt ?? Number.NaN;
    };
    const monotone = await measure('x-low');
    const normal = await measure();
    const lively = await measure('x-high');
    const measured = `monotone ${monotone} st, normal ${normal} st, lively ${lively} st; threshold ${threshold} st`;
    expect(monotone, measured).toBeLessThan(threshold);
    expect(normal, measured).toBeGreaterThan(threshold);
    expect(lively, measured).toBeGreaterThan(normal);
  }, 30_000);
});

describe('checkTargets', () => {
  it('compares each metric with its window', async () => {
    const exercise = file.exercises.find((e) => e.kind === 'hold');
    if (!exercise) throw new Error('no hold exercise');
    const r = await renderSpeech(scriptReading(exercise.text), { wpm: 100 });
    const metrics = analyzeVoice(r.samples, r.sampleRate, { text: exercise.text });
    const checks = checkTargets(metrics, exercise.targets);
    expect(checks.map((c) => c.measure)).toEqual([
      'rateCpm',
      'pitchVariabilitySt',
      'loudnessLufs',
      'maxPauseSec',
      'clippingShare',
    ]);
    const byMeasure = Object.fromEntries(checks.map((c) => [c.measure, c]));
    expect(byMeasure.rateCpm?.status).toBe(
      metrics.rate.charsPerMinute! > 160 ? 'high' : metrics.rate.charsPerMinute! < 120 ? 'low' : 'ok',
    );
    expect(byMeasure.clippingShare?.status).toBe('ok');
    expect(byMeasure.maxPauseSec?.status).toBe('ok');
    expect(byMeasure.rateCpm?.label).toBe('语速');
    const silent = checkTargets(
      analyzeVoice(new Float32Array(16000), 16000, { text: exercise.text }),
      exercise.targets,
    );
    expect(silent.find((c) => c.measure === 'rateCpm')?.status).toBe('unmeasured');
  }, 30_000);
});

describe('speaking-rate window basis', () => {
  it('says for every exercise that the rate is measured over speaking time, with the published figure it was checked against', () => {
    for (const e of file.exercises) {
      expect(e.targets.rateCpm.measuredOver).toBe('speaking-time');
      expect(e.targets.rateCpm.rateSource).toContain('Pellegrino');
      expect(e.targets.rateCpm.rateSource).toContain('5.18音节/秒');
      expect(e.targets.rateCpm.rateSource).toContain(
        `${e.targets.rateCpm.min}–${e.targets.rateCpm.max}字/分钟（按说话时间计）`,
      );
    }
  });

  it('refuses a window that claims the whole recording (the analyser divides by speaking time) or gives no source', () => {
    const copy = structuredClone(raw) as { exercises: { targets: { rateCpm: Record<string, unknown> } }[] };
    copy.exercises[0]!.targets.rateCpm.measuredOver = 'whole-recording';
    expect(voiceExerciseFileSchema.safeParse(copy).success).toBe(false);
    delete copy.exercises[0]!.targets.rateCpm.measuredOver;
    expect(voiceExerciseFileSchema.safeParse(copy).success).toBe(false);
    copy.exercises[0]!.targets.rateCpm.measuredOver = 'speaking-time';
    delete copy.exercises[0]!.targets.rateCpm.rateSource;
    expect(voiceExerciseFileSchema.safeParse(copy).success).toBe(false);
  });

  it('puts the basis into the rate check shown in the lab, and only there', () => {
    const exercise = file.exercises[0]!;
    const checks = checkTargets(
      analyzeVoice(new Float32Array(16000), 16000, { text: exercise.text }),
      exercise.targets,
    );
    expect(checks.find((c) => c.measure === 'rateCpm')!.basis).toMatch(
      /^测量方式：按说话时间计（去掉 250 毫秒以上的停顿）。本工具测的是「发音速率」/,
    );
    expect(checks.filter((c) => c.measure !== 'rateCpm').every((c) => c.basis === null)).toBe(true);
  });
});
