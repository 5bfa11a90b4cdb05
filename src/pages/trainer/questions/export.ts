// GET /trainer/questions/export?format=gift|xml — the whole question bank (files and published items) as a Moodle
// GIFT or Moodle XML file. Trainers and HR only (the /trainer gate, and the service checks the role again).
import type { APIRoute } from 'astro';
import { toGift } from '../../../domain/assessment/gift.ts';
import { toMoodleXml } from '../../../domain/question-bank/moodle-xml.ts';
import { exportableQuestions } from '../../../domain/question-bank/service.ts';
import { jsonRefusal } from '../../../platform/errors/index.ts';
import { appBankDeps } from '../../../domain/assessment/question-bank.ts';

export const GET: APIRoute = async ({ locals, url }) => {
  const user = locals.user;
  try {
    const questions = await exportableQuestions(await appBankDeps(), user!);
    const xml = url.searchParams.get('format') === 'xml';
    const { text, skipped } = xml ? toMoodleXml(questions) : toGift(questions);
    const note = `${questions.length - skipped.length} exported, ${skipped.length} without a ${xml ? 'Moodle XML' : 'GIFT'} form`;
    const body = xml ? text : `// 热线学堂题库导出（${note}）\n\n${text}`;
    const date = new Date().toISOString().slice(0, 10);
    return new Response(body, {
      headers: {
        'content-type': xml ? 'application/xml; charset=utf-8' : 'text/plain; charset=utf-8',
        'content-disposition': `attachment; filename="hotline-academy-bank-${date}.${xml ? 'xml' : 'gift'}"`,
        'x-skipped-items': String(skipped.length),
      },
    });
  } catch (error) {
    return jsonRefusal(error, `question export by ${user?.id ?? 'anonymous'}`);
  }
};
