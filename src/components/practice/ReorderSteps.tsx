import { useMemo, useState } from 'react';
import { seededShuffle } from '../../lib/seeded-random.ts';
import { reportPractice } from './practice-result.ts';

export interface ReorderStepsProps {
  id: string;
  prompt: string;
  /** Steps in the correct order; they are shown shuffled. */
  steps: string[];
}

/** Practice check: put the steps of a procedure in order, with buttons (keyboard and screen-reader friendly). */
export default function ReorderSteps({ id, prompt, steps }: ReorderStepsProps) {
  const initial = useMemo(() => {
    const order = seededShuffle(steps.map((_, i) => i), id);
    // A shuffle that happens to be correct would make the exercise pointless.
    return order.every((v, i) => v === i) ? [...order.slice(1), order[0]!] : order;
  }, [id, steps]);
  const [order, setOrder] = useState(initial);
  const [checked, setChecked] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const allRight = order.every((v, i) => v === i);

  const move = (from: number, to: number) => {
    if (to < 0 || to >= order.length) return;
    const next = [...order];
    [next[from], next[to]] = [next[to]!, next[from]!];
    setOrder(next);
    setChecked(false);
    setAnnouncement(`「${steps[next[to]!]}」已移到第 ${to + 1} 位`);
  };

  return (
    <section className="practice" data-practice={id} aria-label="随堂练习：排序">
      <p className="practice-kind">随堂练习 · 排列顺序</p>
      <p>{prompt}</p>
      <ol className="reorder-list">
        {order.map((step, position) => (
          <li key={step} className={checked ? (step === position ? 'is-right' : 'is-wrong') : undefined}>
            <span className="step-text">{steps[step]}</span>
            <span className="step-buttons">
              <button type="button" className="secondary" onClick={() => move(position, position - 1)} disabled={position === 0} aria-label={`上移：${steps[step]}`}>
                ↑ 上移
              </button>
              <button type="button" className="secondary" onClick={() => move(position, position + 1)} disabled={position === order.length - 1} aria-label={`下移：${steps[step]}`}>
                ↓ 下移
              </button>
            </span>
          </li>
        ))}
      </ol>
      <button
        type="button"
        onClick={() => {
          setChecked(true);
          reportPractice({ id, passed: allRight });
        }}
      >
        检查顺序
      </button>
      <div role="status" aria-live="polite" className="practice-feedback">
        {checked ? (
          <p className={allRight ? 'ok' : 'bad'}>
            {allRight ? '顺序完全正确。' : `有 ${order.filter((v, i) => v !== i).length} 步的位置不对，标红的步骤需要调整。`}
          </p>
        ) : (
          <span className="visually-hidden">{announcement}</span>
        )}
      </div>
    </section>
  );
}
