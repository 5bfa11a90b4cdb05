/**
 * Admission control for the app server: at most `maxActive` requests run at once, later ones wait in arrival order,
 * and a request that would wait behind `maxQueued` others, or longer than `maxWaitMs`, is turned away at once so
 * its client can come back later. Under a burst (every trainee opening the exam in the same minute) the server
 * keeps working at full speed on requests it can finish in time, instead of slowing every request down until
 * connections time out. Urgent requests (saving and submitting answers: work already in progress) are let in
 * before any other waiting request, so trainees sitting an exam are not held up by others opening it.
 */
export interface AdmissionOptions {
  maxActive: number;
  maxQueued: number;
  maxWaitMs: number;
}

export function admissionQueue({ maxActive, maxQueued, maxWaitMs }: AdmissionOptions, clock = Date.now) {
  let active = 0;
  const urgentWaiting: { admit: () => void }[] = [];
  const normalWaiting: { admit: () => void }[] = [];
  const waitingCount = () => urgentWaiting.length + normalWaiting.length;
  // Busy: more than one request running (the one asking may be one of them) or any waiting.
  const busy = () => active > 1 || waitingCount() > 0;
  let busyUntil = -Infinity;
  return {
    /** Resolves true when the request may run (call `leave` when it is done), false when it is turned away. */
    enter(urgent = false): Promise<boolean> {
      const waiting = urgent ? urgentWaiting : normalWaiting;
      if (active < maxActive && !waitingCount()) {
        active++;
        return Promise.resolve(true);
      }
      if (waitingCount() >= maxQueued) return Promise.resolve(false);
      return new Promise((resolve) => {
        const entry = {
          admit: () => {
            clearTimeout(timer);
            active++;
            resolve(true);
          },
        };
        const timer = setTimeout(() => {
          busyUntil = clock();
          waiting.splice(waiting.indexOf(entry), 1);
          resolve(false);
        }, maxWaitMs);
        waiting.push(entry);
      });
    },
    leave(): void {
      if (busy()) busyUntil = clock();
      active--;
      (urgentWaiting.shift() ?? normalWaiting.shift())?.admit();
    },
    get active() {
      return active;
    },
    get waiting() {
      return waitingCount();
    },
    /** How long the gate has not been busy (0 while it is); background work widens only after a while of quiet. */
    quietForMs(): number {
      return busy() ? 0 : clock() - busyUntil;
    },
  };
}

/** What background work asks of the gate in front of this process's requests: how long it has been quiet. */
export type AdmissionLoad = Pick<ReturnType<typeof admissionQueue>, 'quietForMs'>;

// The built app (dist/server) is a module graph of its own, loaded by src/platform/http/server.ts: the gate's load
// reaches the app's code through one global under a registered symbol, the same in both graphs.
const loadKey = Symbol.for('hotline-academy/admission-load');
const registry = globalThis as { [loadKey]?: AdmissionLoad };

/** Make the gate in front of this process's requests visible to the app's code (undefined: none). */
export function publishAdmissionLoad(load: AdmissionLoad | undefined): void {
  registry[loadKey] = load;
}

/** The load of the gate in front of this process's requests; undefined without one (dev server, tests, scripts). */
export const admissionLoad = (): AdmissionLoad | undefined => registry[loadKey];

/**
 * One worker's share of the admission limits, which are set for the whole app (`APP_MAX_*`): every worker admits
 * its part, so the machine as a whole runs and queues what the settings say whatever the number of workers.
 */
export function admissionPerWorker(total: AdmissionOptions, workers: number): AdmissionOptions {
  const n = Math.max(1, Math.floor(workers));
  return {
    maxActive: Math.max(1, Math.ceil(total.maxActive / n)),
    maxQueued: Math.ceil(total.maxQueued / n),
    maxWaitMs: total.maxWaitMs,
  };
}
