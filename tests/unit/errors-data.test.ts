// The ActionError class itself (the 'astro:actions' module is virtual, only available inside Astro's build).
import { ActionError } from '../../node_modules/astro/dist/actions/runtime/client.js';
import { describe, expect, it, vi } from 'vitest';
import { AppError, appErrors, type AppErrorData } from '../../src/platform/errors/index.ts';
import * as errorsData from '../../src/platform/errors/errors-data.ts';
import { jsonRefusal, refusalForPage } from '../../src/platform/errors/page-refusal.ts';

const chinese = /[\u4e00-\u9fff]/;
const entries = Object.entries(errorsData) as [string, AppErrorData][];

/**
 * Parameters for every entry whose message or log is a function: the rendered text below is pinned by a snapshot,
 * and an entry added without a sample here fails the test.
 */
const samples: Record<string, { message?: unknown[]; log?: unknown[] }> = {
  MalformedRequest: { log: ['body is not multipart'] },
  MalformedUrl: { log: ['/learn/%E0%A4%A'] },
  QuestionBankForbidden: { log: ['u1', 'publish'] },
  QuestionImportTooLarge: { log: [2000000] },
  QuestionImportNotText: { log: ['bank.gift'] },
  QuestionDraftNotFound: { log: ['d1'] },
  QuestionDraftChanged: { log: ['d1', 3] },
  QuestionDraftIncomplete: { message: ['缺少解析'], log: ['d1', 1] },
  PublishedQuestionNotFound: { log: ['ch-1001'] },
  PublishedQuestionSuperseded: { log: ['ch-1001'] },
  InvalidInput: { message: ['请填写修改原因。'], log: ['staff identity', 'reason: too_small'] },
  RequestTooLarge: { log: ['POST /learn', '314572800 bytes', 1048576] },
  RecordingBodyTooLarge: { log: ['POST /api/voice/recordings', 'chunked', 11010048] },
  CallRecordingBodyTooLarge: { log: ['POST /trainer/listening', '314572800 bytes', 22020096] },
  TooManyRequests: { log: ['u1'] },
  Forbidden: { log: ['u1', '/hr'] },
  NotFound: { log: ['/nowhere'] },
  ServerError: { log: ['TypeError: x is undefined'] },
  ServerBusy: { log: [120] },
  BackendUnavailable: { log: ['ECONNREFUSED'] },
  InvalidCredentials: { log: ['a@example.com'] },
  TooManySignIns: { log: ['a@example.com'] },
  UnknownLesson: { log: ['lesson basics/nope'] },
  InvalidPracticeAnswer: { log: ['basics/intro', 'c1', 'option 9 does not exist in c1'] },
  QuizNotFound: { log: ['quiz-nope'] },
  AttemptNotFound: { log: ['a1', 'u1'] },
  AttemptClosed: { log: ['a1', 'submitted'] },
  InvalidResponses: { message: [3], log: ['response to q1 in attempt a1: unknown option'] },
  AttemptInProgress: { log: ['u1', 'quiz-1'] },
  AlreadyPassed: { log: ['u1', 'exam-1'] },
  NoAttemptsLeft: { log: ['u1', 'exam-1'] },
  MustWait: { message: [new Date('2026-11-28T02:30:00Z')], log: ['u1', 'exam-1'] },
  ExamNotConfirmed: { log: ['u1', 'exam-1'] },
  CohortNotFound: { log: ['c1', 'u1'] },
  UnknownFormAction: { log: ['trainer/cohorts', 'explode'] },
  DueDateInPast: { log: ['2026-01-01', '2026-11-27T00:00:00.000Z'] },
  AssignmentNotFound: { log: ['a1', 'u1'] },
  RecordingNoSpeech: { log: ['none', 0, 0] },
  CallRecordingTooLong: { log: [7300] },
  MomentOutsideRecording: { message: ['0:15', '0:12'], log: [15, 12.7] },
  EmployeeNoMalformed: { log: ['??'] },
  TraineeNotPlaceable: { log: ['t1', 'c1', 'u1'] },
  NotACohortMember: { log: ['t1', 'c1'] },
  TraineeNotVisible: { log: ['t1', 'u1'] },
  TraineeNotFound: { log: ['t1'] },
  UnknownAssignmentTarget: { log: ['module:nope'] },
  InvalidDueDate: { log: ['2026-02-30'] },
  UnknownRubric: { log: ['nope'] },
  InvalidPracticalScores: { message: ['请为评分表中的每一项打分（0–4 分）。'], log: ['affinity', 't1'] },
  ProgramWithoutPractical: { log: ['nope'] },
  PracticalRubricMismatch: {
    message: ['投诉处理专员认证', '投诉处理流程评分表'],
    log: ['complaint-specialist', 'affinity'],
  },
  UnknownRolePlayCase: { log: ['nope', 'affinity'] },
  RolePlayCaseRequired: { log: ['t1'] },
  StaffRecordsForbidden: { log: ['u1', 'trainer'] },
  StaffNotFound: { log: ['u1'] },
  EmployeeNoTaken: { message: ['A1001'], log: ['u1', 'A1001'] },
  CertificateNotFound: { log: ['c1'] },
  RevocationFailed: { log: ['c1', 'u1', 'ECONNREFUSED'] },
  ExportFailed: { log: ['xlsx', 'u1', 'ECONNREFUSED'] },
  VoiceTargetsForbidden: { log: ['u1', 'trainee'] },
  UnknownVoiceExercise: { log: ['nope'] },
  RecordingTooLarge: { log: [11000000] },
  RecordingNotAudio: { log: ['image/png'] },
  RecordingMetricsInvalid: { log: ['durationSec: expected number'] },
  CallRecordingTooLarge: { log: [21000000] },
  CallRecordingNotAudio: { log: ['image/png'] },
  CallRecordingCohortNotFound: { log: ['c1', 'u1'] },
  UploadKindMismatch: { message: ['MP3', 'WAV'], log: ['mp3', 'wav'] },
  UploadDurationInvalid: { log: [Number.NaN] },
  UploadProbeTimedOut: { log: ['ogg'] },
  UploadNotValidContainer: { message: ['Ogg'], log: ['ogg', 'exit 1, format "", 0 audio streams'] },
  UploadDecodeTimedOut: { log: ['ogg'] },
  UploadUndecodable: { message: ['Ogg'], log: ['ogg', 'exit 1, 0.00 s decoded'] },
  UploadHeaderDurationMismatch: { message: [600, 3.02], log: ['wav', 600, 3.02] },
  UploadDurationMismatch: { message: [10, 3.02], log: ['webm', 10, 3.02] },
  CallNotFound: { log: ['call-nope'] },
  CallRunNotFound: { log: ['r1', 'u1'] },
  CallTurnNotCurrent: { log: ['r1', 2, 3, 'in_progress'] },
  CallReplyInvalid: { log: ['r1', 'unknown option key "9"'] },
  NotificationNotFound: { log: ['u1', 'n1'] },
};

const build = (name: string, entry: AppErrorData) => new AppError(entry as never, samples[name] as never);

describe('the error catalogue', () => {
  it('has entries, each exported under its own name, no name twice', () => {
    expect(entries.length).toBeGreaterThan(40);
    for (const [key, entry] of entries) expect(entry.name, key).toBe(key);
    const names = entries.map(([, e]) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(appErrors).sort()).toEqual(Object.keys(errorsData).sort());
  });

  it('gives every entry an HTTP error status that maps to its own ActionError code', () => {
    for (const [name, entry] of entries) {
      expect(Number.isInteger(entry.status) && entry.status >= 400 && entry.status < 600, name).toBe(true);
      // An unmapped status would reach the islands as INTERNAL_SERVER_ERROR.
      expect(ActionError.codeToStatus(ActionError.statusToCode(entry.status)), name).toBe(entry.status);
    }
  });

  it('gives every entry a Chinese title and message, an English log line and an English hint', () => {
    for (const [name, entry] of entries) {
      const error = build(name, entry);
      expect(entry.title, name).toMatch(chinese);
      expect(error.title, name).toBe(entry.title);
      expect(error.message, name).toMatch(chinese);
      expect(error.message, name).not.toMatch(/undefined|NaN|\[object/);
      expect(error.log.trim(), name).not.toBe('');
      expect(error.log, name).not.toMatch(chinese);
      expect(entry.hint.trim(), name).not.toBe('');
      expect(entry.hint, name).not.toMatch(chinese);
    }
  });

  it('has sample parameters for exactly the entries that take some', () => {
    const parameterised = entries
      .filter(([, e]) => typeof e.message === 'function' || typeof e.log === 'function')
      .map(([n]) => n);
    expect(Object.keys(samples).sort()).toEqual(parameterised.sort());
  });

  it('never gives two situations the same message', () => {
    const messages = entries.map(([name, entry]) => build(name, entry).message);
    expect(messages.length - new Set(messages).size).toBe(0);
  });

  it('keeps the wording users see (and tests elsewhere assert)', () => {
    const text = Object.fromEntries(
      entries.map(([name, entry]) => {
        const e = build(name, entry);
        return [name, `${e.status} ${e.title}：${e.message}`];
      }),
    );
    expect(text).toMatchSnapshot();
  });
});

describe('AppError', () => {
  it('renders the message and the log line from their parameters', () => {
    const e = new AppError(errorsData.EmployeeNoTaken, { message: ['A1001'], log: ['u1', 'A1001'] });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('EmployeeNoTaken');
    expect(e.status).toBe(409);
    expect(e.message).toBe('工号 A1001 已被其他账号使用，请核对后重试。');
    expect(e.log).toBe('employee number A1001 for u1 is taken by another account');
    expect(e.is(errorsData.EmployeeNoTaken)).toBe(true);
    expect(e.is(errorsData.StaffNotFound)).toBe(false);
  });

  it('names the question and the time to wait where it knows them, and only then', () => {
    expect(new AppError(errorsData.InvalidResponses, { message: [2], log: ['x'] }).message).toMatch(
      /^第 2 题：提交的答案无法识别/,
    );
    expect(new AppError(errorsData.InvalidResponses, { log: ['x'] }).message).toMatch(/^提交的答案无法识别/);
    expect(
      new AppError(errorsData.MustWait, { message: [new Date('2026-11-28T02:30:00Z')], log: ['u', 'q'] }).message,
    ).toContain('下次可参加的时间：2026');
    expect(new AppError(errorsData.MustWait, { log: ['u', 'q'] }).message).not.toContain('下次可参加的时间');
  });

  it('keeps the cause it wraps', () => {
    const cause = new Error('unique index');
    expect(new AppError(errorsData.EmployeeNoTaken, { message: ['A1'], log: ['u', 'A1'], cause }).cause).toBe(cause);
  });

  it('types the parameters of each entry (checked by astro check)', () => {
    // Never run: these lines only have to fail to compile.
    const typeChecks = () => [
      // @ts-expect-error the message needs the employee number
      new AppError(errorsData.EmployeeNoTaken),
      // @ts-expect-error a number where the message needs a string
      new AppError(errorsData.EmployeeNoTaken, { message: [1], log: ['u', 'A1'] }),
      // @ts-expect-error this entry's message takes no parameters
      new AppError(errorsData.RecordingMissing, { message: ['x'] }),
      new AppError(errorsData.RecordingMissing),
    ];
    expect(typeof typeChecks).toBe('function');
  });
});

describe('answers for pages and API routes', () => {
  it('a page shows the refusal and logs its English cause; anything else is rethrown', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const refusal = new AppError(errorsData.CohortNotFound, { log: ['c1', 'u1'] });
    expect(refusalForPage(refusal, 'trainer/cohorts')).toBe(refusal);
    expect(warn).toHaveBeenCalledWith("[trainer/cohorts] CohortNotFound: cohort c1 is not u1's (or does not exist)");
    const fault = new Error('boom');
    expect(() => refusalForPage(fault, 'trainer/cohorts')).toThrow(fault);
    warn.mockRestore();
  });

  it('an API route answers JSON with the status and Chinese message; a fault becomes a 503 without details', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const refused = jsonRefusal(new AppError(errorsData.RecordingTooLarge, { log: [11_000_000] }), 'voice');
    expect(refused.status).toBe(413);
    expect(await refused.json()).toEqual({
      error: 'RecordingTooLarge',
      title: '录音文件过大',
      message: errorsData.RecordingTooLarge.message,
    });
    const fault = jsonRefusal(new Error('ECONNREFUSED 127.0.0.1:8090'), 'voice');
    expect(fault.status).toBe(503);
    const body = JSON.stringify(await fault.json());
    expect(body).toContain(errorsData.BackendUnavailable.message);
    expect(body).not.toContain('ECONNREFUSED');
    warn.mockRestore();
    error.mockRestore();
  });
});
