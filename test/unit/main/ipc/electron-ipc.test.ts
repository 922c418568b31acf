import type { IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import { describe, expect, it, vi } from 'vitest';
import { invoke, event as eventEntry, type Contract } from '../../../../preload/contract/index';
import { bindRouterToIpc } from '../../../../main/ipc/electron-ipc';
import { createRouter, type InvokeHandlers, type Router, type SenderInfo } from '../../../../main/ipc/router';
import { FakeWebFrameMain, asBrowserWindow, asElectron, createFakeElectron } from '../../../helpers/fake-electron';

// A two-entry contract through the real router: the test checks the Electron binding, the router
// supplies the real refusal envelope.
const miniContract = {
  'app:get-info': invoke(z.object({}).strict(), z.object({ version: z.string() })),
  'fleet:nodes-changed': eventEntry(z.object({ workspaceId: z.string() })),
};

type Scenario = ReturnType<typeof setup>;

function setup() {
  const fake = createFakeElectron();
  const getInfo = vi.fn(() => ({ version: '0.1.0' }));
  const router = createRouter(miniContract as unknown as Contract, { 'app:get-info': getInfo } as unknown as InvokeHandlers);
  const senders: SenderInfo[] = [];
  const spiedRouter: Router = {
    ...router,
    handle: (channel, sender, payload) => {
      senders.push(sender);
      return router.handle(channel, sender, payload);
    },
  };
  const window = new fake.BrowserWindow({});
  void window.loadURL('capstan://app/index.html');
  const unbind = bindRouterToIpc({ ipcMain: asElectron(fake.ipcMain), window: asBrowserWindow(window), router: spiedRouter });
  return { fake, window, router, getInfo, senders, unbind };
}

describe('bindRouterToIpc: requests', () => {
  it('registers one invoke handler per contract invoke channel and no generic listeners', () => {
    const { fake } = setup();
    expect([...fake.ipcMain.handlers.keys()]).toEqual(['app:get-info']);
    expect(fake.ipcMain.onChannels).toEqual([]);
  });

  it('answers requests from the window main frame on capstan://app', async () => {
    const { fake, window, getInfo, senders } = setup();
    const result = await fake.ipcMain.invoke('app:get-info', window.webContents.invokeEvent(), {});
    expect(result).toEqual({ ok: true, value: { version: '0.1.0' } });
    expect(getInfo).toHaveBeenCalledTimes(1);
    expect(senders[0]).toMatchObject({ trusted: true, label: 'main frame capstan://app/index.html' });
  });

  it('trusts a second wrapper of the same main frame (same routingId and processId)', async () => {
    const { fake, window, getInfo } = setup();
    const main = window.webContents.mainFrame;
    const sameFrame = new FakeWebFrameMain(main.url, main.processId, null, main.routingId);
    const result = await fake.ipcMain.invoke('app:get-info', window.webContents.invokeEvent(sameFrame), {});
    expect(result).toMatchObject({ ok: true });
    expect(getInfo).toHaveBeenCalledTimes(1);
  });

  it('validates the payload through the router', async () => {
    const { fake, window, getInfo } = setup();
    const result = await fake.ipcMain.invoke('app:get-info', window.webContents.invokeEvent(), { extra: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidRequest' } });
    expect(getInfo).not.toHaveBeenCalled();
  });

  const refusals: Array<[string, (s: Scenario) => IpcMainInvokeEvent]> = [
    ['a subframe of our window, even on capstan://app', (s) => s.window.webContents.invokeEvent(s.window.webContents.subframe('capstan://app/index.html'))],
    ['the main frame of another window', (s) => new s.fake.BrowserWindow({}).webContents.invokeEvent(new FakeWebFrameMain('capstan://app/index.html', 1))],
    [
      'another window whose frame ids collide with ours',
      (s) => {
        const other = new s.fake.BrowserWindow({});
        const main = s.window.webContents.mainFrame;
        return other.webContents.invokeEvent(new FakeWebFrameMain(main.url, main.processId, null, main.routingId));
      },
    ],
    [
      'our main frame after it was sent to another URL',
      (s) => {
        s.window.webContents.mainFrame.url = 'https://evil.example/';
        return s.window.webContents.invokeEvent();
      },
    ],
    [
      'our main frame on a look-alike origin',
      (s) => {
        s.window.webContents.mainFrame.url = 'capstan://app.evil/index.html';
        return s.window.webContents.invokeEvent();
      },
    ],
    ['a frame that is gone (senderFrame null)', (s) => s.window.webContents.invokeEvent(null)],
    [
      'our window after it was destroyed',
      (s) => {
        const event = s.window.webContents.invokeEvent();
        s.window.close();
        return event;
      },
    ],
    [
      'a frame whose properties throw while being torn down',
      (s) => {
        const frame = s.window.webContents.mainFrame;
        Object.defineProperty(frame, 'url', { get: () => { throw new Error('Render frame was disposed'); } });
        return s.window.webContents.invokeEvent(frame);
      },
    ],
  ];

  it.each(refusals)('refuses %s without reaching the handler', async (_name, makeEvent) => {
    const s = setup();
    const result = await s.fake.ipcMain.invoke('app:get-info', makeEvent(s), {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UntrustedSender' } });
    expect(s.getInfo).not.toHaveBeenCalled();
    expect(s.senders.map((sender) => sender.trusted)).toEqual([false]);
  });
});

describe('bindRouterToIpc: events', () => {
  it('forwards validated router events to the window', () => {
    const { window, router } = setup();
    router.emit('fleet:nodes-changed' as never, { workspaceId: 'training' } as never);
    expect(window.webContents.sent).toEqual([{ channel: 'fleet:nodes-changed', args: [{ workspaceId: 'training' }] }]);
  });

  it('drops events once the window is destroyed, without throwing', () => {
    const { window, router } = setup();
    window.close();
    expect(() => router.emit('fleet:nodes-changed' as never, { workspaceId: 'x' } as never)).not.toThrow();
    expect(window.webContents.sent).toEqual([]);
  });

  it('drops events while the page is not the app', () => {
    const { window, router } = setup();
    window.webContents.mainFrame.url = 'https://evil.example/';
    router.emit('fleet:nodes-changed' as never, { workspaceId: 'x' } as never);
    expect(window.webContents.sent).toEqual([]);
  });
});

describe('bindRouterToIpc: unbinding', () => {
  it('removes every handler and the event subscription', async () => {
    const { fake, window, router, unbind } = setup();
    unbind();
    expect(fake.ipcMain.handlers.size).toBe(0);
    await expect(fake.ipcMain.invoke('app:get-info', window.webContents.invokeEvent(), {})).rejects.toThrow(/No handler/);
    router.emit('fleet:nodes-changed' as never, { workspaceId: 'x' } as never);
    expect(window.webContents.sent).toEqual([]);
    expect(() => unbind()).not.toThrow();
  });

  it('can bind again after unbinding (a re-created window on macOS)', () => {
    const { fake, router, unbind } = setup();
    unbind();
    const next = new fake.BrowserWindow({});
    expect(() => bindRouterToIpc({ ipcMain: asElectron(fake.ipcMain), window: asBrowserWindow(next), router })).not.toThrow();
  });
});
