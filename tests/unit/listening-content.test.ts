import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeQuestion } from '../../src/domain/assessment/grading.ts';
import { listeningQuestions, oggOpusDuration } from '../../src/domain/listening/questions.ts';
import { layoutFor } from '../../src/domain/assessment/layout.ts';
import {
  listeningRenderingSchema,
  listeningScriptSchema,
  phonemeProblems,
  renderInput,
  requiredSituations,
  scriptProblems,
  spokenText,
  transcriptOf,
  type ListeningRendering,
  type ListeningScript,
} from '../../src/domain/listening/schema.ts';
import { questionSchema } from '../../src/domain/assessment/question-schema.ts';

const root = process.cwd();
const scriptsDir = join(root, 'content', 'listening');
const renderedDir = join(scriptsDir, 'rendered');
const audioDir = join(root, 'public', 'audio', 'listening');
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

const scriptFiles = readdirSync(scriptsDir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const scripts: ListeningScript[] = scriptFiles.map((f) => listeningScriptSchema.parse(readJson(join(scriptsDir, f))));
const renderingOf = (id: string): ListeningRendering =>
  listeningRenderingSchema.parse(readJson(join(renderedDir, `${id}.json`)));

const lessonIds = new Set(
  readdirSync(join(root, 'content', 'modules')).flatMap((m) =>
    readdirSync(join(root, 'content', 'modules', m))
      .filter((f) => f.endsWith('.mdx'))
      .map((f) => `${m}/${f.replace(/\.mdx$/, '')}`),
  ),
);

describe('listening scripts', () => {
  it('every script validates, is named after its id and breaks none of the script rules', () => {
    expect(scriptFiles.length).toBeGreaterThan(0);
    for (const file of scriptFiles) {
      const parsed = listeningScriptSchema.safeParse(readJson(join(scriptsDir, file)));
      expect(parsed.success ? [] : parsed.error.issues, file).toEqual([]);
      if (!parsed.success) continue;
      expect(parsed.data.id, file).toBe(file.replace(/\.json$/, ''));
      expect(scriptProblems(parsed.data), file).toEqual([]);
    }
  });

  it('every question relates to an existing lesson', () => {
    for (const s of scripts)
      for (const q of s.questions) expect(lessonIds.has(q.lesson), `${s.id} ${q.id}: ${q.lesson}`).toBe(true);
  });

  it('question ids are unique, in the li-NNN range, and clash with no question bank', () => {
    const ids = scripts.flatMap((s) => s.questions.map((q) => q.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^li-\d{3}$/);
    const banksDir = join(root, 'quizzes', 'banks');
    const bankIds = (existsSync(banksDir) ? readdirSync(banksDir) : [])
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) =>
        ((readJson(join(banksDir, f)) as { questions?: { id?: string }[] }).questions ?? []).map((q) => q.id),
      );
    expect(ids.filter((id) => bankIds.includes(id))).toEqual([]);
  });

  it('timestamp targets refer to lines that exist', () => {
    for (const s of scripts) {
      for (const q of s.questions) {
        if (q.type !== 'audio-timestamp') continue;
        for (const t of q.targets) expect(t.line, `${s.id} ${q.id}`).toBeLessThan(s.lines.length);
      }
    }
  });

  it('spoken text has numbers in Chinese characters (no digits or Latin letters)', () => {
    for (const s of scripts)
      for (const [i, l] of s.lines.entries()) expect(spokenText(l), `${s.id} line ${i}`).not.toMatch(/[0-9A-Za-z]/);
  });

  it('at least ten exercises cover every required situation, with plenty of timestamp and best-response questions', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(10);
    const covered = new Set(scripts.map((s) => s.situation));
    expect(requiredSituations.filter((s) => !covered.has(s))).toEqual([]);
    for (const s of scripts) {
      expect(s.questions.length, s.id).toBeGreaterThanOrEqual(3);
      expect(s.questions.length, s.id).toBeLessThanOrEqual(5);
      const timestamp = s.questions.some((q) => q.type === 'audio-timestamp');
      const bestResponse = s.questions.some((q) => q.type === 'listening' && q.question.type === 'scenario');
      expect(timestamp || bestResponse, s.id).toBe(true);
    }
    const all = scripts.flatMap((s) => s.questions);
    expect(all.filter((q) => q.type === 'audio-timestamp').length).toBeGreaterThanOrEqual(10);
    expect(all.filter((q) => q.type === 'listening' && q.question.type === 'scenario').length).toBeGreaterThanOrEqual(
      10,
    );
  });
});

describe('rendered audio', () => {
  it('every script has a fresh rendering (script hash matches) with one timing per line', () => {
    for (const s of scripts) {
      const path = join(renderedDir, `${s.id}.json`);
      expect(existsSync(path), `${s.id}: run npm run audio`).toBe(true);
      const r = renderingOf(s.id);
      expect(r.id).toBe(s.id);
      expect(r.synthetic).toBe(true);
      expect(r.scriptHash, `${s.id} is stale: run npm run audio`).toBe(sha256(renderInput(s)));
      expect(r.src).toBe(`/audio/listening/${s.id}.ogg`);
      expect(r.transcript).toBe(transcriptOf(s));
      expect(r.lines.length).toBe(s.lines.length);
    }
  });

  it('line timings are strictly increasing, do not overlap and lie within the clip', () => {
    for (const s of scripts) {
      const r = renderingOf(s.id);
      let previousEnd = 0;
      for (const [i, t] of r.lines.entries()) {
        expect(t.start, `${s.id} line ${i}`).toBeGreaterThanOrEqual(previousEnd);
        expect(t.end, `${s.id} line ${i}`).toBeGreaterThan(t.start);
        expect(t.end, `${s.id} line ${i}`).toBeLessThanOrEqual(r.duration);
        if (i > 0) expect(t.start).toBeGreaterThan(r.lines[i - 1]!.start);
        previousEnd = t.end;
      }
    }
  });

  it('audio files exist, match their recorded hash and size, and total at most 15 MB', () => {
    let total = 0;
    for (const s of scripts) {
      const path = join(audioDir, `${s.id}.ogg`);
      expect(existsSync(path), path).toBe(true);
      const bytes = readFileSync(path);
      const r = renderingOf(s.id);
      expect(sha256(bytes), `${s.id}: audio changed since rendering`).toBe(r.audioHash);
      expect(bytes.length).toBe(r.bytes);
    }
    for (const f of readdirSync(audioDir)) total += statSync(join(audioDir, f)).size;
    expect(total).toBeLessThanOrEqual(15 * 1024 * 1024);
  });

  it('the Ogg Opus length (last granule position minus pre-skip) matches the recorded duration', () => {
    for (const s of scripts) {
      const seconds = oggOpusDuration(new Uint8Array(readFileSync(join(audioDir, `${s.id}.ogg`))));
      expect(seconds, s.id).toBeDefined();
      expect(Math.abs(seconds! - renderingOf(s.id).duration), s.id).toBeLessThan(0.03);
    }
  });

  it('the Ogg parser rejects what is not Ogg Opus', () => {
    expect(oggOpusDuration(new Uint8Array([1, 2, 3]))).toBeUndefined();
    expect(oggOpusDuration(new TextEncoder().encode('OggS but not really a page'))).toBeUndefined();
  });
});

describe('pronunciation check', () => {
  // Debian's espeak-ng 1.51, `espeak-ng -v cmn -x "您好，工号1234"`: Hanzi spelt as English pinyin, digits as English words.
  const debianReading =
    "(en)nI55nt'u:55_| h,eI55@55Tr'i:55(cmn)_| (en)g055Nw'055n_| h,eI55@55f'o@55(cmn)_| ji55_| tS;h'iE55n_|_| @r51pai21_|_| s'a55ns.i.35_|s,i[51_|";
  // The npm WASM build, `-v cmn -x "工号幺二三四"`.
  const wasmReading = "k'ong55_| X'Au51_| j'Au55_| '@r51_| s'a55n_| s'i[51_|";

  it('accepts Mandarin phonemes that match the characters spoken', () => {
    expect(phonemeProblems('工号幺二三四', wasmReading)).toEqual([]);
  });

  it('flags English readings: language switches, English number words, digits, wrong syllable counts', () => {
    const problems = phonemeProblems('您好，工号1234', debianReading);
    expect(problems.some((p) => p.includes('language switch'))).toBe(true);
    expect(problems.some((p) => p.includes('English number words'))).toBe(true);
    expect(problems.some((p) => p.includes('digits'))).toBe(true);
    // Without the switch markers the digit words themselves are still found.
    expect(phonemeProblems('您好工号', debianReading.replace(/\([a-z]+\)/g, '')).some((p) => p.includes('tu:'))).toBe(
      true,
    );
    // WASM reads 「10000」 as 十千: no English, but the syllables no longer match the characters.
    expect(
      phonemeProblems('中国电信号', "ts.'ong55_| k'uo35_| t'iE51n_| S;'i51n_| s.i.35_|_| tS;h'iE55n_|_| X'Au51_|"),
    ).not.toEqual([]);
  });

  it('every rendered line was read as Mandarin (no English digit words, one toned syllable per character)', () => {
    for (const s of scripts) {
      const r = renderingOf(s.id);
      for (const [i, line] of s.lines.entries()) {
        expect(
          phonemeProblems(spokenText(line), r.lines[i]!.phonemes),
          `${s.id} line ${i}: ${r.lines[i]!.phonemes}`,
        ).toEqual([]);
      }
    }
  });
});

describe('listeningQuestions', () => {
  const tiny = listeningScriptSchema.parse({
    id: 'tiny-call',
    title: '测试通话',
    module: 'phone-communication',
    situation: 'forbidden-phrases',
    summary: '用于测试的一段很短的通话。',
    voices: {
      agent: { timbre: 'f3', rate: 185, pitch: 185, range: 85 },
      customer: { timbre: 'm3', rate: 190, pitch: 100, range: 45 },
    },
    lines: [
      { speaker: 'agent', text: '喂，10000号。', say: '喂，一万号。', marks: ['taboo-phrase'], note: '用「喂」开头' },
      { speaker: 'customer', text: '你好。' },
      { speaker: 'agent', text: '什么？', marks: ['taboo-phrase'] },
      { speaker: 'customer', text: '算了。' },
    ],
    questions: [
      {
        id: 'li-901',
        type: 'audio-timestamp',
        prompt: '听到禁语时点击',
        explanation: '喂和什么都是服务禁语。',
        lesson: 'phone-communication/06-taboos-positive-wording',
        difficulty: 'easy',
        targets: [{ line: 0 }, { line: 2 }],
      },
      {
        id: 'li-902',
        type: 'listening',
        prompt: '听完回答问题',
        explanation: '坐席以「喂」开头，不规范。',
        lesson: 'phone-communication/06-taboos-positive-wording',
        tags: ['禁语'],
        difficulty: 'easy',
        question: { type: 'true-false', prompt: '坐席的开场是规范的。', answer: false },
      },
      {
        id: 'li-903',
        type: 'listening',
        prompt: '听完选最好的回应',
        explanation: '没听清时要把原因揽到自己身上。',
        lesson: 'service-etiquette/03-hold-transfer-closing',
        difficulty: 'medium',
        question: {
          type: 'scenario',
          prompt: '没听清时怎么说？',
          options: [
            { id: 'a', text: '非常抱歉，我没听清楚，请您再说一遍好吗？', score: 1, feedback: '规范得体的说法。' },
            { id: 'b', text: '啊？', score: 0.2, feedback: '语气过于生硬。' },
            { id: 'c', text: '什么？', score: 0, feedback: '这是服务禁语。' },
          ],
        },
      },
    ],
  });
  const tinyRendering: ListeningRendering = {
    id: 'tiny-call',
    synthetic: true,
    engine: 'test',
    scriptHash: '0'.repeat(64),
    src: '/audio/listening/tiny-call.ogg',
    audioHash: '0'.repeat(64),
    bytes: 1,
    duration: 8,
    loudness: { target: -18, measured: -18 },
    transcript: transcriptOf(tiny),
    lines: [
      { start: 0.4, end: 1.5, phonemes: 'x' },
      { start: 2.1, end: 3, phonemes: 'x' },
      { start: 3.6, end: 4.2, phonemes: 'x' },
      { start: 4.8, end: 7.4, phonemes: 'x' },
    ],
  };

  it('turns target lines into seconds and wraps sub-questions with the clip', () => {
    const [stamps, tf, best] = listeningQuestions(tiny, tinyRendering);
    const audio = {
      src: '/audio/listening/tiny-call.ogg',
      transcript: '坐席：喂，10000号。\n客户：你好。\n坐席：什么？\n客户：算了。',
      duration: 8,
    };
    expect(stamps).toEqual({
      id: 'li-901',
      type: 'audio-timestamp',
      prompt: '听到禁语时点击',
      explanation: '喂和什么都是服务禁语。',
      lesson: 'phone-communication/06-taboos-positive-wording',
      tags: [],
      difficulty: 'easy',
      pool: 'practice',
      audio,
      targets: [
        { start: 0.4, end: 1.5, label: '用「喂」开头' },
        { start: 3.6, end: 4.2, label: '什么？' },
      ],
      tolerance: 1,
      extraClickPenalty: 0.25,
    });
    expect(tf).toMatchObject({
      id: 'li-902',
      type: 'listening',
      audio,
      question: {
        id: 'li-902',
        type: 'true-false',
        answer: false,
        lesson: 'phone-communication/06-taboos-positive-wording',
        tags: ['禁语'],
      },
    });
    expect(best).toMatchObject({
      type: 'listening',
      question: { type: 'scenario', id: 'li-903', difficulty: 'medium' },
    });
  });

  it('refuses a rendering of another script or with a different number of lines', () => {
    expect(() => listeningQuestions(tiny, { ...tinyRendering, id: 'other' })).toThrow();
    expect(() => listeningQuestions(tiny, { ...tinyRendering, lines: tinyRendering.lines.slice(1) })).toThrow();
  });

  it('gives engine questions that validate, for every script in the repository', () => {
    for (const s of scripts) {
      const r = renderingOf(s.id);
      const questions = listeningQuestions(s, r);
      expect(questions.map((q) => q.id)).toEqual(s.questions.map((q) => q.id));
      for (const q of questions) {
        const parsed = questionSchema.safeParse(q);
        expect(parsed.success ? [] : parsed.error.issues, `${s.id} ${q.id}`).toEqual([]);
        expect(parsed.data).toEqual(q);
        if (q.type !== 'listening' && q.type !== 'audio-timestamp') throw new Error('unexpected type');
        expect(q.audio).toEqual({
          src: `/audio/listening/${s.id}.ogg`,
          transcript: r.transcript,
          duration: r.duration,
        });
        for (const line of q.audio.transcript.split('\n')) expect(line).toMatch(/^(坐席|客户)：/);
      }
    }
  });

  it('timestamp targets are the rendered line times, and clicking in each target line earns full marks', () => {
    for (const s of scripts) {
      const r = renderingOf(s.id);
      const questions = listeningQuestions(s, r);
      for (const [i, sq] of s.questions.entries()) {
        const q = questions[i]!;
        if (sq.type !== 'audio-timestamp' || q.type !== 'audio-timestamp') continue;
        expect(q.targets.map(({ start, end }) => ({ start, end }))).toEqual(
          sq.targets.map((t) => ({ start: r.lines[t.line]!.start, end: r.lines[t.line]!.end })),
        );
        const clicks = q.targets.map((t) => (t.start + t.end) / 2);
        expect(gradeQuestion(q, layoutFor(q, 'seed'), { clicks }).score, `${s.id} ${q.id}`).toBe(1);
      }
    }
  });
});
