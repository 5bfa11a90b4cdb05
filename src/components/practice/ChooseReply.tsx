import { useId, useMemo, useState } from 'react';
import { seededShuffle } from '../../lib/seeded-random.ts';
import { reportPractice } from './practice-result.ts';

export interface ChooseReplyOption {
  text: string;
  correct?: boolean;
  feedback: string;
}
export interface ChooseReplyProps {
  id: string;
  prompt: string;
  options: ChooseReplyOption[];
}

/** Practice check: choose the better reply to a caller. Graded in the browser (formative). */
export default function ChooseReply({ id, prompt, options }: ChooseReplyProps) {
  const name = useId();
  const shown = useMemo(() => seededShuffle(options.map((o, i) => ({ ...o, key: i })), id), [id, options]);
  const [picked, setPicked] = useState<number | null>(null);
  const [checked, setChecked] = useState(false);
  const choice = shown.find((o) => o.key === picked);

  return (
    <form
      className="practice"
      data-practice={id}
      onSubmit={(e) => {
        e.preventDefault();
        if (picked === null) return;
        setChecked(true);
        reportPractice({ id, passed: !!choice?.correct });
      }}
    >
      <fieldset>
        <legend>
          <span className="practice-kind">随堂练习 · 选择更好的回应</span>
          {prompt}
        </legend>
        {shown.map((o) => (
          <label key={o.key} className={checked && o.key === picked ? (o.correct ? 'is-right' : 'is-wrong') : undefined}>
            <input
              type="radio"
              name={name}
              value={o.key}
              checked={picked === o.key}
              onChange={() => {
                setPicked(o.key);
                setChecked(false);
              }}
            />{' '}
            {o.text}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={picked === null}>
        提交答案
      </button>
      <div role="status" aria-live="polite" className="practice-feedback">
        {checked && choice && (
          <p className={choice.correct ? 'ok' : 'bad'}>
            <strong>{choice.correct ? '回答正确。' : '还可以更好。'}</strong>
            {choice.feedback}
            {!choice.correct && ' 请再选一次。'}
          </p>
        )}
      </div>
    </form>
  );
}
