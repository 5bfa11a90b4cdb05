import type PocketBase from 'pocketbase';
import { beforeAll, describe, expect, it } from 'vitest';
import * as repo from '../../src/domain/calls/repo.ts';
import {
  recordingAudioUrl,
  runView,
  startRun,
  submitRecordedTurn,
  submitTurn,
  type ReplyInput,
} from '../../src/domain/calls/service.ts';
import { callById } from '../../src/domain/calls/catalog.ts';
import { optionOrder } from '../../src/domain/calls/rules.ts';
import type { AppError } from '../../src/platform/errors/index.ts';
import { bodyLimitFor, defaultBodyLimit } from '../../src/platform/http/body-limits.ts';
import { maxRecordingBytes } from '../../src/domain/voice/lab.ts';
import { asAdmin, makeUser, refusalName } from './pocketbase-fixtures.ts';
import { recordedReply } from '../support/recorded-reply.ts';

// The fixture call (tests/fixtures/calls/sample-slow-broadband.json), served only with CALL_FIXTURES=on.
process.env.CALL_FIXTURES = 'on';
const callId = 'sample-slow-broadband';
const now = new Date('2026-11-27T10:00:00Z');
let admin: PocketBase;
beforeAll(async () => {
  admin = await asAdmin();
});

/** The display key of an option in this run (what the page would send). */
function keyOf(runId: string, node: string, optionId: string): string {
  const call = callById(callId)!;
  const turn = call.nodes[node]!.turn;
  if (turn.kind !== 'choice') throw new Error('choice expected');
  return String(
    optionOrder(
      runId,
      node,
      turn.options.map((o) => o.id),
    ).indexOf(optionId),
  );
}
const choice = (runId: string, node: string, optionId: string): ReplyInput => ({
  kind: 'choice',
  key: keyOf(runId, node, optionId),
});

describe('call runs against the real PocketBase', () => {
  it('plays a run to the end: choices, typed, recorded; the server decides branch, ending and score', async () => {
    const me = await makeUser('trainee');
    const run = await startRun(admin, me, callId, now);
    expect((await startRun(admin, me, callId, now)).id).toBe(run.id); // resumes the open run
    await submitTurn(
      admin,
      me,
      { runId: run.id, turnIndex: 0, reply: choice(run.id, 'opening', 'apologize-ask') },
      now,
    );
    await submitTurn(
      admin,
      me,
      { runId: run.id, turnIndex: 1, reply: choice(run.id, 'verify', 'verify-identity') },
      now,
    );
    const model = (callById(callId)!.nodes.diagnose!.turn as { modelAnswer: string }).modelAnswer;
    let r = await submitTurn(admin, me, { runId: run.id, turnIndex: 2, reply: { kind: 'typed', text: model } }, now);
    expect(r.turns[2]!.submitted).toMatchObject({ kind: 'typed', score: 1 });
    await submitRecordedTurn(admin, me, { runId: run.id, turnIndex: 3, ...recordedReply() }, now);
    const recs = await repo.recordingsOfRun(admin, run.id);
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ user: me.id, node: 'callback', turnIndex: 3, durationSec: 12.7 });
    const url = await recordingAudioUrl(admin, me, recs[0]!.id);
    expect((await fetch(url)).headers.get('content-type')).toMatch(/^audio\//);
    const stranger = await makeUser('trainee');
    expect(await refusalName(recordingAudioUrl(admin, stranger, recs[0]!.id))).toBe('CallRunNotFound');
    // A second recording for the same turn is refused and leaves no file behind.
    expect(
      await refusalName(submitRecordedTurn(admin, me, { runId: run.id, turnIndex: 3, ...recordedReply() }, now)),
    ).toBe('CallTurnNotCurrent');
    expect(await repo.recordingsOfRun(admin, run.id)).toHaveLength(1);
    r = await submitTurn(
      admin,
      me,
      { runId: run.id, turnIndex: 4, reply: choice(run.id, 'closing', 'thank-close') },
      now,
    );
    expect(r).toMatchObject({ status: 'ended', ending: 'resolved', passed: true });
    expect(r.scores!.ratio).toBe(1);
    const view = await runView(admin, me, run.id);
    expect(view.status).toBe('ended');
    // Every run is kept; a new start after the end opens a new run.
    const again = await startRun(admin, me, callId, now);
    expect(again.id).not.toBe(run.id);
    expect(await repo.listRuns(admin, { user: me.id, call: callId })).toHaveLength(2);
  });

  it("another trainee can neither read nor submit someone's run", async () => {
    const [me, other] = await Promise.all([makeUser('trainee'), makeUser('trainee')]);
    const run = await startRun(admin, me, callId, now);
    expect(await refusalName(runView(admin, other, run.id))).toBe('CallRunNotFound');
    expect(
      await refusalName(
        submitTurn(admin, other, { runId: run.id, turnIndex: 0, reply: choice(run.id, 'opening', 'blame-peak') }, now),
      ),
    ).toBe('CallRunNotFound');
    expect(
      await refusalName(submitRecordedTurn(admin, other, { runId: run.id, turnIndex: 0, ...recordedReply() }, now)),
    ).toBe('CallRunNotFound');
    expect((await repo.getRun(admin, run.id))!.turns).toHaveLength(0);
  });

  it('refuses a replayed turn and forged replies, and applies nothing', async () => {
    const me = await makeUser('trainee');
    const run = await startRun(admin, me, callId, now);
    for (const reply of [
      { kind: 'choice', key: '7' },
      { kind: 'choice', key: 'apologize-ask' },
      { kind: 'typed', text: '您好' },
      { kind: 'typed', text: 'x'.repeat(501) },
    ] as ReplyInput[]) {
      expect(await refusalName(submitTurn(admin, me, { runId: run.id, turnIndex: 0, reply }, now))).toBe(
        'CallReplyInvalid',
      );
    }
    expect(
      await refusalName(submitRecordedTurn(admin, me, { runId: run.id, turnIndex: 0, ...recordedReply() }, now)),
    ).toBe('CallReplyInvalid');
    await submitTurn(admin, me, { runId: run.id, turnIndex: 0, reply: choice(run.id, 'opening', 'blame-peak') }, now);
    // The same turn again (a replay, or the better option picked afterwards) is refused.
    expect(
      await refusalName(
        submitTurn(admin, me, { runId: run.id, turnIndex: 0, reply: choice(run.id, 'opening', 'apologize-ask') }, now),
      ),
    ).toBe('CallTurnNotCurrent');
    expect(
      await refusalName(
        submitTurn(admin, me, { runId: run.id, turnIndex: 5, reply: choice(run.id, 'verify', 'skip-verify') }, now),
      ),
    ).toBe('CallTurnNotCurrent');
    const stored = (await repo.getRun(admin, run.id))!;
    expect(stored.turns.map((t) => t.outcome)).toEqual(['option:blame-peak']);
    expect(stored.state).toMatchObject({ turn: 1, node: 'verify', mood: 'angry' });
  });

  it('two concurrent submits of the same turn: exactly one wins', async () => {
    const me = await makeUser('trainee');
    const run = await startRun(admin, me, callId, now);
    const results = await Promise.allSettled([
      submitTurn(admin, me, { runId: run.id, turnIndex: 0, reply: choice(run.id, 'opening', 'blame-peak') }, now),
      submitTurn(admin, me, { runId: run.id, turnIndex: 0, reply: choice(run.id, 'opening', 'apologize-ask') }, now),
      submitTurn(admin, me, { runId: run.id, turnIndex: 0, reply: choice(run.id, 'opening', 'ask-account') }, now),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r.reason as AppError).name).toBe('CallTurnNotCurrent');
    expect((await repo.getRun(admin, run.id))!.turns).toHaveLength(1);
  });

  it('concurrent starts open one run', async () => {
    const me = await makeUser('trainee');
    const runs = await Promise.all([1, 2, 3, 4].map(() => startRun(admin, me, callId, now)));
    expect(new Set(runs.map((r) => r.id)).size).toBe(1);
    expect(await refusalName(startRun(admin, me, 'no-such-call', now))).toBe('CallNotFound');
  });

  it('bodies: turn submits get the default 1 MB limit, recordings the voice limit', () => {
    expect(bodyLimitFor('POST', '/_actions/submitCallTurn')).toBe(defaultBodyLimit);
    expect(bodyLimitFor('POST', '/_actions/submitCallRecording').bytes).toBeGreaterThan(maxRecordingBytes);
    expect(bodyLimitFor('POST', '/_actions/submitCallRecording').bytes).toBeLessThan(maxRecordingBytes + 1024 * 1024);
  });
});
