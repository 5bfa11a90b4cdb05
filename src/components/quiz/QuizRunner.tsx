import { actions } from 'astro:actions';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { QuestionResponse, Responses } from '../../domain/assessment/response-schema.ts';
import AudioPlayer from './AudioPlayer.tsx';
import QuestionField from './QuestionField.tsx';
import { SharedAudioContext, sharedClip } from './shared-audio.ts';
import { isSyntheticClip } from '../../domain/voice/model-clip.ts';
import { decodeRunnerPayload } from './runner-payload.ts';

export interface QuizRunnerProps {
  attemptId: string;
  title: string;
  deadline: string | null;
  /** The questions and saved answers (`encodeRunnerPayload`). */
  payload: string;
}

type SaveState = 'saved' | 'saving' | 'offline' | 'busy' | 'error';
const saveMessages: Record<SaveState, string> = {
  saved: '答案已自动保存。',
  saving: '正在保存…',
  offline: '网络连接中断，您的答案已保存在本机，恢复连接后会自动提交。',
  busy: '当前作答人数较多，答案已保存在本机，稍后会自动保存到服务器。',
  error: '答案暂时没能保存到服务器，已保存在本机，稍后会自动重试。',
};
const autosaveDelayMs = 800;
const retryMs = 10_000;
// The server answers SERVICE_UNAVAILABLE while it works through a burst (everyone starting or submitting at
// once): submitting is retried a few times, a few seconds apart, before the learner is asked to try again.
const busyRetries = 8;
const busyRetryMs = () => 3000 + Math.random() * 4000;

/** Answers not yet confirmed by the server survive reloads and lost connections in localStorage. */
const localKey = (attemptId: string) => `academy:attempt:${attemptId}`;
function readLocal(attemptId: string): Responses | null {
  try {
    const raw = localStorage.getItem(localKey(attemptId));
    return raw ? (JSON.parse(raw) as Responses) : null;
  } catch {
    return null;
  }
}

function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** Answer a quiz or exam: autosave (debounced, offline-safe), optional countdown, submit. */
export default function QuizRunner({ attemptId, title, deadline, payload }: QuizRunnerProps) {
  const [{ questions, responses: saved }] = useState(() => decodeRunnerPayload(payload));
  const [responses, setResponses] = useState<Responses>(saved);
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const latest = useRef(responses);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const save = useCallback(async () => {
    if (!dirty.current) return;
    const snapshot = latest.current;
    setSaveState('saving');
    let result;
    try {
      result = await actions.saveAnswers({ attemptId, responses: snapshot });
    } catch {
      setSaveState('offline'); // fetch itself failed: no network
      return;
    }
    const { error } = result;
    if (!error) {
      if (latest.current === snapshot) {
        dirty.current = false;
        localStorage.removeItem(localKey(attemptId));
      }
      setSaveState('saved');
      return;
    }
    if (error.code === 'CONFLICT') {
      // Submitted elsewhere or out of time: the result page explains.
      location.href = `/learn/attempts/${attemptId}`;
      return;
    }
    if (error.code === 'SERVICE_UNAVAILABLE') {
      setSaveState('busy'); // the retry interval saves again
      return;
    }
    setSaveState(navigator.onLine ? 'error' : 'offline');
    if (error.code === 'BAD_REQUEST' || error.code === 'NOT_FOUND' || error.code === 'UNAUTHORIZED')
      setSubmitError(error.message);
  }, [attemptId]);

  // Answers kept locally from a previous visit win over the server copy: they are newer.
  useEffect(() => {
    const local = readLocal(attemptId);
    if (local) {
      latest.current = local;
      setResponses(local);
      dirty.current = true;
      void save();
    }
  }, [attemptId, save]);

  useEffect(() => {
    const retry = () => void save();
    window.addEventListener('online', retry);
    const interval = setInterval(retry, retryMs);
    return () => {
      window.removeEventListener('online', retry);
      clearInterval(interval);
    };
  }, [save]);

  const update = (questionId: string, response: QuestionResponse) => {
    const next = { ...latest.current, [questionId]: response };
    latest.current = next;
    dirty.current = true;
    setResponses(next);
    localStorage.setItem(localKey(attemptId), JSON.stringify(next));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), autosaveDelayMs);
  };

  const submit = useCallback(async () => {
    setSubmitting(true);
    setSubmitError(null);
    clearTimeout(timer.current);
    const offlineMessage = '网络连接中断，暂时无法提交。您的答案已保存在本机，请恢复网络后再点击「提交答卷」。';
    let result;
    try {
      result = await actions.submitAttempt({ attemptId, responses: latest.current });
      for (let retry = 0; result.error?.code === 'SERVICE_UNAVAILABLE' && retry < busyRetries; retry++) {
        setSubmitError(`${result.error.message}（正在自动重新提交，请不要关闭页面）`);
        await new Promise((resolve) => setTimeout(resolve, busyRetryMs()));
        result = await actions.submitAttempt({ attemptId, responses: latest.current });
      }
    } catch {
      setSubmitting(false);
      setSubmitError(offlineMessage);
      return;
    }
    const { data, error } = result;
    if (data) {
      localStorage.removeItem(localKey(attemptId));
      // The result page moves focus to the score (#result).
      location.href = `${data.resultUrl}#result`;
      return;
    }
    setSubmitting(false);
    setSubmitError(navigator.onLine ? error.message : offlineMessage);
  }, [attemptId]);

  const deadlineMs = deadline ? new Date(deadline).getTime() : null;
  useEffect(() => {
    if (!deadlineMs) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [deadlineMs]);
  const remaining = deadlineMs ? deadlineMs - now : null;
  const timeUp = remaining !== null && remaining <= 0;
  const autoSubmitted = useRef(false);
  useEffect(() => {
    // Once only: if it fails (offline), the server closes the attempt with the answers saved in time.
    if (timeUp && !autoSubmitted.current) {
      autoSubmitted.current = true;
      void submit();
    }
  }, [timeUp, submit]);

  const answered = questions.filter((q) => responses[q.id] !== undefined).length;
  const unanswered = questions.length - answered;

  // A listening exercise: one player for all its questions (they read its position).
  const clip = sharedClip(questions);
  const sharedAudio = useRef<HTMLAudioElement | null>(null);
  const shared = clip
    ? { src: clip.src, currentTime: () => Math.round((sharedAudio.current?.currentTime ?? 0) * 10) / 10 }
    : null;

  /** 提交答卷 with questions left open: say so and take the learner to the first of them. */
  const askToConfirm = () => {
    setConfirming(true);
    const first = questions.find((q) => responses[q.id] === undefined);
    const section = first && document.querySelector<HTMLElement>(`[data-question="${CSS.escape(first.id)}"]`);
    if (section) {
      section.tabIndex = -1;
      section.focus();
    }
  };

  return (
    <div className="quiz-runner" data-attempt={attemptId}>
      <div className="quiz-status" aria-label="作答状态">
        <span>
          已答 {answered} / {questions.length} 题
        </span>
        {remaining !== null && (
          <span className={remaining < 5 * 60_000 ? 'time-low' : undefined} role="timer" aria-live="off">
            剩余时间 {formatRemaining(remaining)}
          </span>
        )}
        <span role="status" aria-live="polite" data-save-state={saveState}>
          {saveMessages[saveState]}
        </span>
      </div>
      {clip && (
        <section className="shared-player" aria-labelledby="shared-player-heading" data-shared-player>
          <h2 id="shared-player-heading">通话录音（各题共用）</h2>
          <AudioPlayer {...clip} synthetic={isSyntheticClip(clip.src)} onAudio={(el) => (sharedAudio.current = el)} />
        </section>
      )}
      <h2 className="visually-hidden">{title} 题目</h2>
      <SharedAudioContext.Provider value={shared}>
        {questions.map((q, i) => (
          <QuestionField
            key={q.id}
            question={q}
            number={i + 1}
            response={responses[q.id]}
            onChange={(r) => update(q.id, r)}
          />
        ))}
      </SharedAudioContext.Provider>
      {submitError && (
        <div className="alert error" role="alert">
          {submitError}
        </div>
      )}
      <div className="submit-bar">
        {confirming && unanswered > 0 ? (
          <>
            <p role="alert">还有 {unanswered} 题未作答（已为您定位到第一道未答题），未答的题不得分。确定现在提交吗？</p>
            <button type="button" onClick={() => void submit()} disabled={submitting}>
              确定提交
            </button>{' '}
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              继续作答
            </button>
          </>
        ) : (
          <button type="button" onClick={() => (unanswered > 0 ? askToConfirm() : void submit())} disabled={submitting}>
            {submitting ? '正在提交…' : '提交答卷'}
          </button>
        )}
      </div>
    </div>
  );
}
