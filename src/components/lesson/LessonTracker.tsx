import { actions } from 'astro:actions';
import { useEffect, useRef, useState } from 'react';
import type { ProgressEvent } from '../../domain/progress/schema.ts';
import type { PracticeResult } from '../practice/practice-result.ts';
import type { LessonStatus } from '../../domain/progress/service.ts';

interface Props {
  lesson: string;
  practiceChecks: string[];
  /** Least active study time for this lesson (seconds), shown before the server has answered. */
  minSeconds: number;
}

const queueKey = 'academy:progress-queue';
const heartbeatSeconds = 15;
const idleAfterMs = 60_000;
const flushEveryMs = 5_000;

type Draft = ProgressEvent extends infer E ? (E extends ProgressEvent ? Omit<E, 'id' | 'lesson'> : never) : never;

function readQueue(): ProgressEvent[] {
  try {
    // Practice results used to be queued here; the server now grades answers itself, so old ones are dropped.
    return (JSON.parse(localStorage.getItem(queueKey) ?? '[]') as { type: string }[]).filter(
      (e) => e.type === 'view' || e.type === 'heartbeat',
    ) as ProgressEvent[];
  } catch {
    return [];
  }
}
const writeQueue = (q: ProgressEvent[]) => localStorage.setItem(queueKey, JSON.stringify(q));

type SyncState = 'idle' | 'synced' | 'offline' | 'signed-out';
const syncText: Record<SyncState, string> = {
  idle: '正在记录学习进度…',
  synced: '学习进度已同步。',
  offline: '网络连接中断，学习进度已保存在本机，恢复连接后会自动同步。',
  'signed-out': '登录后即可记录学习进度。',
};

/** 「约 N 分钟」 for a number of seconds (at least 1 minute when any time is left). */
function minutesText(seconds: number): string {
  return `${Math.max(1, Math.ceil(seconds / 60))} 分钟`;
}

/**
 * Records study of a prerendered lesson for a signed-in learner: how far they read, time while the page is
 * visible and they are active (heartbeats), practice results. Events get ids here and wait in localStorage
 * until the server has acknowledged them, so going offline loses nothing and a retry counts nothing twice.
 * What counts is decided by the server: study time on its clock, practice checks graded by it; the panel shows
 * the status the server returns.
 */
export default function LessonTracker({ lesson, practiceChecks, minSeconds }: Props) {
  const [state, setState] = useState<SyncState>('idle');
  const [pending, setPending] = useState(0);
  const [reachedEnd, setReachedEnd] = useState(false);
  const [status, setStatus] = useState<LessonStatus | null>(null);
  const signedIn = useRef<boolean | null>(null);
  const flushing = useRef(false);

  useEffect(() => {
    let lastActivity = Date.now();
    let furthest = 0;

    const enqueue = (draft: Draft) => {
      if (signedIn.current === false) return;
      const event = { ...draft, id: crypto.randomUUID(), lesson } as ProgressEvent;
      const queue = [...readQueue(), event];
      writeQueue(queue);
      setPending(queue.length);
    };

    const flush = async () => {
      if (flushing.current || !signedIn.current) return;
      const batch = readQueue().slice(0, 100);
      if (!batch.length) return;
      flushing.current = true;
      try {
        const { data, error } = await actions.recordProgress({ events: batch });
        const mine = data?.lessons.find((l) => l.lesson === lesson);
        if (mine) setStatus(mine);
        if (error) {
          // Bad events (e.g. a lesson that no longer exists) are dropped; anything else is retried.
          if (error.code === 'BAD_REQUEST') writeQueue(readQueue().filter((e) => !batch.some((b) => b.id === e.id)));
          setState(error.code === 'UNAUTHORIZED' ? 'signed-out' : 'offline');
        } else {
          const rest = readQueue().filter((e) => !batch.some((b) => b.id === e.id));
          writeQueue(rest);
          setPending(rest.length);
          setState('synced');
          if (rest.length) void flush();
        }
      } catch {
        setState('offline');
      } finally {
        flushing.current = false;
      }
    };

    const position = () => {
      const article = document.querySelector<HTMLElement>('article[data-lesson]');
      if (!article) return 0;
      const rect = article.getBoundingClientRect();
      return Math.min(1, Math.max(0, (window.innerHeight - rect.top) / rect.height));
    };
    const onScroll = () => {
      lastActivity = Date.now();
      const p = Math.round(position() * 100) / 100;
      if (p >= furthest + 0.1 || (p >= 0.95 && furthest < 0.95)) {
        furthest = p;
        if (p >= 0.95) setReachedEnd(true);
        enqueue({ type: 'view', position: p });
      }
    };
    const onPractice = (e: Event) => {
      const detail = (e as CustomEvent<PracticeResult>).detail;
      if (detail.status) setStatus(detail.status);
    };
    const onActivity = () => (lastActivity = Date.now());

    fetch('/api/session', { credentials: 'same-origin' })
      .then((r) => r.json() as Promise<{ user: unknown }>)
      .then((s) => {
        signedIn.current = !!s.user;
        if (!s.user) {
          setState('signed-out');
          return;
        }
        onScroll();
        void flush();
        void actions.lessonStatus({ lesson }).then(({ data }) => data && setStatus((s) => s ?? data));
      })
      .catch(() => {
        // Offline on arrival: assume the learner is signed in and let the queue wait for the network.
        signedIn.current = true;
        setState('offline');
        onScroll();
      });

    const heartbeat = setInterval(() => {
      if (document.visibilityState === 'visible' && Date.now() - lastActivity < idleAfterMs)
        enqueue({ type: 'heartbeat', seconds: heartbeatSeconds });
    }, heartbeatSeconds * 1000);
    const flusher = setInterval(() => void flush(), flushEveryMs);
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('practice:result', onPractice);
    window.addEventListener('online', () => void flush());
    document.addEventListener('visibilitychange', onHide);
    for (const type of ['keydown', 'pointerdown', 'pointermove'])
      window.addEventListener(type, onActivity, { passive: true });
    return () => {
      clearInterval(heartbeat);
      clearInterval(flusher);
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('practice:result', onPractice);
      document.removeEventListener('visibilitychange', onHide);
    };
  }, [lesson]);

  const done = status ? status.passedChecks.length : 0;
  const read = reachedEnd || !!status?.reachedEnd;
  const needed = status ? status.secondsNeeded : minSeconds;
  return (
    <aside className="lesson-tracker card" aria-label="本课学习进度">
      <p data-lesson-status={status?.completed ? 'completed' : 'open'}>
        <strong>本课进度：</strong>
        阅读{read ? '已读完' : '未读完'} · 随堂练习 {done}/{practiceChecks.length} 已通过 ·{' '}
        <span data-study-needed={needed}>{needed > 0 ? `还需学习约 ${minutesText(needed)}` : '学习时长已达标'}</span>
        {status?.completed ? ' · 本课已完成' : ''}
      </p>
      <p className="muted">
        本课至少需要 {minutesText(minSeconds)}{' '}
        的有效学习时长（页面在前台且有操作时由服务器计时），读完全文并通过全部随堂练习后才算完成。
      </p>
      <p className="muted" role="status" aria-live="polite" data-sync-state={state}>
        {syncText[state]}
        {state === 'offline' && pending > 0 ? `（待同步 ${pending} 条）` : ''}
      </p>
    </aside>
  );
}
