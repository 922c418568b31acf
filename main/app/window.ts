import { join } from 'node:path';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { appEntryUrl } from './protocol';

/** Painted before the first frame so a dark UI does not flash white while loading. */
export const windowBackgroundColor = '#11151c';

/** The sandboxed preload, built as CommonJS next to the main bundle (out/main → out/preload). */
export const defaultPreloadPath = join(import.meta.dirname, '../preload/index.cjs');

/** The main window's options: a sandboxed, isolated renderer with no Node and no webviews. */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: 'Capstan',
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: windowBackgroundColor,
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      experimentalFeatures: false,
      enableWebSQL: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  };
}

/** Dependencies of {@link createMainWindow}; the constructor is passed in so tests can use a fake. */
export interface MainWindowDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  preloadPath?: string;
  entryUrl?: string;
  log?: (message: string, detail?: unknown) => void;
}

/** Creates the main window, shows it once its first frame is ready, and loads the UI from capstan://app. */
export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
  const log = deps.log ?? (() => {});
  const window = new deps.BrowserWindow(mainWindowOptions(deps.preloadPath ?? defaultPreloadPath));
  window.once('ready-to-show', () => {
    if (!window.isDestroyed()) window.show();
  });
  window.loadURL(deps.entryUrl ?? appEntryUrl).catch((error: unknown) => log('the main window failed to load the UI', error));
  return window;
}
