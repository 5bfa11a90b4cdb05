import { createHmac } from 'node:crypto';

/** A group robot (WeCom 企业微信 or DingTalk 钉钉) webhook. */
export interface RobotSender {
  send(text: string): Promise<void>;
}

/**
 * DingTalk's signature for a signed ("加签") robot: HmacSHA256 over `${timestamp}\n${secret}` keyed with the secret,
 * base64. The webhook URL gets `&timestamp=…&sign=<url-encoded signature>`.
 */
export function dingTalkSign(timestamp: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

async function post(url: string, body: unknown, label: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const answer = (await response.json().catch(() => null)) as { errcode?: number; errmsg?: string } | null;
  if (!response.ok || !answer || answer.errcode !== 0)
    throw new Error(`${label} answered ${response.status} ${answer ? `${answer.errcode} ${answer.errmsg}` : ''}`);
}

/** WeCom group robot: text message. */
export function weComRobot(webhookUrl: string): RobotSender {
  return { send: (text) => post(webhookUrl, { msgtype: 'text', text: { content: text } }, 'WeCom robot') };
}

/** DingTalk group robot: text message, signed when `secret` is set. */
export function dingTalkRobot(webhookUrl: string, secret?: string, clock: () => number = Date.now): RobotSender {
  return {
    send(text) {
      let url = webhookUrl;
      if (secret) {
        const timestamp = clock();
        const sign = encodeURIComponent(dingTalkSign(timestamp, secret));
        url += `${url.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${sign}`;
      }
      return post(url, { msgtype: 'text', text: { content: text } }, 'DingTalk robot');
    },
  };
}

/** DingTalk allows a robot at most this many messages per minute. */
export const dingTalkPerMinute = 20;
