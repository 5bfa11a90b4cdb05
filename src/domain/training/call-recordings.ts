import { randomBytes } from 'node:crypto';
import type PocketBase from 'pocketbase';
import { sniffAudio, containerMime } from '../../platform/audio/sniff.ts';
import { seededShuffle } from '../../platform/util/seeded-random.ts';
import { callRecordingFormSchema } from './call-recording-schema.ts';
import { questionSchema, type Question } from '../assessment/question-schema.ts';
import { quizSchema, type Quiz } from '../assessment/schema.ts';
import type { StaffUser } from '../identity/schema.ts';
import { cohortIdsOf } from './cohort-members.ts';
import { callRecordingRepo, cohortRepo } from './repo.ts';
import type { QuizCatalog } from '../assessment/catalog.ts';
import {
  AppError,
  CallRecordingCohortNotFound,
  CallRecordingMissing,
  CallRecordingNotAudio,
  CallRecordingTooLarge,
  CallRecordingTooLong,
  invalidInput,
  MomentOutsideRecording,
} from '../../platform/errors/index.ts';

/** 75.4 → 「1:15」 */
const formatClock = (sec: number) => `${Math.floor(sec / 60)}:${String(Math.floor(sec % 60)).padStart(2, '0')}`;
import { verifyAudioUpload } from '../../platform/audio/verify-upload.ts';

/** Largest call recording a trainer may upload. */
export const maxCallRecordingBytes = 20 * 1024 * 1024;
const fileField = (form: FormData) => form.get('audio');

export const uploadQuizId = (recordId: string) => `quiz-upload-${recordId}`;
export const uploadRecordId = (quizId: string) => /^quiz-upload-([a-z0-9]{15})$/.exec(quizId)?.[1] ?? null;

/** Turn the trainer's form into engine questions: a timestamp question, and optionally a best-response choice. */
function buildQuestions(
  recordId: string,
  form: ReturnType<typeof callRecordingFormSchema.parse>,
  durationSec: number,
): Question[] {
  const audio = { src: `/api/call-recordings/${recordId}/audio`, transcript: form.transcript, duration: durationSec };
  const base = {
    lesson: 'complaint-handling/01-standards-and-principles',
    tags: ['真实录音'],
    difficulty: 'medium' as const,
  };
  const questions: unknown[] = [
    {
      ...base,
      id: 'up-001',
      type: 'audio-timestamp',
      prompt: form.timestampPrompt,
      audio,
      targets: form.moments,
      tolerance: 2,
      extraClickPenalty: 0.25,
      explanation: `需要注意的时刻：${form.moments.map((m) => m.label).join('；')}。`,
    },
  ];
  const options = form.choiceOptions
    .split('\n')
    .map((o) => o.trim())
    .filter(Boolean);
  if (form.choicePrompt && options.length >= 2) {
    // The first line is the best response; the engine shuffles options per attempt anyway.
    const ids = seededShuffle(
      options.map((_, i) => `o${i}`),
      recordId,
    );
    questions.push({
      ...base,
      id: 'up-002',
      type: 'listening',
      prompt: '听完录音后回答：',
      audio,
      explanation: form.choiceExplanation || '第一选项是培训师给出的最佳回应。',
      question: {
        ...base,
        id: 'up-002',
        type: 'single',
        prompt: form.choicePrompt,
        explanation: form.choiceExplanation || '培训师给出的最佳回应。',
        options: options.map((text, i) => ({ id: ids[i]!, text })),
        answer: ids[0]!,
      },
    });
  }
  return questions.map((q) => questionSchema.parse(q));
}

/** Store a trainer's real call recording as a listening exercise for the chosen cohorts (their own, or any for HR). */
export async function saveCallRecording(admin: PocketBase, trainer: StaffUser, form: FormData) {
  const parsed = callRecordingFormSchema.safeParse({ ...Object.fromEntries(form), cohorts: form.getAll('cohorts') });
  if (!parsed.success) throw invalidInput('call recording form', parsed.error);
  const file = fileField(form);
  if (!(file instanceof File) || file.size === 0) throw new AppError(CallRecordingMissing);
  if (file.size > maxCallRecordingBytes) throw new AppError(CallRecordingTooLarge, { log: [file.size] });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const container = sniffAudio(bytes.subarray(0, 16));
  if (!container) throw new AppError(CallRecordingNotAudio, { log: [file.type] });
  for (const cohortId of parsed.data.cohorts) {
    const cohort = await cohortRepo(admin).get(cohortId);
    if (!cohort || (trainer.role !== 'hr' && cohort.trainer !== trainer.id))
      throw new AppError(CallRecordingCohortNotFound, { log: [cohortId, trainer.id] });
  }
  // The audio must decode as the kind it claims; its duration is read from the decoded audio (nobody types it),
  // and the timeline of the timestamp question is built from it, so every moment must lie within it.
  const { decodedSec } = await verifyAudioUpload(bytes, { declaredType: file.type, fileName: file.name });
  const durationSec = Math.round(decodedSec * 10) / 10;
  if (durationSec > 7200) throw new AppError(CallRecordingTooLong, { log: [durationSec] });
  const outside = parsed.data.moments.find((m) => m.end > durationSec + 0.5);
  if (outside)
    throw new AppError(MomentOutsideRecording, {
      message: [formatClock(outside.end), formatClock(durationSec)],
      log: [outside.end, durationSec],
    });
  // The questions point at the record's own audio URL, so the id is chosen here and the record written once.
  const id = [...randomBytes(15)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
  const upload = new FormData();
  upload.set('id', id);
  upload.set('title', parsed.data.title);
  upload.set('uploadedBy', trainer.id);
  // Plain ids (JSON), not a relation: a cohort must not lead a filter to the recording's answer key.
  upload.set('cohorts', JSON.stringify([...new Set(parsed.data.cohorts)]));
  upload.set('durationSec', String(durationSec));
  upload.set('transcript', parsed.data.transcript);
  upload.set('questions', JSON.stringify(buildQuestions(id, parsed.data, durationSec)));
  upload.set(
    'audio',
    new File([bytes], `call.${container === 'mp4' ? 'm4a' : container}`, { type: containerMime[container] }),
  );
  return callRecordingRepo(admin).create(upload);
}

/** Whether `user` may listen to a recording: HR, its uploader, or a member of one of its cohorts. */
export async function mayListen(
  admin: PocketBase,
  user: StaffUser,
  record: { uploadedBy: string; cohorts: string[] },
): Promise<boolean> {
  if (user.role === 'hr' || record.uploadedBy === user.id) return true;
  const mine = await cohortIdsOf(admin, user.id);
  return record.cohorts.some((c) => mine.includes(c));
}

/**
 * Where to fetch a recording's audio for `user` (a short-lived file URL), or null when there is no such recording or
 * `user` may not listen to it (the same answer, so nobody learns which recordings exist).
 */
export async function callRecordingAudioUrl(
  admin: PocketBase,
  user: StaffUser,
  recordId: string,
): Promise<string | null> {
  const recordings = callRecordingRepo(admin);
  const ref = await recordings.audioRef(recordId);
  if (!ref || !(await mayListen(admin, user, ref))) return null;
  return recordings.audioUrl(ref);
}

/** Uploaded exercises a user may do: those for their cohorts (or uploaded by them). */
export async function callExercisesFor(admin: PocketBase, user: StaffUser) {
  const scope = user.role === 'hr' ? null : { uploadedBy: user.id, cohorts: await cohortIdsOf(admin, user.id) };
  const list = await callRecordingRepo(admin).list(scope);
  return list.map((r) => ({ id: r.id, title: r.title, durationSec: r.durationSec }));
}

/** The quiz catalog plus one uploaded exercise (for the attempt engine), or null when the user may not do it. */
export async function catalogWithUpload(
  admin: PocketBase,
  base: QuizCatalog,
  user: StaffUser,
  recordId: string,
): Promise<QuizCatalog | null> {
  const record = await callRecordingRepo(admin).get(recordId);
  if (!record || !(await mayListen(admin, user, record))) return null;
  const questions = record.questions.map((q) => questionSchema.parse(q));
  const quiz: Quiz = quizSchema.parse({
    id: uploadQuizId(recordId),
    kind: 'module',
    title: `真实录音练习 · ${record.title}`,
    description: '培训师上传的真实通话录音。请先完整听一遍，再标出服务中的问题。',
    module: 'complaint-handling',
    draw: [{ module: 'complaint-handling', bank: `upload/${recordId}`, count: questions.length }],
    passMark: 0.6,
  });
  return {
    banks: new Map([...base.banks, [`upload/${recordId}`, questions]]),
    questions: new Map([...base.questions, ...questions.map((q): [string, Question] => [q.id, q])]),
    quizzes: new Map([...base.quizzes, [quiz.id, quiz]]),
    listening: base.listening,
  };
}
