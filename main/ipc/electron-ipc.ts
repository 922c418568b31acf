import type { BrowserWindow, IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { appUrlPrefix } from '../app/protocol';
import type { Router, SenderInfo } from './router';

/** What {@link bindRouterToIpc} needs: Electron's ipcMain, the one trusted window, and the router. */
export interface ElectronIpcDeps {
  ipcMain: IpcMain;
  window: BrowserWindow;
  router: Router;
}

/** Judges an invoke's sender: trusted only for the window's own main frame showing capstan://app. */
export function judgeSender(event: IpcMainInvokeEvent, window: BrowserWindow): SenderInfo {
  try {
    // senderFrame is null once the frame navigated or died; a destroyed window trusts nobody.
    const frame = event.senderFrame;
    if (!frame || window.isDestroyed() || window.webContents.isDestroyed()) {
      return { trusted: false, label: 'a frame that is gone' };
    }
    const url = frame.url;
    const label = `${frame.parent ? 'subframe' : 'main frame'} ${url.slice(0, 200)}`;
    const trusted = event.sender.id === window.webContents.id && isSameFrame(frame, window.webContents.mainFrame) && url.startsWith(appUrlPrefix);
    return { trusted, label };
  } catch {
    // Reading a frame that is being torn down can throw; that sender is not ours any more.
    return { trusted: false, label: 'an unreadable frame' };
  }
}

function isSameFrame(frame: WebFrameMain, mainFrame: WebFrameMain): boolean {
  return frame === mainFrame || (frame.routingId === mainFrame.routingId && frame.processId === mainFrame.processId);
}

/** Binds every invoke channel to the router and forwards router events to the window; returns the unbinder. */
export function bindRouterToIpc(deps: ElectronIpcDeps): () => void {
  const { ipcMain, window, router } = deps;
  const channels = [...router.invokeChannels];
  for (const channel of channels) {
    // The router never throws: every answer is a {ok, ...} envelope, including refusals.
    ipcMain.handle(channel, (event, payload: unknown) => router.handle(channel, judgeSender(event, window), payload));
  }
  const unsubscribe = router.subscribe((channel, payload) => {
    if (window.isDestroyed() || window.webContents.isDestroyed()) return;
    // Events are for our page only; if the frame is anywhere else, drop them.
    if (!window.webContents.getURL().startsWith(appUrlPrefix)) return;
    window.webContents.send(channel, payload);
  });
  let bound = true;
  return () => {
    if (!bound) return;
    bound = false;
    unsubscribe();
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
