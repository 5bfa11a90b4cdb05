// The simulated calls' use cases bound to the app server's admin client and clock: what pages and actions call (they
// never touch PocketBase themselves).
import { appAdmin } from '../../platform/pocketbase/app-admin.ts';
import { callCatalog, callById } from './catalog.ts';
import * as service from './service.ts';
import * as review from './review.ts';
import type { StaffUser } from '../identity/schema.ts';

export const callsApp = {
  catalog: callCatalog,
  call: callById,
  list: async (viewer: service.Viewer) => service.callsForViewer(await appAdmin(), viewer, callCatalog()),
  openRunOf: async (viewer: service.Viewer, callId: string) =>
    (
      await service.callsForViewer(
        await appAdmin(),
        viewer,
        callCatalog().filter((c) => c.id === callId),
      )
    )[0],
  start: async (viewer: service.Viewer, callId: string) =>
    service.startRun(await appAdmin(), viewer, callId, new Date()),
  view: async (viewer: service.Viewer, runId: string) => service.runView(await appAdmin(), viewer, runId),
  submit: async (viewer: service.Viewer, input: Parameters<typeof service.submitTurn>[2]) =>
    service.viewOf(await service.submitTurn(await appAdmin(), viewer, input, new Date())),
  submitRecording: async (viewer: service.Viewer, input: Parameters<typeof service.submitRecordedTurn>[2]) =>
    service.viewOf(await service.submitRecordedTurn(await appAdmin(), viewer, input, new Date())),
  /** The recording's owner, the trainer of their cohort or HR (review.recordingAudioUrlFor). */
  recordingAudioUrl: async (viewer: Pick<StaffUser, 'id' | 'role'>, recordingId: string) =>
    review.recordingAudioUrlFor(await appAdmin(), viewer, recordingId),
  // The trainer side.
  traineeRuns: async (viewer: StaffUser, traineeId: string) => review.traineeRuns(await appAdmin(), viewer, traineeId),
  statistics: async (viewer: StaffUser, callId: string) => review.callStatisticsFor(await appAdmin(), viewer, callId),
  overview: async (viewer: StaffUser) => review.callOverview(await appAdmin(), viewer),
};
