import type { APIRoute } from 'astro';
import { appErrors } from '../../../../../platform/errors/index.ts';
import { readableRecordingFile, recordingFileUrl, type RecordingFile } from '../../../../../domain/voice/lab.ts';

/**
 * A saved recording's audio, for the trainee and the trainers/HR who may view it. Whether the viewer may is decided
 * by PocketBase's rules (the viewer's own client must be able to read the record); the file itself is protected and
 * fetched with a short-lived admin file token, so its URL never reaches the browser.
 */
export const GET: APIRoute = async ({ locals, params, request }) => {
  if (!locals.user) return new Response(appErrors.SignInRequired.message, { status: 401 });
  let file: RecordingFile | null;
  try {
    file = await readableRecordingFile(locals.pb, params.id ?? '');
  } catch (error) {
    console.error(`[voice/recordings/audio] ${params.id} for ${locals.user.id}: ${(error as Error).message}`);
    return new Response(appErrors.BackendUnavailable.message, { status: 503 });
  }
  if (!file) return new Response(appErrors.NotFound.message, { status: 404 });
  const url = await recordingFileUrl(await locals.admin(), file);
  // Range requests pass through to PocketBase (which serves files with byte ranges), so a player can seek.
  const range = request.headers.get('range');
  const upstream = await fetch(url, {
    headers: range ? { range } : {},
  });
  if (upstream.status === 416)
    return new Response(null, {
      status: 416,
      headers: { 'content-range': upstream.headers.get('content-range') ?? '' },
    });
  if (!upstream.ok || !upstream.body) return new Response(appErrors.BackendUnavailable.message, { status: 503 });
  const headers: Record<string, string> = {
    'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream',
    'cache-control': 'private, no-store',
    'accept-ranges': 'bytes',
  };
  for (const name of ['content-length', 'content-range']) {
    const value = upstream.headers.get(name);
    if (value) headers[name] = value;
  }
  return new Response(upstream.body, { status: upstream.status === 206 ? 206 : 200, headers });
};
