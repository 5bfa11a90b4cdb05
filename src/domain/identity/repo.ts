import type PocketBase from 'pocketbase';
import { z } from 'zod';

const identitySchema = z.object({ name: z.string(), employeeNo: z.string() });

/** A staff member's name and 工号 as they are now (the holder snapshot of a new certificate). */
export async function staffIdentity(admin: PocketBase, userId: string): Promise<z.output<typeof identitySchema>> {
  return identitySchema.parse(
    await admin.collection('users').getOne(userId, { fields: 'name,employeeNo', requestKey: null }),
  );
}
