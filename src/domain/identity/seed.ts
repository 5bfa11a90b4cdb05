import type PocketBase from 'pocketbase';
import { newStaffUserSchema, type NewStaffUser } from './schema.ts';
import { demoCohort, demoUsers } from './demo-data.ts';
import { anyUser, createUser } from './repo.ts';
import { cohortRepo } from '../training/repo.ts';

/** Create a staff account (admin client only). */
export async function createStaffUser(admin: PocketBase, input: NewStaffUser) {
  return createUser(admin, newStaffUserSchema.parse(input));
}

/** Seed demo staff and a cohort when the database has no users; returns whether it seeded. */
export async function seedDemoData(admin: PocketBase, password: string): Promise<boolean> {
  if (await anyUser(admin)) return false;
  const created = new Map<string, string>();
  for (const user of demoUsers(password)) {
    const record = await createStaffUser(admin, user);
    created.set(user.email, record.id);
  }
  await cohortRepo(admin).create({
    name: demoCohort.name,
    department: demoCohort.department,
    trainer: created.get(demoCohort.trainerEmail) ?? '',
    members: demoCohort.memberEmails.map((e) => created.get(e) ?? ''),
  });
  return true;
}
