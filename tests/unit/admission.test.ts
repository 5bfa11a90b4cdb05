import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { admissionPerWorker, admissionQueue } from '../../src/platform/http/admission.ts';

describe('admissionQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs up to maxActive at once and admits waiting requests in arrival order', async () => {
    const gate = admissionQueue({ maxActive: 2, maxQueued: 10, maxWaitMs: 1000 });
    expect(await gate.enter()).toBe(true);
    expect(await gate.enter()).toBe(true);
    const order: string[] = [];
    const third = gate.enter().then((ok) => order.push(`third ${ok}`));
    const fourth = gate.enter().then((ok) => order.push(`fourth ${ok}`));
    expect(gate.waiting).toBe(2);
    gate.leave();
    await third;
    expect(order).toEqual(['third true']);
    expect(gate.active).toBe(2);
    gate.leave();
    await fourth;
    expect(order).toEqual(['third true', 'fourth true']);
  });

  it('counts how long it has been quiet: not while more than one request runs or any waits', async () => {
    const gate = admissionQueue({ maxActive: 2, maxQueued: 10, maxWaitMs: 1000 });
    expect(gate.quietForMs()).toBe(Infinity); // never busy yet
    await gate.enter();
    expect(gate.quietForMs()).toBe(Infinity); // one request alone is not busy
    await gate.enter();
    const third = gate.enter();
    expect(gate.quietForMs()).toBe(0);
    vi.advanceTimersByTime(300);
    gate.leave(); // the third runs: two running, still busy
    await third;
    expect(gate.quietForMs()).toBe(0);
    vi.advanceTimersByTime(200);
    gate.leave(); // one left: quiet from now
    expect(gate.quietForMs()).toBe(0);
    vi.advanceTimersByTime(450);
    expect(gate.quietForMs()).toBe(450);
    gate.leave();
    vi.advanceTimersByTime(50);
    expect(gate.quietForMs()).toBe(500);
    // A request that waited until it was turned away was busy time too.
    const full = admissionQueue({ maxActive: 1, maxQueued: 10, maxWaitMs: 1000 });
    await full.enter();
    const turnedAway = full.enter();
    vi.advanceTimersByTime(1000);
    expect(await turnedAway).toBe(false);
    vi.advanceTimersByTime(100);
    expect(full.quietForMs()).toBe(100);
  });

  it('turns a request away when the queue is full', async () => {
    const gate = admissionQueue({ maxActive: 1, maxQueued: 1, maxWaitMs: 1000 });
    await gate.enter();
    void gate.enter();
    expect(await gate.enter()).toBe(false);
  });

  it('turns a request away after waiting maxWaitMs, and it no longer takes a slot', async () => {
    const gate = admissionQueue({ maxActive: 1, maxQueued: 5, maxWaitMs: 1000 });
    await gate.enter();
    const late = gate.enter();
    vi.advanceTimersByTime(1000);
    expect(await late).toBe(false);
    expect(gate.waiting).toBe(0);
    gate.leave();
    expect(gate.active).toBe(0);
    expect(await gate.enter()).toBe(true);
  });

  it('a newcomer never jumps the queue while others wait', async () => {
    const gate = admissionQueue({ maxActive: 1, maxQueued: 5, maxWaitMs: 1000 });
    await gate.enter();
    const first = gate.enter();
    gate.leave(); // hands the slot to `first`, not to whoever arrives next
    const second = gate.enter();
    expect(await first).toBe(true);
    expect(gate.waiting).toBe(1);
    gate.leave();
    expect(await second).toBe(true);
  });

  it('lets urgent requests in before others that waited longer', async () => {
    const gate = admissionQueue({ maxActive: 1, maxQueued: 5, maxWaitMs: 1000 });
    await gate.enter();
    const order: string[] = [];
    const page = gate.enter().then(() => order.push('page'));
    const save = gate.enter(true).then(() => order.push('save'));
    gate.leave();
    await save;
    expect(order).toEqual(['save']);
    gate.leave();
    await page;
    expect(order).toEqual(['save', 'page']);
  });
});

describe('admission limits per worker', () => {
  it('splits the app-wide limits over the workers, never below one running request', () => {
    const total = { maxActive: 32, maxQueued: 3000, maxWaitMs: 30_000 };
    expect(admissionPerWorker(total, 1)).toEqual(total);
    expect(admissionPerWorker(total, 2)).toEqual({ maxActive: 16, maxQueued: 1500, maxWaitMs: 30_000 });
    expect(admissionPerWorker(total, 3)).toEqual({ maxActive: 11, maxQueued: 1000, maxWaitMs: 30_000 });
    expect(admissionPerWorker({ maxActive: 2, maxQueued: 0, maxWaitMs: 5 }, 4)).toEqual({
      maxActive: 1,
      maxQueued: 0,
      maxWaitMs: 5,
    });
    expect(admissionPerWorker(total, 0)).toEqual(total);
  });
});
