import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appEntryUrl } from '../../../../main/app/protocol';
import { createMainWindow, defaultPreloadPath, mainWindowOptions, windowBackgroundColor } from '../../../../main/app/window';
import { createFakeElectron } from '../../../helpers/fake-electron';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('main window', () => {
  it('runs the renderer sandboxed and isolated, without Node, webviews or spellcheck', () => {
    const fake = createFakeElectron();
    createMainWindow({ BrowserWindow: fake.modules.BrowserWindow });
    const prefs = fake.windows[0]?.options.webPreferences;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
  });

  it('uses the CommonJS preload built next to the main bundle', () => {
    expect(isAbsolute(defaultPreloadPath)).toBe(true);
    expect(defaultPreloadPath.endsWith(join('preload', 'index.cjs'))).toBe(true);
    const fake = createFakeElectron();
    createMainWindow({ BrowserWindow: fake.modules.BrowserWindow, preloadPath: '/app/out/preload/index.cjs' });
    expect(fake.windows[0]?.options.webPreferences?.preload).toBe('/app/out/preload/index.cjs');
  });

  it('stays hidden on a dark background until the first frame is ready, then shows', () => {
    const fake = createFakeElectron();
    createMainWindow({ BrowserWindow: fake.modules.BrowserWindow });
    const window = fake.windows[0]!;
    expect(window.options.show).toBe(false);
    expect(luminance(String(window.options.backgroundColor))).toBeLessThan(0.15);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('loads the UI from capstan://app, never file://', () => {
    const fake = createFakeElectron();
    createMainWindow({ BrowserWindow: fake.modules.BrowserWindow });
    expect(fake.windows[0]?.webContents.getURL()).toBe(appEntryUrl);
    expect(appEntryUrl).toBe('capstan://app/index.html');
  });

  it('exposes the options as data for review', () => {
    const options = mainWindowOptions('/p/index.cjs');
    expect(options.title).toBe('Capstan');
    expect(options.backgroundColor).toBe(windowBackgroundColor);
  });
});
