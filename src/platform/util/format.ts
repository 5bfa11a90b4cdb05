const dateTime = new Intl.DateTimeFormat('zh-CN', {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Asia/Shanghai',
});
const date = new Intl.DateTimeFormat('zh-CN', {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'Asia/Shanghai',
});

/** 2026年11月24日 16:00 (China time, as the call centres work). */
export const formatDateTime = (d: Date) => dateTime.format(d);
/** 2026年11月24日 */
export const formatDate = (d: Date) => date.format(d);
