import { useEffect, useId, useRef, useState } from 'react';

export interface AudioMoment {
  start: number;
  end: number;
  label: string;
}

interface Props {
  src: string;
  transcript: string;
  duration: number;
  /** Synthetic placeholder voice (eSpeak): say so. */
  synthetic?: boolean;
  /** Audio-timestamp questions: the learner marks the moment they hear the problem. */
  onMark?: (seconds: number) => void;
  /** After answering: moments to show on the timeline and jump to. */
  moments?: AudioMoment[];
}

const speeds = [0.75, 1, 1.25];
const clock = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

/** Call-audio player: play/pause, seek, replay, 0.75×/1×/1.25×, keyboard operable, transcript always available. */
export default function AudioPlayer({ src, transcript, duration, synthetic = true, onMark, moments = [] }: Props) {
  const audio = useRef<HTMLAudioElement>(null);
  const id = useId();
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [speed, setSpeed] = useState(1);
  const [showTranscript, setShowTranscript] = useState(false);

  useEffect(() => {
    const el = audio.current;
    if (!el) return;
    const onTime = () => setTime(el.currentTime);
    const onPlay = () => setPlaying(true);
    const onPause = () => setPlaying(false);
    el.addEventListener('timeupdate', onTime);
    el.addEventListener('play', onPlay);
    el.addEventListener('pause', onPause);
    el.addEventListener('ended', onPause);
    return () => {
      el.removeEventListener('timeupdate', onTime);
      el.removeEventListener('play', onPlay);
      el.removeEventListener('pause', onPause);
      el.removeEventListener('ended', onPause);
    };
  }, []);

  const seek = (t: number) => {
    const el = audio.current;
    if (!el) return;
    el.currentTime = Math.min(Math.max(0, t), duration);
    setTime(el.currentTime);
  };
  const toggle = () => {
    const el = audio.current;
    if (!el) return;
    if (el.paused) void el.play();
    else el.pause();
  };

  return (
    <div
      className="audio-player"
      role="group"
      aria-label="通话录音播放器"
      onKeyDown={(e) => {
        // Shortcuts inside the player: k play/pause, j/l back/forward 5 s.
        if (e.target instanceof HTMLInputElement && e.target.type === 'range') return;
        if (e.key === 'k') toggle();
        else if (e.key === 'j') seek(time - 5);
        else if (e.key === 'l') seek(time + 5);
      }}
    >
      <audio ref={audio} src={src} preload="metadata" />
      {synthetic && (
        <p className="muted synthetic-note">示例录音为合成语音，只用于练习辨别；真实通话录音由培训师上传。</p>
      )}
      <div className="player-controls">
        <button type="button" onClick={toggle} aria-pressed={playing}>
          {playing ? '暂停' : '播放'}
        </button>
        <button type="button" className="secondary" onClick={() => seek(time - 5)} aria-label="后退 5 秒">
          −5 秒
        </button>
        <button type="button" className="secondary" onClick={() => seek(time + 5)} aria-label="前进 5 秒">
          +5 秒
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            seek(0);
            void audio.current?.play();
          }}
        >
          从头重播
        </button>
        <label className="speed" htmlFor={`${id}-speed`}>
          语速
          <select
            id={`${id}-speed`}
            value={speed}
            onChange={(e) => {
              const v = Number(e.target.value);
              setSpeed(v);
              if (audio.current) audio.current.playbackRate = v;
            }}
          >
            {speeds.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        {onMark && (
          <button
            type="button"
            className="mark"
            onClick={() => onMark(Math.round((audio.current?.currentTime ?? 0) * 10) / 10)}
          >
            我听到了问题
          </button>
        )}
      </div>
      <div className="timeline">
        {moments.length > 0 && (
          // SVG attributes, not inline styles: the Content-Security-Policy allows no style attributes.
          <svg className="moments-bar" viewBox="0 0 1000 10" preserveAspectRatio="none" aria-hidden="true">
            {moments.map((m) => (
              <rect
                key={`${m.start}-${m.label}`}
                x={(m.start / duration) * 1000}
                width={Math.max(8, ((m.end - m.start) / duration) * 1000)}
                y={0}
                height={10}
                rx={2}
              />
            ))}
          </svg>
        )}
        <input
          type="range"
          min={0}
          max={duration}
          step={0.1}
          value={time}
          aria-label="播放进度"
          aria-valuetext={`${clock(time)} / ${clock(duration)}`}
          onChange={(e) => seek(Number(e.target.value))}
        />
      </div>
      <p className="muted" aria-hidden="true">
        {clock(time)} / {clock(duration)}
      </p>
      {moments.length > 0 && (
        <ul className="moments" aria-label="关键时刻">
          {moments.map((m) => (
            <li key={`${m.start}-${m.label}`}>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  seek(m.start);
                  void audio.current?.play();
                }}
              >
                {clock(m.start)}–{clock(m.end)}
              </button>
              ：{m.label}
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="link-button"
        aria-expanded={showTranscript}
        onClick={() => setShowTranscript((v) => !v)}
      >
        {showTranscript ? '收起文字稿' : '查看文字稿'}
      </button>
      {showTranscript && (
        <div className="transcript">
          {transcript.split('\n').map((line, i) => (
            <p key={i}>{line}</p>
          ))}
        </div>
      )}
    </div>
  );
}
