import { pbDateSchema } from '../../platform/pocketbase/dates.ts';
import { z } from 'zod';
import { certificateStatusLabels } from '../certification/rules.ts';

/**
 * Certification status of one trainee for one program, as the HR view computes it: the statuses of
 * certificateStatus() in src/domain/certification/rules.ts, plus `none` when the trainee has no certificate.
 */
export const hrStatuses = ['valid', 'expiring', 'expired', 'revoked', 'pending', 'none'] as const;
export const hrStatusSchema = z.enum(hrStatuses);
export type HrStatus = z.infer<typeof hrStatusSchema>;

/** Chinese labels of the statuses (the badges always show them; colour only repeats the text). */
export const hrStatusLabels: Record<HrStatus, string> = { ...certificateStatusLabels, none: '未认证' };

/** What the status filter offers: a single status, or `certified` for 有效 and 30天内到期 together. */
export const hrStatusFilters = ['certified', ...hrStatuses] as const;
export type HrStatusFilter = (typeof hrStatusFilters)[number];
export const hrStatusFilterLabels: Record<HrStatusFilter, string> = {
  ...hrStatusLabels,
  certified: '已认证（有效或即将到期）',
  expiring: '即将到期（30天内）',
};

/** Columns of the staff table that can be sorted; `-` in front sorts descending. */
export const hrSortKeys = [
  'name',
  'employeeNo',
  'department',
  'team',
  'programTitle',
  'status',
  'expiresAt',
  'overdue',
] as const;
export type HrSortKey = (typeof hrSortKeys)[number];
const sortValues = hrSortKeys.flatMap((k) => [k, `-${k}`] as const);
export type HrSort = HrSortKey | `-${HrSortKey}`;

export const hrPageSizes = [20, 50, 100] as const;

// A hand-edited or stale URL never fails: anything unusable falls back to the default.
const text = (max: number) => z.string().trim().max(max).catch('');
const flag = z
  .union([z.literal('1'), z.literal('true'), z.literal('on')])
  .transform(() => true)
  .catch(false);

/**
 * Filters, sort and page of the HR staff table, read from URL search params (the dashboard, the export and the
 * table links all use the same parameters). Empty strings mean 「全部」.
 */
export const hrFilterSchema = z.object({
  /** 部门, exact match. */
  department: text(60),
  /** 班组, exact match. */
  team: text(60),
  /** Program key (content/certifications/<key>.json). */
  program: z
    .string()
    .regex(/^[a-z0-9-]{0,80}$/)
    .catch(''),
  status: z.enum(hrStatusFilters).or(z.literal('')).catch(''),
  /** Only trainees with at least one overdue assignment. */
  overdue: flag,
  /**
   * Part of a name or 工号. LIKE wildcards (% _) and backslashes are dropped, so the table (SQLite LIKE) and the
   * export (a substring match in the server) find the same rows.
   */
  q: z
    .string()
    .transform((s) =>
      s
        .replace(/[%_\\]/g, '')
        .trim()
        .slice(0, 40),
    )
    .catch(''),
  sort: z.enum(sortValues as unknown as [HrSort, ...HrSort[]]).catch('employeeNo'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  perPage: z.coerce
    .number()
    .int()
    .refine((n) => (hrPageSizes as readonly number[]).includes(n))
    .catch(50),
});
export type HrFilter = z.infer<typeof hrFilterSchema>;

/** Parse the table's filters from a URL's search params (unknown parameters are ignored). */
export function parseHrFilter(params: URLSearchParams): HrFilter {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(hrFilterSchema.shape)) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  return hrFilterSchema.parse(raw);
}

/** Search params for `filter` with `changes` applied, leaving out defaults so URLs stay short. */
export function hrFilterParams(filter: HrFilter, changes: Partial<HrFilter> = {}): URLSearchParams {
  const f = { ...filter, ...changes };
  const params = new URLSearchParams();
  if (f.department) params.set('department', f.department);
  if (f.team) params.set('team', f.team);
  if (f.program) params.set('program', f.program);
  if (f.status) params.set('status', f.status);
  if (f.overdue) params.set('overdue', '1');
  if (f.q) params.set('q', f.q);
  if (f.sort !== 'employeeNo') params.set('sort', f.sort);
  if (f.page !== 1) params.set('page', String(f.page));
  if (f.perPage !== 50) params.set('perPage', String(f.perPage));
  return params;
}

/** HR revokes a certificate: which one and why (the reason is kept in the certificate and the audit log). */
export const revokeInputSchema = z.object({
  certificate: z.string().regex(/^[a-z0-9]{15}$/, '证书编号无效，请刷新页面后重试。'),
  reason: z.string().trim().min(1, '请填写撤销原因。').max(500, '撤销原因不超过 500 个字。'),
});
export type RevokeInput = z.infer<typeof revokeInputSchema>;

/** A row of the staff view, parsed once at the boundary. */
export const staffRowSchema = z.object({
  id: z.string(),
  user: z.string(),
  name: z.string(),
  employeeNo: z.string(),
  department: z.string(),
  team: z.string(),
  program: z.string(),
  programTitle: z.string(),
  /** Id of the certificate the status is computed from ('' when none). */
  certificate: z.string(),
  issuedAt: pbDateSchema,
  validFrom: pbDateSchema,
  expiresAt: pbDateSchema,
  revokedAt: pbDateSchema,
  /** The name and 工号 printed on the certificate, e.g. 李晓雨（10001）; '' without one (absent: not looked up). */
  holder: z.string().optional(),
  status: hrStatusSchema,
  /** Overdue assignments of the trainee (the same on each of their program rows). */
  overdue: z.number().int().min(0),
});
export type StaffRow = z.infer<typeof staffRowSchema>;

export const countRowSchema = z.object({
  department: z.string(),
  team: z.string(),
  program: z.string(),
  status: hrStatusSchema,
  staff: z.number().int().min(0),
  overdueStaff: z.number().int().min(0),
  overdueTasks: z.number().int().min(0),
});
export type CountRow = z.infer<typeof countRowSchema>;
