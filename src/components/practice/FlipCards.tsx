import { useState } from 'react';
import { reportPractice } from './practice-result.ts';

export interface FlipCardsProps {
  id: string;
  title?: string;
  cards: { front: string; back: string }[];
}

/** Practice check: flip cards to recall key phrases; done when every card has been turned. */
export default function FlipCards({ id, title = '翻卡记忆', cards }: FlipCardsProps) {
  const [flipped, setFlipped] = useState<boolean[]>(() => cards.map(() => false));
  const [seen, setSeen] = useState<boolean[]>(() => cards.map(() => false));
  const seenCount = seen.filter(Boolean).length;

  const flip = (i: number) => {
    setFlipped((f) => f.map((v, j) => (j === i ? !v : v)));
    setSeen((s) => {
      const next = s.map((v, j) => v || j === i);
      if (!s.every(Boolean) && next.every(Boolean)) reportPractice({ id, passed: true });
      return next;
    });
  };

  return (
    <section className="practice" data-practice={id} aria-label={`随堂练习：${title}`}>
      <p className="practice-kind">随堂练习 · {title}</p>
      <p className="muted">先想一想答案，再点击卡片翻面核对。</p>
      <ul className="flip-cards">
        {cards.map((card, i) => (
          <li key={card.front}>
            <button type="button" className={flipped[i] ? 'flip-card is-flipped' : 'flip-card'} aria-pressed={flipped[i]} onClick={() => flip(i)}>
              <span className="flip-side">{flipped[i] ? '答案' : '提示'}</span>
              <span className="flip-text">{flipped[i] ? card.back : card.front}</span>
            </button>
          </li>
        ))}
      </ul>
      <p role="status" aria-live="polite" className="practice-feedback">
        已翻看 {seenCount} / {cards.length} 张{seenCount === cards.length ? '，全部完成。' : ''}
      </p>
    </section>
  );
}
