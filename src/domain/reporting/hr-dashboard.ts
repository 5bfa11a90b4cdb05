import { Readable } from 'node:stream';
import type PocketBase from 'pocketbase';
import { pbDateText } from '../../platform/pocketbase/dates.ts';
import { certifiedStatuses, isCertifiedStatus } from '../certification/rules.ts';
import { hrExportColumns, type HrExportRow } from './hr-export.ts';
import { xlsxStream } from './xlsx-writer.ts';
import { certificateHolders, programRows } from '../certification/repo.ts';
import { summaryCounts, summaryPage } from './repo.ts';
import { hrStatuses, staffRowSchema, type CountRow, type HrFilter, type HrStatus, type StaffRow } from './schema.ts';

export { countsView, liveStaffView, staffView } from './repo.ts';
export { staffRowSchema, type StaffRow } from './schema.ts';

// Reads go through `hr_staff_summary` (migration 1734900000_hr_staff_summary.js), which PocketBase's hooks keep
// current (src/db/hooks/hr-summary.pb.js): one row per trainee × program × segment of time, every value stored, so a
// page is an indexed read of the rows whose segment holds `now` (bound as a parameter). The collections are admin
// only; pages pass the app's admin client after the /hr gate and their own HR check.

/** Filter for the rows of the summary that hold at `now`. */
export function currentRows(pb: PocketBase, now: Date): string {
  return pb.filter('segFrom <= {:now} && segTo > {:now}', { now: pbDateText(now) });
}

const opts = { requestKey: null };

/** PocketBase filter expression for the table's filters; every value is bound, never concatenated. */
export function staffFilterExpression(pb: PocketBase, f: HrFilter, now: Date): string {
  const parts: string[] = [currentRows(pb, now)];
  if (f.department) parts.push(pb.filter('department = {:department}', { department: f.department }));
  if (f.team) parts.push(pb.filter('team = {:team}', { team: f.team }));
  if (f.program) parts.push(pb.filter('program = {:program}', { program: f.program }));
  if (f.status === 'certified')
    parts.push(`(${certifiedStatuses.map((status) => pb.filter('status = {:status}', { status })).join(' || ')})`);
  else if (f.status) parts.push(pb.filter('status = {:status}', { status: f.status }));
  if (f.overdue) parts.push('overdue > 0');
  if (f.q) parts.push(pb.filter('(name ~ {:q} || employeeNo ~ {:q})', { q: f.q }));
  return parts.join(' && ');
}

/** Sort expression: the chosen column, then stable tie-breakers so pages never overlap. */
export function staffSortExpression(f: HrFilter): string {
  const key = f.sort.replace(/^-/, '');
  const tieBreakers = ['employeeNo', 'program', 'id'].filter((k) => k !== key);
  return [f.sort, ...tieBreakers].join(',');
}

/** One page of the staff table. */
export interface StaffPage {
  items: StaffRow[];
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
}

/**
 * The staff table page for `f` at `now` (paged, filtered and sorted by PocketBase). Counting the matches is a second
 * query; pass `knownTotal` (see totalFromSummary) and PocketBase skips it.
 */
export async function listStaff(
  pb: PocketBase,
  f: HrFilter,
  knownTotal?: number,
  now = new Date(),
): Promise<StaffPage> {
  const skipTotal = knownTotal !== undefined;
  const result = await summaryPage(pb, f.page, f.perPage, {
    filter: staffFilterExpression(pb, f, now),
    sort: staffSortExpression(f),
    skipTotal,
  });
  return {
    items: result.items,
    page: result.page,
    perPage: result.perPage,
    totalItems: knownTotal ?? result.totalItems,
    totalPages: skipTotal ? Math.ceil(knownTotal / f.perPage) : result.totalPages,
  };
}

/**
 * Recompute the whole summary in PocketBase (src/db/hooks/hr-summary.pb.js), after data was written behind PocketBase's
 * back (straight into SQLite). Admin client only. Returns the number of rows.
 */
export async function rebuildHrSummary(admin: PocketBase): Promise<number> {
  const answer = await admin.send<{ rows: number }>('/api/academy/hr-summary/rebuild', { method: 'POST', ...opts });
  return answer.rows;
}

/** The number of table rows for `f` as the summary already counted them, when `f` filters only by what it groups by. */
export function totalFromSummary(summary: HrSummary, f: HrFilter): number | undefined {
  if (f.q || f.overdue) return undefined;
  if (!f.status) return summary.totals.total;
  return f.status === 'certified' ? summary.totals.certified : summary.totals.byStatus[f.status];
}

/**
 * The fields of an exported row, in the order src/db/hooks/hr-summary.js sends them (the table's columns without the
 * segment of time): the staff row schema's own order, which follows the table's (hooks cannot import TypeScript;
 * every export test parses rows with this list).
 */
const exportedFields = Object.keys(staffRowSchema.shape) as (keyof StaffRow)[];

/**
 * Every row matching `f` (for the export), in the table's order, in one request: PocketBase's hook
 * (src/db/hooks/hr-summary.pb.js, /api/academy/hr-summary/rows) applies the table's filters and sort in SQL and sends
 * compact arrays. Admin client only.
 */
export async function allStaffRows(pb: PocketBase, f: HrFilter, now = new Date()): Promise<StaffRow[]> {
  const rows = await pb.send<unknown[][]>('/api/academy/hr-summary/rows', {
    method: 'POST',
    body: {
      now: pbDateText(now),
      department: f.department,
      team: f.team,
      program: f.program,
      statuses: f.status === 'certified' ? certifiedStatuses : f.status ? [f.status] : [],
      overdue: f.overdue,
      q: f.q,
      sort: staffSortExpression(f).split(','),
    },
    ...opts,
  });
  return rows.map((values) =>
    staffRowSchema.parse(Object.fromEntries(exportedFields.map((field, i) => [field, values[i]]))),
  );
}

/** Counts per status, plus overdue trainees and assignments, for one group of staff. */
export interface StatusCounts {
  byStatus: Record<HrStatus, number>;
  /** 已认证: 有效 + 即将到期. */
  certified: number;
  /** Staff × program rows counted. */
  total: number;
  /** Trainees with at least one overdue assignment. */
  overdueStaff: number;
  /** Overdue assignments in all. */
  overdueTasks: number;
}

/** A department, or a team within one, with its counts. */
export interface GroupCounts extends StatusCounts {
  department: string;
  team: string;
}

/** What the dashboard shows above the table. */
export interface HrSummary {
  /** Everyone within the department, team and program filters. */
  totals: StatusCounts;
  /** Trainees in scope (each counted once, whatever the number of programs). */
  staff: number;
  byDepartment: GroupCounts[];
  byTeam: GroupCounts[];
  /** Choices for the filter form (departments and teams that have trainees). */
  departments: string[];
  teams: string[];
  /** True when the status counts cover several programs, i.e. count trainee × program pairs. */
  acrossPrograms: boolean;
}

function emptyCounts(): StatusCounts {
  return {
    byStatus: Object.fromEntries(hrStatuses.map((s) => [s, 0])) as Record<HrStatus, number>,
    certified: 0,
    total: 0,
    overdueStaff: 0,
    overdueTasks: 0,
  };
}

/**
 * Add a count row. Overdue numbers are per trainee and repeated on each of their program rows, so they are
 * taken from the rows of one program only (`overdueProgram`); every trainee has a row for every program.
 */
function addCounts(into: StatusCounts, row: CountRow, overdueProgram: string) {
  into.byStatus[row.status] += row.staff;
  into.total += row.staff;
  if (isCertifiedStatus(row.status)) into.certified += row.staff;
  if (row.program === overdueProgram) {
    into.overdueStaff += row.overdueStaff;
    into.overdueTasks += row.overdueTasks;
  }
}

const byText = (a: string, b: string) => a.localeCompare(b, 'zh-CN');

/**
 * Summary for the dashboard within the department, team and program filters (status, overdue and search
 * narrow the table only). One request: the grouped view is small (departments × teams × programs × statuses).
 */
export async function hrSummary(pb: PocketBase, f: HrFilter): Promise<HrSummary> {
  const all = await summaryCounts(pb);
  const programs = [...new Set(all.map((r) => r.program))].sort();
  const overdueProgram = f.program || programs[0] || '';
  const rows = all.filter(
    (r) =>
      (!f.department || r.department === f.department) &&
      (!f.team || r.team === f.team) &&
      (!f.program || r.program === f.program),
  );

  const totals = emptyCounts();
  const departments = new Map<string, GroupCounts>();
  const teams = new Map<string, GroupCounts>();
  let staff = 0;
  for (const row of rows) {
    addCounts(totals, row, overdueProgram);
    if (row.program === overdueProgram) staff += row.staff;
    const dept = departments.get(row.department) ?? { department: row.department, team: '', ...emptyCounts() };
    addCounts(dept, row, overdueProgram);
    departments.set(row.department, dept);
    const teamKey = JSON.stringify([row.department, row.team]);
    const team = teams.get(teamKey) ?? { department: row.department, team: row.team, ...emptyCounts() };
    addCounts(team, row, overdueProgram);
    teams.set(teamKey, team);
  }
  return {
    totals,
    staff,
    byDepartment: [...departments.values()].sort((a, b) => byText(a.department, b.department)),
    byTeam: [...teams.values()].sort((a, b) => byText(a.department, b.department) || byText(a.team, b.team)),
    departments: [...new Set(all.map((r) => r.department))].sort(byText),
    teams: [...new Set(all.filter((r) => !f.department || r.department === f.department).map((r) => r.team))].sort(
      byText,
    ),
    acrossPrograms: !f.program && programs.length > 1,
  };
}

/** Certification programs (mirrored from content/certifications) for the filter form. */
export async function listPrograms(pb: PocketBase): Promise<{ key: string; title: string }[]> {
  const list = await programRows(pb);
  return list.map((p) => ({ key: p.key, title: p.title })).sort((a, b) => a.title.localeCompare(b.title));
}

/**
 * Adds to each row that has a certificate the name and 工号 printed on it (as at issue): the summary's `holder`, or for
 * a row without it, read with `pb` (the certificates rules apply), 100 certificates per request.
 */
export async function withCertificateHolders(
  pb: PocketBase,
  rows: readonly StaffRow[],
): Promise<(StaffRow & { certificateHolder?: string })[]> {
  // Rows read from the summary carry the holder already ('' when the certificate has none); others are looked up.
  const ids = [
    ...new Set(
      rows
        .filter((r) => r.holder === undefined)
        .map((r) => r.certificate)
        .filter(Boolean),
    ),
  ];
  const holders = new Map<string, string>();
  for (const c of await certificateHolders(pb, ids))
    if (c.holderName) holders.set(c.id, `${c.holderName}（${c.holderEmployeeNo}）`);
  return rows.map((r) => {
    const holder = r.holder || holders.get(r.certificate);
    return holder ? { ...r, certificateHolder: holder } : r;
  });
}

/**
 * An .xlsx workbook of `rows` (one sheet, Chinese headers, real dates, frozen bold header row, autofilter), written as
 * it goes by src/domain/reporting/xlsx-writer.ts: bytes leave while later rows are still being written.
 * Text goes in as a (shared) string cell exactly as it is, never a formula (the apostrophe that guards CSV would show
 * in Excel). A date cell holds the China calendar day at UTC midnight, which Excel shows as that day.
 */
export function hrWorkbookStream(rows: readonly HrExportRow[], now: Date): ReadableStream<Uint8Array> {
  const stream = xlsxStream({
    name: '认证台账',
    columns: hrExportColumns.map((c) => ({ header: c.header, width: c.width, date: c.header.endsWith('日期') })),
    rows: (function* () {
      for (const row of rows)
        yield hrExportColumns.map((c) => {
          const v = c.value(row);
          return typeof v === 'object' ? new Date(`${v.date}T00:00:00Z`) : v;
        });
    })(),
    creator: '热线学堂',
    created: now,
  });
  return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
}

/** The whole workbook of `rows` in memory (see `hrWorkbookStream`). */
export async function hrWorkbook(rows: readonly HrExportRow[], now: Date): Promise<Buffer> {
  return Buffer.from(await new Response(hrWorkbookStream(rows, now)).arrayBuffer());
}
