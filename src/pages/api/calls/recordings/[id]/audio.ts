import type { APIRoute } from 'astro';
import { callsApp } from '../../../../../domain/calls/app.ts';
import { AppError, jsonRefusal, SignInRequired } from '../../../../../platform/errors/index.ts';

/**
 * A recorded reply of a simulated call, for the trainee who recorded it (the debrief plays it back), the trainer of
 * a cohort they belong to and HR (the trainee's page for trainers). The file is
 * protected in PocketBase and fetched by the app server with a short-lived admin file token, so its URL never reaches
 * the browser.
 */
export const GET: APIRoute = async ({ locals, params }) => {
  const user = locals.user;
  if (!user) return jsonRefusal(new AppError(SignInRequired), 'calls/recordings/audio');
  let url: string;
  try {
    url = await callsApp.recordingAudioUrl(user, params.id ?? '');
  } catch (error) {
    return jsonRefusal(error, `calls/recordings/audio ${params.id} for ${user.id}`);
  }
  const upstream = await fetch(url);
  if (!upstream.ok || !upstream.body) {
    return jsonRefusal(new Error(`recording ${params.id}: upstream ${upstream.status}`), 'calls/recordings/audio');
  }
  return new Response(upstream.body, {
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream',
      'cache-control': 'private, no-store',
    },
  });
};
