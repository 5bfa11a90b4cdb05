// The simulated calls' use cases bound to the app server's admin client and clock: what pages and actions call (they
// never touch PocketBase themselves).
import { appAdmin } from '../../platform/pocketbase/app-admin.ts';
import { callCatalog, callById } from './catalog.ts';
import * as service from './service.ts';

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
  recordingAudioUrl: async (viewer: service.Viewer, recordingId: string) =>
    service.recordingAudioUrl(await appAdmin(), viewer, recordingId),
};
