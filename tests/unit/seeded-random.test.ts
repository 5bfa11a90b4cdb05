import { describe, expect, it } from 'vitest';
import { seededShuffle } from '../../src/platform/util/seeded-random.ts';

describe('seeded shuffle', () => {
  const items = Array.from({ length: 20 }, (_, i) => i);
  it('is reproducible from the seed and keeps every item', () => {
    expect(seededShuffle(items, 'attempt-42')).toEqual(seededShuffle(items, 'attempt-42'));
    expect([...seededShuffle(items, 'attempt-42')].sort((a, b) => a - b)).toEqual(items);
  });
  it('differs between seeds and from the input order', () => {
    expect(seededShuffle(items, 'a')).not.toEqual(seededShuffle(items, 'b'));
    expect(seededShuffle(items, 'a')).not.toEqual(items);
  });
  it('spreads positions roughly evenly', () => {
    const firstCounts = new Array(4).fill(0);
    for (let s = 0; s < 4000; s++) firstCounts[seededShuffle([0, 1, 2, 3], s)[0]!]++;
    for (const c of firstCounts) expect(c).toBeGreaterThan(850);
  });
});
