import type { APIRoute } from 'astro';
import { appErrors } from '../../../lib/errors.ts';
import { appAdmin } from '../../../server/app-admin.ts';
import { actionCalls, hitLimit } from '../../../server/rate-limits.ts';
import { Refusal } from '../../../server/refusal.ts';
import { maxRecordingBytes, saveRecording } from '../../../server/voice-lab.ts';

const refuse = (status: number, message: string) => Response.json({ message }, { status });

/** Save a voice-lab recording of the signed-in user (multipart: exercise, metrics, audio). */
export const POST: APIRoute = async ({ locals, request }) => {
  const user = locals.user;
  if (!user) return refuse(401, appErrors.SignInRequired.message);
  if (!(await hitLimit(appAdmin(), actionCalls, user.id)).allowed) return refuse(429, appErrors.TooManyRequests.message);
  if (Number(request.headers.get('content-length') ?? 0) > maxRecordingBytes + 100_000) return refuse(413, '录音文件过大（超过 10 MB），请录制两分钟以内的音频。');
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return refuse(400, appErrors.MalformedRequest.message);
  }
  try {
    const record = await saveRecording(await appAdmin(), user.id, form);
    return Response.json({ id: record.id }, { status: 201 });
  } catch (error) {
    if (error instanceof Refusal) {
      console.warn(`[voice] upload refused for ${user.id}: ${error.message}`);
      return refuse(error.status, error.message);
    }
    console.error('[voice] saving a recording failed:', error);
    return refuse(503, appErrors.BackendUnavailable.message);
  }
};
