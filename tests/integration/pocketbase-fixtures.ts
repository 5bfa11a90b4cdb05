import { randomBytes } from 'node:crypto';
import PocketBase from 'pocketbase';
import { inject } from 'vitest';
import type { Role, StaffUser } from '../../src/domain/identity/schema.ts';
import { AppError } from '../../src/platform/errors/index.ts';
import { adminClient } from '../../src/platform/pocketbase/admin-client.ts';
import { createStaffUser } from '../../src/domain/identity/seed.ts';

export const pbUrl = () => inject('pbUrl');
export const asAdmin = () => adminClient(inject('pbUrl'), inject('adminEmail'), inject('adminPassword'));

export function anonymousClient(): PocketBase {
  const pb = new PocketBase(inject('pbUrl'));
  pb.autoCancellation(false);
  return pb;
}

let counter = 0;
/** A fresh staff account with a unique email and 工号, plus a client signed in as it. */
export async function makeUser(role: Role, extra: { name?: string; team?: string; department?: string } = {}) {
  const admin = await asAdmin();
  const tag = `${process.pid}${Date.now().toString(36)}${counter++}${randomBytes(2).toString('hex')}`;
  const password = 'test-password-123';
  const record = await createStaffUser(admin, {
    email: `${role}-${tag}@example.com`,
    name: extra.name ?? `测试${role}`,
    employeeNo: `T${tag}`.slice(0, 20),
    role,
    department: extra.department ?? '测试部',
    team: extra.team ?? '测试班',
    password,
  });
  const client = anonymousClient();
  await client.collection('users').authWithPassword(record.email, password);
  return { id: record.id, email: record.email as string, password, client };
}

/** The app's view of a test account (what the session hands to services). */
export async function staffOf(m: { id: string }): Promise<StaffUser> {
  const r = await (await asAdmin()).collection('users').getOne(m.id, { requestKey: null });
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    employeeNo: r.employeeNo,
    role: r.role,
    department: r.department,
    team: r.team,
  };
}

/** The refusal (AppError) a call ends with, or 'ok'; any other error fails the test. */
export async function refusalOf(
  call: Promise<unknown>,
): Promise<{ status: number; name: string; message: string } | 'ok'> {
  try {
    await call;
    return 'ok';
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, name: e.name, message: e.message };
    throw e;
  }
}

/** A viewer for services built without a round trip: the account's id and email, `role`, placeholder identity. */
export const viewerOf = (m: { id: string; email: string }, role: Role): StaffUser => ({
  id: m.id,
  role,
  email: m.email,
  name: '测试',
  employeeNo: 'x',
  department: '',
  team: '',
});

/** The name of the catalogue entry a call is refused with, or 'ok'. */
export const refusalName = async (call: Promise<unknown>) => {
  const refused = await refusalOf(call);
  return refused === 'ok' ? 'ok' : refused.name;
};
