import { hrStatusLabels, type HrStatus } from './schema.ts';

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
  /** The name and 工号 printed on the certificate (as at issue), e.g. 李晓雨（10001）; absent without one. */
  certificateHolder?: string;
}

/** A cell of the exported table: text, a calendar date (China time) or a number. */
export type HrExportCell = string | number | { date: string };

interface Column {
  header: string;
  /** Column width in Excel, in characters. */
  width: number;
  value: (row: HrExportRow) => HrExportCell;
}

const chinaDay = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  timeZone: 'Asia/Shanghai',
});

/** China has kept UTC+8 all year since its last daylight saving time ended in September 1991. */
const fixedOffsetSince = Date.UTC(1992, 0, 1);
const chinaOffset = 8 * 3_600_000;

/** The calendar day of `d` in China time as 2026-11-24, or '' without a date. */
export function chinaDate(d: Date | null): string {
  if (!d) return '';
  const ms = d.getTime();
  // Arithmetic where the offset is fixed (a large export formats 60,000 dates; Intl takes several µs each).
  return ms >= fixedOffsetSince ? new Date(ms + chinaOffset).toISOString().slice(0, 10) : chinaDay.format(d);
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
  { header: '证书所载持证人', width: 20, value: (r) => r.certificateHolder ?? '' },
];

// What a spreadsheet may take as the start of a formula: = + - @ (and their full-width forms, which some
// spreadsheet apps fold to ASCII), and a tab or carriage return.
const formulaStart = '=+\\-@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20';
// Leading blanks (space, tab, no-break and ideographic space, line breaks) are skipped by spreadsheets before they
// look for a formula.
const blanks = ' \\t\\r\\n\\u00A0\\u3000';
const leadingFormula = new RegExp(`^[${blanks}]*[${formulaStart}]`);
// A list separator (comma, semicolon, tab, pipe) followed by a formula start: a spreadsheet that splits the line
// with another separator than the file's would begin a new cell there.
const separatedFormula = new RegExp(`([,;\\t|\\uFF0C\\uFF1B][${blanks}]*)(?=[${formulaStart}])`, 'g');

/**
 * Neutralises text a spreadsheet could read as a formula (CSV / formula injection): a cell that starts with
 * = + - @, a tab or a carriage return — also after leading blanks — gets a leading apostrophe, and so does every
 * formula start that follows a list separator inside the cell (`a;=cmd` becomes `a;'=cmd`; a tab counts as both
 * a blank and a separator), so no way of splitting the line yields a cell that starts a formula.
 */
export function guardFormula(text: string): string {
  const inner = text.replace(separatedFormula, "$1'");
  return leadingFormula.test(inner) ? `'${inner}` : inner;
}

/** Header row plus one row per record; text cells are guarded against formula injection (for CSV). */
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

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break (or a semicolon or tab, so a
 * spreadsheet set to another list separator keeps it whole too); quotes doubled.
 */
export function csvField(cell: HrExportCell): string {
  const text = typeof cell === 'object' ? cell.date : String(cell);
  return /[",;\t\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
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
