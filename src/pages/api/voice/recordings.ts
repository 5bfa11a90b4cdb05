import type { APIRoute } from 'astro';
import {
  AppError,
  jsonRefusal,
  MalformedRequest,
  RecordingTooLarge,
  SignInRequired,
  TooManyRequests,
} from '../../../platform/errors/index.ts';
import { actionCalls, hitLimit } from '../../../platform/http/rate-limits.ts';
import { maxRecordingBytes, saveRecording } from '../../../domain/voice/lab.ts';

const where = 'voice';

/**
 * Save a voice-lab recording of the signed-in user (multipart: exercise, metrics, audio). An API route rather than
 * an Astro action: a take is up to 10 MB, over the 1 MB `security.actionBodySizeLimit` every action keeps, and the
 * voice lab posts it with fetch and reads the JSON answer (the app server limits this route's body to 10 MB).
 */
export const POST: APIRoute = async ({ locals, request }) => {
  const user = locals.user;
  if (!user) return jsonRefusal(new AppError(SignInRequired), where);
  if (!(await hitLimit(locals.admin(), actionCalls, user.id)).allowed)
    return jsonRefusal(new AppError(TooManyRequests, { log: [user.id] }), where);
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > maxRecordingBytes + 100_000)
    return jsonRefusal(new AppError(RecordingTooLarge, { log: [length] }), where);
  let form: FormData;
  try {
    form = await request.formData();
  } catch (error) {
    return jsonRefusal(
      new AppError(MalformedRequest, { log: [`voice recording form: ${(error as Error).message}`] }),
      where,
    );
  }
  try {
    const record = await saveRecording(await locals.admin(), user.id, form);
    return Response.json({ id: record.id }, { status: 201 });
  } catch (error) {
    return jsonRefusal(error, `voice upload by ${user.id}`);
  }
};
