import type { APIRoute } from 'astro';
import { AppError, ExportFailed, Forbidden } from '../../platform/errors/index.ts';
import { attachmentHeader, hrExportFileName, hrExportTable, toCsv } from '../../domain/reporting/hr-export.ts';
import { parseHrFilter } from '../../domain/reporting/schema.ts';
import { allStaffRows, hrWorkbookStream, withCertificateHolders } from '../../domain/reporting/hr-dashboard.ts';

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });

/**
 * GET /hr/export?format=xlsx|csv&<the table's filters>: every row of the current filter (not just one page) as an
 * Excel workbook or a UTF-8 CSV with BOM. HR only (checked here again, not only by the /hr gate).
 */
export const GET: APIRoute = async ({ locals, url }) => {
  const user = locals.user;
  if (user?.role !== 'hr') return text(Forbidden.status, `${Forbidden.title}：${Forbidden.message}`);
  const format = url.searchParams.get('format') === 'csv' ? 'csv' : 'xlsx';
  const filter = parseHrFilter(url.searchParams);
  const now = new Date();
  try {
    // The summary is admin only: HR's role was checked above (see /hr).
    const admin = await locals.admin();
    const rows = await withCertificateHolders(admin, await allStaffRows(admin, filter));
    const name = hrExportFileName(format, now);
    const headers = {
      'content-disposition': attachmentHeader(name),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    };
    if (format === 'csv') {
      return new Response(toCsv(hrExportTable(rows)), {
        headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' },
      });
    }
    // Streamed as ExcelJS writes it (a failure after this point cuts the download short; the client sees it).
    return new Response(hrWorkbookStream(rows, now), {
      headers: { ...headers, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
  } catch (e) {
    const failed = new AppError(ExportFailed, { log: [format, user.id, (e as Error).message], cause: e });
    console.error(`[hr/export] ${failed.log}`);
    return text(failed.status, failed.message);
  }
};
