// The draft editor of /trainer/questions/<id>: every question type of the registry, with the item-writing warnings
// and remaining problems shown as the trainer types (computed by the server: checkQuestionDraft, which runs the
// bank schema, the type's checks and src/domain/assessment/item-cues.ts — the registry never reaches the browser).
import { actions } from 'astro:actions';
import { useEffect, useId, useRef, useState } from 'react';

type Q = Record<string, unknown>;
type Opt = { id: string; text: string; score?: number; feedback?: string };
type Pair = { id: string; left: string; right: string };
type Named = { label: string; phrasings: string[] };

export interface DraftEditorProps {
  draftId: string;
  version: number;
  module: string;
  question: Q;
  course: { slug: string; title: string; lessons: { id: string; title: string }[] }[];
  replacesPool?: 'practice' | 'exam';
}

const typeLabels: [string, string][] = [
  ['single', '单选'],
  ['multiple', '多选'],
  ['true-false', '判断'],
  ['scenario', '情境（每个选项有得分和反馈）'],
  ['ordering', '排序'],
  ['matching', '配对'],
  ['fill-blank', '填空'],
  ['typed-reply', '自由作答（按要点和禁语判分）'],
  ['listening', '听力'],
  ['audio-timestamp', '录音标记'],
];
const letters = 'abcdefgh';
const ids = (n: number) => Array.from({ length: n }, (_, i) => letters[i]!);

/** The type-specific part of a new question of `type` (keeps prompt, explanation and metadata). */
function templateFor(type: string, q: Q): Q {
  const opts = (Array.isArray(q.options) ? (q.options as Opt[]) : []).map((o) => o.text);
  const texts = opts.length >= 3 ? opts : ['', '', ''];
  const common = {
    type,
    prompt: q.prompt ?? '',
    explanation: q.explanation ?? '',
    lesson: q.lesson,
    difficulty: q.difficulty ?? 'medium',
    tags: q.tags ?? [],
  };
  const audio = { src: '/audio/listening/example.ogg', transcript: '', duration: 30 };
  switch (type) {
    case 'single':
      return { ...common, options: texts.map((text, i) => ({ id: letters[i], text })), answer: 'a' };
    case 'multiple':
      return {
        ...common,
        options: texts.map((text, i) => ({ id: letters[i], text })),
        answer: ['a'],
        scoring: 'all-or-nothing',
      };
    case 'true-false':
      return { ...common, answer: true };
    case 'scenario':
      return {
        ...common,
        options: texts.map((text, i) => ({ id: letters[i], text, score: i === 0 ? 1 : 0, feedback: '' })),
      };
    case 'ordering':
      return { ...common, items: texts.map((text, i) => ({ id: letters[i], text })) };
    case 'matching':
      return { ...common, pairs: ids(3).map((id) => ({ id, left: '', right: '' })), distractors: [] };
    case 'fill-blank':
      return { ...common, blanks: [{ accepted: [''] }] };
    case 'typed-reply':
      return {
        ...common,
        required: [{ label: '', phrasings: [''] }],
        forbidden: [{ label: '服务禁语', phrasings: ['不知道'] }],
        modelAnswer: '',
      };
    case 'listening':
      return {
        ...common,
        audio,
        question: {
          id: 'zz-001',
          type: 'true-false',
          difficulty: 'medium',
          lesson: q.lesson,
          tags: [],
          prompt: '',
          explanation: '（见上级解析）',
          answer: true,
        },
      };
    case 'audio-timestamp':
      return { ...common, audio, targets: [{ start: 0, end: 1, label: '' }], tolerance: 1, extraClickPenalty: 0.25 };
    default:
      return common;
  }
}

const lines = (s: string) =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
/** 「名称：说法一｜说法二」 per line, for typed-reply elements. */
const namedToText = (list: Named[]) => list.map((n) => `${n.label}：${n.phrasings.join('｜')}`).join('\n');
const textToNamed = (s: string): Named[] =>
  lines(s).map((l) => {
    const [label, rest = ''] = l.split(/[：:]/, 2);
    return {
      label: label!.trim(),
      phrasings: rest
        .split(/[｜|]/)
        .map((p) => p.trim())
        .filter(Boolean),
    };
  });

export default function DraftEditor(props: DraftEditorProps) {
  const [q, setQ] = useState<Q>(props.question);
  const [version, setVersion] = useState(props.version);
  const [module, setModule] = useState(props.module);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [status, setStatus] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const [pool, setPool] = useState<'practice' | 'exam'>(props.replacesPool ?? 'practice');
  const [busy, setBusy] = useState(false);
  const dirty = useRef(false);
  const uid = useId();
  const id = (name: string) => `${uid}-${name}`;

  const set = (patch: Q) => {
    dirty.current = true;
    setQ((old) => ({ ...old, ...patch }));
  };

  useEffect(() => {
    const timer = setTimeout(async () => {
      const { data, error } = await actions.checkQuestionDraft({ question: q });
      if (data) {
        setWarnings(data.warnings);
        setProblems(data.problems);
      } else if (error) setStatus({ tone: 'error', text: error.message });
    }, 350);
    return () => clearTimeout(timer);
  }, [q]);

  async function save(): Promise<number | null> {
    const { data, error } = await actions.saveQuestionDraft({ id: props.draftId, version, module, question: q });
    if (error) {
      setStatus({ tone: 'error', text: error.message });
      return null;
    }
    dirty.current = false;
    setVersion(data.version);
    return data.version;
  }

  async function onSave() {
    setBusy(true);
    if ((await save()) !== null) setStatus({ tone: 'info', text: '草稿已保存。' });
    setBusy(false);
  }

  async function onPublish() {
    setBusy(true);
    const v = dirty.current ? await save() : version;
    if (v !== null) {
      const { data, error } = await actions.publishQuestionDraft({ id: props.draftId, version: v, pool });
      if (error) setStatus({ tone: 'error', text: error.message });
      else window.location.assign(`/trainer/questions#published-${data.questionId}`);
    }
    setBusy(false);
  }

  const type = String(q.type ?? 'single');
  const options = (Array.isArray(q.options) ? q.options : []) as Opt[];
  const setOption = (i: number, patch: Partial<Opt>) =>
    set({ options: options.map((o, j) => (j === i ? { ...o, ...patch } : o)) });
  const addOption = () =>
    set({
      options: [
        ...options,
        {
          id: letters[options.length] ?? `o${options.length}`,
          text: '',
          ...(type === 'scenario' ? { score: 0, feedback: '' } : {}),
        },
      ],
    });
  const removeOption = (i: number) => set({ options: options.filter((_, j) => j !== i) });
  const answer = q.answer;

  const optionRows = (
    <fieldset className="options">
      <legend>
        选项（{type === 'scenario' ? '每个选项写得分和反馈' : '勾选正确答案'}
        ；学员看到的顺序会被打乱，解析里不要写「A项」）
      </legend>
      {options.map((o, i) => (
        <div className="option-row" key={i}>
          {type === 'single' && (
            <input
              type="radio"
              name={id('answer')}
              aria-label={`选项 ${i + 1} 是正确答案`}
              checked={answer === o.id}
              onChange={() => set({ answer: o.id })}
            />
          )}
          {type === 'multiple' && (
            <input
              type="checkbox"
              aria-label={`选项 ${i + 1} 是正确答案`}
              checked={Array.isArray(answer) && answer.includes(o.id)}
              onChange={(e) => {
                const current = Array.isArray(answer) ? (answer as string[]) : [];
                set({ answer: e.target.checked ? [...current, o.id] : current.filter((x) => x !== o.id) });
              }}
            />
          )}
          <input
            type="text"
            aria-label={`选项 ${i + 1}`}
            value={o.text}
            onChange={(e) => setOption(i, { text: e.target.value })}
          />
          {type === 'scenario' && (
            <>
              <input
                type="number"
                min={0}
                max={1}
                step={0.1}
                aria-label={`选项 ${i + 1} 得分（0–1）`}
                value={o.score ?? 0}
                onChange={(e) => setOption(i, { score: Number(e.target.value) })}
                className="score"
              />
              <input
                type="text"
                aria-label={`选项 ${i + 1} 反馈`}
                placeholder="反馈：为什么好或不好"
                value={o.feedback ?? ''}
                onChange={(e) => setOption(i, { feedback: e.target.value })}
              />
            </>
          )}
          <button
            type="button"
            className="secondary small"
            onClick={() => removeOption(i)}
            aria-label={`删除选项 ${i + 1}`}
          >
            删除
          </button>
        </div>
      ))}
      <button type="button" className="secondary small" onClick={addOption}>
        添加选项
      </button>
    </fieldset>
  );

  return (
    <div className="draft-editor">
      <div className="grid">
        <div className="field">
          <label htmlFor={id('type')}>题型</label>
          <select id={id('type')} value={type} onChange={(e) => set(templateFor(e.target.value, q))}>
            {typeLabels.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('lesson')}>课程</label>
          <select
            id={id('lesson')}
            value={String(q.lesson ?? '')}
            onChange={(e) => {
              if (e.target.value) setModule(e.target.value.split('/')[0]!);
              set({ lesson: e.target.value || undefined });
            }}
          >
            <option value="">请选择课程</option>
            {props.course.map((m) => (
              <optgroup key={m.slug} label={m.title}>
                {m.lessons.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.title}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('difficulty')}>难度</label>
          <select
            id={id('difficulty')}
            value={String(q.difficulty ?? 'medium')}
            onChange={(e) => set({ difficulty: e.target.value })}
          >
            <option value="easy">容易</option>
            <option value="medium">中等</option>
            <option value="hard">较难</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('tags')}>标签（用逗号分隔）</label>
          <input
            id={id('tags')}
            type="text"
            value={(Array.isArray(q.tags) ? (q.tags as string[]) : []).join('，')}
            onChange={(e) =>
              set({
                tags: e.target.value
                  .split(/[,，]/)
                  .map((t) => t.trim())
                  .filter(Boolean),
              })
            }
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor={id('prompt')}>题干{type === 'fill-blank' ? '（用「＿＿」标出每个空）' : ''}</label>
        <textarea
          id={id('prompt')}
          rows={3}
          value={String(q.prompt ?? '')}
          onChange={(e) => set({ prompt: e.target.value })}
        />
      </div>

      {(type === 'single' || type === 'multiple' || type === 'scenario') && optionRows}
      {type === 'multiple' && (
        <div className="field">
          <label htmlFor={id('scoring')}>计分</label>
          <select
            id={id('scoring')}
            value={String(q.scoring ?? 'all-or-nothing')}
            onChange={(e) => set({ scoring: e.target.value })}
          >
            <option value="all-or-nothing">全部选对才得分</option>
            <option value="partial">部分得分（选对加分、选错扣分）</option>
          </select>
        </div>
      )}
      {type === 'true-false' && (
        <fieldset className="options">
          <legend>正确答案</legend>
          <label>
            <input type="radio" name={id('tf')} checked={q.answer === true} onChange={() => set({ answer: true })} /> 对
          </label>{' '}
          <label>
            <input type="radio" name={id('tf')} checked={q.answer === false} onChange={() => set({ answer: false })} />{' '}
            错
          </label>
        </fieldset>
      )}
      {type === 'ordering' && (
        <div className="field">
          <label htmlFor={id('items')}>按正确顺序，每行一项（学员看到的顺序会被打乱）</label>
          <textarea
            id={id('items')}
            rows={5}
            value={((q.items as Opt[]) ?? []).map((o) => o.text).join('\n')}
            onChange={(e) =>
              set({ items: lines(e.target.value).map((text, i) => ({ id: letters[i] ?? `i${i}`, text })) })
            }
          />
        </div>
      )}
      {type === 'matching' && (
        <>
          <div className="field">
            <label htmlFor={id('pairs')}>配对，每行「左侧 -&gt; 右侧」</label>
            <textarea
              id={id('pairs')}
              rows={5}
              value={((q.pairs as Pair[]) ?? []).map((p) => `${p.left} -> ${p.right}`).join('\n')}
              onChange={(e) =>
                set({
                  pairs: lines(e.target.value).map((l, i) => {
                    const [left = '', right = ''] = l.split('->');
                    return { id: letters[i] ?? `p${i}`, left: left.trim(), right: right.trim() };
                  }),
                })
              }
            />
          </div>
          <div className="field">
            <label htmlFor={id('distractors')}>右侧干扰项，每行一个（可不填）</label>
            <textarea
              id={id('distractors')}
              rows={2}
              value={((q.distractors as string[]) ?? []).join('\n')}
              onChange={(e) => set({ distractors: lines(e.target.value) })}
            />
          </div>
        </>
      )}
      {type === 'fill-blank' && (
        <div className="field">
          <label htmlFor={id('blanks')}>每个空一行，可接受的答案用「、」分隔</label>
          <textarea
            id={id('blanks')}
            rows={3}
            value={((q.blanks as { accepted: string[] }[]) ?? []).map((b) => b.accepted.join('、')).join('\n')}
            onChange={(e) =>
              set({
                blanks: lines(e.target.value).map((l) => ({
                  accepted: l
                    .split('、')
                    .map((a) => a.trim())
                    .filter(Boolean),
                })),
              })
            }
          />
        </div>
      )}
      {type === 'typed-reply' && (
        <>
          <div className="field">
            <label htmlFor={id('required')}>必须包含的要点，每行「名称：说法一｜说法二」</label>
            <textarea
              id={id('required')}
              rows={4}
              value={namedToText((q.required as Named[]) ?? [])}
              onChange={(e) => set({ required: textToNamed(e.target.value) })}
            />
          </div>
          <div className="field">
            <label htmlFor={id('forbidden')}>
              不能出现的说法（服务禁语、无条件承诺、指责），每行「名称：说法一｜说法二」
            </label>
            <textarea
              id={id('forbidden')}
              rows={3}
              value={namedToText((q.forbidden as Named[]) ?? [])}
              onChange={(e) => set({ forbidden: textToNamed(e.target.value) })}
            />
          </div>
          <div className="field">
            <label htmlFor={id('model')}>参考回复（回顾时作为正确答案展示）</label>
            <textarea
              id={id('model')}
              rows={3}
              value={String(q.modelAnswer ?? '')}
              onChange={(e) => set({ modelAnswer: e.target.value })}
            />
          </div>
        </>
      )}
      {(type === 'listening' || type === 'audio-timestamp') && (
        <JsonPart
          q={q}
          set={set}
          keys={type === 'listening' ? ['audio', 'question'] : ['audio', 'targets', 'tolerance', 'extraClickPenalty']}
          label={id('json')}
        />
      )}

      <div className="field">
        <label htmlFor={id('explanation')}>解析（为什么正确答案对、诱人的错误选项错在哪里）</label>
        <textarea
          id={id('explanation')}
          rows={4}
          value={String(q.explanation ?? '')}
          onChange={(e) => set({ explanation: e.target.value })}
        />
      </div>

      <section className="checks" aria-live="polite" aria-label="出题检查">
        {problems.length > 0 && (
          <div className="alert error" data-testid="draft-problems">
            <strong>发布前需要解决：</strong>
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        {warnings.length > 0 && (
          <div className="alert warn" data-testid="draft-warnings">
            <strong>出题提醒：</strong>
            <ul>
              {warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        )}
        {problems.length === 0 && warnings.length === 0 && <p className="status status-ok">检查通过，可以发布。</p>}
      </section>
      {status && (
        <div className={`alert ${status.tone}`} role={status.tone === 'error' ? 'alert' : 'status'}>
          {status.text}
        </div>
      )}

      <div className="toolbar">
        <button type="button" className="secondary" onClick={onSave} disabled={busy}>
          保存草稿
        </button>
        <label htmlFor={id('pool')}>发布到</label>
        <select id={id('pool')} value={pool} onChange={(e) => setPool(e.target.value as 'practice' | 'exam')}>
          <option value="practice">练习题库（单元测验，回顾显示答案）</option>
          {props.replacesPool !== 'practice' && (
            <option value="exam">考试题库（仅认证考试，按考试规则公布答案）</option>
          )}
        </select>
        <button type="button" onClick={onPublish} disabled={busy}>
          发布
        </button>
      </div>
    </div>
  );
}

/** Listening and audio-timestamp items need a clip: their audio part is edited as JSON. */
function JsonPart({ q, set, keys, label }: { q: Q; set: (patch: Q) => void; keys: string[]; label: string }) {
  const [text, setText] = useState(JSON.stringify(Object.fromEntries(keys.map((k) => [k, q[k]])), null, 2));
  const [bad, setBad] = useState(false);
  return (
    <div className="field">
      <label htmlFor={label}>录音与题目设置（JSON：{keys.join('、')}）</label>
      <textarea
        id={label}
        rows={10}
        className="mono"
        value={text}
        aria-invalid={bad}
        onChange={(e) => {
          setText(e.target.value);
          try {
            set(JSON.parse(e.target.value) as Q);
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
      />
      {bad && <small className="alert error">JSON 格式不正确。</small>}
    </div>
  );
}
