import type { APIRoute } from 'astro';
import type PocketBase from 'pocketbase';
import type { RecordModel } from 'pocketbase';
import { appErrors } from '../../../../platform/errors/index.ts';
import { getOneOrNull } from '../../../../platform/pocketbase/records.ts';
import { mayListen } from '../../../../domain/training/call-recordings.ts';

/** A trainer-uploaded call recording, for members of its cohorts, its uploader and HR only. */
export const GET: APIRoute = async ({ locals, params }) => {
  if (!locals.user) return new Response(appErrors.SignInRequired.message, { status: 401 });
  let record: RecordModel | null;
  let admin: PocketBase;
  try {
    admin = await locals.admin();
    record = await getOneOrNull(admin.collection('call_recordings'), params.id ?? '', {
      fields: 'id,collectionId,audio,uploadedBy,cohorts',
      requestKey: null,
    });
    if (!record || !(await mayListen(admin, locals.user, { uploadedBy: record.uploadedBy, cohorts: record.cohorts }))) {
      return new Response(appErrors.NotFound.message, { status: 404 });
    }
  } catch (error) {
    console.error(`[call-recordings/audio] ${params.id} for ${locals.user.id}: ${(error as Error).message}`);
    return new Response(appErrors.BackendUnavailable.message, { status: 503 });
  }
  const token = await admin.files.getToken({ requestKey: null });
  const upstream = await fetch(admin.files.getUrl(record, record.audio as string, { token }), {
    headers: { range: '' },
  });
  if (!upstream.ok || !upstream.body) return new Response(appErrors.BackendUnavailable.message, { status: 503 });
  return new Response(upstream.body, {
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream',
      'cache-control': 'private, no-store',
    },
  });
};
