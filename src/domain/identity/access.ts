import type { Role } from './schema.ts';

/** Role-gated areas of the site; the first matching prefix wins. */
export const gatedAreas: { prefix: string; roles: readonly Role[] }[] = [
  { prefix: '/hr', roles: ['hr'] },
  { prefix: '/trainer', roles: ['trainer', 'hr'] },
  { prefix: '/learn', roles: ['trainee', 'trainer', 'hr'] },
  { prefix: '/inbox', roles: ['trainee', 'trainer', 'hr'] },
];

export type Access = 'allow' | 'signin' | 'forbidden';

function inArea(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/** Whether someone with `role` (null when signed out) may open `pathname`. */
export function accessFor(pathname: string, role: Role | null): Access {
  const area = gatedAreas.find((a) => inArea(pathname, a.prefix));
  if (!area) return 'allow';
  if (!role) return 'signin';
  return area.roles.includes(role) ? 'allow' : 'forbidden';
}

/** Where a user lands after signing in, unless they asked for a page. */
export function homeFor(role: Role): string {
  return role === 'hr' ? '/hr' : role === 'trainer' ? '/trainer' : '/learn';
}

/** A `next` parameter is followed only when it is a path on this site (no open redirects). */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null;
  return next;
}
