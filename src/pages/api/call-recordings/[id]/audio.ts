import type { APIRoute } from 'astro';
import { appErrors } from '../../../../platform/errors/index.ts';
import { callRecordingAudioUrl } from '../../../../domain/training/call-recordings.ts';

/** A trainer-uploaded call recording, for members of its cohorts, its uploader and HR only. */
export const GET: APIRoute = async ({ locals, params }) => {
  if (!locals.user) return new Response(appErrors.SignInRequired.message, { status: 401 });
  let url: string | null;
  try {
    url = await callRecordingAudioUrl(await locals.admin(), locals.user, params.id ?? '');
  } catch (error) {
    console.error(`[call-recordings/audio] ${params.id} for ${locals.user.id}: ${(error as Error).message}`);
    return new Response(appErrors.BackendUnavailable.message, { status: 503 });
  }
  if (!url) return new Response(appErrors.NotFound.message, { status: 404 });
  const upstream = await fetch(url, { headers: { range: '' } });
  if (!upstream.ok || !upstream.body) return new Response(appErrors.BackendUnavailable.message, { status: 503 });
  return new Response(upstream.body, {
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream',
      'cache-control': 'private, no-store',
    },
  });
};
