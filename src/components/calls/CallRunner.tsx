// The trainee's side of a simulated call: the customer's line (audio, transcript on demand), the mood in words and
// colour, the call clock, and the current turn — a choice, a typed reply, or a recorded reply measured on the device
// with the voice lab's analysis. Everything beyond the current turn stays on the server; each submit returns the next
// turn (or the end, then the page shows the debrief). Reload resumes from the server's state.
import { actions, isActionError } from 'astro:actions';
import { useEffect, useRef, useState } from 'react';
import type { PublicCallView } from '../../domain/calls/rules.ts';
import type { VoiceMetrics } from '../../domain/voice/metrics/analyze-voice.ts';
import { analyseRecording, startRecording } from '../voice/recorder.ts';
import MoodFace from './MoodFace.tsx';

interface Props {
  runId: string;
  /** When the run started (ISO), for the call clock. */
  startedAt: string;
  initial: PublicCallView;
}

function clock(ms: number) {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export default function CallRunner({ runId, startedAt, initial }: Props) {
  const [view, setView] = useState(initial);
  const [now, setNow] = useState(() => Date.now());
  const [showText, setShowText] = useState(false);
  const [choice, setChoice] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [stale, setStale] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // Recorder
  const [phase, setPhase] = useState<'idle' | 'recording' | 'analysing' | 'done'>('idle');
  const [elapsed, setElapsed] = useState(0);
  const [metrics, setMetrics] = useState<VoiceMetrics | null>(null);
  const recorder = useRef<MediaRecorder | null>(null);
  const blob = useRef<Blob | null>(null);
  const worker = useRef<Worker | null>(null);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearInterval(t);
      worker.current?.terminate();
    };
  }, []);

  const turn = view.turn;

  const after = (result: {
    data?: { status: 'ended'; runId: string } | { status: 'in_progress'; view: PublicCallView };
    error?: unknown;
  }) => {
    if (result.error) {
      const e = result.error;
      setError(isActionError(e) ? e.message : '提交失败，请检查网络后重试。');
      if (isActionError(e) && e.code === 'CONFLICT') setStale(true);
      return;
    }
    const data = result.data!;
    if (data.status === 'ended') {
      window.location.assign(`/learn/calls/run/${data.runId}`);
      return;
    }
    setView(data.view);
    setChoice('');
    setText('');
    setShowText(false);
    setPhase('idle');
    setMetrics(null);
    blob.current = null;
    requestAnimationFrame(() => heading.current?.focus());
  };

  const submit = async (event: { preventDefault(): void }) => {
    event.preventDefault();
    setError('');
    if (turn.kind === 'choice' && !choice) return setError('请先选择一个回复。');
    if (turn.kind === 'typed' && !text.trim()) return setError('请先写下你的回复。');
    setBusy(true);
    try {
      if (turn.kind === 'recorded') {
        if (!blob.current || !metrics) return setError('请先录下你的回复。');
        const form = new FormData();
        form.set('runId', runId);
        form.set('turnIndex', String(view.turnIndex));
        const { contours: _c, ...summary } = metrics;
        form.set('metrics', JSON.stringify(summary));
        form.set('audio', new File([blob.current], 'reply', { type: blob.current.type }));
        after(await actions.submitCallRecording(form));
      } else {
        const reply =
          turn.kind === 'choice' ? { kind: 'choice' as const, key: choice } : { kind: 'typed' as const, text };
        after(await actions.submitCallTurn({ runId, turnIndex: view.turnIndex, reply }));
      }
    } finally {
      setBusy(false);
    }
  };

  // The reply is free speech (the model answer is a guide, not a script): without a syllable count the analysis
  // estimates the rate from syllable nuclei, as the voice lab does for free speech.
  const analyse = async (recording: Blob) => {
    setPhase('analysing');
    try {
      setMetrics(await analyseRecording(recording, worker, undefined));
      setPhase('done');
    } catch (e) {
      console.error('call recording analysis failed', e);
      setPhase('idle');
      setError('录音无法分析，可能是录音太短或格式不受支持。请重新录制一次。');
    }
  };

  const record = async () => {
    setError('');
    setMetrics(null);
    try {
      recorder.current = await startRecording({
        onTick: setElapsed,
        onDone: (audio) => {
          blob.current = audio;
          void analyse(audio);
        },
      });
      setPhase('recording');
    } catch {
      setError('无法开始录音：请允许本网站使用麦克风，并确认耳麦已连接，然后重试。');
    }
  };

  const fixed = (n: number | null | undefined, digits = 1) =>
    n === null || n === undefined ? '无法测量' : n.toFixed(digits);

  return (
    <div className="call-runner" data-turn={view.turnIndex} data-kind={turn.kind}>
      <div className="call-status">
        <p className="call-clock" role="timer" aria-label="通话时长">
          通话时长 <strong>{clock(now - Date.parse(startedAt))}</strong>
        </p>
        <p className={`mood mood-${view.mood}`} data-testid="mood">
          <MoodFace mood={view.mood} />
          <span>
            客户情绪：<strong>{view.moodLabel}</strong>
          </span>
        </p>
        <p className="muted flags" data-testid="flags">
          已做到：{view.flags.length ? view.flags.join('、') : '暂无'}
        </p>
      </div>
      <section className="card customer" aria-labelledby="customer-heading">
        <h2 id="customer-heading" ref={heading} tabIndex={-1}>
          第 {view.turnIndex + 1} 轮 · 客户说
        </h2>
        <audio key={view.customer.audio} controls preload="none" src={view.customer.audio}>
          您的浏览器不支持音频播放。
        </audio>
        <p>
          <button
            type="button"
            className="secondary"
            aria-expanded={showText}
            aria-controls="customer-text"
            onClick={() => setShowText(!showText)}
          >
            {showText ? '隐藏文字' : '显示文字'}
          </button>
        </p>
        <p id="customer-text" className="transcript" hidden={!showText} lang="zh-CN">
          {view.customer.text}
        </p>
        <p className="muted synthetic-note">客户语音为合成的示意语音。</p>
        {view.context && <p className="context">{view.context}</p>}
      </section>
      <form className="card turn" onSubmit={submit} aria-labelledby="turn-heading">
        <h2 id="turn-heading">你的回复</h2>
        {turn.kind === 'choice' && (
          <fieldset>
            <legend>{turn.prompt ?? '选择你要说的话'}</legend>
            {turn.options.map((o) => (
              <label key={`${view.turnIndex}-${o.key}`} className="option">
                <input
                  type="radio"
                  name="reply"
                  value={o.key}
                  checked={choice === o.key}
                  onChange={() => setChoice(o.key)}
                  disabled={busy}
                />
                <span>{o.text}</span>
              </label>
            ))}
          </fieldset>
        )}
        {turn.kind === 'typed' && (
          <div className="field">
            <label htmlFor="typed-reply">{turn.prompt}</label>
            <textarea
              id="typed-reply"
              rows={4}
              maxLength={turn.maxLength}
              value={text}
              onChange={(e) => setText(e.target.value)}
              disabled={busy}
            />
            <p className="muted">
              {text.length}/{turn.maxLength} 字
            </p>
          </div>
        )}
        {turn.kind === 'recorded' && (
          <div className="recorded">
            <p>{turn.prompt}</p>
            <p>
              <strong>参考说法：</strong>
              {turn.modelAnswer}
            </p>
            <p>
              <strong>语气要求：</strong>
              {turn.delivery}
            </p>
            <div data-phase={phase}>
              {phase === 'recording' ? (
                <button type="button" onClick={() => recorder.current?.stop()}>
                  停止录音（{elapsed} 秒）
                </button>
              ) : (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => void record()}
                  disabled={busy || phase === 'analysing'}
                >
                  {phase === 'done' ? '重新录音' : '开始录音'}
                </button>
              )}
              <p role="status" className="muted">
                {phase === 'recording'
                  ? '正在录音……'
                  : phase === 'analysing'
                    ? '正在分析录音……'
                    : phase === 'done'
                      ? '录音已分析，可以提交。'
                      : ''}
              </p>
            </div>
            {metrics && (
              <table className="plain-table" data-testid="call-metrics">
                <caption>本机测量结果（在您的设备上计算；回复不必逐字照读，语速按音节估算）</caption>
                <tbody>
                  <tr>
                    <th scope="row">语速</th>
                    <td>{fixed(metrics.rate.charsPerMinute, 0)} 字/分钟</td>
                  </tr>
                  <tr>
                    <th scope="row">语调变化</th>
                    <td>{fixed(metrics.pitch.variabilitySt)} 半音</td>
                  </tr>
                  <tr>
                    <th scope="row">响度</th>
                    <td>{fixed(metrics.loudness.integratedLufs)} LUFS</td>
                  </tr>
                  <tr>
                    <th scope="row">时长</th>
                    <td>{metrics.durationSec.toFixed(1)} 秒</td>
                  </tr>
                </tbody>
              </table>
            )}
          </div>
        )}
        {error && (
          <div className="alert error" role="alert">
            {error}
            {stale && (
              <>
                {' '}
                <a href={`/learn/calls/run/${runId}`}>刷新通话</a>
              </>
            )}
          </div>
        )}
        <p>
          <button type="submit" disabled={busy || (turn.kind === 'recorded' && phase !== 'done')}>
            {busy ? '提交中……' : turn.kind === 'recorded' ? '提交录音' : '回复客户'}
          </button>
        </p>
      </form>
    </div>
  );
}
