/** Detail of the `practice:result` event every practice check dispatches on window when answered. */
export interface PracticeResult {
  id: string;
  passed: boolean;
}

export function reportPractice(result: PracticeResult) {
  window.dispatchEvent(new CustomEvent<PracticeResult>('practice:result', { detail: result }));
}
