import type PocketBase from 'pocketbase';
import { countRowSchema, staffRowSchema, type CountRow, type StaffRow } from './schema.ts';

// The reporting area's collections: the HR summary PocketBase's hooks keep current (src/db/hooks/hr-summary.pb.js),
// its grouped counts, and the live SQL view the summary is checked against. All admin only.

/** The staff × program rows (one per segment of time; `currentRows` picks the present). */
export const staffView = 'hr_staff_summary';
/** The current rows grouped by department, team, program and status. */
export const countsView = 'hr_summary_counts';
/** The live computation the summary is checked against (tests/integration/hr-summary-parity.test.ts). */
export const liveStaffView = 'hr_staff_certifications';

const opts = { requestKey: null };
/** PocketBase returns at most this many records per list request. */
const maxPerPage = 500;

/** One page of summary rows for a PocketBase filter and sort; `skipTotal` spares the count query. */
export async function summaryPage(
  pb: PocketBase,
  page: number,
  perPage: number,
  query: { filter: string; sort: string; skipTotal: boolean },
): Promise<{ items: StaffRow[]; page: number; perPage: number; totalItems: number; totalPages: number }> {
  const result = await pb.collection(staffView).getList(page, perPage, { ...query, ...opts });
  return { ...result, items: result.items.map((r) => staffRowSchema.parse(r)) };
}

/** The current summary rows grouped by department, team, program and status (small: groups, not staff). */
export async function summaryCounts(pb: PocketBase): Promise<CountRow[]> {
  const list = await pb.collection(countsView).getFullList({ batch: maxPerPage, ...opts });
  return list.map((r) => countRowSchema.parse(r));
}
