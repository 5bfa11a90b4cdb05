import { describe, expect, it } from 'vitest';
import { defaultWorkerCount } from '../../src/platform/http/workers.ts';

describe('app workers', () => {
  it('default to one per core but one (PocketBase needs a core), at least one', () => {
    expect(defaultWorkerCount(1)).toBe(1);
    expect(defaultWorkerCount(2)).toBe(1);
    expect(defaultWorkerCount(8)).toBe(7);
  });
});
