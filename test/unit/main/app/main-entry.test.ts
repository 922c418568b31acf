import { dirname, join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// main/index.ts is the one file that must import 'electron' itself; the real module would try to
// launch (or download) the binary, so it is replaced here. Everything else it wires is tested with fakes.
const electron = vi.hoisted(() => ({
  app: { name: 'fake-app' },
  BrowserWindow: class {},
  ipcMain: { name: 'fake-ipcMain' },
  protocol: { name: 'fake-protocol' },
  session: { name: 'fake-session' },
  shell: { name: 'fake-shell' },
}));
vi.mock('electron', () => electron);
vi.mock('../../../../main/core', () => ({ createCore: vi.fn() }));
vi.mock('../../../../main/app/lifecycle', () => ({ startCapstan: vi.fn() }));

describe('main/index.ts', () => {
  it('starts the lifecycle once with the real electron pieces, the core factory and the renderer folder next to the bundle', async () => {
    await import('../../../../main/index');
    const { startCapstan } = await import('../../../../main/app/lifecycle');
    const { createCore } = await import('../../../../main/core');
    expect(startCapstan).toHaveBeenCalledTimes(1);
    const options = vi.mocked(startCapstan).mock.calls[0]![0];
    expect(options.electron).toEqual(electron);
    expect(options.createCore).toBe(createCore);
    // In the bundle index.js sits in out/main, so this is out/renderer.
    const mainDir = resolve(import.meta.dirname, '../../../../main');
    expect(options.rendererDir).toBe(join(dirname(mainDir), 'renderer'));
  });
});
