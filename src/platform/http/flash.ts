import type { AstroCookies } from 'astro';

/**
 * One-time notices shown after a form post ("saved", "signed out"). They are never taken from the URL, where a
 * crafted link could make the site show any official-looking message: the POST handler names a notice from this
 * catalogue in a short-lived httpOnly cookie before redirecting, and the page that shows it clears it.
 */
export const flashNotices = {
  signedOut: {
    tone: 'info',
    message: '您已退出登录。为保护账号安全，此账号在所有设备上的登录均已结束，再次使用时请重新登录。',
  },
  signedOutEverywhere: {
    tone: 'info',
    message:
      '已退出所有设备：此账号在所有电脑和手机上的登录均已结束，包括本机。如果担心密码泄露，请联系培训师或人力资源部重置密码。',
  },
  signOutIncomplete: {
    tone: 'error',
    message:
      '本机已退出登录，但学习数据服务暂时不可用，其他设备上的登录可能仍然有效。请稍后重新登录，再点「退出所有设备」。',
  },
  listeningPublished: { tone: 'info', message: '录音练习已发布，所选班组的学员可以在「听力练习」中看到。' },
  assignmentCreated: { tone: 'info', message: '学习任务已分配，学员登录后即可看到。' },
  assignmentUpdated: { tone: 'info', message: '学习任务已更新，修改已记入审计日志。' },
  assignmentDeleted: { tone: 'info', message: '学习任务已删除，操作已记入审计日志。' },
  practicalSaved: { tone: 'info', message: '实操考核成绩已保存。如果学员已满足全部认证要求，系统已自动发放证书。' },
  voiceTargetsSaved: { tone: 'info', message: '语速目标已更新，学员刷新语音练习页面后生效。' },
  cohortCreated: { tone: 'info', message: '班组已创建。' },
  cohortRenamed: { tone: 'info', message: '班组已改名。' },
  memberAdded: { tone: 'info', message: '学员已加入班组。' },
  memberRemoved: { tone: 'info', message: '学员已移出班组。' },
  cohortAssigned: { tone: 'info', message: '学习任务已分配，学员登录后即可看到。' },
  certificateRevoked: { tone: 'info', message: '证书已撤销，操作已记入审计日志。' },
  staffSaved: { tone: 'info', message: '员工档案已更新，修改已记入审计日志。' },
  staffUnchanged: { tone: 'info', message: '没有需要保存的修改。' },
  questionsImported: {
    tone: 'info',
    message: '题目已导入为草稿。带「缺少解析」「未指定课程」等标记的草稿补全后才能发布。',
  },
  questionPublished: { tone: 'info', message: '题目已发布，学员下一次开始测验时就可能抽到它。操作已记入审计日志。' },
  questionRetired: { tone: 'info', message: '题目已停用，不会再被抽到；已作答过它的测验仍按原题评分和回顾。' },
  questionDiscarded: { tone: 'info', message: '草稿已删除。' },
} as const satisfies Record<string, { tone: 'info' | 'error'; message: string }>;

export type FlashName = keyof typeof flashNotices;
export type Flash = (typeof flashNotices)[FlashName] & { name: FlashName };

const flashCookie = 'ha_flash';

/** Name the notice the next page shows. Call in a POST handler before its redirect. */
export function setFlash(cookies: AstroCookies, name: FlashName, secure: boolean) {
  // A minute covers the redirect; a notice nobody saw should not turn up on some later page.
  cookies.set(flashCookie, name, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 60 });
}

/** The notice set for this page, if any, cleared so it shows once. Call in a page's frontmatter, before rendering. */
export function takeFlash(cookies: AstroCookies): Flash | null {
  const name = cookies.get(flashCookie)?.value;
  if (name === undefined) return null;
  cookies.delete(flashCookie, { path: '/' });
  return Object.hasOwn(flashNotices, name) ? { ...flashNotices[name as FlashName], name: name as FlashName } : null;
}
