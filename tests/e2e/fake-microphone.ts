import { resolve } from 'node:path';
import { chromiumLaunch } from './chromium.ts';

/**
 * Playwright options for a Chromium whose microphone plays `wavFile` (granted without a prompt): the voice lab and the
 * call simulator record it as if someone spoke. Use as `test.use(fakeMicrophone('tests/fixtures/voice/x.wav'))`.
 */
export function fakeMicrophone(wavFile: string) {
  return {
    permissions: ['microphone'],
    launchOptions: {
      ...chromiumLaunch,
      args: [
        ...chromiumLaunch.args,
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-audio-capture=${resolve(wavFile)}`,
      ],
    },
  };
}
