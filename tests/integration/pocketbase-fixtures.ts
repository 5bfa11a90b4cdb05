import { randomBytes } from 'node:crypto';
import PocketBase from 'pocketbase';
import { inject } from 'vitest';
import type { Role } from '../../src/domain/identity/schema.ts';
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
