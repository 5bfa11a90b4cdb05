// A client that goes away while sending a request's body (it timed out, lost its connection) costs one English log
// line: never a stack trace, never a "failed render" (the app server reads the body before Astro does; Astro logged
// the stream's `Error: aborted` with its stack, 40 times in one bench exam day). Checked on the built app.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { appServerForFile } from '../support/app-server.ts';
import { rawRequest } from '../support/raw-http.ts';

const app = appServerForFile();

/** Send a POST's headers and the start of its body, then close the connection without waiting for an answer. */
function postCutShort(path: string, framing: string, bodyStart: string): Promise<void> {
  const { port } = app();
  return new Promise((ok, fail) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\n` +
          `Content-Type: application/x-www-form-urlencoded\r\n${framing}\r\n\r\n${bodyStart}`,
      );
      // Long enough for the server to have taken the request in and started on its body.
      setTimeout(() => {
        socket.destroy();
        ok();
      }, 500);
    });
    socket.on('error', fail);
  });
}

describe('a request body cut short by the client', () => {
  it('is one English log line, without a stack trace, and the server goes on answering', async () => {
    await postCutShort('/_actions/signIn', 'Content-Length: 200', 'email=a%40example.com');
    await postCutShort('/signin?_action=signIn', 'Transfer-Encoding: chunked', '15\r\nemail=a%40example.com\r\n');
    const logs = app().output;
    await expect
      .poll(logs)
      .toContain('POST /_actions/signIn: the client went away before its body arrived (21 bytes arrived, then');
    await expect.poll(() => logs().match(/the client went away before its body arrived/g)?.length).toBe(2);
    expect(logs()).not.toMatch(/Error: aborted|Could not render|\n\s+at \S/);
    const page = await rawRequest(app().port, '/signin');
    expect(page.status).toBe(200);
  });
});
