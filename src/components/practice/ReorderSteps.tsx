import { useState } from 'react';
import type { PracticeIslandProps } from '../lesson/practice-island.ts';
import { submitPractice } from './practice-result.ts';

export type ReorderStepsProps = PracticeIslandProps<'reorder-steps'>;

/**
 * Practice check: put the steps of a procedure in order, with buttons (keyboard and screen-reader friendly).
 * The page holds the steps in an order unrelated to the correct one; the server says which positions are wrong.
 */
export default function ReorderSteps({ lesson, check }: ReorderStepsProps) {
  const { steps } = check;
  const [order, setOrder] = useState(() => steps.map((_, i) => i));
  const [result, setResult] = useState<{ passed: boolean; wrong: number[] } | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');

  const move = (from: number, to: number) => {
    if (to < 0 || to >= order.length) return;
    const next = [...order];
    [next[from], next[to]] = [next[to]!, next[from]!];
    setOrder(next);
    setResult(null);
    setAnnouncement(`「${steps[next[to]!]}」已移到第 ${to + 1} 位`);
  };

  return (
    <section className="practice" data-practice={check.id} aria-label="随堂练习：排序">
      <p className="practice-kind">随堂练习 · 排列顺序</p>
      <p>{check.prompt}</p>
      <ol className="reorder-list">
        {order.map((step, position) => (
          <li key={step} className={result ? (result.wrong.includes(position) ? 'is-wrong' : 'is-right') : undefined}>
            <span className="step-text">{steps[step]}</span>
            <span className="step-buttons">
              <button
                type="button"
                className="secondary"
                onClick={() => move(position, position - 1)}
                disabled={position === 0}
                aria-label={`上移：${steps[step]}`}
              >
                ↑ 上移
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => move(position, position + 1)}
                disabled={position === order.length - 1}
                aria-label={`下移：${steps[step]}`}
              >
                ↓ 下移
              </button>
            </span>
          </li>
        ))}
      </ol>
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError('');
          const answer = await submitPractice(lesson, check.id, { kind: 'reorder-steps', order });
          setBusy(false);
          if ('error' in answer) setError(answer.error);
          else if (answer.grade.kind === 'reorder-steps')
            setResult({ passed: answer.grade.passed, wrong: answer.grade.wrongPositions });
        }}
      >
        {busy ? '正在批改…' : '检查顺序'}
      </button>
      <div role="status" aria-live="polite" className="practice-feedback">
        {result ? (
          <p className={result.passed ? 'ok' : 'bad'}>
            {result.passed ? '顺序完全正确。' : `有 ${result.wrong.length} 步的位置不对，标红的步骤需要调整。`}
          </p>
        ) : (
          <span className="visually-hidden">{announcement}</span>
        )}
        {error && <p className="bad">{error}</p>}
      </div>
    </section>
  );
}
