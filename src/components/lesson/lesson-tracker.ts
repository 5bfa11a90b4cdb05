import { actions } from 'astro:actions';
import type { ProgressEvent } from '../../domain/progress/schema.ts';
import type { LessonStatus } from '../../domain/progress/service.ts';
import { onLessonStatus, setLessonStatus } from './lesson-state.ts';

const queueKey = 'academy:progress-queue';
const heartbeatSeconds = 15;
const idleAfterMs = 60_000;
const flushEveryMs = 5_000;

type Draft = ProgressEvent extends infer E ? (E extends ProgressEvent ? Omit<E, 'id' | 'lesson'> : never) : never;

function readQueue(): ProgressEvent[] {
  try {
    // Practice results used to be queued here; the server now grades answers itself, so old ones are dropped.
    const queued = JSON.parse(localStorage.getItem(queueKey) ?? '[]') as { type: string }[];
    return queued.filter((e) => e.type === 'view' || e.type === 'heartbeat') as ProgressEvent[];
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
const minutesText = (seconds: number) => `${Math.max(1, Math.ceil(seconds / 60))} 分钟`;

/**
 * <lesson-tracker>: records study of a prerendered lesson for a signed-in learner — how far they read, time while
 * the page is visible and they are active (heartbeats). Events get ids here and wait in localStorage until the
 * server has acknowledged them, so going offline loses nothing and a retry counts nothing twice. What counts is
 * decided by the server; the panel shows the status it returns, loaded as soon as the page opens.
 */
class LessonTracker extends HTMLElement {
  private signedIn: boolean | null = null;
  private flushing = false;
  private reachedEnd = false;
  private status: LessonStatus | null = null;
  private state: SyncState = 'idle';
  private pending = 0;

  connectedCallback() {
    const lesson = this.dataset.lesson!;
    let lastActivity = Date.now();
    let furthest = 0;

    const enqueue = (draft: Draft) => {
      if (this.signedIn === false) return;
      const queue = [...readQueue(), { ...draft, id: crypto.randomUUID(), lesson } as ProgressEvent];
      writeQueue(queue);
      this.pending = queue.length;
    };
    const flush = async () => {
      if (this.flushing || !this.signedIn) return;
      const batch = readQueue().slice(0, 100);
      if (!batch.length) return;
      this.flushing = true;
      try {
        const { data, error } = await actions.recordProgress({ events: batch });
        const mine = data?.lessons.find((l) => l.lesson === lesson);
        if (mine) setLessonStatus(mine);
        const rest = () => readQueue().filter((e) => !batch.some((b) => b.id === e.id));
        if (error) {
          // Bad events (e.g. a lesson that no longer exists) are dropped; anything else is retried.
          if (error.code === 'BAD_REQUEST') writeQueue(rest());
          this.show(error.code === 'UNAUTHORIZED' ? 'signed-out' : 'offline');
        } else {
          const left = rest();
          writeQueue(left);
          this.pending = left.length;
          this.show('synced');
          if (left.length) setTimeout(() => void flush());
        }
      } catch {
        this.show('offline');
      } finally {
        this.flushing = false;
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
        if (p >= 0.95) {
          this.reachedEnd = true;
          this.render();
        }
        enqueue({ type: 'view', position: p });
      }
    };

    onLessonStatus((status) => {
      if (status.lesson !== lesson) return;
      this.status = status;
      this.render();
    });
    fetch('/api/session', { credentials: 'same-origin' })
      .then((r) => r.json() as Promise<{ user: unknown }>)
      .then((s) => {
        this.signedIn = !!s.user;
        if (!s.user) return this.show('signed-out');
        onScroll();
        void flush();
        void actions.lessonStatus({ lesson }).then(({ data }) => data && !this.status && setLessonStatus(data));
      })
      .catch(() => {
        // Offline on arrival: assume the learner is signed in and let the queue wait for the network.
        this.signedIn = true;
        this.show('offline');
        onScroll();
      });

    setInterval(() => {
      if (document.visibilityState === 'visible' && Date.now() - lastActivity < idleAfterMs) {
        enqueue({ type: 'heartbeat', seconds: heartbeatSeconds });
      }
    }, heartbeatSeconds * 1000);
    setInterval(() => void flush(), flushEveryMs);
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('online', () => void flush());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') void flush();
    });
    const onActivity = () => (lastActivity = Date.now());
    for (const type of ['keydown', 'pointerdown', 'pointermove'])
      window.addEventListener(type, onActivity, { passive: true });
  }

  private show(state: SyncState) {
    this.state = state;
    this.render();
  }

  private render() {
    const status = this.status;
    const needed = status ? status.secondsNeeded : Number(this.dataset.minSeconds);
    this.querySelector('[data-lesson-status]')!.setAttribute(
      'data-lesson-status',
      status?.completed ? 'completed' : 'open',
    );
    this.querySelector('[data-read]')!.textContent = this.reachedEnd || status?.reachedEnd ? '已读完' : '未读完';
    this.querySelector('[data-passed]')!.textContent = String(status ? status.passedChecks.length : 0);
    const study = this.querySelector<HTMLElement>('[data-study-needed]')!;
    study.dataset.studyNeeded = String(needed);
    study.textContent = needed > 0 ? `还需学习约 ${minutesText(needed)}` : '学习时长已达标';
    this.querySelector('[data-completed]')!.textContent = status?.completed ? ' · 本课已完成' : '';
    const sync = this.querySelector<HTMLElement>('[data-sync-state]')!;
    sync.dataset.syncState = this.state;
    const pending = this.state === 'offline' && this.pending > 0 ? `（待同步 ${this.pending} 条）` : '';
    sync.textContent = syncText[this.state] + pending;
  }
}

if (!customElements.get('lesson-tracker')) customElements.define('lesson-tracker', LessonTracker);
