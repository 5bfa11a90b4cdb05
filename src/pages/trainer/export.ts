import type { APIRoute } from 'astro';
import { getCatalog } from '../../domain/course/catalog.ts';
import { filterMatrix, matrixExportTable, matrixWorkbook, parseMatrixFilter } from '../../domain/training/matrix.ts';
import { attachmentHeader } from '../../domain/reporting/hr-export.ts';
import { chinaDate } from '../../domain/training/rules.ts';
import { AppError, ExportFailed, Forbidden } from '../../platform/errors/index.ts';
import { progressMatrix } from '../../domain/training/trainer-views.ts';

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });

/**
 * GET /trainer/export?<the matrix's filters>: the trainees × modules progress matrix as an .xlsx workbook, every
 * row of the filter. Trainers (their own cohorts) and HR (all), checked here as well as by the /trainer gate.
 */
export const GET: APIRoute = async ({ locals, url }) => {
  const user = locals.user;
  if (user?.role !== 'trainer' && user?.role !== 'hr')
    return text(Forbidden.status, `${Forbidden.title}：${Forbidden.message}`);
  const now = new Date();
  try {
    const matrix = await progressMatrix(await locals.admin(), user, now);
    const modules = (await getCatalog()).map((m) => ({ slug: m.slug, title: m.data.title }));
    const rows = filterMatrix(matrix.rows, matrix.cohorts, parseMatrixFilter(url.searchParams));
    const workbook = await matrixWorkbook(matrixExportTable(rows, modules), now);
    const day = chinaDate(now).replaceAll('-', '');
    return new Response(new Uint8Array(workbook), {
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': attachmentHeader({ utf8: `学习进度-${day}.xlsx`, ascii: `progress-${day}.xlsx` }),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (e) {
    const failed = new AppError(ExportFailed, {
      log: ['progress matrix xlsx', user.id, (e as Error).message],
      cause: e,
    });
    console.error(`[trainer/export] ${failed.log}`);
    return text(failed.status, failed.message);
  }
};
