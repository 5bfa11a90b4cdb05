import type { APIRoute } from 'astro';
import { roleLabels } from '../../domain/identity/schema.ts';

/** Who is signed in, for the header of prerendered pages. Only the name and role, nothing private. */
export const GET: APIRoute = ({ locals }) => {
  const user = locals.user;
  return Response.json(
    { user: user ? { name: user.name, role: user.role, roleLabel: roleLabels[user.role] } : null },
    { headers: { 'cache-control': 'no-store' } },
  );
};
