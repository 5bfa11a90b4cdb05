import type { APIRoute } from 'astro';
import { appErrors } from '../../../../platform/errors/index.ts';
import { appAdmin } from '../../../../server/app-admin.ts';
import { mayListen } from '../../../../server/call-recordings.ts';

/** A trainer-uploaded call recording, for members of its cohorts, its uploader and HR only. */
export const GET: APIRoute = async ({ locals, params }) => {
  if (!locals.user) return new Response(appErrors.SignInRequired.message, { status: 401 });
  const admin = await appAdmin();
  const record = await admin.collection('call_recordings').getOne(params.id ?? '', { fields: 'id,collectionId,audio,uploadedBy,cohorts', requestKey: null }).catch(() => null);
  if (!record || !(await mayListen(admin, locals.user, { uploadedBy: record.uploadedBy, cohorts: record.cohorts }))) {
    return new Response(appErrors.NotFound.message, { status: 404 });
  }
  const token = await admin.files.getToken({ requestKey: null });
  const upstream = await fetch(admin.files.getUrl(record, record.audio as string, { token }), { headers: { range: '' } });
  if (!upstream.ok || !upstream.body) return new Response(appErrors.BackendUnavailable.message, { status: 503 });
  return new Response(upstream.body, { headers: { 'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream', 'cache-control': 'private, no-store' } });
};
