import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModels, modelContext } from '../../src/cli/render-audio.ts';
import { oggOpusDuration } from '../../src/domain/listening/questions.ts';
import { analyzeVoice } from '../../src/domain/voice/metrics/analyze-voice.ts';
import { checkTargets } from '../../src/domain/voice/metrics/check-targets.ts';
import { decodeAudioFile } from '../../src/platform/audio/decode.ts';
import { clipLabel, isSyntheticClip } from '../../src/domain/voice/model-clip.ts';
import {
  listeningRenderingSchema,
  phonemeProblems,
  spokenText,
  type ListeningRendering,
} from '../../src/domain/listening/schema.ts';
import { bankSchema } from '../../src/domain/assessment/question-schema.ts';
import { voiceExerciseFileSchema } from '../../src/domain/voice/schema.ts';
import {
  modelProblems,
  modelRenderInput,
  modelTranscript,
  voiceModelFileSchema,
  voiceModelSchema,
  type VoiceModel,
} from '../../src/domain/voice/model-schema.ts';

const root = process.cwd();
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const models = voiceModelFileSchema.parse(readJson(join(root, 'content', 'voice', 'models.json'))).models;
const context = modelContext(root);
const renderingOf = (id: string): ListeningRendering =>
  listeningRenderingSchema.parse(readJson(join(root, 'content', 'voice', 'rendered', `${id}.json`)));
const publicFile = (src: string) => join(root, 'public', ...src.split('/').filter(Boolean));

/** Every rendering under content/listening/rendered and content/voice/rendered, by its public src. */
const renderingsBySrc = new Map<string, ListeningRendering>(
  [join(root, 'content', 'listening', 'rendered'), join(root, 'content', 'voice', 'rendered')].flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => listeningRenderingSchema.parse(readJson(join(dir, f))))
      .map((r) => [r.src, r] as const),
  ),
);

const banks = readdirSync(join(root, 'quizzes', 'banks'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => bankSchema.parse(readJson(join(root, 'quizzes', 'banks', f))));
const bankClips = banks.flatMap((b) =>
  b.questions.flatMap((q) =>
    q.type === 'listening' || q.type === 'audio-timestamp' ? [{ id: q.id, pool: q.pool, audio: q.audio }] : [],
  ),
);

const lessonFiles = readdirSync(join(root, 'content', 'modules'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(join(root, 'content', 'modules', d.name))
      .filter((f) => f.endsWith('.mdx'))
      .map((f) => ({
        id: `${d.name}/${f.replace(/\.mdx$/, '')}`,
        body: readFileSync(join(root, 'content', 'modules', d.name, f), 'utf8'),
      })),
  );
const placed = lessonFiles.flatMap((l) =>
  [...l.body.matchAll(/<ModelAudio\s+id="([a-z0-9-]+)"/g)].map((m) => ({ lesson: l.id, id: m[1]! })),
);

describe('voice models', () => {
  it('validate and break none of the model rules (words in step with the exercise or lesson, faults rendered as named)', () => {
    expect(() => loadModels(root)).not.toThrow();
    for (const m of models) expect(modelProblems(m, context), m.id).toEqual([]);
  });

  it('every voice-lab exercise has a good model; bad examples name their faults', () => {
    const exercises = voiceExerciseFileSchema.parse(
      readJson(join(root, 'content', 'voice', 'exercises.json')),
    ).exercises;
    for (const e of exercises) {
      expect(
        models.some((m) => m.use.kind === 'exercise' && m.use.exercise === e.id && m.quality === 'good'),
        e.id,
      ).toBe(true);
    }
    for (const m of models.filter((m) => m.quality === 'bad')) expect(clipLabel(m)).toMatch(/^反例：/);
  });

  it('every lesson clip is placed in its lesson, every placed clip exists there, bank clips only in banks', () => {
    for (const p of placed) {
      const m = models.find((m) => m.id === p.id);
      expect(m, `${p.lesson}: <ModelAudio id="${p.id}" />`).toBeDefined();
      expect(m!.use, p.id).toEqual({ kind: 'lesson', lesson: p.lesson });
    }
    for (const m of models.filter((m) => m.use.kind === 'lesson'))
      expect(
        placed.some((p) => p.id === m.id),
        `${m.id} is never placed`,
      ).toBe(true);
    for (const m of models.filter((m) => m.use.kind === 'bank')) {
      expect(
        bankClips.some((c) => c.audio.src === `/audio/voice/${m.id}.ogg`),
        `${m.id} is used by no bank item`,
      ).toBe(true);
    }
  });

  it('every model has a fresh rendering whose audio exists, matches its hash and lasts as long as measured', () => {
    for (const m of models) {
      const r = renderingOf(m.id);
      expect(r.scriptHash, `${m.id} is stale: run npm run audio`).toBe(sha256(modelRenderInput(m)));
      expect(r.src).toBe(`/audio/voice/${m.id}.ogg`);
      expect(r.transcript).toBe(modelTranscript(m));
      expect(r.lines.length).toBe(m.lines.length);
      const bytes = readFileSync(publicFile(r.src));
      expect(sha256(bytes), `${m.id}: audio changed since rendering`).toBe(r.audioHash);
      expect(Math.abs(oggOpusDuration(new Uint8Array(bytes))! - r.duration), m.id).toBeLessThan(0.03);
      for (const [i, line] of m.lines.entries())
        expect(phonemeProblems(spokenText(line), r.lines[i]!.phonemes), `${m.id} line ${i}`).toEqual([]);
    }
  });

  it("the voice lab's own analysis puts each good exercise model inside the exercise targets, and each bad one outside", async () => {
    const exercises = voiceExerciseFileSchema.parse(
      readJson(join(root, 'content', 'voice', 'exercises.json')),
    ).exercises;
    for (const m of models) {
      if (m.use.kind !== 'exercise') continue;
      const exercise = exercises.find((e) => e.id === (m.use as { exercise: string }).exercise)!;
      const audio = await decodeAudioFile(publicFile(renderingOf(m.id).src));
      const checks = checkTargets(
        analyzeVoice(audio.samples, audio.sampleRate, { text: exercise.text }),
        exercise.targets,
      );
      const missed = checks.filter((c) => c.status !== 'ok').map((c) => `${c.measure} ${c.status} (${c.value})`);
      if (m.quality === 'good') expect(missed, m.id).toEqual([]);
      else expect(missed.length, `${m.id} should miss a target`).toBeGreaterThan(0);
    }
  }, 60_000);

  it('the model clips stay small (Opus 24 kbps, under 1 MB together)', () => {
    const total = models.reduce((sum, m) => sum + renderingOf(m.id).bytes, 0);
    expect(total).toBeLessThan(1024 * 1024);
  });
});

describe('clips referenced by question banks', () => {
  it('exist, and their duration and transcript are the rendered measurement', () => {
    expect(bankClips.filter((c) => c.audio.src.startsWith('/audio/voice/')).length).toBeGreaterThanOrEqual(3);
    for (const c of bankClips) {
      if (!isSyntheticClip(c.audio.src)) continue;
      expect(existsSync(publicFile(c.audio.src)), `${c.id}: ${c.audio.src}`).toBe(true);
      const r = renderingsBySrc.get(c.audio.src);
      expect(r, `${c.id}: ${c.audio.src} has no rendering`).toBeDefined();
      expect(
        c.audio.duration,
        `${c.id}: duration differs from the rendering; copy it from content/voice/rendered`,
      ).toBe(r!.duration);
      expect(c.audio.transcript, c.id).toBe(r!.transcript);
    }
  });

  it('voice-affinity has 3–5 practice listening items on the model clips', () => {
    const va = bankClips.filter((c) => c.id.startsWith('va-') && c.audio.src.startsWith('/audio/voice/'));
    expect(va.length).toBeGreaterThanOrEqual(3);
    expect(va.length).toBeLessThanOrEqual(5);
    expect(va.every((c) => c.pool === 'practice')).toBe(true);
  });
});

describe('model rules', () => {
  const base: VoiceModel = voiceModelSchema.parse({
    id: 'test-hold',
    title: '请客户稍候',
    use: { kind: 'exercise', exercise: 'hold-request' },
    quality: 'good',
    listenFor: '先说原因和时间。',
    voice: { timbre: 'f3', rate: 150, pitch: 185, range: 85 },
    lines: [{ text: '我需要调取您上月的漫游详单，大约需要一分钟，请您稍候好吗？' }],
  });

  it('accepts a sound model', () => {
    expect(modelProblems(base, context)).toEqual([]);
  });

  it('flags words out of step with the exercise or lesson, and unknown targets', () => {
    expect(modelProblems({ ...base, lines: [{ text: '请稍等。' }] }, context).join()).toMatch(
      /differ from the exercise text/,
    );
    expect(modelProblems({ ...base, use: { kind: 'exercise', exercise: 'nope' } }, context).join()).toMatch(
      /not in content\/voice\/exercises.json/,
    );
    expect(
      modelProblems(
        { ...base, use: { kind: 'lesson', lesson: 'voice-affinity/05-voice-practice-drills' } },
        context,
      ).join(),
    ).toMatch(/does not appear in voice-affinity\/05/);
  });

  it('flags faults not rendered as named, and a good example that is rushed or flat', () => {
    expect(modelProblems({ ...base, voice: { ...base.voice, rate: 260 } }, context).join()).toMatch(
      /good segment needs rate/,
    );
    expect(modelProblems({ ...base, quality: 'bad', faults: ['monotone'] }, context).join()).toMatch(
      /monotone but rendered with a 85 Hz/,
    );
    expect(modelProblems({ ...base, quality: 'bad', faults: ['too-fast'] }, context).join()).toMatch(
      /too-fast but rate 150/,
    );
    expect(
      modelProblems(
        { ...base, quality: 'bad', faults: ['impatient'], voice: { ...base.voice, rate: 250 } },
        context,
      ).join(),
    ).toMatch(/impatient needs/);
    expect(modelProblems({ ...base, quality: 'bad', faults: [] }, context).join()).toMatch(
      /name what the bad example gets wrong/,
    );
    expect(modelProblems({ ...base, quality: 'contrast' }, context).join()).toMatch(
      /both good segments and segments with faults/,
    );
    expect(
      modelProblems(
        { ...base, lines: [{ text: '我需要调取您上月的漫游详单，大约需要1分钟，请您稍候好吗？' }] },
        context,
      ).join(),
    ).toMatch(/Latin letters or digits/);
  });

  it('builds transcripts from labelled takes', () => {
    expect(
      modelTranscript({
        lines: [{ label: '第一遍', text: '好的。' }, { text: '马上办。' }, { label: '第二遍', text: '好的。' }],
      }),
    ).toBe('第一遍：好的。马上办。\n第二遍：好的。');
  });

  it('says which clips are synthetic', () => {
    expect(isSyntheticClip('/audio/voice/greeting-good.ogg')).toBe(true);
    expect(isSyntheticClip('/audio/listening/opening-sim-card.ogg')).toBe(true);
    expect(isSyntheticClip('/api/call-recordings/abc/audio')).toBe(false);
  });
});
