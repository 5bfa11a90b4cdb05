import type { Role } from '../../domain/identity/schema.ts';

/** One link of the site navigation. */
export interface NavLink {
  href: string;
  label: string;
}

const course: NavLink[] = [
  { href: '/modules', label: '课程' },
  { href: '/search', label: '搜索' },
];
const learner: NavLink[] = [
  { href: '/learn', label: '我的学习' },
  { href: '/learn/listening', label: '听力练习' },
  { href: '/learn/voice', label: '语音练习' },
  { href: '/learn/calls', label: '模拟来电' },
  { href: '/learn/certificates', label: '我的证书' },
];

/**
 * The site navigation of each role, defined once: the header renders it on server pages and rebuilds it in the
 * browser on prerendered pages (after asking /api/session), so every page shows the same links to the same person.
 */
export const siteNav: Record<Role | 'visitor', NavLink[]> = {
  visitor: course,
  trainee: [...course, ...learner],
  trainer: [...course, ...learner, { href: '/trainer', label: '培训管理' }],
  hr: [...course, ...learner, { href: '/trainer', label: '培训管理' }, { href: '/hr', label: '人力看板' }],
};

/** The links for a signed-in role, or for a visitor. */
export const navFor = (role: Role | null | undefined): NavLink[] => siteNav[role ?? 'visitor'];

/** The link of `links` that names the page at `path`: the longest matching prefix (so /learn/voice is not 我的学习). */
export function currentLink(links: readonly NavLink[], path: string): string | undefined {
  const matches = links.filter((l) => path === l.href || path.startsWith(`${l.href}/`));
  return matches.sort((a, b) => b.href.length - a.href.length)[0]?.href;
}

/** The sub-navigation of the trainer and HR areas (shown under the header on their pages). */
export const areaNav = {
  trainer: [
    { href: '/trainer', label: '进度矩阵' },
    { href: '/trainer/cohorts', label: '班组与任务' },
    { href: '/trainer/listening', label: '真实录音练习' },
    { href: '/trainer/voice-targets', label: '语音练习目标' },
    { href: '/trainer/quizzes', label: '题目分析' },
    { href: '/trainer/calls', label: '模拟来电统计' },
    { href: '/trainer/questions', label: '题库导入' },
    { href: '/trainer/notifications', label: '提醒记录' },
  ],
  hr: [
    { href: '/hr', label: '认证看板' },
    { href: '/hr/certificates', label: '证书管理' },
    { href: '/hr/audit', label: '审计日志' },
  ],
} satisfies Record<string, NavLink[]>;
