import { currentCycle, certificateStatus, isCertifiedStatus } from '../certification/rules.ts';
import type { CertificationProgram } from '../certification/schema.ts';
import { isOverdue, type StudyStatus } from '../progress/rules.ts';
import { chinaDate } from '../reporting/hr-export.ts';
import { formatDate } from '../../platform/util/format.ts';
import type { Role } from '../identity/schema.ts';

// Pure: which notifications are due now, given the facts the service gathered and the clock. Overdue, certificate
// status and the recertification window are asked of the one definition of each (src/domain/progress/rules.ts,
// src/domain/certification/rules.ts); nothing here redefines them.

const dayMs = 86_400_000;
/** China time (no daylight saving): UTC+8. */
const chinaOffsetMs = 8 * 3_600_000;

export type Channel = 'email' | 'wecom' | 'dingtalk';
export const channelLabels: Record<Channel | 'inApp', string> = {
  inApp: '站内消息',
  email: '电子邮件',
  wecom: '企业微信群',
  dingtalk: '钉钉群',
};

/** A learner's assignment (direct or through a cohort) with its status now (src/domain/progress/rules.ts). */
export interface AssignmentFact {
  userId: string;
  assignmentId: string;
  title: string;
  href: string;
  assignedAt: Date;
  dueAt: Date;
  status: StudyStatus;
}

/** A certificate with its program; `renewed` when a later certificate of the same program follows it. */
export interface CertificateFact {
  userId: string;
  certificateId: string;
  program: CertificationProgram;
  validFrom: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: string;
  renewed: boolean;
}

/** A trainer and the overdue work of trainees in their cohorts. */
export interface TrainerDigestFact {
  trainerId: string;
  overdue: { traineeName: string; employeeNo: string; title: string; dueAt: Date }[];
}

export interface NotificationFacts {
  assignments: readonly AssignmentFact[];
  certificates: readonly CertificateFact[];
  trainerDigests: readonly TrainerDigestFact[];
  /** HR users (they receive the monthly summary). */
  hrUserIds: readonly string[];
}

/** One notification due for one user: delivered once per (user, item, rule, offset). */
export interface NotificationCandidate {
  userId: string;
  rule: RuleId;
  item: string;
  /** Days relative to the rule's anchor date (e.g. −7 for "due in 7 days", 14 for "overdue two weeks"). */
  offset: number;
  /** When the notification became due. */
  moment: Date;
  title: string;
  body: string;
  link: string;
}

interface RuleBase {
  id: string;
  /** What the user sees in the settings page (e-mail opt-out). */
  label: string;
  /** Outside channels this rule uses (in-app is always on). */
  channels: readonly Channel[];
  /** Roles that can receive it (its e-mail opt-out is shown to them). */
  audience: readonly Role[];
  /** A notification not delivered within this many days of its moment is dropped (catch-up without flooding). */
  staleAfterDays?: number;
}

/** Rules about an item with dates: fire at anchor + offset days, for the latest offset reached. */
interface DatedRule<F> extends RuleBase {
  subject: 'assignment' | 'certificate';
  /** Offsets in days relative to the anchor. */
  offsetsDays: readonly number[];
  /** After the last offset, fire again every this many days. */
  repeatEveryDays?: number;
  anchor: (fact: F, now: Date) => Date | null;
  /** Whether the rule applies to the fact now, and whether an offset's moment counts (e.g. not before assigning). */
  applies: (fact: F, now: Date) => boolean;
  momentCounts?: (fact: F, moment: Date) => boolean;
  message: (fact: F, offset: number) => { title: string; body: string; link: string };
}

interface PeriodicRule extends RuleBase {
  subject: 'trainer-digest' | 'hr-summary';
  period: 'day' | 'month';
  /** Hour of the day (China time) at which it becomes due. */
  hourChina: number;
}

type AssignmentRule = DatedRule<AssignmentFact> & { subject: 'assignment' };
type CertificateRule = DatedRule<CertificateFact> & { subject: 'certificate' };
export type NotificationRule = AssignmentRule | CertificateRule | PeriodicRule;

const notDone = (a: AssignmentFact) => a.status !== 'completed';
const live = (c: CertificateFact, now: Date) => !c.renewed && isCertifiedStatus(certificateStatus(c, now));
const programTitle = (c: CertificateFact) => c.program.title;

/** The rules, as data. Ids are stable: they are part of every notification's key and of users' opt-outs. */
export const notificationRules = [
  {
    id: 'assignment-given',
    audience: ['trainee', 'trainer', 'hr'],
    subject: 'assignment',
    label: '分配了新的学习任务',
    channels: ['email'],
    offsetsDays: [0],
    staleAfterDays: 7,
    anchor: (a) => a.assignedAt,
    applies: (a) => notDone(a),
    message: (a) => ({
      title: `新的学习任务：${a.title}`,
      body: `您有一项新的学习任务「${a.title}」，请于 ${formatDate(a.dueAt)} 前完成。`,
      link: a.href,
    }),
  },
  {
    id: 'assignment-due',
    audience: ['trainee', 'trainer', 'hr'],
    subject: 'assignment',
    label: '学习任务即将到期（提前 7 天、1 天）',
    channels: ['email'],
    offsetsDays: [-7, -1],
    anchor: (a) => a.dueAt,
    applies: (a, now) => notDone(a) && !isOverdue(a.dueAt, false, now),
    // A reminder whose moment came before the work was assigned is covered by the 「新的学习任务」 notice; the last
    // one (due tomorrow) is sent anyway.
    momentCounts: (a, moment) =>
      moment.getTime() >= a.assignedAt.getTime() || moment.getTime() === a.dueAt.getTime() - dayMs,
    message: (a, offset) => ({
      title: `学习任务将于 ${-offset} 天后到期：${a.title}`,
      body: `您的学习任务「${a.title}」将于 ${formatDate(a.dueAt)} 到期，请尽快完成。`,
      link: a.href,
    }),
  },
  {
    id: 'assignment-overdue',
    audience: ['trainee', 'trainer', 'hr'],
    subject: 'assignment',
    label: '学习任务已逾期（逾期首日，之后每周）',
    channels: ['email'],
    offsetsDays: [0],
    repeatEveryDays: 7,
    anchor: (a) => a.dueAt,
    applies: (a) => a.status === 'overdue',
    message: (a, offset) => ({
      title: `学习任务已逾期：${a.title}`,
      body:
        `您的学习任务「${a.title}」已于 ${formatDate(a.dueAt)} 到期` +
        `${offset > 0 ? `，已逾期 ${offset} 天` : ''}，请尽快完成；如有困难请联系培训师。`,
      link: a.href,
    }),
  },
  {
    id: 'certificate-expiring',
    audience: ['trainee', 'trainer', 'hr'],
    subject: 'certificate',
    label: '证书即将到期（提前 60、30、7 天）',
    channels: ['email'],
    offsetsDays: [-60, -30, -7],
    anchor: (c) => c.expiresAt,
    applies: live,
    momentCounts: (c, moment) => moment.getTime() >= c.validFrom.getTime(),
    message: (c, offset) => ({
      title: `证书将于 ${-offset} 天后到期：${programTitle(c)}`,
      body: `您的「${programTitle(c)}」证书将于 ${formatDate(c.expiresAt)} 到期，请及时参加复训认证。`,
      link: `/learn/certificates/${c.certificateId}`,
    }),
  },
  {
    id: 'recertification-open',
    audience: ['trainee', 'trainer', 'hr'],
    subject: 'certificate',
    label: '复训认证已开放',
    channels: ['email'],
    offsetsDays: [0],
    // currentCycle() says whether the recertification window is open and from when (its evidenceSince).
    anchor: (c, now) => {
      const cycle = currentCycle(c.program, [c], now);
      return cycle.open ? cycle.evidenceSince : null;
    },
    applies: live,
    momentCounts: (c, moment) => moment.getTime() >= c.validFrom.getTime(),
    message: (c) => ({
      title: `复训认证已开放：${programTitle(c)}`,
      body:
        `您的「${programTitle(c)}」证书将于 ${formatDate(c.expiresAt)} 到期，复训认证现已开放。` +
        '完成复训后，新证书自旧证书到期之日起生效。',
      link: '/learn#certification',
    }),
  },
  {
    id: 'certificate-revoked',
    audience: ['trainee', 'trainer', 'hr'],
    subject: 'certificate',
    label: '证书被撤销',
    channels: ['email'],
    offsetsDays: [0],
    staleAfterDays: 30,
    anchor: (c) => c.revokedAt,
    applies: (c, now) => certificateStatus(c, now) === 'revoked',
    message: (c) => ({
      title: `证书已撤销：${programTitle(c)}`,
      body: `您的「${programTitle(c)}」证书已于 ${formatDate(c.revokedAt!)} 撤销。原因：${c.revokedReason || '未说明'}。`,
      link: `/learn/certificates/${c.certificateId}`,
    }),
  },
  {
    id: 'trainer-digest',
    audience: ['trainer', 'hr'],
    subject: 'trainer-digest',
    label: '班组学员逾期日报（培训师）',
    channels: ['email', 'wecom', 'dingtalk'],
    period: 'day',
    hourChina: 8,
    staleAfterDays: 1,
  },
  {
    id: 'hr-monthly',
    audience: ['hr'],
    subject: 'hr-summary',
    label: '认证月报（人力资源，附 Excel）',
    channels: ['email', 'wecom', 'dingtalk'],
    period: 'month',
    hourChina: 8,
    staleAfterDays: 7,
  },
] as const satisfies readonly NotificationRule[];

export type RuleId = (typeof notificationRules)[number]['id'];
export const ruleIds = notificationRules.map((r) => r.id) as RuleId[];
export const ruleById = (id: string): NotificationRule | undefined =>
  (notificationRules as readonly NotificationRule[]).find((r) => r.id === id);
export const ruleLabel = (id: string) => ruleById(id)?.label ?? id;

/**
 * The latest offset of `rule` reached by `now` for an item anchored at `anchor` (only that one: after downtime the
 * earlier reminders are not sent any more), or null when none is due. Offsets are days from the anchor; with
 * `repeatEveryDays` the last offset repeats.
 */
export function latestOffset(
  rule: Pick<DatedRule<unknown>, 'offsetsDays' | 'repeatEveryDays' | 'staleAfterDays'>,
  anchor: Date,
  now: Date,
  counts: (moment: Date) => boolean = () => true,
): { offset: number; moment: Date } | null {
  const offsets = [...rule.offsetsDays];
  if (rule.repeatEveryDays) {
    const last = offsets[offsets.length - 1]!;
    const elapsed = Math.floor((now.getTime() - anchor.getTime()) / dayMs) - last;
    if (elapsed >= rule.repeatEveryDays)
      offsets.push(last + Math.floor(elapsed / rule.repeatEveryDays) * rule.repeatEveryDays);
  }
  let best: { offset: number; moment: Date } | null = null;
  for (const offset of offsets) {
    const moment = new Date(anchor.getTime() + offset * dayMs);
    if (moment.getTime() > now.getTime() || !counts(moment)) continue;
    if (!best || moment.getTime() > best.moment.getTime()) best = { offset, moment };
  }
  if (best && rule.staleAfterDays !== undefined && now.getTime() - best.moment.getTime() > rule.staleAfterDays * dayMs)
    return null;
  return best;
}

/** The start of the China-time period (day or month) containing `now`, at `hour` China time, and its label. */
export function periodStart(period: 'day' | 'month', hour: number, now: Date): { moment: Date; label: string } {
  const china = new Date(now.getTime() + chinaOffsetMs);
  const y = china.getUTCFullYear();
  const m = china.getUTCMonth();
  const d = period === 'day' ? china.getUTCDate() : 1;
  let moment = new Date(Date.UTC(y, m, d, hour) - chinaOffsetMs);
  // Before the hour, the period's notice is not due yet: the previous period's one is the latest.
  if (moment.getTime() > now.getTime())
    moment =
      period === 'day' ? new Date(moment.getTime() - dayMs) : new Date(Date.UTC(y, m - 1, 1, hour) - chinaOffsetMs);
  const label = period === 'day' ? chinaDate(moment) : chinaDate(moment).slice(0, 7);
  return { moment, label };
}

function periodic(rule: PeriodicRule, facts: NotificationFacts, now: Date): NotificationCandidate[] {
  const { moment, label } = periodStart(rule.period, rule.hourChina, now);
  if (rule.staleAfterDays !== undefined && now.getTime() - moment.getTime() > rule.staleAfterDays * dayMs) return [];
  if (rule.subject === 'trainer-digest') {
    return facts.trainerDigests
      .filter((t) => t.overdue.length > 0)
      .map((t) => ({
        userId: t.trainerId,
        rule: rule.id as RuleId,
        item: `digest:${label}`,
        offset: 0,
        moment,
        title: `班组逾期日报（${label}）：${new Set(t.overdue.map((o) => o.employeeNo)).size} 名学员有逾期任务`,
        body: t.overdue
          .map((o) => `${o.traineeName}（${o.employeeNo}）：${o.title}，${formatDate(o.dueAt)} 到期`)
          .join('\n'),
        link: '/trainer',
      }));
  }
  const [year, month] = label.split('-');
  return facts.hrUserIds.map((userId) => ({
    userId,
    rule: rule.id as RuleId,
    item: `summary:${label}`,
    offset: 0,
    moment,
    title: `认证月报（${year}年${Number(month)}月）`,
    body: '本月认证台账已生成，邮件附有 Excel 文件；也可在「人力资源」页面按部门、班组和状态查看并导出。',
    link: '/hr',
  }));
}

/**
 * Every notification due at `now`: for each rule and item only the latest offset reached (catch-up after downtime
 * sends one notice per item, not every missed one). The service creates each once (unique key) and delivers it.
 */
export function dueNotifications(facts: NotificationFacts, now: Date): NotificationCandidate[] {
  const out: NotificationCandidate[] = [];
  for (const rule of notificationRules as readonly NotificationRule[]) {
    if ('period' in rule) {
      out.push(...periodic(rule, facts, now));
      continue;
    }
    const dated = <F extends { userId: string }>(r: DatedRule<F>, items: readonly F[], itemKey: (f: F) => string) => {
      for (const fact of items) {
        if (!r.applies(fact, now)) continue;
        const anchor = r.anchor(fact, now);
        if (!anchor) continue;
        const hit = latestOffset(r, anchor, now, (m) => r.momentCounts?.(fact, m) ?? true);
        if (!hit) continue;
        out.push({
          userId: fact.userId,
          rule: r.id as RuleId,
          item: itemKey(fact),
          offset: hit.offset,
          moment: hit.moment,
          ...r.message(fact, hit.offset),
        });
      }
    };
    if (rule.subject === 'assignment') dated(rule, facts.assignments, (a) => `assignment:${a.assignmentId}`);
    else dated(rule, facts.certificates, (c) => `certificate:${c.certificateId}`);
  }
  return out;
}

/** The outbox key: one notification per (user, item, rule, offset). */
export function notificationKey(c: Pick<NotificationCandidate, 'userId' | 'item' | 'rule' | 'offset'>): string {
  return `${c.userId}|${c.item}|${c.rule}|${c.offset}`;
}

/** Quiet hours in China time, as minutes after midnight; null: none. */
export interface QuietHours {
  startMinute: number;
  endMinute: number;
}

/** Parses "21:00-08:00" (or "off"/"" for none). */
export function parseQuietHours(text: string): QuietHours | null {
  if (!text || text === 'off') return null;
  const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`NOTIFY_QUIET_HOURS must look like 21:00-08:00 or off, not "${text}"`);
  const [h1, m1, h2, m2] = m.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) throw new Error(`NOTIFY_QUIET_HOURS: bad time in "${text}"`);
  return { startMinute: h1 * 60 + m1, endMinute: h2 * 60 + m2 };
}

/**
 * When quiet hours (China time) end, if `now` falls in them; null when outside. E-mails and group robots wait
 * until then; the in-app inbox shows notifications at once.
 */
export function quietUntil(now: Date, quiet: QuietHours | null): Date | null {
  if (!quiet || quiet.startMinute === quiet.endMinute) return null;
  const china = new Date(now.getTime() + chinaOffsetMs);
  const minute = china.getUTCHours() * 60 + china.getUTCMinutes();
  const overnight = quiet.startMinute > quiet.endMinute;
  const inside = overnight
    ? minute >= quiet.startMinute || minute < quiet.endMinute
    : minute >= quiet.startMinute && minute < quiet.endMinute;
  if (!inside) return null;
  const dayStart = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate()) - chinaOffsetMs;
  const endToday = dayStart + quiet.endMinute * 60_000;
  return new Date(endToday > now.getTime() ? endToday : endToday + dayMs);
}

/** Backoff before retry number `attempts` (1, 2, …): 1, 2, 4 … minutes, at most 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(6 * 3_600_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

/** After this many failed attempts a delivery is given up (status failed). */
export const maxDeliveryAttempts = 6;
