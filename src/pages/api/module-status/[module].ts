import type { APIRoute } from 'astro';
import { moduleStatus } from '../../../domain/progress/lesson-state.ts';
import { AppError, jsonRefusal, SignInRequired } from '../../../platform/errors/index.ts';
import { moduleSlugSchema } from '../../../domain/course/module-schema.ts';

/**
 * The signed-in learner's lessons in one module, for the prerendered module page (ticks and 「继续学习」). A plain
 * GET read, so the page needs no action client (its script stays tiny); visitors get a 401 and see the page as is.
 */
export const GET: APIRoute = async ({ locals, params }) => {
  const user = locals.user;
  if (!user) return jsonRefusal(new AppError(SignInRequired), 'module-status');
  const module = moduleSlugSchema.safeParse(params.module);
  if (!module.success) return new Response(null, { status: 404 });
  try {
    return Response.json(await moduleStatus(user.id, module.data), { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return jsonRefusal(error, `module-status ${module.data} for ${user.id}`);
  }
};
