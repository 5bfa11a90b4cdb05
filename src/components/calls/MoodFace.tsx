// The customer's mood as a small drawn face beside its words (客户情绪：愤怒 …). Inline SVG rather than an emoji, which
// renders as an empty box where no emoji font is installed; it takes the pill's text colour (currentColor), so its
// contrast is the words'. Decorative: the words carry the meaning.
import type { Mood } from '../../domain/calls/schema.ts';

/** Brows (if any) and mouth per mood, on a 24 × 24 face with eyes at y = 10. */
const features: Record<Mood, { brows?: string; mouth: string }> = {
  angry: { brows: 'M6.5 6.8 10.2 8.6M17.5 6.8 13.8 8.6', mouth: 'M8 17.2Q12 13.6 16 17.2' },
  upset: { brows: 'M7 8.4 10 7.2M17 8.4 14 7.2', mouth: 'M8.5 16.6Q12 14.6 15.5 16.6' },
  easing: { mouth: 'M8.5 15.2Q12 16.8 15.5 15.2' },
  calm: { mouth: 'M7.5 14.2Q12 18.8 16.5 14.2' },
};

export default function MoodFace({ mood }: { mood: Mood }) {
  const f = features[mood];
  return (
    <svg
      className="mood-face"
      aria-hidden="true"
      focusable="false"
      viewBox="0 0 24 24"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      data-mood={mood}
    >
      <circle cx="12" cy="12" r="10" />
      <circle cx="8.6" cy="10.4" r="1.2" fill="currentColor" stroke="none" />
      <circle cx="15.4" cy="10.4" r="1.2" fill="currentColor" stroke="none" />
      {f.brows && <path d={f.brows} />}
      <path d={f.mouth} />
    </svg>
  );
}
