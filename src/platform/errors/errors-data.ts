/**
 * The catalogue of user-facing errors (in the style of Astro's `core/errors/errors-data.ts`). One entry per
 * situation: a stable name, the HTTP status, a Chinese title and message that say what happened and what to do
 * next, an English log line with the precise cause, and a hint for developers. Messages and log lines that name
 * values are functions of them:
 *
 *   throw new AppError(EmployeeNoTaken, { message: [employeeNo], log: [userId, employeeNo] });
 *
 * Add an entry here rather than writing Chinese text at a throw site; tests/unit/errors-data.test.ts checks every
 * entry and pins the wording of the important ones.
 */
import { formatDateTime } from '../util/format.ts';
import type { AppErrorData } from './app-error.ts';

// ---------------------------------------------------------------------------------------------------------------
// Requests, sessions and the service itself
// ---------------------------------------------------------------------------------------------------------------

export const MalformedRequest = {
  name: 'MalformedRequest',
  status: 400,
  title: '请求格式不正确',
  message: '提交的数据无法识别，请刷新页面后重试。',
  log: (detail: string) => `malformed request: ${detail}`,
  hint: 'The body could not be parsed at all (not JSON / form data); input validation errors are InvalidInput.',
} satisfies AppErrorData;

export const MalformedUrl = {
  name: 'MalformedUrl',
  status: 400,
  title: '网址不正确',
  message: '这个网址无法识别，请检查后重试，或从首页重新进入。',
  log: (url: string) => `malformed URL (not valid percent-encoding): ${url.slice(0, 200)}`,
  hint: 'Refused by the app server before routing (src/platform/http/server.ts), as the Node adapter did.',
} satisfies AppErrorData;

export const InvalidInput = {
  name: 'InvalidInput',
  status: 400,
  title: '填写的内容有误',
  message: (detail: string) => detail,
  log: (what: string, detail: string) => `invalid ${what}: ${detail}`,
  hint: 'The message is the first zod issue of a form schema; the schemas carry Chinese messages (src/domain/<area>/schema.ts).',
} satisfies AppErrorData;

export const RequestTooLarge = {
  name: 'RequestTooLarge',
  status: 413,
  title: '提交的内容过大',
  message: '提交的内容过大（超过 1 MB），服务器没有接收。请删减内容后重试；如需上传录音，请使用对应的上传页面。',
  log: (route: string, bytes: string, limit: number) =>
    `${route}: body ${bytes} is over the default ${limit}-byte limit`,
  hint: 'The default body limit of every route (src/platform/http/body-limits.ts).',
} satisfies AppErrorData;

export const RecordingBodyTooLarge = {
  name: 'RecordingBodyTooLarge',
  status: 413,
  title: '录音文件过大',
  message: '录音文件过大（超过 10 MB），服务器没有接收。请录制两分钟以内的音频。',
  log: (route: string, bytes: string, limit: number) =>
    `${route}: voice recording body ${bytes} is over the ${limit}-byte limit`,
  hint: 'Body limit of POST /api/voice/recordings (src/platform/http/body-limits.ts).',
} satisfies AppErrorData;

export const CallRecordingBodyTooLarge = {
  name: 'CallRecordingBodyTooLarge',
  status: 413,
  title: '录音文件过大',
  message: '录音文件超过 20 MB，服务器没有接收。请压缩或截取后再上传。',
  log: (route: string, bytes: string, limit: number) =>
    `${route}: call recording body ${bytes} is over the ${limit}-byte limit`,
  hint: 'Body limit of POST /trainer/listening (src/platform/http/body-limits.ts).',
} satisfies AppErrorData;

export const TooManyRequests = {
  name: 'TooManyRequests',
  status: 429,
  title: '操作过于频繁',
  message: '您的操作过于频繁，请稍等一分钟后再试。',
  log: (who: string) => `rate limit reached for ${who}`,
  hint: 'Per-minute budget of action calls and uploads (src/platform/http/rate-limits.ts).',
} satisfies AppErrorData;

export const Forbidden = {
  name: 'Forbidden',
  status: 403,
  title: '无权访问',
  message: '您的账号没有查看此页面的权限。如果您认为这是错误，请联系人力资源部为您调整角色。',
  log: (userId: string, path: string) => `${userId} may not open ${path}`,
  hint: 'Role checks of areas and pages (src/domain/identity/access.ts).',
} satisfies AppErrorData;

export const NotFound = {
  name: 'NotFound',
  status: 404,
  title: '页面不存在',
  message: '您要找的页面不存在或已被移动。请从首页或课程目录重新进入。',
  log: (path: string) => `not found: ${path}`,
  hint: 'Unknown routes and records the viewer may not see are both answered with 404.',
} satisfies AppErrorData;

export const ServerError = {
  name: 'ServerError',
  status: 500,
  title: '系统出了点问题',
  message: '页面暂时无法打开，我们已记录下这个问题。请稍后刷新重试；您已保存的学习记录和答案不会丢失。',
  log: (detail: string) => `unexpected failure: ${detail}`,
  hint: 'A bug: the log has the stack trace.',
} satisfies AppErrorData;

export const ServerBusy = {
  name: 'ServerBusy',
  status: 503,
  title: '当前访问人数较多',
  message: '系统正在排队处理大家的请求，请等几秒后再试。已保存的答案和学习记录不会丢失。',
  log: (waiting: number) => `request shed: ${waiting} waiting`,
  hint: 'Load shedding of the HTTP server (src/platform/http/server.ts).',
} satisfies AppErrorData;

export const BackendUnavailable = {
  name: 'BackendUnavailable',
  status: 503,
  title: '服务暂时不可用',
  message: '学习数据服务暂时无法连接，请稍后刷新页面重试。您已保存的学习记录不会丢失。',
  log: (detail: string) => `backend unavailable: ${detail}`,
  hint: 'PocketBase did not answer or failed; anything thrown that is not an AppError ends here.',
} satisfies AppErrorData;

export const SignInRequired = {
  name: 'SignInRequired',
  status: 401,
  title: '请先登录',
  message: '您的登录已过期，请重新登录后继续。已保存的答案不会丢失。',
  log: 'no signed-in user',
  hint: 'The session cookie is missing or expired (src/middleware.ts).',
} satisfies AppErrorData;

// ---------------------------------------------------------------------------------------------------------------
// Sign-in
// ---------------------------------------------------------------------------------------------------------------

export const InvalidCredentials = {
  name: 'InvalidCredentials',
  status: 400,
  title: '登录失败',
  message: '邮箱或密码不正确，请检查后重新输入。忘记密码请联系您的培训师或人力资源部重置。',
  log: (account: string) => `sign-in failed for ${account}: wrong email or password`,
  hint: 'The message never says which of the two was wrong (src/domain/identity/sign-in.ts).',
} satisfies AppErrorData;

export const InvalidSignInInput = {
  name: 'InvalidSignInInput',
  status: 400,
  title: '登录信息不完整',
  message: '请输入有效的邮箱地址和至少 8 位的密码。',
  log: 'sign-in form incomplete',
  hint: 'The sign-in form failed its schema before any account was looked up (src/domain/identity/sign-in.ts).',
} satisfies AppErrorData;

export const TooManySignIns = {
  name: 'TooManySignIns',
  status: 429,
  title: '登录尝试过多',
  message: '为保护账号安全，登录已暂时锁定。请稍后再试；如果忘记了密码，请联系您的培训师或人力资源部重置。',
  log: (account: string) => `sign-in locked for ${account}`,
  hint: 'Lockout counters per account and per address (src/domain/identity/sign-in.ts).',
} satisfies AppErrorData;

// ---------------------------------------------------------------------------------------------------------------
// Lessons and practice checks
// ---------------------------------------------------------------------------------------------------------------

export const UnknownLesson = {
  name: 'UnknownLesson',
  status: 400,
  title: '课程不存在',
  message: '学习记录中包含不存在的课程或练习，请刷新页面后重试。',
  log: (what: string) => `unknown ${what}`,
  hint: 'A progress event or practice answer names a lesson or check that is not in the built catalogue.',
} satisfies AppErrorData;

export const InvalidPracticeAnswer = {
  name: 'InvalidPracticeAnswer',
  status: 400,
  title: '练习答案无法识别',
  message: '提交的练习答案与题目不符，请刷新页面后重新作答。',
  log: (lesson: string, checkId: string, reason: string) =>
    `practice answer to ${lesson}#${checkId} refused: ${reason}`,
  hint: 'The answer does not fit its check (src/domain/progress/practice-checks.ts).',
} satisfies AppErrorData;

// ---------------------------------------------------------------------------------------------------------------
// Quizzes, exams and attempts
// ---------------------------------------------------------------------------------------------------------------

export const QuizNotFound = {
  name: 'QuizNotFound',
  status: 404,
  title: '测验不存在',
  message: '找不到这个测验或考试，请从「我的学习」重新进入。',
  log: (quizId: string) => `no quiz ${quizId}`,
  hint: 'The quiz id is not in the built quiz catalogue (quizzes/, src/domain/assessment/catalog.ts).',
} satisfies AppErrorData;

export const AttemptNotFound = {
  name: 'AttemptNotFound',
  status: 404,
  title: '作答记录不存在',
  message: '找不到这次作答记录。请从测验页面重新进入；如果问题持续，请联系您的培训师。',
  log: (attemptId: string, userId: string) => `attempt ${attemptId} not found for user ${userId}`,
  hint: "Another user's attempt is reported exactly like a missing one.",
} satisfies AppErrorData;

export const AttemptClosed = {
  name: 'AttemptClosed',
  status: 409,
  title: '作答已结束',
  message: '本次作答已经提交或已超过考试时间，答案不能再修改。请查看成绩页面。',
  log: (attemptId: string, state: string) => `attempt ${attemptId} is ${state}`,
  hint: 'Submitted, or past its deadline plus grace (src/domain/assessment/rules.ts); the saved answers were graded.',
} satisfies AppErrorData;

export const InvalidResponses = {
  name: 'InvalidResponses',
  status: 400,
  title: '答案格式不正确',
  message: (questionNo?: number) =>
    `${questionNo ? `第 ${questionNo} 题：` : ''}提交的答案无法识别，请刷新页面后重新作答。您之前已保存的答案不受影响。`,
  log: (detail: string) => `responses refused: ${detail}`,
  hint: 'Responses must have the canonical form of their question (src/domain/assessment/canonical-response.ts); nothing is saved.',
} satisfies AppErrorData;

export const AttemptInProgress = {
  name: 'AttemptInProgress',
  status: 409,
  title: '已有进行中的作答',
  message: '您有一次尚未提交的作答，请先完成它。',
  log: (userId: string, quizId: string) => `start of ${quizId} refused for ${userId}: an attempt is open`,
  hint: 'decideStart refuses a second open attempt; the quiz page resumes the open one instead.',
} satisfies AppErrorData;

export const AlreadyPassed = {
  name: 'AlreadyPassed',
  status: 409,
  title: '您已通过该考试',
  message: '您已经通过了这项考试，无需再考。成绩可在作答记录中查看。',
  log: (userId: string, quizId: string) => `start of ${quizId} refused for ${userId}: already passed`,
  hint: 'Exams cannot be retaken once passed (src/domain/assessment/rules.ts).',
} satisfies AppErrorData;

export const NoAttemptsLeft = {
  name: 'NoAttemptsLeft',
  status: 403,
  title: '考试次数已用完',
  message: '您已用完本考试的全部机会。如需补考，请联系您的培训师。',
  log: (userId: string, quizId: string) => `start of ${quizId} refused for ${userId}: no attempts left`,
  hint: 'The quiz maxAttempts is used up; a trainer arranges a retake.',
} satisfies AppErrorData;

export const MustWait = {
  name: 'MustWait',
  status: 403,
  title: '暂时不能再考',
  message: (until?: Date) =>
    `上次考试未通过，需要间隔一段时间才能再次参加。请先复习相关单元。${until ? `下次可参加的时间：${formatDateTime(until)}。` : ''}`,
  log: (userId: string, quizId: string) => `start of ${quizId} refused for ${userId}: waiting period`,
  hint: 'The waiting period after a failed exam attempt (src/domain/assessment/rules.ts).',
} satisfies AppErrorData;

export const ExamNotConfirmed = {
  name: 'ExamNotConfirmed',
  status: 400,
  title: '请先确认考试须知',
  message: '开始考试前，请先阅读并确认考试须知（时间限制、剩余次数和等待期），确认后才开始计时。',
  log: (userId: string, quizId: string) => `start of exam ${quizId} refused for ${userId}: not confirmed`,
  hint: 'An exam starts only from its confirmation form (confirmed=yes), so the clock never starts by accident.',
} satisfies AppErrorData;

// ---------------------------------------------------------------------------------------------------------------
// Cohorts, trainees, assignments and practical assessments
// ---------------------------------------------------------------------------------------------------------------

export const CohortNotFound = {
  name: 'CohortNotFound',
  status: 404,
  title: '班组不存在',
  message: '找不到这个班组，或者它不属于您。',
  log: (cohortId: string, viewerId: string) => `cohort ${cohortId} is not ${viewerId}'s (or does not exist)`,
  hint: "Another trainer's cohort is reported exactly like a missing one.",
} satisfies AppErrorData;

export const UnknownFormAction = {
  name: 'UnknownFormAction',
  status: 400,
  title: '无法识别的操作',
  message: '无法识别的操作，请刷新页面后重试。',
  log: (page: string, action: string) => `${page}: a form post named no action of the page ("${action}")`,
  hint: "The page's forms post to its Astro actions (?_action=…); a post without one is an old form or a crafted request.",
} satisfies AppErrorData;

export const EmployeeNoMissing = {
  name: 'EmployeeNoMissing',
  status: 400,
  title: '请填写工号',
  message: '请填写要加入班组的学员工号。',
  log: 'member to add named by neither id nor employee number',
  hint: 'Adding a member needs a record id from the search results or a typed employee number.',
} satisfies AppErrorData;

export const EmployeeNoMalformed = {
  name: 'EmployeeNoMalformed',
  status: 400,
  title: '工号格式不正确',
  message: '工号为 3–20 位字母、数字或连字符，请核对后重试。',
  log: (employeeNo: string) => `malformed employee number "${employeeNo}"`,
  hint: 'Checked before any query, so a malformed number never reaches a filter.',
} satisfies AppErrorData;

export const TraineeNotPlaceable = {
  name: 'TraineeNotPlaceable',
  status: 404,
  title: '找不到这位学员',
  message: '找不到这位学员，或者他/她不属于您所在的部门。跨部门的学员请联系人力资源部安排进班。',
  log: (ref: string, cohortId: string, viewerId: string) =>
    `${viewerId} may not add ${ref} to cohort ${cohortId} (unknown, not a trainee or another department)`,
  hint: 'Trainees of another department are refused exactly like an unknown employee number (no enumeration).',
} satisfies AppErrorData;

export const NotACohortMember = {
  name: 'NotACohortMember',
  status: 404,
  title: '学员不在班组中',
  message: '这位学员不在该班组中，请刷新页面后重试。',
  log: (traineeId: string, cohortId: string) => `${traineeId} is not a member of cohort ${cohortId}`,
  hint: 'Removing someone who is not (or no longer) in the cohort, e.g. from a stale page.',
} satisfies AppErrorData;

export const TraineeNotVisible = {
  name: 'TraineeNotVisible',
  status: 404,
  title: '找不到这位学员',
  message: '找不到这位学员，或者他/她不在您带的班组中。',
  log: (traineeId: string, viewerId: string) => `${traineeId} is in none of ${viewerId}'s cohorts`,
  hint: 'Trainers see only members of their cohorts (src/domain/training/service.ts visibleTraineeIds).',
} satisfies AppErrorData;

export const TraineeNotFound = {
  name: 'TraineeNotFound',
  status: 404,
  title: '找不到这位学员',
  message: '找不到这位学员。',
  log: (traineeId: string) => `no trainee ${traineeId}`,
  hint: 'The account does not exist or is not a trainee.',
} satisfies AppErrorData;

export const UnknownAssignmentTarget = {
  name: 'UnknownAssignmentTarget',
  status: 400,
  title: '分配的内容不存在',
  message: '要分配的单元或认证项目不存在。',
  log: (target: string) => `unknown assignment target ${target}`,
  hint: 'The target is module:<slug> or program:<id>; both must exist in the content.',
} satisfies AppErrorData;

export const InvalidDueDate = {
  name: 'InvalidDueDate',
  status: 400,
  title: '截止日期无效',
  message: '截止日期无效。',
  log: (dueDate: string) => `invalid due date "${dueDate}"`,
  hint: 'The due date is read as the end of that day, China time.',
} satisfies AppErrorData;

export const DueDateInPast = {
  name: 'DueDateInPast',
  status: 400,
  title: '截止日期已过',
  message: '截止日期不能早于今天，请选择今天或以后的日期。',
  log: (dueDate: string, now: string) => `due date ${dueDate} is already over at ${now}`,
  hint: 'A due date ends at 23:59:59 China time; an assignment may not start out overdue.',
} satisfies AppErrorData;

export const AssignmentNotFound = {
  name: 'AssignmentNotFound',
  status: 404,
  title: '学习任务不存在',
  message: '找不到这项学习任务，它可能已被删除，或不属于您管理的班组和学员。请刷新页面后再试。',
  log: (assignment: string, viewer: string) => `assignment ${assignment} not found or not managed by ${viewer}`,
  hint: 'A trainer manages the assignments of their own cohorts and of the trainees in them; HR all of them.',
} satisfies AppErrorData;

export const UnknownRubric = {
  name: 'UnknownRubric',
  status: 400,
  title: '评分表不存在',
  message: '评分表不存在。',
  log: (rubric: string) => `unknown rubric ${rubric}`,
  hint: 'Rubrics come from content/ (src/domain/certification/catalog.ts).',
} satisfies AppErrorData;

export const InvalidPracticalScores = {
  name: 'InvalidPracticalScores',
  status: 400,
  title: '评分不完整',
  message: (problem: string) => problem,
  log: (rubric: string, traineeId: string) =>
    `practical for ${traineeId}: scores or critical errors do not fit rubric ${rubric}`,
  hint: 'src/domain/certification/rubric-scoring.ts (scorePractical) says what is wrong, in Chinese, for the trainer.',
} satisfies AppErrorData;

export const ProgramWithoutPractical = {
  name: 'ProgramWithoutPractical',
  status: 400,
  title: '认证项目不要求实操考核',
  message: '认证项目不存在，或它不要求实操考核。',
  log: (program: string) => `practical recorded for program ${program}, which has no practical requirement`,
  hint: 'A program asks for a practical in content/certifications/<id>.json (`practical`).',
} satisfies AppErrorData;

export const PracticalRubricMismatch = {
  name: 'PracticalRubricMismatch',
  status: 400,
  title: '评分表与认证项目不符',
  message: (programTitle: string, rubricTitle: string) =>
    `「${programTitle}」的实操考核要用「${rubricTitle}」评分，请切换评分表后重新打分。`,
  log: (program: string, rubric: string) => `practical for program ${program} scored on rubric ${rubric}`,
  hint: 'Each program names its practical rubric in content/certifications/<id>.json.',
} satisfies AppErrorData;

export const UnknownRolePlayCase = {
  name: 'UnknownRolePlayCase',
  status: 400,
  title: '演练案例不存在',
  message: '所选演练案例不存在，或不属于这张评分表。',
  log: (caseId: string, rubric: string) => `role-play case ${caseId} is unknown or not for rubric ${rubric}`,
  hint: 'Cases live in content/role-play-cases/ and name their rubric.',
} satisfies AppErrorData;

export const RolePlayCaseRequired = {
  name: 'RolePlayCaseRequired',
  status: 400,
  title: '请选择演练案例',
  message: '模拟演练请选择所用的标准演练案例。',
  log: (traineeId: string) => `role-play practical for ${traineeId} without a case`,
  hint: 'Role-plays are scored against a standardised case so that trainers assess alike.',
} satisfies AppErrorData;

// ---------------------------------------------------------------------------------------------------------------
// Staff records (HR)
// ---------------------------------------------------------------------------------------------------------------

export const StaffRecordsForbidden = {
  name: 'StaffRecordsForbidden',
  status: 403,
  title: '无权查看员工档案',
  message: '只有人力资源部可以查看和修改员工档案。',
  log: (viewerId: string, role: string) => `${viewerId} (${role}) may not read or change staff records`,
  hint: 'Checked in src/domain/identity/staff-records.ts as well as by the /hr gate.',
} satisfies AppErrorData;

export const StaffNotFound = {
  name: 'StaffNotFound',
  status: 404,
  title: '找不到这位员工',
  message: '找不到这位员工，账号可能已被删除。',
  log: (userId: string) => `no staff account ${userId}`,
  hint: 'Malformed ids are answered the same way without a query.',
} satisfies AppErrorData;

export const EmployeeNoTaken = {
  name: 'EmployeeNoTaken',
  status: 409,
  title: '工号已被使用',
  message: (employeeNo: string) => `工号 ${employeeNo} 已被其他账号使用，请核对后重试。`,
  log: (userId: string, employeeNo: string) =>
    `employee number ${employeeNo} for ${userId} is taken by another account`,
  hint: 'Checked before the update and again by the unique index on users.employeeNo.',
} satisfies AppErrorData;

// ---------------------------------------------------------------------------------------------------------------
// Certificates and reports (HR)
// ---------------------------------------------------------------------------------------------------------------

export const CertificateNotFound = {
  name: 'CertificateNotFound',
  status: 404,
  title: '证书不存在',
  message: '找不到这张证书，它可能已被删除。请刷新页面后重试。',
  log: (certificateId: string) => `no certificate ${certificateId}`,
  hint: 'PocketBase answered 404 for the certificate being revoked.',
} satisfies AppErrorData;

export const RevocationFailed = {
  name: 'RevocationFailed',
  status: 503,
  title: '证书未能撤销',
  message: '证书未能撤销：学习数据服务暂时无法连接，请稍后刷新页面重试。您已保存的学习记录不会丢失。',
  log: (certificateId: string, userId: string, detail: string) =>
    `revoking ${certificateId} failed for ${userId}: ${detail}`,
  hint: 'Nothing was changed: the certificate and its audit entry are written together (src/domain/certification/service.ts).',
} satisfies AppErrorData;

export const ExportFailed = {
  name: 'ExportFailed',
  status: 503,
  title: '导出失败',
  message: '导出失败：学习数据服务暂时无法连接，请稍后刷新页面重试。您已保存的学习记录不会丢失。',
  log: (format: string, userId: string, detail: string) => `${format} export failed for ${userId}: ${detail}`,
  hint: 'Reading the rows or building the workbook failed (src/domain/reporting/hr-dashboard.ts).',
} satisfies AppErrorData;

// ---------------------------------------------------------------------------------------------------------------
// Voice lab and speaking targets
// ---------------------------------------------------------------------------------------------------------------

export const VoiceTargetsForbidden = {
  name: 'VoiceTargetsForbidden',
  status: 403,
  title: '无权调整目标',
  message: '只有培训师和人力资源部可以调整目标。',
  log: (userId: string, role: string) => `${userId} (${role}) may not change the speaking-rate window`,
  hint: 'Only trainers and HR set the speaking-rate window (src/domain/voice/settings.ts).',
} satisfies AppErrorData;

export const UnknownVoiceExercise = {
  name: 'UnknownVoiceExercise',
  status: 400,
  title: '练习不存在',
  message: '练习不存在，请刷新页面后重试。',
  log: (exercise: string) => `unknown voice exercise "${exercise}"`,
  hint: 'Exercises come from content/voice/exercises.json.',
} satisfies AppErrorData;

export const RecordingMissing = {
  name: 'RecordingMissing',
  status: 400,
  title: '没有收到录音',
  message: '没有收到录音，请重新录制。',
  log: 'voice recording upload without an audio file',
  hint: 'The multipart form had no non-empty audio field.',
} satisfies AppErrorData;

export const RecordingTooLarge = {
  name: 'RecordingTooLarge',
  status: 413,
  title: '录音文件过大',
  message: '录音文件过大（超过 10 MB），请录制两分钟以内的音频。',
  log: (bytes: number) => `voice recording of ${bytes} bytes is over the limit`,
  hint: 'maxRecordingBytes in src/domain/voice/lab.ts.',
} satisfies AppErrorData;

export const RecordingNotAudio = {
  name: 'RecordingNotAudio',
  status: 415,
  title: '不是可识别的音频',
  message: '上传的文件不是可识别的音频（支持 webm、ogg、m4a、wav、mp3），请重新录制。',
  log: (type: string) => `voice recording (declared "${type}") has no known audio signature`,
  hint: 'The first bytes match no supported container (src/platform/audio/sniff.ts).',
} satisfies AppErrorData;

export const RecordingMetricsMissing = {
  name: 'RecordingMetricsMissing',
  status: 400,
  title: '缺少分析结果',
  message: '录音分析结果缺失或格式不正确，请重新分析后保存。',
  log: 'voice recording metrics missing or not JSON',
  hint: 'The browser sends its analysis as a JSON metrics field.',
} satisfies AppErrorData;

export const RecordingNoSpeech = {
  name: 'RecordingNoSpeech',
  status: 422,
  title: '没有足够的说话声',
  message:
    '这段录音里没有检测到足够的说话声，不能保存为练习录音。请检查麦克风是否静音、与嘴的距离（两指左右）和环境噪声，然后重新录音。',
  log: (evidence: string, speakingSec: number, voicedSec: number) =>
    `voice take refused: ${evidence} (speaking ${speakingSec.toFixed(2)} s, voiced ${voicedSec.toFixed(2)} s)`,
  hint: 'Judged on the server from the decoded audio with speechEvidence (src/domain/voice/speech-rules.ts), as the lab does.',
} satisfies AppErrorData;

export const RecordingMetricsInvalid = {
  name: 'RecordingMetricsInvalid',
  status: 400,
  title: '分析结果格式不正确',
  message: '录音分析结果格式不正确，请重新分析后保存。',
  log: (detail: string) => `voice recording metrics refused: ${detail}`,
  hint: 'The metrics failed savedMetricsSchema (src/domain/voice/lab.ts).',
} satisfies AppErrorData;

// ---------------------------------------------------------------------------------------------------------------
// Real call recordings (listening exercises)
// ---------------------------------------------------------------------------------------------------------------

export const CallRecordingMissing = {
  name: 'CallRecordingMissing',
  status: 400,
  title: '请选择录音文件',
  message: '请选择要上传的录音文件。',
  log: 'call recording upload without an audio file',
  hint: 'The multipart form had no non-empty audio field.',
} satisfies AppErrorData;

export const CallRecordingTooLarge = {
  name: 'CallRecordingTooLarge',
  status: 413,
  title: '录音文件过大',
  message: '录音文件超过 20 MB，请压缩或截取后再上传。',
  log: (bytes: number) => `call recording of ${bytes} bytes is over the limit`,
  hint: 'maxCallRecordingBytes in src/domain/training/call-recordings.ts.',
} satisfies AppErrorData;

export const CallRecordingNotAudio = {
  name: 'CallRecordingNotAudio',
  status: 415,
  title: '不是可识别的音频',
  message: '上传的文件不是可识别的音频（支持 mp3、m4a、ogg、wav、webm），请检查文件后重试。',
  log: (type: string) => `call recording (declared "${type}") has no known audio signature`,
  hint: 'The first bytes match no supported container (src/platform/audio/sniff.ts).',
} satisfies AppErrorData;

export const CallRecordingCohortNotFound = {
  name: 'CallRecordingCohortNotFound',
  status: 404,
  title: '班组不存在',
  message: '所选班组不存在，或者不属于您。',
  log: (cohortId: string, viewerId: string) =>
    `call recording for cohort ${cohortId}, which is not ${viewerId}'s (or does not exist)`,
  hint: "Another trainer's cohort is reported exactly like a missing one.",
} satisfies AppErrorData;

// ---------------------------------------------------------------------------------------------------------------
// Checking uploaded audio (src/platform/audio/verify-upload.ts)
// ---------------------------------------------------------------------------------------------------------------

export const UploadNotAudio = {
  name: 'UploadNotAudio',
  status: 415,
  title: '不是可识别的音频',
  message: '上传的文件不是可识别的音频（支持 webm、ogg、m4a、wav、mp3），请检查文件后重试。',
  log: 'upload has no known audio signature',
  hint: 'The first bytes match no supported container (src/platform/audio/sniff.ts).',
} satisfies AppErrorData;

export const UploadKindMismatch = {
  name: 'UploadKindMismatch',
  status: 415,
  title: '音频格式与声明不符',
  message: (declared: string, actual: string) =>
    `文件声明为 ${declared} 音频，但内容是 ${actual} 格式。请上传原始录音文件，不要只改扩展名。`,
  log: (declared: string, actual: string) => `upload declared as ${declared} but its content is ${actual}`,
  hint: 'Both the MIME type and the file extension must match the sniffed container.',
} satisfies AppErrorData;

export const CallRecordingTooLong = {
  name: 'CallRecordingTooLong',
  status: 422,
  title: '录音过长',
  message: '录音不能超过两小时，请截取需要学员听的部分后再上传。',
  log: (durationSec: number) => `call recording lasts ${durationSec} s (limit 7200 s)`,
  hint: 'The duration is read from the decoded audio (src/domain/training/call-recordings.ts).',
} satisfies AppErrorData;

export const MomentOutsideRecording = {
  name: 'MomentOutsideRecording',
  status: 422,
  title: '时刻超出录音长度',
  message: (end: string, duration: string) =>
    `标出的时刻 ${end} 超出了录音长度（${duration}），请核对「需要标出的时刻」。`,
  log: (endSec: number, durationSec: number) => `moment ends at ${endSec} s, the recording lasts ${durationSec} s`,
  hint: 'Moments are checked against the duration decoded from the file.',
} satisfies AppErrorData;

export const UploadDurationInvalid = {
  name: 'UploadDurationInvalid',
  status: 400,
  title: '录音时长无效',
  message: '录音时长无效，请重新填写或重新录制。',
  log: (statedSec: number) => `stated duration ${statedSec} is not a positive number`,
  hint: 'The stated duration must be a positive number of seconds.',
} satisfies AppErrorData;

export const UploadProbeTimedOut = {
  name: 'UploadProbeTimedOut',
  status: 422,
  title: '录音文件无法读取',
  message: '录音文件无法在限定时间内读取，请检查文件后重试。',
  log: (container: string) => `ffprobe timed out on a ${container} upload`,
  hint: 'ffprobe ran past its time limit; the file may be crafted to be slow to parse.',
} satisfies AppErrorData;

export const UploadNotValidContainer = {
  name: 'UploadNotValidContainer',
  status: 422,
  title: '录音文件不完整',
  message: (kind: string) =>
    `上传的文件不是完整有效的 ${kind} 音频（文件可能已损坏或被截断），请重新导出或录制后再上传。`,
  log: (container: string, detail: string) => `${container} upload refused by ffprobe: ${detail}`,
  hint: 'ffprobe, forced to the sniffed demuxer, found no audio stream or failed.',
} satisfies AppErrorData;

export const UploadDecodeTimedOut = {
  name: 'UploadDecodeTimedOut',
  status: 422,
  title: '录音文件无法解码',
  message: '录音文件无法在限定时间内解码，请检查文件后重试。',
  log: (container: string) => `ffmpeg timed out decoding a ${container} upload`,
  hint: 'ffmpeg ran past its time limit while decoding the whole stream.',
} satisfies AppErrorData;

export const UploadUndecodable = {
  name: 'UploadUndecodable',
  status: 422,
  title: '录音文件无法解码',
  message: (kind: string) =>
    `上传的 ${kind} 文件无法解码为音频（文件可能已损坏、被截断或并非录音），请重新导出或录制后再上传。`,
  log: (container: string, detail: string) => `${container} upload refused by ffmpeg: ${detail}`,
  hint: 'ffmpeg could not decode the first audio stream (or decoded under 0.1 s).',
} satisfies AppErrorData;

export const UploadHeaderDurationMismatch = {
  name: 'UploadHeaderDurationMismatch',
  status: 422,
  title: '录音时长不符',
  message: (claimedSec: number, decodedSec: number) =>
    `录音文件声明的时长（${claimedSec.toFixed(1)} 秒）与实际可播放的音频（${decodedSec.toFixed(1)} 秒）不符，文件可能已损坏或被截断，请重新导出后再上传。`,
  log: (container: string, claimedSec: number, decodedSec: number) =>
    `${container} upload refused: header says ${claimedSec} s, ${decodedSec.toFixed(2)} s decoded`,
  hint: 'A header may claim far more audio than the file holds; durations must match within 0.5 s or 5 %.',
} satisfies AppErrorData;

export const UploadDurationMismatch = {
  name: 'UploadDurationMismatch',
  status: 422,
  title: '录音时长不符',
  message: (statedSec: number, decodedSec: number) =>
    `声明的录音时长（${statedSec} 秒）与实际音频（${decodedSec.toFixed(1)} 秒）不符，请核对时长或重新录制后再上传。`,
  log: (container: string, statedSec: number, decodedSec: number) =>
    `${container} upload refused: stated ${statedSec} s, ${decodedSec.toFixed(2)} s decoded`,
  hint: 'The stated duration drives timelines and study credit, so it must match the decoded audio (0.5 s or 5 %).',
} satisfies AppErrorData;

// ---------------------------------------------------------------------------------------------------------------
// Simulated calls (模拟来电)
// ---------------------------------------------------------------------------------------------------------------

export const CallNotFound = {
  name: 'CallNotFound',
  status: 404,
  title: '模拟来电不存在',
  message: '找不到这个模拟来电，请从「模拟来电」列表重新进入。',
  log: (callId: string) => `no call scenario ${callId}`,
  hint: 'Calls come from content/calls/*.json (src/domain/calls/catalog.ts); fixtures only with CALL_FIXTURES=on.',
} satisfies AppErrorData;

export const CallRunNotFound = {
  name: 'CallRunNotFound',
  status: 404,
  title: '通话记录不存在',
  message: '找不到这次通话记录，请从「模拟来电」列表重新进入。',
  log: (runId: string, userId: string) => `call run ${runId} not found for user ${userId}`,
  hint: "Another user's run is reported exactly like a missing one.",
} satisfies AppErrorData;

export const CallTurnNotCurrent = {
  name: 'CallTurnNotCurrent',
  status: 409,
  title: '这一轮已经提交',
  message: '这一轮回复已经提交过（或通话已经结束），不能重新选择。页面将显示通话当前的进度。',
  log: (runId: string, sent: number, current: number, status: string) =>
    `call run ${runId}: turn ${sent} submitted, current turn ${current} (${status})`,
  hint: 'Replays, double submits and a second tab: the turn index is compared and set (call_runs.version).',
} satisfies AppErrorData;

export const CallReplyInvalid = {
  name: 'CallReplyInvalid',
  status: 400,
  title: '回复无法识别',
  message: '提交的回复无法识别（选项不存在、回复为空或过长），请刷新页面后重新作答。',
  log: (runId: string, detail: string) => `call run ${runId}: reply refused: ${detail}`,
  hint: 'The reply does not fit the current turn: unknown option key, wrong turn kind, empty or over-long text.',
} satisfies AppErrorData;

// ---------------------------------------------------------------------------------------------------------------
// Question bank: import, drafts, publishing (src/domain/question-bank/service.ts)
// ---------------------------------------------------------------------------------------------------------------

export const QuestionBankForbidden = {
  name: 'QuestionBankForbidden',
  status: 403,
  title: '无权管理题库',
  message: '只有培训师和人力资源部可以导入、编辑和发布题目。',
  log: (userId: string, what: string) => `user ${userId} may not ${what} in the question bank`,
  hint: 'Trainers and HR manage the question bank; trainees are refused by the service, not only by the /trainer gate.',
} satisfies AppErrorData;

export const QuestionImportMissing = {
  name: 'QuestionImportMissing',
  status: 400,
  title: '请选择题库文件',
  message: '请选择要导入的 GIFT（.gift、.txt）或 Moodle XML（.xml）文件。',
  log: 'question import without a file',
  hint: 'The form had no non-empty file field.',
} satisfies AppErrorData;

export const QuestionImportTooLarge = {
  name: 'QuestionImportTooLarge',
  status: 413,
  title: '题库文件过大',
  message: '题库文件超过 800 KB。请在 Moodle 中按分类分批导出后再导入。',
  log: (bytes: number) => `question import of ${bytes} bytes is over the 800 KB limit`,
  hint: 'maxImportBytes in src/domain/question-bank/service.ts (the request body limit is 1 MB).',
} satisfies AppErrorData;

export const QuestionImportNotText = {
  name: 'QuestionImportNotText',
  status: 422,
  title: '无法读取题库文件',
  message: '文件不是 UTF-8 编码的文本。请在 Moodle 中导出为 GIFT 或 Moodle XML 格式（UTF-8）后再导入。',
  log: (fileName: string) => `question import ${fileName} is not UTF-8 text`,
  hint: 'Decoded with TextDecoder fatal: true.',
} satisfies AppErrorData;

export const QuestionDraftNotFound = {
  name: 'QuestionDraftNotFound',
  status: 404,
  title: '找不到这道草稿题',
  message: '这道草稿题不存在或已被删除，请回到题库列表。',
  log: (draftId: string) => `question draft ${draftId} not found`,
  hint: 'Forged or stale draft id.',
} satisfies AppErrorData;

export const QuestionDraftChanged = {
  name: 'QuestionDraftChanged',
  status: 409,
  title: '题目已被修改',
  message: '这道题刚刚被其他人修改或发布了。请刷新页面，在最新内容上继续编辑。',
  log: (draftId: string, version: number) => `question draft ${draftId} changed since version ${version}`,
  hint: 'Compare-and-set on question_drafts.version failed, or the draft is no longer a draft.',
} satisfies AppErrorData;

export const QuestionDraftIncomplete = {
  name: 'QuestionDraftIncomplete',
  status: 422,
  title: '题目还不能发布',
  message: (problems: string) => `题目还不能发布：${problems}`,
  log: (draftId: string, problems: number) =>
    `question draft ${draftId} is not a valid question (${problems} problem(s))`,
  hint: 'validateDraft in src/domain/question-bank/rules.ts (bank schema + the type’s checks).',
} satisfies AppErrorData;

export const PublishedQuestionNotFound = {
  name: 'PublishedQuestionNotFound',
  status: 404,
  title: '找不到这道已发布的题目',
  message: '这道题不存在，请回到题库列表。',
  log: (questionId: string) => `published question ${questionId} not found`,
  hint: 'Forged or stale published question id.',
} satisfies AppErrorData;

export const PublishedQuestionSuperseded = {
  name: 'PublishedQuestionSuperseded',
  status: 409,
  title: '这道题已有新版本',
  message: '这道题已经有人改出了新版本，请在题库列表中编辑最新版本。',
  log: (questionId: string) => `published question ${questionId} already has a successor`,
  hint: 'Unique index on published_questions.replaces: one successor per published item.',
} satisfies AppErrorData;

// ---------------------------------------------------------------------------------------------------------------
// Notifications
// ---------------------------------------------------------------------------------------------------------------

export const NotificationNotFound = {
  name: 'NotificationNotFound',
  status: 404,
  title: '消息不存在',
  message: '找不到这条消息，它可能已被删除。请刷新消息列表后重试。',
  log: (userId: string, id: string) => `notification ${id} not found for ${userId} (absent or someone else's)`,
  hint: "Another user's notification id is answered exactly like an unknown one (src/domain/notifications/service.ts).",
} satisfies AppErrorData;
