import type PocketBase from 'pocketbase';
import { newStaffUserSchema, type NewStaffUser } from './schema.ts';
import { demoCohort, demoUsers } from './demo-data.ts';

/** Create a staff account (admin client only). */
export async function createStaffUser(admin: PocketBase, input: NewStaffUser) {
  const user = newStaffUserSchema.parse(input);
  return admin
    .collection('users')
    .create({ ...user, passwordConfirm: user.password, emailVisibility: false, verified: true });
}

/** Seed demo staff and a cohort when the database has no users; returns whether it seeded. */
export async function seedDemoData(admin: PocketBase, password: string): Promise<boolean> {
  const existing = await admin.collection('users').getList(1, 1, { requestKey: null });
  if (existing.totalItems > 0) return false;
  const created = new Map<string, string>();
  for (const user of demoUsers(password)) {
    const record = await createStaffUser(admin, user);
    created.set(user.email, record.id);
  }
  await admin.collection('cohorts').create({
    name: demoCohort.name,
    department: demoCohort.department,
    trainer: created.get(demoCohort.trainerEmail),
    members: demoCohort.memberEmails.map((e) => created.get(e)),
  });
  return true;
}
