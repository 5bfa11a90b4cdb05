import type PocketBase from 'pocketbase';
import type { ListRead } from '../../platform/pocketbase/reads.ts';
import { z } from 'zod';
import { anyOf } from '../../platform/pocketbase/filters.ts';
import { getOneOrNull } from '../../platform/pocketbase/records.ts';
import { staffUserSchema, type StaffUser } from './schema.ts';
import type { ThrottleRequest } from '../../platform/pocketbase/throttle.ts';

// The identity area's collection: `users` (staff accounts). The only file naming it.

const opts = { requestKey: null };
const isRecordId = (id: string) => /^[a-z0-9]{15}$/.test(id);

/**
 * A `users` record as the admin client reads it. Looser than {@link staffUserSchema} (a signed-in user): `role` is
 * any text here, so a row with an unexpected role is refused by the callers' role checks instead of failing to parse.
 */
export const userRecordSchema = z.object({
  id: z.string(),
  email: z.string().default(''),
  name: z.string().default(''),
  employeeNo: z.string().default(''),
  role: z.string().default(''),
  department: z.string().default(''),
  team: z.string().default(''),
});
export type UserRecord = z.infer<typeof userRecordSchema>;

const identitySchema = z.object({ name: z.string(), employeeNo: z.string() });

export type Identity = z.output<typeof identitySchema>;

/**
 * A staff member's name and 工号 as they are now (the holder snapshot of a new certificate), as a list read: one
 * row, or none when there is no such account.
 */
export const identityRead = (userId: string): ListRead<Identity> => ({
  collection: 'users',
  where: { id: userId },
  fields: 'name,employeeNo',
  row: identitySchema,
});

/** A user by record id, or null when there is none (or `id` is no record id at all). */
export function userById(admin: PocketBase, id: string): Promise<UserRecord | null> {
  return isRecordId(id) ? getOneOrNull(admin.collection('users'), id, opts, userRecordSchema) : Promise.resolve(null);
}

/** The user with this 工号, or null. */
export async function userByEmployeeNo(admin: PocketBase, employeeNo: string): Promise<UserRecord | null> {
  const list = await admin
    .collection('users')
    .getList(1, 1, { filter: admin.filter('employeeNo = {:no}', { no: employeeNo }), ...opts });
  return list.items[0] ? userRecordSchema.parse(list.items[0]) : null;
}

/** Whether another account than `exceptId` already has this 工号. */
export async function employeeNoTaken(admin: PocketBase, employeeNo: string, exceptId: string): Promise<boolean> {
  const clash = await admin.collection('users').getList(1, 1, {
    filter: admin.filter('employeeNo = {:no} && id != {:id}', { no: employeeNo, id: exceptId }),
    fields: 'id',
    ...opts,
  });
  return clash.items.length > 0;
}

/** Write identity fields of an account (PocketBase's unique index on 工号 refuses a clash with a 400). */
export async function updateUser(admin: PocketBase, id: string, data: Partial<Omit<UserRecord, 'id'>>): Promise<void> {
  await admin.collection('users').update(id, data, opts);
}

/** Create an account (admin client). */
export async function createUser(
  admin: PocketBase,
  data: Omit<StaffUser, 'id'> & { password: string },
): Promise<UserRecord> {
  const record = await admin
    .collection('users')
    .create({ ...data, passwordConfirm: data.password, emailVisibility: false, verified: true });
  return userRecordSchema.parse(record);
}

/** Whether the database has any account at all. */
export async function anyUser(admin: PocketBase): Promise<boolean> {
  return (await admin.collection('users').getList(1, 1, opts)).totalItems > 0;
}

/**
 * Trainees whose name or 工号 contains `query` (at most 20, by 工号), of one department (`null`: every department).
 */
export async function traineesMatching(
  admin: PocketBase,
  query: string,
  department: string | null,
): Promise<Pick<UserRecord, 'id' | 'name' | 'employeeNo' | 'department' | 'team'>[]> {
  const scope = department === null ? '' : admin.filter(' && department = {:d}', { d: department });
  const list = await admin.collection('users').getList(1, 20, {
    filter: admin.filter('role = "trainee" && (name ~ {:q} || employeeNo ~ {:q})', { q: query }) + scope,
    sort: 'employeeNo',
    fields: 'id,name,employeeNo,department,team',
    ...opts,
  });
  return list.items.map((u) =>
    userRecordSchema.pick({ id: true, name: true, employeeNo: true, department: true, team: true }).parse(u),
  );
}

/**
 * Users by id (at most 100 per request), as id → record with the given fields (comma-separated). `pb` may be the
 * admin client or a viewer's client (then that viewer's list rule applies).
 */
export async function usersByIds<T extends Record<string, unknown>>(
  pb: PocketBase,
  ids: readonly string[],
  fields: string,
): Promise<Map<string, T & { id: string }>> {
  const unique = [...new Set(ids)].filter(isRecordId);
  const out = new Map<string, T & { id: string }>();
  for (let i = 0; i < unique.length; i += 100) {
    const list = await pb
      .collection('users')
      .getFullList({ filter: anyOf(pb, 'id', unique.slice(i, i + 100))!, fields: `id,${fields}`, ...opts });
    for (const u of list) out.set(u.id, u as unknown as T & { id: string });
  }
  return out;
}

/** Names and 工号 of users by id (absent: no such account, or not visible to `pb`). */
export async function peopleByIds(
  pb: PocketBase,
  ids: readonly string[],
): Promise<Map<string, { name: string; employeeNo: string }>> {
  const found = await usersByIds(pb, ids, 'name,employeeNo');
  const schema = userRecordSchema.pick({ name: true, employeeNo: true });
  return new Map([...found].map(([id, u]) => [id, schema.parse(u)]));
}

/** The answer of counting an event against a shared limit (src/platform/http/rate-limits.ts). */
const budgetSchema = z.object({ allowed: z.boolean(), retryAfterMs: z.number() });
export type BudgetAnswer = z.infer<typeof budgetSchema>;
const sessionAnswerSchema = z.object({ record: z.unknown(), token: z.string(), budget: budgetSchema.nullable() });

/**
 * The session check of a request, made with the client's auth token (hook route in src/db/hooks/sessions.pb.js):
 * PocketBase verifies its signature against the account's current token key, as for an auth-refresh. Returns the
 * account as a signed-in staff user, a fresh token when `renew`, and the answer of `budget` — a counter step of the
 * account's own (`subject`: its id) counted in the same request, null when it could not be counted.
 */
export async function checkSession(
  pb: PocketBase,
  request: { renew: boolean; budget?: (ThrottleRequest & { now: number; subject: string }) | undefined },
): Promise<{ user: StaffUser; token: string; budget: BudgetAnswer | null }> {
  const answer = await pb.send('/api/academy/session', { method: 'POST', body: request, requestKey: null });
  const { record, token, budget } = sessionAnswerSchema.parse(answer);
  return { user: staffUserSchema.parse(record), token, budget };
}

/** Check an email and password with PocketBase (a 400 means wrong credentials); the user and their token. */
export async function authWithPassword(
  pb: PocketBase,
  email: string,
  password: string,
): Promise<{ user: StaffUser; token: string }> {
  const { record, token } = await pb.collection('users').authWithPassword(email, password, { requestKey: null });
  return { user: staffUserSchema.parse(record), token };
}
