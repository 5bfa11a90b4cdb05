/**
 * The exam-day request schedule of an open-model replay: every trainee starts at a random moment of the start
 * window, autosaves after each think time and submits when their sitting ends. Requests are sent at these times
 * whatever the server's state, so a slow server builds a queue instead of slowing its own load down.
 */
export interface ExamDayPlan {
  trainees: number;
  /** All trainees start within this many seconds. */
  startWindowSeconds: number;
  /** How long one trainee sits the exam, from start to submit (seconds, uniform in the range). */
  sittingSeconds: readonly [number, number];
  /** Think time between two autosaves (seconds, uniform in the range). */
  autosaveEverySeconds: readonly [number, number];
  /** The share of trainees who answer every question right (and so pass and are certified); the rest mostly fail. */
  passRate: number;
}

/** One trainee's request times in ms from the start of the replay. */
export interface TraineeSchedule {
  start: number;
  autosaves: number[];
  submit: number;
}

export function examDaySchedule(plan: ExamDayPlan, random: () => number): TraineeSchedule[] {
  const between = ([lo, hi]: readonly [number, number]) => (lo + (hi - lo) * random()) * 1000;
  return Array.from({ length: plan.trainees }, () => {
    const start = random() * plan.startWindowSeconds * 1000;
    const submit = start + between(plan.sittingSeconds);
    const autosaves: number[] = [];
    for (let at = start + between(plan.autosaveEverySeconds); at < submit; at += between(plan.autosaveEverySeconds))
      autosaves.push(at);
    return { start, autosaves, submit };
  });
}

/** Requests per step and the schedule's length, for the report. */
export function scheduleTotals(schedule: readonly TraineeSchedule[]) {
  return {
    starts: schedule.length,
    autosaves: schedule.reduce((n, s) => n + s.autosaves.length, 0),
    submits: schedule.length,
    lastStartSeconds: Math.max(0, ...schedule.map((s) => s.start)) / 1000,
    seconds: Math.max(0, ...schedule.map((s) => s.submit)) / 1000,
  };
}
