import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { staffIdentityFields, staffIdentityInputSchema, type StaffIdentityField, type StaffUser } from './schema.ts';
import { audit } from '../audit/repo.ts';
import {
  AppError,
  EmployeeNoTaken,
  invalidInput,
  StaffNotFound,
  StaffRecordsForbidden,
} from '../../platform/errors/index.ts';
import { employeeNoTaken, updateUser, userById } from './repo.ts';

/** A staff member's identity as HR sees and edits it. */
export type StaffIdentity = Record<StaffIdentityField, string> & { id: string; role: string; email: string };

/** One staff account (HR only; the caller's role is checked here). */
export async function staffIdentity(admin: PocketBase, viewer: StaffUser, userId: string): Promise<StaffIdentity> {
  if (viewer.role !== 'hr') throw new AppError(StaffRecordsForbidden, { log: [viewer.id, viewer.role] });
  const record = await userById(admin, userId);
  if (!record) throw new AppError(StaffNotFound, { log: [userId] });
  const { id, role, email, name, employeeNo, department, team } = record;
  return { id, role, email, name, employeeNo, department, team };
}

/**
 * HR corrects a staff member's name, 工号, department or team. Writes the change and an audit entry
 * (`user.update`, with the fields before and after and the reason). Certificates already issued keep the name and
 * 工号 they were issued with. Returns the fields that changed (none: nothing is written).
 */
export async function updateStaffIdentity(
  admin: PocketBase,
  viewer: StaffUser,
  userId: string,
  input: unknown,
): Promise<StaffIdentityField[]> {
  const current = await staffIdentity(admin, viewer, userId);
  const parsed = staffIdentityInputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput('staff identity', parsed.error);
  const changed = staffIdentityFields.filter((f) => parsed.data[f] !== current[f]);
  if (changed.length === 0) return [];
  const after = Object.fromEntries(changed.map((f) => [f, parsed.data[f]]));
  const before = Object.fromEntries(changed.map((f) => [f, current[f]]));
  const taken = (cause?: unknown) =>
    new AppError(EmployeeNoTaken, { message: [parsed.data.employeeNo], log: [userId, parsed.data.employeeNo], cause });
  if (changed.includes('employeeNo') && (await employeeNoTaken(admin, parsed.data.employeeNo, userId))) throw taken();
  try {
    await updateUser(admin, userId, after);
  } catch (e) {
    if (e instanceof ClientResponseError && e.status === 400 && e.response?.data?.employeeNo) {
      throw taken(e);
    }
    throw e;
  }
  await audit(admin, viewer.id, 'user.update', userId, { user: userId, reason: parsed.data.reason, before, after });
  return changed;
}
