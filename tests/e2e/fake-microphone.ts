import { resolve } from 'node:path';

/**
 * Playwright options for a Chromium whose microphone plays `wavFile` (granted without a prompt): the voice lab and the
 * call simulator record it as if someone spoke. Use as `test.use(fakeMicrophone('tests/fixtures/voice/x.wav'))`.
 */
export function fakeMicrophone(wavFile: string) {
  return {
    permissions: ['microphone'],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-audio-capture=${resolve(wavFile)}`,
      ],
    },
  };
}
