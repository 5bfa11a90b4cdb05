/**
 * User-facing errors, one entry per situation: a stable name, a Chinese title and message that say
 * what happened and what to do next. Log the precise English cause on the server, never show it.
 */
export const appErrors = {
  InvalidCredentials: {
    status: 400,
    title: '登录失败',
    message: '邮箱或密码不正确，请检查后重新输入。忘记密码请联系您的培训师或人力资源部重置。',
  },
  InvalidSignInInput: {
    status: 400,
    title: '登录信息不完整',
    message: '请输入有效的邮箱地址和至少 8 位的密码。',
  },
  TooManySignIns: {
    status: 429,
    title: '登录尝试过多',
    message: '为保护账号安全，登录已暂时锁定。请稍后再试；如果忘记了密码，请联系您的培训师或人力资源部重置。',
  },
  MalformedRequest: {
    status: 400,
    title: '请求格式不正确',
    message: '提交的数据无法识别，请刷新页面后重试。',
  },
  UnknownLesson: {
    status: 400,
    title: '课程不存在',
    message: '学习记录中包含不存在的课程或练习，请刷新页面后重试。',
  },
  InvalidPracticeAnswer: {
    status: 400,
    title: '练习答案无法识别',
    message: '提交的练习答案与题目不符，请刷新页面后重新作答。',
  },
  RequestTooLarge: {
    status: 413,
    title: '提交的内容过大',
    message: '提交的内容超过了允许的大小，服务器没有接收。请删减内容或压缩文件后重试。',
  },
  TooManyRequests: {
    status: 429,
    title: '操作过于频繁',
    message: '您的操作过于频繁，请稍等一分钟后再试。',
  },
  Forbidden: {
    status: 403,
    title: '无权访问',
    message: '您的账号没有查看此页面的权限。如果您认为这是错误，请联系人力资源部为您调整角色。',
  },
  NotFound: {
    status: 404,
    title: '页面不存在',
    message: '您要找的页面不存在或已被移动。请从首页或课程目录重新进入。',
  },
  ServerError: {
    status: 500,
    title: '系统出了点问题',
    message: '页面暂时无法打开，我们已记录下这个问题。请稍后刷新重试；您已保存的学习记录和答案不会丢失。',
  },
  ServerBusy: {
    status: 503,
    title: '当前访问人数较多',
    message: '系统正在排队处理大家的请求，请等几秒后再试。已保存的答案和学习记录不会丢失。',
  },
  BackendUnavailable: {
    status: 503,
    title: '服务暂时不可用',
    message: '学习数据服务暂时无法连接，请稍后刷新页面重试。您已保存的学习记录不会丢失。',
  },
  SignInRequired: {
    status: 401,
    title: '请先登录',
    message: '您的登录已过期，请重新登录后继续。已保存的答案不会丢失。',
  },
  QuizNotFound: {
    status: 404,
    title: '测验不存在',
    message: '找不到这个测验或考试，请从「我的学习」重新进入。',
  },
  AttemptNotFound: {
    status: 404,
    title: '作答记录不存在',
    message: '找不到这次作答记录。请从测验页面重新进入；如果问题持续，请联系您的培训师。',
  },
  AttemptClosed: {
    status: 409,
    title: '作答已结束',
    message: '本次作答已经提交或已超过考试时间，答案不能再修改。请查看成绩页面。',
  },
  InvalidResponses: {
    status: 400,
    title: '答案格式不正确',
    message: '提交的答案无法识别，请刷新页面后重新作答。您之前已保存的答案不受影响。',
  },
  AttemptInProgress: {
    status: 409,
    title: '已有进行中的作答',
    message: '您有一次尚未提交的作答，请先完成它。',
  },
  AlreadyPassed: {
    status: 409,
    title: '您已通过该考试',
    message: '您已经通过了这项考试，无需再考。成绩可在作答记录中查看。',
  },
  NoAttemptsLeft: {
    status: 403,
    title: '考试次数已用完',
    message: '您已用完本考试的全部机会。如需补考，请联系您的培训师。',
  },
  MustWait: {
    status: 403,
    title: '暂时不能再考',
    message: '上次考试未通过，需要间隔一段时间才能再次参加。请先复习相关单元。',
  },
} as const satisfies Record<string, { status: number; title: string; message: string }>;

export type AppErrorName = keyof typeof appErrors;
