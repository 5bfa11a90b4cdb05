import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ClientResponseError } from 'pocketbase';
import type PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expiringSoonDays } from '../../src/domain/certification/rules.ts';
import { syncPrograms } from '../../src/domain/certification/program-sync.ts';
import { newVerificationCode } from '../../src/domain/certification/verification-code.ts';
import { createStaffUser } from '../../src/domain/identity/seed.ts';
import { currentRows, liveStaffView, staffView } from '../../src/domain/reporting/hr-dashboard.ts';
import { pbDateText } from '../../src/platform/pocketbase/dates.ts';
import { adminClient } from '../../src/platform/pocketbase/admin-client.ts';
import {
  createAdmin,
  findFreePort,
  migrate,
  resolvePocketBaseBinary,
  startPocketBase,
} from '../../src/platform/pocketbase/process.ts';
import { asAdmin } from './pocketbase-fixtures.ts';

// The summary the dashboard reads (hr_staff_summary, kept by src/db/hooks/hr-summary.pb.js) against the live
// computation (the view hr_staff_certifications, whose SQL the boundary tests in hr-dashboard.test.ts pin to
// certificateStatus() and isOverdue()), after random sequences of the events that change it, through PocketBase's
// records API as every write path goes. The clock is moved by evaluating both at later moments: the summary with
// `now` bound, the view with SQLite's clock frozen in its stored SQL — at every date of the data, a millisecond
// before and after.

const day = 86_400_000;
const opts = { requestKey: null };
const programs = ['hotline-agent', 'complaint-specialist'];
const modules = ['service-mindset', 'voice-affinity'];
const calls = ['parity-call-a', 'parity-call-b'];
const compared = [
  'user',
  'name',
  'employeeNo',
  'department',
  'team',
  'program',
  'programTitle',
  'certificate',
  'issuedAt',
  'validFrom',
  'expiresAt',
  'revokedAt',
  'status',
  'overdue',
] as const;
type Row = Record<(typeof compared)[number], string | number>;

/** A small seeded generator (mulberry32), so a failing sequence can be replayed with HR_PARITY_SEED. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)]!;
  return { next, int, pick };
}

const toRow = (r: Record<string, unknown>): Row =>
  Object.fromEntries(compared.map((k) => [k, k === 'overdue' ? Number(r[k]) : String(r[k] ?? '')])) as Row;
const byKey = (a: Row, b: Row) => `${a.user}|${a.program}`.localeCompare(`${b.user}|${b.program}`);

describe('hr_staff_summary equals the live computation', () => {
  let admin: PocketBase;
  let live: DatabaseSync;
  const tag = `${process.pid}${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const departments = [`对账甲部${tag}`, `对账乙部${tag}`];

  beforeAll(async () => {
    admin = await asAdmin();
    try {
      await syncPrograms(admin);
    } catch {
      await syncPrograms(admin); // another test file synced at the same moment
    }
    live = new DatabaseSync(join(inject('pbDataDir'), 'data.db'), { readOnly: true });
  });
  afterAll(() => live?.close());

  /** The view's rows for our departments, with SQLite's clock frozen at `now`. */
  function liveRows(now: Date): Row[] {
    const stored = live.prepare('SELECT options FROM _collections WHERE name = ?').get(liveStaffView) as {
      options: string;
    };
    const query = (JSON.parse(stored.options) as { query: string }).query;
    const frozen = query.replaceAll("'now'", `'${now.toISOString().replace('T', ' ').replace('Z', '')}'`);
    expect(frozen).not.toBe(query);
    const rows = live
      .prepare(`SELECT * FROM (${frozen}) WHERE department IN (?, ?) AND program IN (?, ?)`)
      .all(...departments, ...programs) as Record<string, unknown>[];
    return rows.map(toRow).sort(byKey);
  }

  /** The summary's rows of `now`, read as the dashboard reads them. */
  async function summaryRows(now: Date): Promise<Row[]> {
    const filter = [
      currentRows(admin, now),
      admin.filter('(department = {:a} || department = {:b})', { a: departments[0], b: departments[1] }),
      admin.filter('(program = {:p} || program = {:q})', { p: programs[0], q: programs[1] }),
    ].join(' && ');
    const rows = await admin.collection(staffView).getFullList({ filter, batch: 500, ...opts });
    return rows.map(toRow).sort(byKey);
  }

  async function expectParity(now: Date, context: string) {
    const [summary, view] = [await summaryRows(now), liveRows(now)];
    expect(summary, `${context} at ${now.toISOString()}`).toEqual(view);
    return view.length;
  }

  it(
    'after random sequences of staff, certificate, assignment, cohort and completion events, now and later',
    {
      timeout: 280_000,
    },
    async () => {
      const seed = Number(process.env.HR_PARITY_SEED) || randomBytes(4).readUInt32LE();
      const rng = generator(seed);
      const context = `seed ${seed} (replay with HR_PARITY_SEED=${seed})`;
      const t0 = Date.now();
      /** A date around `t0`: whole days plus a few milliseconds, so boundaries fall on odd instants. */
      const around = (minDays: number, maxDays: number) => t0 + rng.int(minDays, maxDays) * day + rng.int(0, 5);
      const iso = (ms: number) => new Date(ms).toISOString();

      const users: string[] = [];
      const certificates: string[] = [];
      const assignments: string[] = [];
      const cohorts: string[] = [];
      const moments = new Set<number>();
      let seq = 0;
      const log: string[] = [];

      const createStaff = async () => {
        const no = `P${tag}${seq++}`.slice(-20);
        const record = await createStaffUser(admin, {
          email: `parity-${no.toLowerCase()}@example.com`,
          name: `对账${seq}`,
          employeeNo: no,
          role: 'trainee',
          department: rng.pick(departments),
          team: rng.pick(['甲班', '乙班']),
          password: 'test-password-123',
        });
        users.push(record.id);
      };
      for (let i = 0; i < 5; i++) await createStaff();

      const events: [name: string, weight: number, run: () => unknown][] = [
        ['create staff', 1, createStaff],
        ['rename', 2, () => admin.collection('users').update(rng.pick(users), { name: `改名${seq++}` }, opts)],
        [
          'move',
          2,
          () =>
            admin
              .collection('users')
              .update(rng.pick(users), { department: rng.pick(departments), team: rng.pick(['甲班', '乙班']) }, opts),
        ],
        [
          'change role',
          1,
          () => admin.collection('users').update(rng.pick(users), { role: rng.pick(['trainee', 'trainer']) }, opts),
        ],
        [
          'issue certificate',
          6,
          async () => {
            const validFrom = around(-420, 40);
            const expiresAt = validFrom + rng.pick([365 * day, expiringSoonDays * day + rng.int(-2, 2), 12 * day]);
            moments
              .add(validFrom)
              .add(expiresAt)
              .add(expiresAt - expiringSoonDays * day);
            // The unique (user, program, validFrom) index may refuse a rare repeat: nothing was written then.
            const record = await admin
              .collection('certificates')
              .create(
                {
                  user: rng.pick(users),
                  program: rng.pick(programs),
                  code: newVerificationCode(),
                  issuedAt: iso(validFrom),
                  validFrom: iso(validFrom),
                  expiresAt: iso(expiresAt),
                  evidence: { note: '对账测试' },
                  holderName: `持证${seq++}`,
                  holderEmployeeNo: 'P1',
                },
                opts,
              )
              .catch((e: unknown) => {
                if (e instanceof ClientResponseError && e.status === 400) return null;
                throw e;
              });
            if (record) certificates.push(record.id);
          },
        ],
        [
          'revoke or restore a certificate',
          2,
          () =>
            certificates.length &&
            admin
              .collection('certificates')
              .update(
                rng.pick(certificates),
                rng.next() < 0.7 ? { revokedAt: iso(t0 - day), revokedReason: '对账撤销' } : { revokedAt: '' },
                opts,
              ),
        ],
        [
          'delete a certificate',
          1,
          async () => {
            if (!certificates.length) return;
            const id = certificates.splice(rng.int(0, certificates.length - 1), 1)[0]!;
            await admin.collection('certificates').delete(id, opts);
          },
        ],
        [
          'new cohort',
          1,
          async () => {
            const members = users.filter(() => rng.next() < 0.5);
            const record = await admin
              .collection('cohorts')
              .create({ name: `对账班${tag}${seq++}`, trainer: 'parity000000000', members }, opts);
            cohorts.push(record.id);
          },
        ],
        [
          'change cohort members',
          2,
          () =>
            cohorts.length &&
            admin
              .collection('cohorts')
              .update(rng.pick(cohorts), { members: users.filter(() => rng.next() < 0.5) }, opts),
        ],
        [
          'assign',
          5,
          async () => {
            const kind = rng.pick(['module', 'program', 'call'] as const);
            const ref =
              kind === 'module' ? rng.pick(modules) : kind === 'program' ? rng.pick(programs) : rng.pick(calls);
            const dueAt = around(-20, 60);
            moments.add(dueAt).add(dueAt + 1);
            const target =
              cohorts.length && rng.next() < 0.4 ? { cohort: rng.pick(cohorts) } : { trainee: rng.pick(users) };
            const record = await admin
              .collection('assignments')
              .create({ kind, ref, dueAt: iso(dueAt), assignedBy: 'parity000000000', ...target }, opts);
            assignments.push(record.id);
          },
        ],
        [
          'move a due date',
          1,
          async () => {
            if (!assignments.length) return;
            const dueAt = around(-20, 60);
            moments.add(dueAt).add(dueAt + 1);
            await admin.collection('assignments').update(rng.pick(assignments), { dueAt: iso(dueAt) }, opts);
          },
        ],
        [
          'delete an assignment',
          1,
          async () => {
            if (!assignments.length) return;
            const id = assignments.splice(rng.int(0, assignments.length - 1), 1)[0]!;
            await admin.collection('assignments').delete(id, opts);
          },
        ],
        [
          'complete or reopen a module',
          3,
          async () => {
            const user = rng.pick(users);
            const module = rng.pick(modules);
            const completedAt = rng.next() < 0.7 ? iso(t0 - day) : '';
            const found = await admin
              .collection('module_progress')
              .getFullList({ filter: admin.filter('user = {:user} && module = {:module}', { user, module }), ...opts });
            if (found[0]) await admin.collection('module_progress').update(found[0].id, { completedAt }, opts);
            else await admin.collection('module_progress').create({ user, module, completedAt }, opts);
          },
        ],
        [
          'end a simulated call',
          2,
          () =>
            admin.collection('call_runs').create(
              {
                user: rng.pick(users),
                call: rng.pick(calls),
                status: 'ended',
                state: { mood: 'calm' },
                passed: rng.next() < 0.6,
                startedAt: iso(t0 - day),
                endedAt: iso(t0 - day + 60_000),
                version: 1,
              },
              opts,
            ),
        ],
        [
          'delete staff',
          1,
          async () => {
            if (users.length < 4) return;
            const id = rng.pick(users);
            // PocketBase refuses while a required relation (their progress, certificates…) still names the account.
            const deleted = await admin
              .collection('users')
              .delete(id, opts)
              .catch((e: unknown) => {
                if (e instanceof ClientResponseError && e.status === 400) return false;
                throw e;
              });
            if (deleted) users.splice(users.indexOf(id), 1);
          },
        ],
      ];
      const weighted = events.flatMap((e) => Array.from({ length: e[1] }, () => e));

      let checked = 0;
      for (let step = 1; step <= 70; step++) {
        const [name, , run] = rng.pick(weighted);
        log.push(name);
        await Promise.resolve(run()).catch((e: unknown) => {
          throw new Error(`${name}: ${JSON.stringify((e as ClientResponseError).response ?? String(e))}`, { cause: e });
        });
        if (step % 10 === 0) {
          checked += await expectParity(new Date(), `${context} after ${log.join(', ')}`);
          // The clock moved: a sample of the data's own instants, and a millisecond either side.
          const later = [...moments].filter((m) => m > Date.now() + 1000);
          for (let k = 0; k < 4 && later.length; k++) {
            const m = rng.pick(later);
            for (const t of [m - 1, m, m + 1]) await expectParity(new Date(t), `${context} after ${log.join(', ')}`);
          }
        }
      }
      // At the end, every instant of the data that is still ahead, and well past all of it.
      const ahead = [...moments].filter((m) => m > Date.now() + 1000).sort((a, b) => a - b);
      for (const m of ahead)
        for (const t of [m - 1, m, m + 1]) await expectParity(new Date(t), `${context}, final, ${log.join(', ')}`);
      await expectParity(new Date(t0 + 900 * day), `${context}, far future`);
      // The comparison saw rows (a summary that lost everything would not pass against an empty view either).
      expect(checked).toBeGreaterThan(0);
    },
  );

  it('rebuilds to the same rows it keeps incrementally', async () => {
    const before = await summaryRows(new Date());
    await admin.send('/api/academy/hr-summary/rebuild', { method: 'POST', ...opts });
    expect(await summaryRows(new Date())).toEqual(before);
    expect(pbDateText(new Date(0))).toBe('1970-01-01 00:00:00.000Z');
  });
});

describe('hr_staff_summary on a database that had trainees before the migration', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'academy-hr-fill-'));
  let stop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await stop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is filled when PocketBase starts', { timeout: 60_000 }, async () => {
    const bin = resolvePocketBaseBinary();
    await migrate(bin, dataDir);
    // Rows written behind PocketBase's back, as if they predated the summary: the table is empty.
    const db = new DatabaseSync(join(dataDir, 'data.db'));
    const text = (ms: number) => new Date(ms).toISOString().replace('T', ' ');
    const now = Date.now();
    db.exec(
      "INSERT INTO programs (id, key, title) VALUES ('prog00000000001', 'hotline-agent', '热线客服代表上岗认证')",
    );
    const user = db.prepare(
      "INSERT INTO users (id, email, passwordHash, tokenKey, username, name, employeeNo, role, department, team) VALUES (?, ?, 'x', ?, ?, ?, ?, 'trainee', '部', '班')",
    );
    for (const [id, name] of [
      ['fill00000000001', '甲'],
      ['fill00000000002', '乙'],
    ] as const)
      user.run(id, `${id}@x.cn`, id, id, name, id);
    db.prepare(
      "INSERT INTO certificates (id, code, user, program, issuedAt, validFrom, expiresAt, evidence) VALUES ('fillcert0000001', 'FILLCODE', 'fill00000000001', 'hotline-agent', ?, ?, ?, '{}')",
    ).run(text(now - day), text(now - day), text(now + 100 * day));
    db.close();

    const server = await startPocketBase({ bin, dataDir, port: await findFreePort(), origins: ['http://127.0.0.1'] });
    stop = server.stop;
    await createAdmin(bin, dataDir, 'fill@example.com', 'fill-admin-password');
    const pb = await adminClient(server.url, 'fill@example.com', 'fill-admin-password');
    const rows = await pb
      .collection(staffView)
      .getFullList({ filter: currentRows(pb, new Date()), sort: 'name', ...opts });
    expect(rows.map((r) => [r.name, r.status, r.certificate])).toEqual([
      ['乙', 'none', ''],
      ['甲', 'valid', 'fillcert0000001'],
    ]);
  });
});
