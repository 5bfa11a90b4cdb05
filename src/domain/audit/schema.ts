/**
 * Every action the audit log records, with the Chinese label HR reads at /hr/audit. `audit()` takes only these
 * keys, so a new audited action does not compile until it has a label here.
 */
export const auditActionLabels = {
  'certificate.revoke': '撤销证书',
  'certificate.issue': '颁发证书',
  'user.create': '创建账号',
  'user.update': '修改账号',
  'user.role': '调整角色',
  'cohort.create': '新建班组',
  'cohort.rename': '班组改名',
  'cohort.delete': '删除班组',
  'assignment.create': '分配学习任务',
  'assignment.update': '修改学习任务',
  'assignment.delete': '删除学习任务',
  'voice.rate-window': '调整语音练习的语速目标',
  'cohort.member.add': '加入班组成员',
  'cohort.member.remove': '移出班组成员',
  'question.import': '导入题目（生成草稿）',
  'question.draft.save': '修改题目草稿',
  'question.draft.discard': '删除题目草稿',
  'question.publish': '发布题目',
  'question.retire': '停用已发布题目',
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof auditActionLabels;

/** Labels of older or unexpected action keys found in stored entries (never shown raw). */
const legacyActionLabels: Record<string, string> = {
  'voice.rateWindow': '调整语音练习的语速目标',
};

/** The Chinese label of a stored action key; an unknown key reads 「其他操作」 (the key stays in the page's data). */
export function auditActionLabel(action: string): string {
  return (auditActionLabels as Record<string, string>)[action] ?? legacyActionLabels[action] ?? '其他操作';
}

/** Chinese names of the setting keys an audit entry may target. */
export const auditTargetLabels: Record<string, string> = {
  'voice.rateWindow': '语音练习默认语速目标',
};

/** Chinese labels of the detail fields audit entries carry. */
export const auditDetailLabels: Record<string, string> = {
  reason: '原因',
  program: '认证项目',
  code: '证书验证码',
  user: '学员',
  role: '角色',
  name: '名称',
  min: '下限（字/分钟）',
  max: '上限（字/分钟）',
  before: '修改前',
  after: '修改后',
  trainee: '学员',
  cohort: '班组',
  cohortName: '班组名称',
  employeeNo: '工号',
  target: '学习内容',
  dueAt: '截止日期',
  note: '备注',
  assignment: '学习任务',
  kind: '类型',
  ref: '内容',
};

/** Chinese label of a detail field; unknown fields read 「其他」. */
export const auditDetailLabel = (key: string) => auditDetailLabels[key] ?? '其他';
