import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import {
  attachmentHeader,
  chinaDate,
  csvField,
  guardFormula,
  hrExportFileName,
  hrExportTable,
  toCsv,
  type HrExportRow,
} from '../../src/domain/reporting/hr-export.ts';
import { hrFilterParams, parseHrFilter } from '../../src/domain/reporting/schema.ts';
import { hrWorkbook } from '../../src/domain/reporting/hr-dashboard.ts';

const row = (over: Partial<HrExportRow> = {}): HrExportRow => ({
  name: '李晓雨',
  employeeNo: '10001',
  department: '客户服务中心',
  team: '一班',
  programTitle: '热线客服代表上岗认证',
  status: 'expiring',
  issuedAt: new Date('2025-12-01T02:00:00Z'),
  validFrom: new Date('2025-12-01T02:00:00Z'),
  // 20:00 UTC is already the next day in China.
  expiresAt: new Date('2026-11-30T20:00:00Z'),
  revokedAt: null,
  overdue: 2,
  ...over,
});

describe('formula injection guard', () => {
  it('prefixes an apostrophe to text a spreadsheet would run as a formula', () => {
    for (const text of ['=1+1', '+86 10000', '-2', '@SUM(A1)', '\r=x', '\tplain', '\rplain'])
      expect(guardFormula(text)).toBe(`'${text}`);
    // A tab is also a separator: what follows it is guarded as well.
    expect(guardFormula('\t=x')).toBe("'\t'=x");
  });
  it('looks past leading spaces, tabs and other blanks', () => {
    for (const text of [' =1+1', '   +1', '\u00A0=1', '\u3000=1', '\n=1', ' \r=1'])
      expect(guardFormula(text)).toBe(`'${text}`);
    expect(guardFormula('\t\t-1')).toBe("'\t\t'-1");
    expect(guardFormula(' \t@A1')).toBe("' \t'@A1");
  });
  it('guards the full-width forms too', () => {
    for (const text of ['＝1+1', '＋1', '－1', '＠A1', ' ＝1']) expect(guardFormula(text)).toBe(`'${text}`);
  });
  it('guards a formula start after a list separator inside the cell', () => {
    expect(guardFormula('李晓雨,=HYPERLINK("http://x")')).toBe(`李晓雨,'=HYPERLINK("http://x")`);
    expect(guardFormula('一班;=1+1')).toBe("一班;'=1+1");
    expect(guardFormula('一班; \t+1')).toBe("一班; \t'+1");
    expect(guardFormula('a\t@SUM(A1)')).toBe("a\t'@SUM(A1)");
    expect(guardFormula('a|-1')).toBe("a|'-1");
    expect(guardFormula('a，＝1；-2')).toBe("a，'＝1；'-2");
    // Both at once: the leading guard and every separated one.
    expect(guardFormula('=1,=2;=3')).toBe("'=1,'=2;'=3");
  });
  it('leaves ordinary text alone', () => {
    for (const text of ['李晓雨', '10001', 'a=b', '', '一班-二组', 'a, b', 'x;y', '王 @ 一班', 'A-1,B-2'])
      expect(guardFormula(text)).toBe(text);
  });
  it('never leaves a cell, or any piece of it split at a separator, starting with a formula', () => {
    const starts = ['=', '+', '-', '@', '\t', '\r', '＝'];
    const blanks = ['', ' ', '\t', '  \t'];
    const seps = [',', ';', '\t', '|', '，'];
    for (const s of starts)
      for (const b of blanks)
        for (const sep of seps) {
          const text = `${b}${s}1${sep}${b}${s}2`;
          const guarded = guardFormula(text);
          for (const piece of [guarded, ...guarded.split(/[,;\t|，]/)]) {
            expect(/^[ \t\r\n\u00A0\u3000]*[=+\-@\r＝＋－＠]/.test(piece), JSON.stringify([text, guarded, piece])).toBe(
              false,
            );
          }
        }
  });
});

describe('CSV', () => {
  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('他说"好"')).toBe('"他说""好"""');
    expect(csvField('第一行\n第二行')).toBe('"第一行\n第二行"');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('a\tb')).toBe('"a\tb"');
    expect(csvField(3)).toBe('3');
    expect(csvField({ date: '2026-12-01' })).toBe('2026-12-01');
  });

  it('starts with a UTF-8 BOM, has Chinese headers and CRLF line ends', () => {
    const csv = toCsv(
      hrExportTable([
        row({ certificateHolder: '李晓雨（10001）' }),
        row({
          name: '=HYPERLINK("http://x","点我")',
          status: 'none',
          issuedAt: null,
          validFrom: null,
          expiresAt: null,
          overdue: 0,
        }),
      ]),
    );
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toEqual([
      '姓名,工号,部门,班组,认证项目,状态,发证日期,生效日期,到期日期,撤销日期,逾期任务数,证书所载持证人',
      '李晓雨,10001,客户服务中心,一班,热线客服代表上岗认证,即将到期,2025-12-01,2025-12-01,2026-12-01,,2,李晓雨（10001）',
      `"'=HYPERLINK(""http://x"",""点我"")",10001,客户服务中心,一班,热线客服代表上岗认证,未认证,,,,,0,`,
      '',
    ]);
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('guards every text column, not only names', () => {
    const [, cells] = hrExportTable([row({ employeeNo: '-1', department: '+部门', team: '@班组' })]);
    expect(cells!.slice(1, 4)).toEqual(["'-1", "'+部门", "'@班组"]);
  });
});

describe('.xlsx', () => {
  it('holds text as plain string cells, never formulas, exactly as written', async () => {
    const hostile = ['=HYPERLINK("http://x","点我")', '+1+1', '-2', '@SUM(A1)', ' =1', "\t=cmd|' /C calc'!A0", 'a;=1'];
    const rows = hostile.map((name, i) =>
      row({
        name,
        employeeNo: `1000${i}`,
        department: hostile[(i + 1) % hostile.length]!,
        certificateHolder: `${name}（1000${i}）`,
      }),
    );
    const buffer = await hrWorkbook(rows, new Date('2026-11-24T03:00:00Z'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as never);
    const sheet = workbook.worksheets[0]!;
    hostile.forEach((name, i) => {
      const cells = sheet.getRow(i + 2);
      for (const [col, text] of [
        [1, name],
        [3, hostile[(i + 1) % hostile.length]!],
        [12, `${name}（1000${i}）`],
      ] as const) {
        const cell = cells.getCell(col);
        expect(cell.type, `${col}: ${text}`).toBe(ExcelJS.ValueType.String);
        expect(cell.value).toBe(text);
        expect(cell.formula).toBeUndefined();
      }
    });
    // The sheet XML itself: no formula element anywhere, every text cell a shared string.
    const zip = await JSZip.loadAsync(buffer);
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(xml).not.toMatch(/<f[ >]/);
    const strings = await zip.file('xl/sharedStrings.xml')!.async('string');
    expect(strings).toContain('=HYPERLINK(');
  });
});

describe('.xlsx writer', () => {
  it('keeps markup, line breaks and Excel escapes as text, drops what XML cannot hold, and keeps the sheet layout', async () => {
    const tricky = ['a & b <c> "d"', '第一行\r\n第二行', '_x0041_ stays', ' leading and trailing ', 'bell\u0007gone'];
    const rows = tricky.map((name, i) => row({ name, employeeNo: `2000${i}`, overdue: i }));
    const buffer = await hrWorkbook(rows, new Date('2026-11-24T03:00:00Z'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(1 + tricky.length);
    expect(tricky.map((_, i) => sheet.getRow(i + 2).getCell(1).value)).toEqual([
      'a & b <c> "d"',
      '第一行\r\n第二行',
      '_x0041_ stays',
      ' leading and trailing ',
      'bellgone',
    ]);
    expect(sheet.getRow(3).getCell(11).value).toBe(1);
    expect(sheet.getRow(1).font?.bold ?? sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(workbook.creator).toBe('热线学堂');
    // Every file of the zip is intact (JSZip checks each CRC-32 and size).
    const zip = await JSZip.loadAsync(buffer, { checkCRC32: true });
    expect(Object.keys(zip.files).sort()).toContain('xl/sharedStrings.xml');
  });
});

describe('dates and file names', () => {
  it('uses the China calendar day', () => {
    expect(chinaDate(new Date('2026-11-23T16:00:00Z'))).toBe('2026-11-24');
    expect(chinaDate(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23');
    expect(chinaDate(null)).toBe('');
  });
  it('gives the day Intl gives for Asia/Shanghai, before and after China’s last daylight saving time', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });
    const from = Date.UTC(1986, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    for (let i = 0; i < 5000; i++) {
      const d = new Date(from + Math.floor(((to - from) * i) / 5000) + (i % 24) * 3_600_000 + (i % 1000));
      expect(chinaDate(d), d.toISOString()).toBe(intl.format(d));
    }
  });
  it('names the download in Chinese with an ASCII fallback', () => {
    const name = hrExportFileName('xlsx', new Date('2026-11-24T03:00:00Z'));
    expect(name).toEqual({ utf8: '认证台账-20261124.xlsx', ascii: 'certifications-20261124.xlsx' });
    expect(attachmentHeader(name)).toBe(
      `attachment; filename="certifications-20261124.xlsx"; filename*=UTF-8''${encodeURIComponent('认证台账-20261124.xlsx')}`,
    );
  });
});

describe('HR filter from the URL', () => {
  it('reads every filter and falls back to defaults for anything unusable', () => {
    const f = parseHrFilter(
      new URLSearchParams(
        'department=客户服务中心&team=一班&program=hotline-agent&status=expiring&overdue=1&q=李&sort=-expiresAt&page=3&perPage=20',
      ),
    );
    expect(f).toEqual({
      department: '客户服务中心',
      team: '一班',
      program: 'hotline-agent',
      status: 'expiring',
      overdue: true,
      q: '李',
      sort: '-expiresAt',
      page: 3,
      perPage: 20,
    });
    const bad = parseHrFilter(
      new URLSearchParams('program=../x&status=great&sort=password&page=-1&perPage=100000&overdue=maybe'),
    );
    expect(bad).toEqual({
      department: '',
      team: '',
      program: '',
      status: '',
      overdue: false,
      q: '',
      sort: 'employeeNo',
      page: 1,
      perPage: 50,
    });
  });
  it('drops LIKE wildcards from the search text', () => {
    expect(parseHrFilter(new URLSearchParams('q=%25李_%5C ')).q).toBe('李');
  });
  it('writes back only what differs from the defaults', () => {
    const f = parseHrFilter(new URLSearchParams('status=none'));
    expect(hrFilterParams(f).toString()).toBe('status=none');
    expect(hrFilterParams(f, { page: 2, overdue: true }).toString()).toBe('status=none&overdue=1&page=2');
    expect(parseHrFilter(hrFilterParams(f, { sort: '-overdue', department: 'A&B' }))).toMatchObject({
      sort: '-overdue',
      department: 'A&B',
      status: 'none',
    });
  });
});
