import { useId, useState } from 'react';
import type { PracticeIslandProps } from '../lesson/practice-island.ts';
import { submitPractice } from './practice-result.ts';

export type ChooseReplyProps = PracticeIslandProps<'choose-reply'>;

/** Practice check: choose the better reply to a caller. Graded on the server, which returns the feedback. */
export default function ChooseReply({ lesson, check }: ChooseReplyProps) {
  const name = useId();
  const [picked, setPicked] = useState<number | null>(null);
  const [result, setResult] = useState<{ option: number; passed: boolean; feedback: string } | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  return (
    <form
      className="practice"
      data-practice={check.id}
      onSubmit={async (e) => {
        e.preventDefault();
        if (picked === null || busy) return;
        setBusy(true);
        setError('');
        const answer = await submitPractice(lesson, check.id, { kind: 'choose-reply', option: picked });
        setBusy(false);
        if ('error' in answer) setError(answer.error);
        else if (answer.grade.kind === 'choose-reply')
          setResult({ option: picked, passed: answer.grade.passed, feedback: answer.grade.feedback });
      }}
    >
      <fieldset>
        <legend>
          <span className="practice-kind">随堂练习 · 选择更好的回应</span>
          {check.prompt}
        </legend>
        {check.options.map((text, i) => (
          <label
            key={text}
            className={result && result.option === i ? (result.passed ? 'is-right' : 'is-wrong') : undefined}
          >
            <input
              type="radio"
              name={name}
              value={i}
              checked={picked === i}
              onChange={() => {
                setPicked(i);
                setResult(null);
              }}
            />{' '}
            {text}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={picked === null || busy}>
        {busy ? '正在批改…' : '提交答案'}
      </button>
      <div role="status" aria-live="polite" className="practice-feedback">
        {result && (
          <p className={result.passed ? 'ok' : 'bad'}>
            <strong>{result.passed ? '回答正确。' : '还可以更好。'}</strong>
            {result.feedback}
            {!result.passed && ' 请再选一次。'}
          </p>
        )}
        {error && <p className="bad">{error}</p>}
      </div>
    </form>
  );
}
