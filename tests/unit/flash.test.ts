import type { AstroCookies } from 'astro';
import { describe, expect, it } from 'vitest';
import { flashNotices, setFlash, takeFlash } from '../../src/platform/http/flash.ts';

/** Just enough of Astro's cookie jar. */
function jar(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  const set: { name: string; options: unknown }[] = [];
  const cookies = {
    get: (n: string) => (values.has(n) ? { value: values.get(n)! } : undefined),
    set: (n: string, v: string, options: unknown) => (values.set(n, v), set.push({ name: n, options })),
    delete: (n: string) => void values.delete(n),
  } as unknown as AstroCookies;
  return { cookies, values, set };
}

describe('flash notices', () => {
  it('shows a notice set by the server once, from an httpOnly cookie that expires soon', () => {
    const { cookies, set } = jar();
    setFlash(cookies, 'practicalSaved', true);
    expect(set[0]!.options).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: true, maxAge: 60 });
    expect(takeFlash(cookies)).toMatchObject({ name: 'practicalSaved', message: flashNotices.practicalSaved.message });
    expect(takeFlash(cookies)).toBeNull();
  });

  it('shows nothing for a value outside the catalogue, and clears it', () => {
    for (const value of ['<b>官方通知</b>', 'toString', '__proto__', 'constructor', '']) {
      const { cookies, values } = jar({ ha_flash: value });
      expect(takeFlash(cookies)).toBeNull();
      expect(values.has('ha_flash')).toBe(false);
    }
  });
});
