import { useId } from 'react';
import type { PublicQuestion } from '../../lib/quiz-public-view.ts';
import type { QuestionResponse } from '../../schemas/response.ts';
import { isSyntheticClip } from '../../lib/model-clip.ts';
import AudioPlayer from './AudioPlayer.tsx';

interface Props {
  question: PublicQuestion;
  number: number;
  response: QuestionResponse | undefined;
  onChange: (response: QuestionResponse) => void;
}

const typeLabels: Record<PublicQuestion['type'], string> = {
  single: '单选题',
  multiple: '多选题',
  'true-false': '判断题',
  ordering: '排序题',
  matching: '匹配题',
  'fill-blank': '填空题',
  scenario: '情境题 · 选择最佳回应',
  listening: '听力题',
  'audio-timestamp': '听力题 · 听到问题时点击',
};

type Plain = Exclude<PublicQuestion, { type: 'listening' | 'audio-timestamp' }>;
const get = <K extends string>(r: QuestionResponse | undefined, k: K): unknown => (r && k in r ? (r as Record<string, unknown>)[k] : undefined);

function PlainInput({ question: q, response, onChange }: { question: Plain; response: QuestionResponse | undefined; onChange: (r: QuestionResponse) => void }) {
  const name = useId();
  switch (q.type) {
    case 'single':
    case 'scenario':
      return (
        <div className="choices">
          {q.options.map((o) => (
            <label key={o.key}>
              <input type="radio" name={name} checked={get(response, 'choice') === o.key} onChange={() => onChange({ choice: o.key })} /> {o.text}
            </label>
          ))}
        </div>
      );
    case 'multiple': {
      const chosen = (get(response, 'choices') as string[] | undefined) ?? [];
      return (
        <div className="choices">
          <p className="muted">（可多选）</p>
          {q.options.map((o) => (
            <label key={o.key}>
              <input
                type="checkbox"
                checked={chosen.includes(o.key)}
                onChange={(e) => onChange({ choices: e.target.checked ? [...chosen, o.key] : chosen.filter((k) => k !== o.key) })}
              />{' '}
              {o.text}
            </label>
          ))}
        </div>
      );
    }
    case 'true-false':
      return (
        <div className="choices">
          {[true, false].map((v) => (
            <label key={String(v)}>
              <input type="radio" name={name} checked={get(response, 'value') === v} onChange={() => onChange({ value: v })} /> {v ? '正确' : '错误'}
            </label>
          ))}
        </div>
      );
    case 'ordering': {
      const order = (get(response, 'order') as string[] | undefined) ?? q.items.map((i) => i.key);
      const text = (key: string) => q.items.find((i) => i.key === key)?.text ?? '';
      const move = (from: number, to: number) => {
        const next = [...order];
        [next[from], next[to]] = [next[to]!, next[from]!];
        onChange({ order: next });
      };
      return (
        <ol className="reorder-list">
          {order.map((key, i) => (
            <li key={key}>
              <span className="step-text">{text(key)}</span>
              <span className="step-buttons">
                <button type="button" className="secondary" disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={`上移：${text(key)}`}>↑ 上移</button>
                <button type="button" className="secondary" disabled={i === order.length - 1} onClick={() => move(i, i + 1)} aria-label={`下移：${text(key)}`}>↓ 下移</button>
              </span>
            </li>
          ))}
        </ol>
      );
    }
    case 'matching': {
      const matches = (get(response, 'matches') as Record<string, string> | undefined) ?? {};
      return (
        <div className="matching">
          {q.lefts.map((l) => (
            <div className="field" key={l.key}>
              <label htmlFor={`${name}-${l.key}`}>{l.text}</label>
              <select
                id={`${name}-${l.key}`}
                value={matches[l.key] ?? ''}
                onChange={(e) => {
                  const next = { ...matches };
                  if (e.target.value) next[l.key] = e.target.value;
                  else delete next[l.key];
                  onChange({ matches: next });
                }}
              >
                <option value="">请选择</option>
                {q.rights.map((r) => (
                  <option key={r.key} value={r.key}>{r.text}</option>
                ))}
              </select>
            </div>
          ))}
        </div>
      );
    }
    case 'fill-blank': {
      const blanks = (get(response, 'blanks') as string[] | undefined) ?? [];
      return (
        <div className="fill-blanks">
          {q.parts.slice(0, -1).map((_, i) => (
            <div className="field" key={i}>
              <label htmlFor={`${name}-${i}`}>第 {i + 1} 空</label>
              <input
                id={`${name}-${i}`}
                type="text"
                maxLength={200}
                value={blanks[i] ?? ''}
                onChange={(e) => {
                  const next = q.parts.slice(0, -1).map((__, j) => (j === i ? e.target.value : blanks[j] ?? ''));
                  onChange({ blanks: next });
                }}
              />
            </div>
          ))}
        </div>
      );
    }
  }
}

/** One question of a quiz or exam, with the input its type needs. */
export default function QuestionField({ question, number, response, onChange }: Props) {
  const headingId = useId();
  return (
    <section className="question card" aria-labelledby={headingId} data-question={question.id}>
      <h2 id={headingId} className="question-title">
        <span className="question-number">第 {number} 题 · {typeLabels[question.type]}</span>
        {question.type === 'fill-blank' ? question.parts.join('＿＿') : question.prompt}
      </h2>
      {question.type === 'listening' ? (
        <>
          <AudioPlayer {...question.audio} synthetic={isSyntheticClip(question.audio.src)} />
          <p>{question.question.prompt}</p>
          <PlainInput question={question.question as Plain} response={get(response, 'sub') as QuestionResponse | undefined} onChange={(sub) => onChange({ sub } as QuestionResponse)} />
        </>
      ) : question.type === 'audio-timestamp' ? (
        <>
          <AudioPlayer {...question.audio} synthetic={isSyntheticClip(question.audio.src)} onMark={(t) => onChange({ clicks: [...((get(response, 'clicks') as number[] | undefined) ?? []), t] })} />
          <p className="muted">已标记：{((get(response, 'clicks') as number[] | undefined) ?? []).map((t) => `${t} 秒`).join('、') || '无'}</p>
          <button type="button" className="secondary" onClick={() => onChange({ clicks: [] })}>清除标记</button>
        </>
      ) : (
        <PlainInput question={question} response={response} onChange={onChange} />
      )}
    </section>
  );
}
