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

export function admissionQueue({ maxActive, maxQueued, maxWaitMs }: AdmissionOptions) {
  let active = 0;
  const urgentWaiting: { admit: () => void }[] = [];
  const normalWaiting: { admit: () => void }[] = [];
  const waitingCount = () => urgentWaiting.length + normalWaiting.length;
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
          waiting.splice(waiting.indexOf(entry), 1);
          resolve(false);
        }, maxWaitMs);
        waiting.push(entry);
      });
    },
    leave(): void {
      active--;
      (urgentWaiting.shift() ?? normalWaiting.shift())?.admit();
    },
    get active() {
      return active;
    },
    get waiting() {
      return waitingCount();
    },
  };
}
