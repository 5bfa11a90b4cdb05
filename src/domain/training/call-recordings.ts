import { randomBytes } from 'node:crypto';
import type PocketBase from 'pocketbase';
import { sniffAudio, containerMime } from '../../platform/audio/sniff.ts';
import { seededShuffle } from '../../platform/util/seeded-random.ts';
import { callRecordingFormSchema } from './call-recording-schema.ts';
import { questionSchema, type Question } from '../assessment/question-schema.ts';
import { quizSchema, type Quiz } from '../assessment/schema.ts';
import type { StaffUser } from '../identity/schema.ts';
import { anyOf, cohortIdsOf } from './cohort-members.ts';
import type { QuizCatalog } from '../assessment/catalog.ts';
import {
  AppError,
  CallRecordingCohortNotFound,
  CallRecordingMissing,
  CallRecordingNotAudio,
  CallRecordingTooLarge,
  invalidInput,
} from '../../platform/errors/index.ts';
import { verifyAudioUpload } from '../../platform/audio/verify-upload.ts';
import { getOneOrNull } from '../../platform/pocketbase/records.ts';

/** Largest call recording a trainer may upload. */
export const maxCallRecordingBytes = 20 * 1024 * 1024;
const opts = { requestKey: null };
const fileField = (form: FormData) => form.get('audio');

export const uploadQuizId = (recordId: string) => `quiz-upload-${recordId}`;
export const uploadRecordId = (quizId: string) => /^quiz-upload-([a-z0-9]{15})$/.exec(quizId)?.[1] ?? null;

/** Turn the trainer's form into engine questions: a timestamp question, and optionally a best-response choice. */
function buildQuestions(recordId: string, form: ReturnType<typeof callRecordingFormSchema.parse>): Question[] {
  const audio = {
    src: `/api/call-recordings/${recordId}/audio`,
    transcript: form.transcript,
    duration: form.durationSec,
  };
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
    const cohort = await getOneOrNull(admin.collection('cohorts'), cohortId, opts);
    if (!cohort || (trainer.role !== 'hr' && cohort.trainer !== trainer.id))
      throw new AppError(CallRecordingCohortNotFound, { log: [cohortId, trainer.id] });
  }
  // The audio must decode as the kind it claims and last as long as the form says (the timeline of the
  // timestamp question is built from that duration).
  await verifyAudioUpload(bytes, { statedSec: parsed.data.durationSec, declaredType: file.type, fileName: file.name });
  // The questions point at the record's own audio URL, so the id is chosen here and the record written once.
  const id = [...randomBytes(15)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
  const upload = new FormData();
  upload.set('id', id);
  upload.set('title', parsed.data.title);
  upload.set('uploadedBy', trainer.id);
  // Plain ids (JSON), not a relation: a cohort must not lead a filter to the recording's answer key.
  upload.set('cohorts', JSON.stringify([...new Set(parsed.data.cohorts)]));
  upload.set('durationSec', String(parsed.data.durationSec));
  upload.set('transcript', parsed.data.transcript);
  upload.set('questions', JSON.stringify(buildQuestions(id, parsed.data)));
  upload.set(
    'audio',
    new File([bytes], `call.${container === 'mp4' ? 'm4a' : container}`, { type: containerMime[container] }),
  );
  return admin.collection('call_recordings').create(upload, opts);
}

/** Whether `user` may listen to a recording: HR, its uploader, or a member of one of its cohorts. */
export async function mayListen(
  admin: PocketBase,
  user: StaffUser,
  record: { uploadedBy: string; cohorts: string[] },
): Promise<boolean> {
  if (user.role === 'hr' || record.uploadedBy === user.id) return true;
  const mine = await cohortIdsOf(admin, user.id);
  return (record.cohorts ?? []).some((c) => mine.includes(c));
}

/** Uploaded exercises a user may do: those for their cohorts (or uploaded by them). */
export async function callExercisesFor(admin: PocketBase, user: StaffUser) {
  const filter =
    user.role === 'hr'
      ? ''
      : [
          admin.filter('uploadedBy = {:u}', { u: user.id }),
          anyOf(admin, 'cohorts', await cohortIdsOf(admin, user.id), '~'),
        ]
          .filter(Boolean)
          .join(' || ');
  const list = await admin
    .collection('call_recordings')
    .getFullList({ filter, sort: '-created', fields: 'id,title,durationSec,created', ...opts });
  return list.map((r) => ({ id: r.id, title: r.title as string, durationSec: r.durationSec as number }));
}

/** The quiz catalog plus one uploaded exercise (for the attempt engine), or null when the user may not do it. */
export async function catalogWithUpload(
  admin: PocketBase,
  base: QuizCatalog,
  user: StaffUser,
  recordId: string,
): Promise<QuizCatalog | null> {
  const record = await getOneOrNull(admin.collection('call_recordings'), recordId, opts);
  if (!record || !(await mayListen(admin, user, { uploadedBy: record.uploadedBy, cohorts: record.cohorts })))
    return null;
  const questions = (record.questions as unknown[]).map((q) => questionSchema.parse(q));
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
