import { useEffect, useRef, useState } from 'react';
import type { VoiceMetrics } from '../../domain/voice/metrics/analyze-voice.ts';
import { checkTargets, type TargetCheck } from '../../domain/voice/metrics/check-targets.ts';
import type { VoiceLabExercise } from '../../domain/voice/rules.ts';
import { clipLabel, syntheticModelNote, type ModelClip } from '../../domain/voice/model-clip.ts';
import { chartRange, speechChecklist, speechEvidence, speechEvidenceText } from '../../domain/voice/speech-rules.ts';
import { analyseRecording, maxRecordingSeconds, startRecording } from './recorder.ts';

interface Props {
  /** With syllable counts and pinyin from the server (src/domain/voice/rules.ts). */
  exercises: VoiceLabExercise[];
  /** Rendered model audio per exercise id (good example first), from src/domain/voice/models.ts. */
  models?: Record<string, ModelClip[]>;
  /** Titles of the lessons the exercises link to, by lesson id. */
  lessonTitles: Record<string, string>;
}

type Phase = 'idle' | 'recording' | 'analysing' | 'done' | 'error';

function microphoneMessage(error: unknown): string {
  const name = (error as DOMException)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return '浏览器没有获得麦克风权限。请点击地址栏左侧的锁形图标，允许本网站使用麦克风，然后点「重试」。';
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return '没有找到可用的麦克风。请插好耳麦或麦克风后点「重试」。';
  if (name === 'NotReadableError') return '麦克风正被其他程序占用（例如软电话）。请关闭占用麦克风的程序后点「重试」。';
  return '无法开始录音。请确认浏览器支持录音（建议使用最新版 Chrome、Edge 或 Safari）后点「重试」。';
}

const coaching: Record<string, { low: string; high: string }> = {
  rateCpm: {
    low: '语速偏慢，客户可能觉得拖沓。在不影响清晰的前提下稍微加快一些。',
    high: '语速偏快，客户可能听不清。放慢一些，关键信息（如工号、金额）逐字报清。',
  },
  pitchVariabilitySt: {
    low: '语调比较平，听起来像在念稿。试着面带微笑，让问候和问句的句尾自然上扬。',
    high: '语调起伏偏大，可能显得夸张。保持亲切自然即可。',
  },
  loudnessLufs: {
    low: '音量偏小。请把麦克风放在嘴角前方两指左右的位置，或提高一点音量。',
    high: '音量偏大，接近失真。请让麦克风离嘴远一些，或稍微降低音量。',
  },
  maxPauseSec: { low: '', high: '中间有较长的停顿。熟悉话术后连贯地说出来，停顿只放在关键信息前。' },
  clippingShare: { low: '', high: '录音有削波失真。请让麦克风离嘴远一些，或降低麦克风增益。' },
};

/** 「听示范」: the model readings of the exercise, each with what to listen for and its transcript. */
function ModelPlayers({ clips }: { clips: ModelClip[] }) {
  return (
    <section className="card model-audio" aria-labelledby="model-heading" data-testid="model-audio">
      <h2 id="model-heading">听示范</h2>
      <p className="muted synthetic-note">{syntheticModelNote}</p>
      {clips.map((clip) => (
        <figure key={clip.id} className={`model-clip model-${clip.quality}`} data-model={clip.id}>
          <figcaption>
            <strong>{clipLabel(clip)}</strong>：{clip.listenFor}
          </figcaption>
          <audio
            controls
            preload="none"
            src={clip.src}
            aria-label={`${clipLabel(clip)}：${clip.title}（${Math.round(clip.duration)} 秒）`}
          />
          <p className="model-transcript">
            <span className="muted">文字稿：</span>
            {clip.transcript}
          </p>
        </figure>
      ))}
    </section>
  );
}

function Contour({
  points,
  label,
  unit,
  min: floor,
  max: ceiling,
}: {
  points: { t: number; v: number | null }[];
  label: string;
  unit: string;
  min: number;
  max: number;
}) {
  const duration = Math.max(1, points.at(-1)?.t ?? 1);
  // The range widens to hold every measured point: nothing is cut off at the top or bottom.
  const { min, max } = chartRange(
    points.map((p) => p.v),
    floor,
    ceiling,
  );
  const segments: string[][] = [[]];
  for (const p of points) {
    if (p.v === null) {
      if (segments.at(-1)!.length) segments.push([]);
      continue;
    }
    const y = 100 - ((p.v - min) / (max - min)) * 100;
    segments.at(-1)!.push(`${((p.t / duration) * 600).toFixed(1)},${y.toFixed(1)}`);
  }
  return (
    <figure className="contour">
      <svg
        viewBox="0 -4 600 108"
        preserveAspectRatio="none"
        role="img"
        aria-label={`${label}随时间的变化（${min}–${max} ${unit}）`}
        data-range={`${min}-${max}`}
      >
        <rect x="0" y="-4" width="600" height="108" className="contour-bg" />
        {segments
          .filter((s) => s.length > 1)
          .map((s, i) => (
            <polyline key={i} points={s.join(' ')} className="contour-line" />
          ))}
      </svg>
      <figcaption>
        {label}（{min}–{max} {unit}，横轴为时间）
      </figcaption>
    </figure>
  );
}

/** The voice-practice lab: read a script aloud, analyse it on this device, compare with targets, save. */
export default function VoiceLab({ exercises, models = {}, lessonTitles }: Props) {
  const [exerciseId, setExerciseId] = useState(exercises[0]!.id);
  const exercise = exercises.find((e) => e.id === exerciseId)!;
  const [phase, setPhase] = useState<Phase>('idle');
  const [message, setMessage] = useState('');
  const [elapsed, setElapsed] = useState(0);
  const [metrics, setMetrics] = useState<VoiceMetrics | null>(null);
  const [checks, setChecks] = useState<TargetCheck[]>([]);
  const [saved, setSaved] = useState<'no' | 'saving' | 'yes' | 'failed'>('no');
  const recorder = useRef<MediaRecorder | null>(null);
  const blob = useRef<Blob | null>(null);
  const worker = useRef<Worker | null>(null);

  useEffect(() => () => worker.current?.terminate(), []);

  const analyse = async (recording: Blob) => {
    setPhase('analysing');
    try {
      const measured = await analyseRecording(recording, worker, exercise.syllables);
      setMetrics(measured);
      setChecks(checkTargets(measured, exercise.targets));
      setPhase('done');
    } catch (error) {
      console.error('voice analysis failed', error);
      setPhase('error');
      setMessage('录音无法分析，可能是录音太短或格式不受支持。请重新录制一次。');
    }
  };

  const start = async () => {
    setMessage('');
    setMetrics(null);
    setSaved('no');
    try {
      recorder.current = await startRecording({
        onTick: setElapsed,
        onDone: (audio) => {
          blob.current = audio;
          void analyse(audio);
        },
      });
      setPhase('recording');
    } catch (error) {
      setPhase('error');
      setMessage(microphoneMessage(error));
    }
  };

  const save = async () => {
    if (!blob.current || !metrics || speechEvidence(metrics) !== 'ok') return;
    setSaved('saving');
    const form = new FormData();
    form.set('exercise', exercise.id);
    const { contours: _contours, ...summary } = metrics;
    form.set('metrics', JSON.stringify(summary));
    form.set('audio', blob.current, 'recording');
    try {
      const res = await fetch('/api/voice/recordings', { method: 'POST', body: form });
      if (!res.ok) throw new Error((await res.json().catch(() => ({}))).message ?? '');
      setSaved('yes');
    } catch (error) {
      setSaved('failed');
      setMessage((error as Error).message || '保存失败，请检查网络后重试。');
    }
  };

  const evidence = metrics ? speechEvidence(metrics) : null;
  const format = (c: TargetCheck) =>
    c.value === null
      ? '无法测量'
      : `${c.measure === 'clippingShare' ? `${(c.value * 100).toFixed(2)}%` : c.value.toFixed(c.measure === 'rateCpm' ? 0 : 1)} ${c.unit}`;
  const range = (c: TargetCheck) =>
    c.measure === 'clippingShare'
      ? `≤ ${(c.max! * 100).toFixed(1)}%`
      : c.min !== null && c.max !== null
        ? `${c.min}–${c.max} ${c.unit}`
        : c.min !== null
          ? `≥ ${c.min} ${c.unit}`
          : `≤ ${c.max} ${c.unit}`;
  const statusText = { ok: '达标', low: '偏低', high: '偏高', unmeasured: '无法测量' } as const;

  return (
    <div className="voice-lab">
      <div className="field">
        <label htmlFor="exercise">选择练习</label>
        <select
          id="exercise"
          value={exerciseId}
          onChange={(e) => {
            setExerciseId(e.target.value);
            setPhase('idle');
            setMetrics(null);
          }}
          disabled={phase === 'recording'}
        >
          {exercises.map((e) => (
            <option key={e.id} value={e.id}>
              {e.title}
            </option>
          ))}
        </select>
      </div>
      <section className="card script" aria-label="朗读稿">
        <p className="muted">{exercise.instructions}</p>
        <p className="script-text" lang="zh-CN">
          {exercise.reading
            ? exercise.reading.map(({ ch, py }, i) =>
                py ? (
                  <ruby key={i}>
                    {ch}
                    <rt>{py}</rt>
                  </ruby>
                ) : (
                  <span key={i}>{ch}</span>
                ),
              )
            : exercise.text}
        </p>
        {exercise.pairs && (
          <ul className="pairs" aria-label="易混读音">
            {exercise.pairs.map((p) => (
              <li key={`${p.a}-${p.b}`}>
                <ruby>
                  {p.a}
                  <rt>{p.aPinyin}</rt>
                </ruby>{' '}
                ／{' '}
                <ruby>
                  {p.b}
                  <rt>{p.bPinyin}</rt>
                </ruby>{' '}
                <span className="muted">（{p.contrast}）</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {models[exercise.id]?.length ? <ModelPlayers key={exercise.id} clips={models[exercise.id]!} /> : null}
      <div className="recorder">
        {phase === 'recording' ? (
          <button type="button" onClick={() => recorder.current?.stop()}>
            停止录音（{elapsed} 秒 / 最长 {maxRecordingSeconds} 秒）
          </button>
        ) : (
          <button type="button" onClick={() => void start()} disabled={phase === 'analysing'}>
            {phase === 'error' ? '重试' : metrics ? '重新录音' : '开始录音'}
          </button>
        )}
        <p role="status" aria-live="polite" data-phase={phase}>
          {phase === 'recording'
            ? '正在录音，请朗读上面的文字…'
            : phase === 'analysing'
              ? '正在本机分析录音…'
              : phase === 'done'
                ? '分析完成。'
                : ''}
        </p>
        {message && (
          <p className="alert error" role="alert">
            {message}
          </p>
        )}
      </div>
      {metrics && phase === 'done' && evidence !== 'ok' && evidence !== null && (
        <section
          aria-labelledby="result-heading"
          className="voice-result card no-speech"
          data-testid="no-speech"
          data-evidence={evidence}
        >
          <h2 id="result-heading">{speechEvidenceText[evidence].title}</h2>
          <p>{speechEvidenceText[evidence].message}</p>
          <p className="muted">
            录音时长 {metrics.durationSec.toFixed(1)} 秒，检测到的说话声约 {metrics.pitch.voicedSec.toFixed(1)}{' '}
            秒。请检查后点「重新录音」：
          </p>
          <ul>
            {speechChecklist.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </section>
      )}
      {metrics && phase === 'done' && evidence === 'ok' && (
        <section aria-labelledby="result-heading" className="voice-result">
          <h2 id="result-heading">分析结果</h2>
          <table className="plain-table" data-testid="voice-metrics">
            <caption className="visually-hidden">各项指标与目标</caption>
            <thead>
              <tr>
                <th scope="col">指标</th>
                <th scope="col">测量值</th>
                <th scope="col">目标</th>
                <th scope="col">结果</th>
              </tr>
            </thead>
            <tbody>
              {checks.map((c) => (
                <tr key={c.measure}>
                  <th scope="row">{c.label}</th>
                  <td>{format(c)}</td>
                  <td>{range(c)}</td>
                  <td>
                    <span
                      className={`status status-${c.status === 'ok' ? 'ok' : c.status === 'unmeasured' ? 'neutral' : 'warn'}`}
                    >
                      {statusText[c.status]}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            录音时长 {metrics.durationSec.toFixed(1)} 秒，其中说话 {metrics.speakingTimeSec.toFixed(1)} 秒；停顿{' '}
            {metrics.pauses.count} 次。
          </p>
          <details className="target-notes" data-testid="target-notes">
            <summary>目标是怎么定的</summary>
            <dl>
              {checks.map((c) => (
                <div key={c.measure}>
                  <dt>{c.label}</dt>
                  <dd>
                    {c.basis && <p data-testid="rate-basis">{c.basis}</p>}
                    <p>{c.source}</p>
                  </dd>
                </div>
              ))}
            </dl>
          </details>
          {checks.some((c) => c.status === 'low' || c.status === 'high') ? (
            <ul className="coaching">
              {checks
                .filter((c) => c.status === 'low' || c.status === 'high')
                .map((c) => (
                  <li key={c.measure}>{coaching[c.measure]?.[c.status as 'low' | 'high']}</li>
                ))}
            </ul>
          ) : (
            <p className="status status-ok">各项指标都在目标范围内，保持这种状态！</p>
          )}
          {exercise.lessons.length > 0 && (
            <p>
              相关课程：
              {exercise.lessons
                .map((l) => (
                  <a key={l} href={`/modules/${l}`}>
                    {lessonTitles[l] ?? '相关课程'}
                  </a>
                ))
                .reduce<React.ReactNode[]>((acc, el, i) => (i ? [...acc, '、', el] : [el]), [])}
            </p>
          )}
          {metrics.contours && (
            <div className="contours">
              <Contour
                label="音高（语调）"
                unit="Hz"
                min={70}
                max={400}
                points={metrics.contours.pitch.map((p) => ({ t: p.t, v: p.hz }))}
              />
              <Contour
                label="响度"
                unit="LUFS"
                min={-60}
                max={0}
                points={metrics.contours.loudness.map((p) => ({ t: p.t, v: p.lufs }))}
              />
            </div>
          )}
          <button type="button" onClick={() => void save()} disabled={saved === 'saving' || saved === 'yes'}>
            {saved === 'yes' ? '已保存' : saved === 'saving' ? '正在保存…' : '保存这次录音'}
          </button>
          {saved === 'yes' && (
            <p role="status">录音和分析结果已保存，培训师可以回听并点评。刷新页面可在「我的练习记录」中看到。</p>
          )}
        </section>
      )}
    </div>
  );
}
