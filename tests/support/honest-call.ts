// Plays a simulated call through the service the way a trainee does in the browser: start a run, then answer each
// turn with the model reply (the `best` option by its display key, the model answer typed, a real recording for a
// recorded turn). The server decides the branch, the ending and the pass; this only submits.
import type PocketBase from 'pocketbase';
import { callById } from '../../src/domain/calls/catalog.ts';
import { optionOrder } from '../../src/domain/calls/rules.ts';
import type * as repo from '../../src/domain/calls/repo.ts';
import { startRun, submitRecordedTurn, submitTurn } from '../../src/domain/calls/service.ts';
import { recordedReply } from './recorded-reply.ts';

/** Play `callId` to its end along the model path; returns the ended run as the server stored it. */
export async function playModelPath(
  admin: PocketBase,
  userId: string,
  callId: string,
  now: () => Date,
): Promise<repo.CallRun> {
  const call = callById(callId);
  if (!call) throw new Error(`unknown call ${callId}`);
  const viewer = { id: userId };
  let run = await startRun(admin, viewer, callId, now());
  for (let guard = 0; run.status === 'in_progress' && guard < 40; guard++) {
    const node = call.nodes[run.state.node]!;
    const turn = node.turn;
    const turnIndex = run.state.turn;
    if (turn.kind === 'choice') {
      const best = turn.options.find((o) => o.quality === 'best')!;
      const key = String(
        optionOrder(
          run.id,
          run.state.node,
          turn.options.map((o) => o.id),
        ).indexOf(best.id),
      );
      run = await submitTurn(admin, viewer, { runId: run.id, turnIndex, reply: { kind: 'choice', key } }, now());
    } else if (turn.kind === 'typed') {
      const reply = { kind: 'typed' as const, text: turn.modelAnswer };
      run = await submitTurn(admin, viewer, { runId: run.id, turnIndex, reply }, now());
    } else {
      run = await submitRecordedTurn(admin, viewer, { runId: run.id, turnIndex, ...recordedReply() }, now());
    }
  }
  return run;
}
