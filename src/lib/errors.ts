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
  BackendUnavailable: {
    status: 503,
    title: '服务暂时不可用',
    message: '学习数据服务暂时无法连接，请稍后刷新页面重试。您已保存的学习记录不会丢失。',
  },
} as const satisfies Record<string, { status: number; title: string; message: string }>;

export type AppErrorName = keyof typeof appErrors;
