import { useState } from 'react';
import type { PracticeIslandProps } from '../lesson/practice-island.ts';
import { submitPractice } from './practice-result.ts';

export type FlipCardsProps = PracticeIslandProps<'flip-cards'>;

/**
 * Practice check: recall the back of each card, then turn it to compare. The backs are on the server, which
 * hands each one out when its card is turned; the check is done when every card has been turned.
 */
export default function FlipCards({ lesson, check }: FlipCardsProps) {
  const { fronts, title } = check;
  const [flipped, setFlipped] = useState<boolean[]>(() => fronts.map(() => false));
  const [backs, setBacks] = useState<(string | null)[]>(() => fronts.map(() => null));
  const [error, setError] = useState('');
  const seenCount = backs.filter((b) => b !== null).length;

  const flip = async (i: number) => {
    setError('');
    if (backs[i] === null) {
      const answer = await submitPractice(lesson, check.id, { kind: 'flip-cards', card: i });
      if ('error' in answer) return setError(answer.error);
      if (answer.grade.kind !== 'flip-cards') return;
      const back = answer.grade.back;
      setBacks((b) => b.map((v, j) => (j === i ? back : v)));
    }
    setFlipped((f) => f.map((v, j) => (j === i ? !v : v)));
  };

  return (
    <section className="practice" data-practice={check.id} aria-label={`随堂练习：${title}`}>
      <p className="practice-kind">随堂练习 · {title}</p>
      <p className="muted">先想一想答案，再点击卡片翻面核对。</p>
      <ul className="flip-cards">
        {fronts.map((front, i) => (
          <li key={front}>
            <button
              type="button"
              className={flipped[i] ? 'flip-card is-flipped' : 'flip-card'}
              aria-pressed={flipped[i]}
              onClick={() => void flip(i)}
            >
              <span className="flip-side">{flipped[i] ? '答案' : '提示'}</span>
              <span className="flip-text">{flipped[i] ? backs[i] : front}</span>
            </button>
          </li>
        ))}
      </ul>
      <p role="status" aria-live="polite" className="practice-feedback">
        已翻看 {seenCount} / {fronts.length} 张{seenCount === fronts.length ? '，全部完成。' : ''}
        {error && <span className="bad"> {error}</span>}
      </p>
    </section>
  );
}
