import { describe, expect, it, vi } from 'vitest';
import { startCapstan, type LifecycleCore, type LifecycleCoreOptions } from '../../../../main/app/lifecycle';
import type { Router } from '../../../../main/ipc/router';
import { createFakeElectron } from '../../../helpers/fake-electron';

function fakeCore() {
  const router: Router = {
    invokeChannels: ['app:get-info', 'app:open-external'],
    eventChannels: ['fleet:nodes-changed'],
    handle: vi.fn(async () => ({ ok: true as const, value: { version: '0.1.0' } })),
    subscribe: vi.fn(() => () => {}),
    emit: vi.fn(),
  };
  let closeCalls = 0;
  const core: LifecycleCore = {
    router,
    close: async () => {
      closeCalls += 1;
    },
  };
  return { core, closeCalls: () => closeCalls };
}

function start(overrides: { platform?: string; lock?: boolean; env?: NodeJS.ProcessEnv; createCore?: (o: LifecycleCoreOptions) => Promise<LifecycleCore> } = {}) {
  const fake = createFakeElectron();
  fake.app.lockAvailable = overrides.lock ?? true;
  const { core, closeCalls } = fakeCore();
  const coreOptions: LifecycleCoreOptions[] = [];
  const createCore =
    overrides.createCore ??
    (async (options: LifecycleCoreOptions) => {
      coreOptions.push(options);
      return core;
    });
  const log = vi.fn();
  const capstan = startCapstan({
    electron: fake.modules,
    createCore,
    rendererDir: '/app/out/renderer',
    preloadPath: '/app/out/preload/index.cjs',
    platform: overrides.platform ?? 'win32',
    env: overrides.env ?? {},
    log,
  });
  return { fake, capstan, core, closeCalls, coreOptions, log };
}

describe('single instance', () => {
  it('quits at once when another Capstan holds the lock: no core, no window, no handlers', async () => {
    const createCore = vi.fn();
    const { fake, capstan } = start({ lock: false, createCore });
    fake.app.fireReady();
    expect(await capstan.ready).toBe(false);
    expect(fake.app.quitted).toBe(true);
    expect(createCore).not.toHaveBeenCalled();
    expect(fake.windows).toEqual([]);
    expect(fake.ipcMain.handlers.size).toBe(0);
  });

  it('brings the existing window forward when a second instance starts', async () => {
    const { fake, capstan } = start();
    fake.app.fireReady();
    expect(await capstan.ready).toBe(true);
    const window = fake.windows[0]!;
    window.minimize();
    fake.app.secondInstance(['capstan']);
    expect(fake.windows).toHaveLength(1);
    expect(window.isMinimized()).toBe(false);
    expect(window.shown).toBe(true);
    expect(window.focused).toBe(true);
  });
});

describe('start-up', () => {
  it('registers the scheme and the sandbox before ready, then wires protocol, permissions, core, window and IPC', async () => {
    const { fake, capstan, coreOptions } = start();
    // Electron only honours these before ready; the fake throws if they come later.
    expect(fake.protocol.privileged.map((s) => s.scheme)).toEqual(['capstan']);
    expect(fake.app.sandboxEnabled).toBe(true);
    expect(fake.windows).toHaveLength(0);

    fake.app.fireReady();
    expect(await capstan.ready).toBe(true);
    expect([...fake.protocol.handlers.keys()]).toEqual(['capstan']);
    expect(fake.defaultSession.permissionRequestHandler).not.toBeNull();
    expect(fake.defaultSession.permissionCheckHandler?.(null, 'media', 'capstan://app', {} as never)).toBe(false);
    expect(coreOptions).toHaveLength(1);
    expect(coreOptions[0]).toMatchObject({ userDataDir: '/fake/user-data', appVersion: '0.1.0', platform: 'win32' });
    expect(fake.windows).toHaveLength(1);
    expect(fake.windows[0]?.webContents.getURL()).toBe('capstan://app/index.html');
    expect(fake.windows[0]?.options.webPreferences?.preload).toBe('/app/out/preload/index.cjs');
    expect([...fake.ipcMain.handlers.keys()]).toEqual(['app:get-info', 'app:open-external']);
    expect(capstan.currentWindow()).toBe(fake.windows[0]);
    expect(fake.app.appUserModelId).toBe('io.capstan.console');
  });

  it('serves the renderer folder it was given on capstan://app', async () => {
    const { fake, capstan } = start();
    fake.app.fireReady();
    await capstan.ready;
    const response = await fake.protocol.fetch('capstan://app/../../etc/passwd');
    expect(response.status).toBe(404);
  });

  it('hardens the main window through the web-contents-created guard', async () => {
    const { fake, capstan } = start();
    fake.app.fireReady();
    await capstan.ready;
    const contents = fake.windows[0]!.webContents;
    expect(contents.navigate('https://evil.example/').defaultPrevented).toBe(true);
    expect(contents.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
  });

  it('gives the core an openExternal that only opens allowlisted links', async () => {
    const { fake, capstan, coreOptions } = start();
    fake.app.fireReady();
    await capstan.ready;
    const openExternal = coreOptions[0]!.openExternal;
    await expect(openExternal('https://evil.example/')).rejects.toMatchObject({ code: 'ExternalUrlRefused' });
    await openExternal('https://console.aws.amazon.com/systems-manager/');
    expect(fake.shell.opened).toEqual(['https://console.aws.amazon.com/systems-manager/']);
  });

  it('uses CAPSTAN_USER_DATA_DIR, set before the single-instance lock', async () => {
    const { fake, capstan, coreOptions } = start({ env: { CAPSTAN_USER_DATA_DIR: '/tmp/capstan-e2e' } });
    expect(fake.app.getPath('userData')).toBe('/tmp/capstan-e2e');
    fake.app.fireReady();
    await capstan.ready;
    expect(coreOptions[0]?.userDataDir).toBe('/tmp/capstan-e2e');
  });

  it('quits when the core cannot start, and says why in the log', async () => {
    const { fake, capstan, log } = start({ createCore: () => Promise.reject(new Error('cache locked')) });
    fake.app.fireReady();
    expect(await capstan.ready).toBe(false);
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
    expect(fake.windows).toEqual([]);
    expect(log).toHaveBeenCalledWith('Capstan failed to start', expect.objectContaining({ message: 'cache locked' }));
    expect(log).toHaveBeenCalledTimes(1);
  });
});

describe('shutdown', () => {
  it('holds the quit until the core has closed, and closes it exactly once', async () => {
    const { fake, capstan, closeCalls } = start();
    fake.app.fireReady();
    await capstan.ready;
    fake.app.quit();
    fake.app.quit();
    expect(fake.app.quitted).toBe(false);
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
    expect(closeCalls()).toBe(1);
    expect(fake.ipcMain.handlers.size).toBe(0);
  });

  it('quits when the last window closes on Windows', async () => {
    const { fake, capstan, closeCalls } = start({ platform: 'win32' });
    fake.app.fireReady();
    await capstan.ready;
    fake.windows[0]!.close();
    fake.app.emit('window-all-closed');
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
    expect(closeCalls()).toBe(1);
  });

  it('stays running on macOS with no window, and activate re-creates it with fresh IPC bindings', async () => {
    const { fake, capstan, closeCalls } = start({ platform: 'darwin' });
    fake.app.fireReady();
    await capstan.ready;
    fake.windows[0]!.close();
    fake.app.emit('window-all-closed');
    expect(fake.app.quitRequests).toBe(0);
    expect(fake.ipcMain.handlers.size).toBe(0);
    fake.app.emit('activate', {}, false);
    expect(fake.windows).toHaveLength(2);
    expect(capstan.currentWindow()).toBe(fake.windows[1]);
    expect(fake.ipcMain.handlers.size).toBe(2);
    fake.app.emit('activate', {}, true);
    expect(fake.windows).toHaveLength(2);
    expect(closeCalls()).toBe(0);
  });

  it('closes a core that was still starting when the operator quit, and opens no window', async () => {
    let resolveCore: (core: LifecycleCore) => void = () => {};
    const { core, closeCalls } = fakeCore();
    const { fake, capstan } = start({ createCore: () => new Promise((resolve) => (resolveCore = resolve)) });
    fake.app.fireReady();
    await vi.waitFor(() => expect(fake.protocol.handlers.size).toBe(1));
    fake.app.quit();
    expect(fake.app.quitted).toBe(false);
    resolveCore(core);
    expect(await capstan.ready).toBe(false);
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
    expect(closeCalls()).toBe(1);
    expect(fake.windows).toEqual([]);
  });

  it('still quits when the core fails to close', async () => {
    const fake = start({
      createCore: async () => ({ ...fakeCore().core, close: () => Promise.reject(new Error('worker hung')) }),
    });
    fake.fake.app.fireReady();
    await fake.capstan.ready;
    fake.fake.app.quit();
    await vi.waitFor(() => expect(fake.fake.app.quitted).toBe(true));
    expect(fake.log).toHaveBeenCalledWith('the core did not close cleanly', expect.any(Error));
  });
});
