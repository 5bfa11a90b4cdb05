/**
 * The bench's shape: named scenarios, each measuring once and returning a typed result, and named checks that
 * compare one figure of that result with a limit. A failing check says which scenario, which check, what was
 * measured and what the limit was.
 */

/** `quick` is the smoke run of `npm test` (small sizes, generous limits); `full` is `npm run bench`. */
export type BenchMode = 'quick' | 'full';

/** A limit: the measured value must be at least `min` and/or at most `max`. */
export interface Limit {
  min?: number;
  max?: number;
}

/** A named check on a scenario's result. */
export interface Check<R> {
  /** Short English name, unique within its scenario (e.g. `submit errors`). */
  name: string;
  /** The figure of the result that the limit applies to. */
  measure: (result: R) => number;
  /** The limit, per mode when quick and full runs need different ones. */
  limit: Limit | Record<BenchMode, Limit>;
  /** Unit printed after the measured value and the limit (e.g. `ms`, `/s`, `KiB`). */
  unit?: string;
}

/** One line of the printed table: what was measured, and the figures. */
export type Row = readonly [measure: string, figures: string];

/** A named scenario: `run` measures and returns its result; `rows` and `checks` read that result. */
export interface Scenario<C, R> {
  /** Stable kebab-case name, used in the JSON output and in failure messages (e.g. `quiz-submit@50`). */
  name: string;
  run: (context: C) => Promise<R>;
  rows: (result: R) => Row[];
  checks: readonly Check<R>[];
}

/** The outcome of one check. */
export interface CheckOutcome {
  scenario: string;
  check: string;
  /** The measured value; NaN when the scenario did not complete. */
  measured: number;
  /** The limit as text, e.g. `≤ 0` or `≥ 0.005`. */
  limit: string;
  unit: string;
  passed: boolean;
}

/** The outcome of one scenario: its result (absent when it threw), its table rows and its checks. */
export interface ScenarioOutcome<R = unknown> {
  scenario: string;
  result?: R;
  /** Why the scenario did not complete. */
  error?: string;
  rows: Row[];
  checks: CheckOutcome[];
}

/** The check every scenario has: it ran to the end without throwing. */
export const completedCheck = 'completed';

const limitOf = (limit: Limit | Record<BenchMode, Limit>, mode: BenchMode): Limit =>
  'quick' in limit || 'full' in limit ? (limit as Record<BenchMode, Limit>)[mode] : (limit as Limit);

/** The limit as text: `≥ 1`, `≤ 0`, `1 … 5`. */
export function formatLimit(limit: Limit): string {
  if (limit.min !== undefined && limit.max !== undefined) return `${limit.min} … ${limit.max}`;
  if (limit.min !== undefined) return `≥ ${limit.min}`;
  if (limit.max !== undefined) return `≤ ${limit.max}`;
  return 'any';
}

/** Evaluates a scenario's checks on its result. A measured NaN never passes. */
export function evaluateChecks<R>(
  scenario: Pick<Scenario<unknown, R>, 'name' | 'checks'>,
  result: R,
  mode: BenchMode,
): CheckOutcome[] {
  return scenario.checks.map((check) => {
    const limit = limitOf(check.limit, mode);
    let measured: number;
    try {
      measured = check.measure(result);
    } catch {
      measured = Number.NaN;
    }
    const passed =
      Number.isFinite(measured) &&
      (limit.min === undefined || measured >= limit.min) &&
      (limit.max === undefined || measured <= limit.max);
    return {
      scenario: scenario.name,
      check: check.name,
      measured,
      limit: formatLimit(limit),
      unit: check.unit ?? '',
      passed,
    };
  });
}

/**
 * Runs one scenario and evaluates its checks. A scenario that throws fails its `completed` check (with the
 * error message) and every other check, so the run goes on and the report names what could not be measured.
 */
export async function runScenario<C, R>(
  scenario: Scenario<C, R>,
  context: C,
  mode: BenchMode,
  log: (message: string) => void = () => {},
): Promise<ScenarioOutcome<R>> {
  log(`scenario ${scenario.name}`);
  let result: R;
  try {
    result = await scenario.run(context);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`scenario ${scenario.name} failed: ${message}`);
    const notMeasured = (check: string, limit: string): CheckOutcome => ({
      scenario: scenario.name,
      check,
      measured: Number.NaN,
      limit,
      unit: '',
      passed: false,
    });
    return {
      scenario: scenario.name,
      error: message,
      rows: [[scenario.name, `did not complete: ${message}`]],
      checks: [
        notMeasured(completedCheck, 'no error'),
        ...scenario.checks.map((c) => notMeasured(c.name, formatLimit(limitOf(c.limit, mode)))),
      ],
    };
  }
  const completed: CheckOutcome = {
    scenario: scenario.name,
    check: completedCheck,
    measured: 1,
    limit: 'no error',
    unit: '',
    passed: true,
  };
  return {
    scenario: scenario.name,
    result,
    rows: scenario.rows(result),
    checks: [completed, ...evaluateChecks(scenario, result, mode)],
  };
}

/** One line per failed check: `bench check failed: quiz-submit@5 › submit errors: measured 3, limit ≤ 0`. */
export function describeFailure(outcome: CheckOutcome, error?: string): string {
  const unit = outcome.unit ? ` ${outcome.unit}` : '';
  const measured = Number.isNaN(outcome.measured)
    ? `not measured${error ? ` (${error})` : ''}`
    : `measured ${outcome.measured}${unit}`;
  return `bench check failed: ${outcome.scenario} › ${outcome.check}: ${measured}, limit ${outcome.limit}${outcome.limit === 'no error' ? '' : unit}`;
}

/** The report's last part: a line per failed check, then `bench: N passed, M failed`. */
export function summarizeChecks(outcomes: readonly ScenarioOutcome[]): {
  passed: number;
  failed: number;
  lines: string[];
} {
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;
  for (const o of outcomes) {
    for (const c of o.checks) {
      if (c.passed) passed++;
      else {
        failed++;
        lines.push(describeFailure(c, c.check === completedCheck ? o.error : undefined));
      }
    }
  }
  lines.push(`bench: ${passed} passed, ${failed} failed`);
  return { passed, failed, lines };
}
