import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/platform/errors/index.ts';
import { declaredContainer, durationMatches, verifyAudioUpload } from '../../src/platform/audio/verify-upload.ts';
import { encodedRecording, type EncodedKind } from '../support/encoded-audio.ts';

/** The refusal a call ends with (status and Chinese message), or 'accepted'. */
async function outcome(promise: Promise<unknown>): Promise<{ status: number; message: string } | 'accepted'> {
  try {
    await promise;
    return 'accepted';
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { status: e.status, message: e.message };
  }
}

const chinese = /[\u4e00-\u9fff]/;
const types: Record<EncodedKind, string> = {
  ogg: 'audio/ogg',
  webm: 'audio/webm;codecs=opus',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  wav: 'audio/wav',
};
const kinds = Object.keys(types) as EncodedKind[];
const files = Object.fromEntries(kinds.map((k) => [k, encodedRecording(k, 3)])) as Record<EncodedKind, Buffer>;

describe('durationMatches', () => {
  it('allows 0.5 s or 5 %, whichever is larger', () => {
    expect(durationMatches(3.4, 3)).toBe(true);
    expect(durationMatches(3.6, 3)).toBe(false);
    expect(durationMatches(104, 100)).toBe(true);
    expect(durationMatches(106, 100)).toBe(false);
  });
});

describe('declaredContainer', () => {
  it('reads MIME types with parameters and file extensions', () => {
    expect(declaredContainer('audio/webm;codecs=opus', 'x.webm')).toEqual({ byType: 'webm', byName: 'webm' });
    expect(declaredContainer('', 'call.M4A')).toEqual({ byType: null, byName: 'mp4' });
    expect(declaredContainer('application/octet-stream', 'blob')).toEqual({ byType: null, byName: null });
  });
});

describe('verifyAudioUpload', () => {
  it.each(kinds)('accepts a real %s recording whose stated duration matches', async (kind) => {
    const result = await verifyAudioUpload(files[kind], {
      statedSec: 3,
      declaredType: types[kind],
      fileName: `call.${kind}`,
    });
    expect(result.decodedSec).toBeGreaterThan(2.8);
    expect(result.decodedSec).toBeLessThan(3.2);
  });

  it.each(kinds)(
    'refuses a %s recording that is 0.6 s shorter than stated, and one that is truncated',
    async (kind) => {
      const long = await outcome(verifyAudioUpload(files[kind], { statedSec: 3.6, declaredType: types[kind] }));
      expect(long).toMatchObject({ status: 422 });
      const truncated = await outcome(
        verifyAudioUpload(files[kind].subarray(0, Math.floor(files[kind].length / 2)), {
          statedSec: 3,
          declaredType: types[kind],
        }),
      );
      expect(truncated).not.toBe('accepted');
      expect((truncated as { status: number }).status).toBeGreaterThanOrEqual(400);
      expect((truncated as { status: number }).status).toBeLessThan(500);
      expect((truncated as { message: string }).message).toMatch(chinese);
    },
  );

  it('refuses a huge stated duration', async () => {
    const result = await outcome(verifyAudioUpload(files.ogg, { statedSec: 7200, declaredType: 'audio/ogg' }));
    expect(result).toMatchObject({ status: 422, message: expect.stringContaining('7200') });
  });

  it('refuses a WAV whose header claims far more audio than the file holds', async () => {
    const wav = Buffer.from(files.wav);
    const huge = 16000 * 2 * 3600; // one hour of 16-bit mono at 16 kHz
    wav.writeUInt32LE(36 + huge, 4);
    wav.writeUInt32LE(huge, 40);
    const result = await outcome(verifyAudioUpload(wav, { statedSec: 3600, declaredType: 'audio/wav' }));
    expect(result).toMatchObject({ status: 422 });
  });

  it('refuses text renamed to .ogg, by content', async () => {
    const result = await outcome(
      verifyAudioUpload(Buffer.from('这只是一段文字，不是录音。'), {
        statedSec: 3,
        declaredType: 'audio/ogg',
        fileName: 'call.ogg',
      }),
    );
    expect(result).toMatchObject({ status: 415, message: expect.stringContaining('不是可识别的音频') });
  });

  it('refuses the right magic bytes in front of something else', async () => {
    const text = Buffer.concat([Buffer.from('OggS'), Buffer.from('x'.repeat(5000))]);
    expect(await outcome(verifyAudioUpload(text, { statedSec: 3, declaredType: 'audio/ogg' }))).toMatchObject({
      status: 422,
    });
    // A WebM file whose first bytes were replaced by the Ogg signature.
    const webmAsOgg = Buffer.from(files.webm);
    webmAsOgg.write('OggS', 0, 'latin1');
    expect(await outcome(verifyAudioUpload(webmAsOgg, { statedSec: 3, declaredType: 'audio/ogg' }))).toMatchObject({
      status: 422,
    });
    // An MP3 behind an M4A "ftyp" box header.
    const mp3AsM4a = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypM4A \0\0\0\0M4A mp42'), files.mp3]);
    expect(await outcome(verifyAudioUpload(mp3AsM4a, { statedSec: 3, declaredType: 'audio/mp4' }))).toMatchObject({
      status: 422,
    });
  });

  it('refuses a recording whose declared type or name names another kind', async () => {
    expect(await outcome(verifyAudioUpload(files.ogg, { statedSec: 3, declaredType: 'audio/mpeg' }))).toMatchObject({
      status: 415,
    });
    expect(await outcome(verifyAudioUpload(files.mp3, { statedSec: 3, fileName: 'call.wav' }))).toMatchObject({
      status: 415,
    });
  });
});

describe('the upload paths check the audio before anything is stored', () => {
  const metrics = (durationSec: number) =>
    JSON.stringify({
      durationSec,
      speakingTimeSec: 2,
      rate: { charsPerMinute: 150, syllables: 5, method: 'script' },
      pitch: { medianHz: 200, variabilitySt: 1 },
      loudness: { integratedLufs: -20 },
      pauses: { count: 0, maxSec: null },
      clipping: { share: 0 },
    });
  /** A stand-in admin client that records what would be written. */
  const stubAdmin = () => {
    const created: string[] = [];
    const uploads: FormData[] = [];
    const admin = {
      collection: (name: string) => ({
        create: async (data: FormData) => {
          created.push(name);
          uploads.push(data);
          return { id: 'r'.repeat(15) };
        },
        getOne: async () => ({ id: 'c'.repeat(15), name: '一班', trainer: 't'.repeat(15), members: [] }),
      }),
    };
    return { admin: admin as never, created, uploads };
  };

  it('voice lab: a truncated recording or a wrong duration is refused with a 422; a real one is stored', async () => {
    const { saveRecording } = await import('../../src/domain/voice/lab.ts');
    const form = (audio: Buffer, durationSec: number) => {
      const f = new FormData();
      f.set('exercise', 'closing-blessing');
      f.set('metrics', metrics(durationSec));
      f.set('audio', new File([new Uint8Array(audio)], 'recording.webm', { type: 'audio/webm;codecs=opus' }));
      return f;
    };
    const { admin, created } = stubAdmin();
    expect(
      await outcome(saveRecording(admin, 'u'.repeat(15), form(files.webm.subarray(0, files.webm.length >> 1), 3))),
    ).toMatchObject({ status: 422 });
    expect(await outcome(saveRecording(admin, 'u'.repeat(15), form(files.webm, 60)))).toMatchObject({ status: 422 });
    expect(created).toEqual([]);
    expect(await outcome(saveRecording(admin, 'u'.repeat(15), form(files.webm, 3)))).toBe('accepted');
    expect(created).toEqual(['voice_recordings']);
  }, 30_000);

  it('call recordings: the duration is read from the file; moments beyond it are refused', async () => {
    const { saveCallRecording } = await import('../../src/domain/training/call-recordings.ts');
    const form = (moments: string) => {
      const f = new FormData();
      for (const [k, v] of Object.entries({
        title: '测试录音',
        transcript: '坐席：您好。',
        timestampPrompt: '听到问题时点击。',
        moments,
        cohorts: 'c'.repeat(15),
      }))
        f.set(k, v);
      f.set('audio', new File([new Uint8Array(files.mp3)], 'call.mp3', { type: 'audio/mpeg' }));
      return f;
    };
    const trainer = {
      id: 't'.repeat(15),
      role: 'trainer',
      name: '老师',
      email: 't@example.com',
      employeeNo: 'T001',
      department: '',
      team: '',
    } as const;
    const { admin, created, uploads } = stubAdmin();
    const beyond = await outcome(saveCallRecording(admin, trainer, form('0:05-0:08 测试')));
    expect(beyond).toMatchObject({ status: 422 });
    expect(beyond !== 'accepted' && beyond.message).toContain('超出了录音长度');
    expect(created).toEqual([]);
    expect(await outcome(saveCallRecording(admin, trainer, form('0:01-0:02 测试')))).toBe('accepted');
    expect(created).toEqual(['call_recordings']);
    expect(Number(uploads[0]!.get('durationSec'))).toBeCloseTo(3, 0);
  }, 30_000);

  it('voice lab: a take without speech is refused; a MediaRecorder-style WebM is stored with a duration', async () => {
    const { saveRecording } = await import('../../src/domain/voice/lab.ts');
    const dir = mkdtempSync(join(tmpdir(), 'webm-take-'));
    try {
      // Silence (with a little noise), and a streamed WebM (written to a pipe, as MediaRecorder writes it): no
      // duration and no cues in the file.
      const silence = execFileSync('ffmpeg', [
        '-v',
        'error',
        '-f',
        'lavfi',
        '-i',
        'anoisesrc=d=3:a=0.0005:r=48000',
        '-c:a',
        'libopus',
        '-f',
        'webm',
        'pipe:1',
      ]);
      writeFileSync(join(dir, 'voice.wav'), new Uint8Array(files.wav));
      const streamed = execFileSync('ffmpeg', [
        '-v',
        'error',
        '-i',
        join(dir, 'voice.wav'),
        '-c:a',
        'libopus',
        '-f',
        'webm',
        'pipe:1',
      ]);
      const probeDuration = (bytes: Uint8Array) => {
        writeFileSync(join(dir, 'probe.webm'), bytes);
        return execFileSync(
          'ffprobe',
          ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', join(dir, 'probe.webm')],
          { encoding: 'utf8' },
        ).trim();
      };
      expect(probeDuration(streamed)).toBe('N/A');
      const form = (audio: Buffer) => {
        const f = new FormData();
        f.set('exercise', 'closing-blessing');
        f.set('metrics', metrics(3));
        f.set('audio', new File([new Uint8Array(audio)], 'recording', { type: 'audio/webm;codecs=opus' }));
        return f;
      };
      const { admin, created, uploads } = stubAdmin();
      const refused = await outcome(saveRecording(admin, 'u'.repeat(15), form(silence)));
      expect(refused).toMatchObject({ status: 422 });
      expect(refused !== 'accepted' && refused.message).toContain('没有检测到足够的说话声');
      expect(created).toEqual([]);
      expect(await outcome(saveRecording(admin, 'u'.repeat(15), form(streamed)))).toBe('accepted');
      const stored = new Uint8Array(await (uploads[0]!.get('audio') as File).arrayBuffer());
      expect(Number(probeDuration(stored))).toBeCloseTo(3, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
