import { useId, type ReactNode } from 'react';
import type { PublicQuestion } from '../../domain/assessment/public-view.ts';
import type { QuestionResponse } from '../../domain/assessment/response-schema.ts';
import { isSyntheticClip } from '../../domain/voice/model-clip.ts';
import AudioPlayer from './AudioPlayer.tsx';

interface Props {
  question: PublicQuestion;
  number: number;
  response: QuestionResponse | undefined;
  onChange: (response: QuestionResponse) => void;
}

type Of<K extends PublicQuestion['type']> = Extract<PublicQuestion, { type: K }>;
/** What one type's input gets: its public question, the current response, and a way to change it. */
interface InputProps<Q> {
  question: Q;
  response: QuestionResponse | undefined;
  onChange: (r: QuestionResponse) => void;
  /** A page-unique prefix for element ids and radio-group names. */
  name: string;
}

/**
 * The browser's side of each question type: its label and its input. Typed so that a type without a label or an
 * input does not compile. The browser gets public views only; grading stays in
 * src/domain/assessment/question-types/ (which this file must never import: it holds keys and server-only code).
 */
type FieldOf<Q> = { label: string; title?: (q: Q) => string; Input: (props: InputProps<Q>) => ReactNode };
type Fields = { [K in PublicQuestion['type']]: FieldOf<Of<K>> };

const get = <K extends string>(r: QuestionResponse | undefined, k: K): unknown =>
  r && k in r ? (r as Record<string, unknown>)[k] : undefined;

function ChoiceInput({ question: q, response, onChange, name }: InputProps<Of<'single' | 'scenario'>>) {
  return (
    <div className="choices">
      {q.options.map((o) => (
        <label key={o.key}>
          <input
            type="radio"
            name={name}
            checked={get(response, 'choice') === o.key}
            onChange={() => onChange({ choice: o.key })}
          />{' '}
          {o.text}
        </label>
      ))}
    </div>
  );
}

const fields: Fields = {
  single: { label: '单选题', Input: ChoiceInput },
  scenario: { label: '情境题 · 选择最佳回应', Input: ChoiceInput },
  multiple: {
    label: '多选题',
    Input: ({ question: q, response, onChange }) => {
      const chosen = (get(response, 'choices') as string[] | undefined) ?? [];
      return (
        <div className="choices">
          <p className="muted">（可多选）</p>
          {q.options.map((o) => (
            <label key={o.key}>
              <input
                type="checkbox"
                checked={chosen.includes(o.key)}
                onChange={(e) =>
                  onChange({ choices: e.target.checked ? [...chosen, o.key] : chosen.filter((k) => k !== o.key) })
                }
              />{' '}
              {o.text}
            </label>
          ))}
        </div>
      );
    },
  },
  'true-false': {
    label: '判断题',
    Input: ({ response, onChange, name }) => (
      <div className="choices">
        {[true, false].map((v) => (
          <label key={String(v)}>
            <input
              type="radio"
              name={name}
              checked={get(response, 'value') === v}
              onChange={() => onChange({ value: v })}
            />{' '}
            {v ? '正确' : '错误'}
          </label>
        ))}
      </div>
    ),
  },
  ordering: {
    label: '排序题',
    Input: ({ question: q, response, onChange }) => {
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
                <button
                  type="button"
                  className="secondary"
                  disabled={i === 0}
                  onClick={() => move(i, i - 1)}
                  aria-label={`上移：${text(key)}`}
                >
                  ↑ 上移
                </button>
                <button
                  type="button"
                  className="secondary"
                  disabled={i === order.length - 1}
                  onClick={() => move(i, i + 1)}
                  aria-label={`下移：${text(key)}`}
                >
                  ↓ 下移
                </button>
              </span>
            </li>
          ))}
        </ol>
      );
    },
  },
  matching: {
    label: '匹配题',
    Input: ({ question: q, response, onChange, name }) => {
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
                  <option key={r.key} value={r.key}>
                    {r.text}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
      );
    },
  },
  'fill-blank': {
    label: '填空题',
    title: (q) => q.parts.join('＿＿'),
    Input: ({ question: q, response, onChange, name }) => {
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
                  const next = q.parts.slice(0, -1).map((__, j) => (j === i ? e.target.value : (blanks[j] ?? '')));
                  onChange({ blanks: next });
                }}
              />
            </div>
          ))}
        </div>
      );
    },
  },
  listening: {
    label: '听力题',
    Input: ({ question, response, onChange, name }) => (
      <>
        <AudioPlayer {...question.audio} synthetic={isSyntheticClip(question.audio.src)} />
        <p>{question.question.prompt}</p>
        <TypeInput
          question={question.question}
          response={get(response, 'sub') as QuestionResponse | undefined}
          onChange={(sub) => onChange({ sub } as QuestionResponse)}
          name={name}
        />
      </>
    ),
  },
  'audio-timestamp': {
    label: '听力题 · 听到问题时点击',
    Input: ({ question, response, onChange }) => {
      const clicks = (get(response, 'clicks') as number[] | undefined) ?? [];
      return (
        <>
          <AudioPlayer
            {...question.audio}
            synthetic={isSyntheticClip(question.audio.src)}
            onMark={(t) => onChange({ clicks: [...clicks, t] })}
          />
          <p className="muted">已标记：{clicks.map((t) => `${t} 秒`).join('、') || '无'}</p>
          <button type="button" className="secondary" onClick={() => onChange({ clicks: [] })}>
            清除标记
          </button>
        </>
      );
    },
  },
  'typed-reply': {
    label: '回复题 · 写出你的回复',
    Input: ({ question: q, response, onChange, name }) => {
      const text = (get(response, 'text') as string | undefined) ?? '';
      return (
        <div className="field typed-reply">
          <label htmlFor={`${name}-reply`}>你的回复（像对来电客户说话一样写出来）</label>
          <textarea
            id={`${name}-reply`}
            rows={4}
            maxLength={q.maxLength}
            value={text}
            onChange={(e) => onChange({ text: e.target.value })}
          />
          <p className="muted">
            {[...text].length} / {q.maxLength} 字
          </p>
        </div>
      );
    },
  },
};

/** The field of a question's type, typed for that question (the `Fields` type above guarantees the pairing). */
const fieldOf = <Q extends PublicQuestion>(q: Q) => fields[q.type] as unknown as FieldOf<Q>;

function TypeInput(props: InputProps<PublicQuestion>) {
  const { Input } = fieldOf(props.question);
  return <Input {...props} />;
}

/** One question of a quiz or exam, with the input its type needs. */
export default function QuestionField({ question, number, response, onChange }: Props) {
  const headingId = useId();
  const name = useId();
  const field = fieldOf(question);
  return (
    <section className="question card" aria-labelledby={headingId} data-question={question.id}>
      <h2 id={headingId} className="question-title">
        <span className="question-number">
          第 {number} 题 · {field.label}
        </span>
        {field.title ? field.title(question) : question.prompt}
      </h2>
      <TypeInput question={question} response={response} onChange={onChange} name={name} />
    </section>
  );
}
