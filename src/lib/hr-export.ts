import { hrStatusLabels, type HrStatus } from '../schemas/hr-filter.ts';

/** One staff × program row as it is exported (the fields of the HR view the report needs). */
export interface HrExportRow {
  name: string;
  employeeNo: string;
  department: string;
  team: string;
  programTitle: string;
  status: HrStatus;
  issuedAt: Date | null;
  validFrom: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  overdue: number;
}

/** A cell of the exported table: text, a calendar date (China time) or a number. */
export type HrExportCell = string | number | { date: string };

interface Column {
  header: string;
  /** Column width in Excel, in characters. */
  width: number;
  value: (row: HrExportRow) => HrExportCell;
}

const chinaDay = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Asia/Shanghai' });

/** The calendar day of `d` in China time as 2026-11-24, or '' without a date. */
export function chinaDate(d: Date | null): string {
  return d ? chinaDay.format(d) : '';
}

const dateCell = (d: Date | null): HrExportCell => (d ? { date: chinaDate(d) } : '');

/** The exported columns, in order, with their Chinese headers. */
export const hrExportColumns: readonly Column[] = [
  { header: '姓名', width: 12, value: (r) => r.name },
  { header: '工号', width: 12, value: (r) => r.employeeNo },
  { header: '部门', width: 16, value: (r) => r.department },
  { header: '班组', width: 12, value: (r) => r.team },
  { header: '认证项目', width: 24, value: (r) => r.programTitle },
  { header: '状态', width: 10, value: (r) => hrStatusLabels[r.status] },
  { header: '发证日期', width: 13, value: (r) => dateCell(r.issuedAt) },
  { header: '生效日期', width: 13, value: (r) => dateCell(r.validFrom) },
  { header: '到期日期', width: 13, value: (r) => dateCell(r.expiresAt) },
  { header: '撤销日期', width: 13, value: (r) => dateCell(r.revokedAt) },
  { header: '逾期任务数', width: 11, value: (r) => r.overdue },
];

/**
 * Text that a spreadsheet would read as a formula (= + - @, or a leading tab or carriage return) gets a
 * leading apostrophe, so an exported name like `=HYPERLINK(...)` stays text (CSV / formula injection).
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Header row plus one row per record; text cells are guarded against formula injection. */
export function hrExportTable(rows: readonly HrExportRow[]): HrExportCell[][] {
  return [
    hrExportColumns.map((c) => c.header),
    ...rows.map((row) =>
      hrExportColumns.map((c) => {
        const v = c.value(row);
        return typeof v === 'string' ? guardFormula(v) : v;
      }),
    ),
  ];
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(cell: HrExportCell): string {
  const text = typeof cell === 'object' ? cell.date : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV text (RFC 4180, CRLF line ends) with a UTF-8 byte order mark, so Excel opens the Chinese correctly. */
export function toCsv(table: readonly (readonly HrExportCell[])[]): string {
  return `\uFEFF${table.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** File name of an export made at `now`, e.g. 认证台账-20261124.xlsx, and an ASCII fallback for old clients. */
export function hrExportFileName(extension: 'xlsx' | 'csv', now: Date): { utf8: string; ascii: string } {
  const day = chinaDate(now).replaceAll('-', '');
  return { utf8: `认证台账-${day}.${extension}`, ascii: `certifications-${day}.${extension}` };
}

/** Content-Disposition header for a download named `name` (RFC 6266 / RFC 5987). */
export function attachmentHeader(name: { utf8: string; ascii: string }): string {
  return `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.utf8)}`;
}
