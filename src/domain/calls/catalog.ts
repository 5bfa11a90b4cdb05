// The call scenarios the app serves: content/calls/*.json, parsed and graph-checked once per process. The test
// fixture calls (tests/fixtures/calls/) are served too when CALL_FIXTURES=on (e2e and integration tests), so the
// tests never depend on the course's calls. Server-side only: a scenario holds the graph and the scoring (keys).
import { parseOrExplain } from '../../platform/errors/validation-message.ts';
import { callScenarioSchema, type CallScenario } from './schema.ts';

const contentFiles = import.meta.glob<unknown>('../../../content/calls/*.json', { eager: true, import: 'default' });
const fixtureFiles = import.meta.glob<unknown>('../../../tests/fixtures/calls/*.json', {
  eager: true,
  import: 'default',
});

let cached: { key: string; calls: CallScenario[] } | undefined;

/** Whether the fixture calls are served (tests). */
export const fixturesOn = () => process.env.CALL_FIXTURES === 'on';

/** Every call, content first, then (under tests) the fixtures. */
export function callCatalog(): CallScenario[] {
  const key = fixturesOn() ? 'with-fixtures' : 'content';
  if (cached?.key === key) return cached.calls;
  const files = { ...contentFiles, ...(fixturesOn() ? fixtureFiles : {}) };
  const calls = Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, data]) => parseOrExplain(callScenarioSchema, data, path.replace(/^(\.\.\/)+/, '')));
  cached = { key, calls };
  return calls;
}

export function callById(id: string): CallScenario | undefined {
  return callCatalog().find((c) => c.id === id);
}

/** The course's calls (never fixtures) that practise a lesson `module/NN-slug` — for prerendered lesson pages. */
export function callsForLesson(ref: string): { id: string; title: string }[] {
  return Object.values(contentFiles)
    .map((data) => callScenarioSchema.safeParse(data))
    .flatMap((r) => (r.success && r.data.lessons.includes(ref) ? [{ id: r.data.id, title: r.data.title }] : []));
}
