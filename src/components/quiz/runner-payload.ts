import type { PublicQuestion } from '../../domain/assessment/public-view.ts';
import type { Responses } from '../../domain/assessment/response-schema.ts';

/** What the quiz runner answers: the attempt's questions (public view, no keys) and the answers saved so far. */
export interface RunnerPayload {
  questions: PublicQuestion[];
  responses: Responses;
}

// The payload crosses to the browser as one JSON string prop: Astro serializes an object prop value by value, with
// a type tag for each, which for an exam's 35 questions was about a sixth of the exam page's CPU on the server and
// made the page larger; one string is escaped once (issue 15).

/** The runner's payload as the page writes it into the island's props. */
export const encodeRunnerPayload = ({ questions, responses }: RunnerPayload): string =>
  JSON.stringify({ questions, responses });

/** The payload back, in the browser (written by the server from the public view: trusted as is). */
export const decodeRunnerPayload = (encoded: string): RunnerPayload => JSON.parse(encoded) as RunnerPayload;
