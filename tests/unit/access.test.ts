import { describe, expect, it } from 'vitest';
import { accessFor, homeFor, safeNext } from '../../src/domain/identity/access.ts';

describe('role gates', () => {
  it.each([
    ['/learn', null, 'signin'],
    ['/learn/quiz/x', 'trainee', 'allow'],
    ['/trainer', 'trainee', 'forbidden'],
    ['/trainer/cohorts', 'trainer', 'allow'],
    ['/trainer', 'hr', 'allow'],
    ['/hr', 'trainer', 'forbidden'],
    ['/hr/staff', 'hr', 'allow'],
    ['/hr', null, 'signin'],
    ['/hrx', null, 'allow'],
    ['/modules/service-mindset', null, 'allow'],
    ['/', 'trainee', 'allow'],
  ] as const)('%s as %s → %s', (path, role, expected) => {
    expect(accessFor(path, role)).toBe(expected);
  });

  it('sends each role to its own home', () => {
    expect([homeFor('trainee'), homeFor('trainer'), homeFor('hr')]).toEqual(['/learn', '/trainer', '/hr']);
  });

  it('follows only same-site paths after sign-in', () => {
    expect(safeNext('/learn?tab=1')).toBe('/learn?tab=1');
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', '', null, 'learn'])
      expect(safeNext(bad)).toBeNull();
  });
});
