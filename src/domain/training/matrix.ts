import { chinaDate, guardFormula } from '../reporting/hr-export.ts';
import { studyStatusLabels, type StudyStatus } from '../progress/rules.ts';
import type { MatrixRow } from './trainer-views.ts';

/** The progress matrix's filters, as the page's form and the export link carry them. */
export interface MatrixFilter {
  cohort: string;
  status: StudyStatus | '';
  q: string;
}

export function parseMatrixFilter(params: URLSearchParams): MatrixFilter {
  const status = params.get('status') ?? '';
  return {
    cohort: (params.get('cohort') ?? '').slice(0, 20),
    status: status in studyStatusLabels ? (status as StudyStatus) : '',
    q: (params.get('q') ?? '').trim().slice(0, 40),
  };
}

/** The query string of a filter (empty fields left out). */
export function matrixQuery(f: MatrixFilter): string {
  const params = new URLSearchParams(Object.entries(f).filter(([, v]) => v !== ''));
  return params.toString();
}

/** The rows a filter keeps: members of the chosen cohort, matching name or 工号, with a module in that status. */
export function filterMatrix(
  rows: readonly MatrixRow[],
  cohorts: readonly { id: string; name: string }[],
  f: MatrixFilter,
): MatrixRow[] {
  const cohortName = cohorts.find((c) => c.id === f.cohort)?.name;
  return rows
    .filter((r) => !cohortName || r.cohort.split('、').includes(cohortName))
    .filter((r) => !f.q || r.name.includes(f.q) || r.employeeNo.includes(f.q))
    .filter((r) => !f.status || r.modules.some((m) => m.status === f.status));
}

/** A cell of the exported matrix. */
export type MatrixCell = string | number;

/**
 * The matrix as a table for a spreadsheet: 姓名, 工号, 班组, then per module its status, progress (%) and due date.
 * Text is guarded against formula injection like the HR export.
 */
export function matrixExportTable(
  rows: readonly MatrixRow[],
  modules: readonly { slug: string; title: string }[],
): MatrixCell[][] {
  const header = [
    '姓名',
    '工号',
    '班组',
    ...modules.flatMap((m) => [`${m.title}·状态`, `${m.title}·进度(%)`, `${m.title}·截止日期`]),
  ];
  return [
    header,
    ...rows.map((r) => [
      guardFormula(r.name),
      guardFormula(r.employeeNo),
      guardFormula(r.cohort),
      ...modules.flatMap((m) => {
        const cell = r.modules.find((x) => x.module === m.slug);
        return cell ? [studyStatusLabels[cell.status], cell.percent, chinaDate(cell.dueAt)] : ['', '', ''];
      }),
    ]),
  ];
}

/** The matrix as an .xlsx workbook (ExcelJS, as the HR export): plain string and number cells, header frozen. */
export async function matrixWorkbook(table: readonly (readonly MatrixCell[])[], now: Date): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '热线学堂';
  workbook.created = now;
  const sheet = workbook.addWorksheet('学习进度', { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  sheet.columns = table[0]!.map((h, i) => ({
    header: String(h),
    width: i < 3 ? 14 : String(h).endsWith('(%)') ? 10 : 16,
  }));
  for (const row of table.slice(1)) {
    const added = sheet.addRow([...row]);
    added.eachCell((cell) => {
      if (typeof cell.value === 'string') cell.numFmt = '@';
    });
  }
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table[0]!.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
