import { defineAction } from 'astro:actions';
import { ClientResponseError } from 'pocketbase';
import { z } from 'zod';
import { toActionError } from '../platform/errors/action-error.ts';
import { AppError, CertificateNotFound, Forbidden, invalidInput, RevocationFailed } from '../platform/errors/index.ts';
import { revokeInputSchema } from '../domain/reporting/schema.ts';
import { staffIdentityFields } from '../domain/identity/schema.ts';
import { appAdmin } from '../platform/pocketbase/app-admin.ts';
import { revokeCertificate } from '../domain/certification/service.ts';
import { updateStaffIdentity } from '../domain/identity/staff-records.ts';
import { signedIn } from './guard.ts';

const field = z.string().max(5000).optional();

async function hrMember(context: Parameters<typeof signedIn>[0], what: string) {
  const user = await signedIn(context);
  if (user.role !== 'hr') throw toActionError(new AppError(Forbidden, { log: [user.id, what] }), what);
  return user;
}

/** HR's form actions: identity corrections (/hr/staff/<id>) and certificate revocations (/hr/certificates). */
export const hrActions = {
  /** Correct a staff member's name, 工号, department or team, with a reason (audited). */
  staffUpdate: defineAction({
    accept: 'form',
    input: z.object({ user: field, reason: field, name: field, employeeNo: field, department: field, team: field }),
    handler: async (input, context) => {
      const viewer = await hrMember(context, 'staffUpdate');
      const form: Record<string, string | undefined> = input;
      const draft = Object.fromEntries(
        [...staffIdentityFields, 'reason'].map((f) => [f, (form[f] ?? '').slice(0, 200)]),
      );
      try {
        const changed = await updateStaffIdentity(await appAdmin(), viewer, input.user ?? '', draft);
        return { changed: changed.length };
      } catch (error) {
        throw toActionError(error, 'staffUpdate');
      }
    },
  }),
  /** Revoke a certificate with a reason (audited). */
  certificateRevoke: defineAction({
    accept: 'form',
    input: z.object({ certificate: field, reason: field }),
    handler: async ({ certificate, reason }, context) => {
      const viewer = await hrMember(context, 'certificateRevoke');
      const parsed = revokeInputSchema.safeParse({ certificate: certificate ?? '', reason: reason ?? '' });
      if (!parsed.success)
        throw toActionError(invalidInput('certificate revocation', parsed.error), 'certificateRevoke');
      try {
        await revokeCertificate(await appAdmin(), viewer.id, parsed.data.certificate, parsed.data.reason, new Date());
        return { certificate: parsed.data.certificate };
      } catch (error) {
        if (error instanceof ClientResponseError && error.status === 404) {
          throw toActionError(
            new AppError(CertificateNotFound, { log: [parsed.data.certificate] }),
            'certificateRevoke',
          );
        }
        if (error instanceof AppError) throw toActionError(error, 'certificateRevoke');
        throw toActionError(
          new AppError(RevocationFailed, {
            log: [parsed.data.certificate, viewer.id, (error as Error).message],
            cause: error,
          }),
          'certificateRevoke',
        );
      }
    },
  }),
};
