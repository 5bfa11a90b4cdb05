import { describe, expect, it } from 'vitest';
import { forVoiceLab, readingOf } from '../../src/domain/voice/rules.ts';
import { countSyllables } from '../../src/domain/voice/metrics/syllable-count.ts';
import { voiceExerciseFileSchema } from '../../src/domain/voice/schema.ts';
import exercisesFile from '../../content/voice/exercises.json' with { type: 'json' };

const exercises = voiceExerciseFileSchema.parse(exercisesFile).exercises;

describe('voice-lab exercises prepared on the server', () => {
  it('carry the syllable count of their script, as the analysis would count it', () => {
    for (const e of forVoiceLab(exercises)) expect(e.syllables, e.id).toBe(countSyllables(e.text));
  });

  it('give 咬字 drills per-character pinyin read in context, and the others none', () => {
    const prepared = forVoiceLab(exercises);
    const drills = prepared.filter((e) => e.kind === 'articulation');
    expect(drills.length).toBeGreaterThan(0);
    for (const e of drills) {
      expect(e.reading!.map((c) => c.ch).join(''), e.id).toBe(e.text);
      for (const c of e.reading!) expect(c.py === '', `${e.id} ${c.ch}`).toBe(!/\p{Script=Han}/u.test(c.ch));
      for (const p of e.pairs ?? []) expect(p.aPinyin.split(' ').length).toBe([...p.a].length);
    }
    for (const e of prepared.filter((x) => x.kind !== 'articulation')) expect(e.reading).toBeUndefined();
  });

  it('reads polyphones by their word and leaves digits, letters and punctuation without pinyin', () => {
    expect(readingOf('银行，VIP 10000')).toEqual([
      { ch: '银', py: 'yín' },
      { ch: '行', py: 'háng' },
      { ch: '，', py: '' },
      { ch: 'V', py: '' },
      { ch: 'I', py: '' },
      { ch: 'P', py: '' },
      { ch: ' ', py: '' },
      ...[...'10000'].map((ch) => ({ ch, py: '' })),
    ]);
  });
});
