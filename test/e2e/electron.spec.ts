import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';

// The real app in a real Electron, wherever a binary exists. On the project's build machines it
// cannot be downloaded, so this spec skips there and says why; the glue is covered by unit tests.
const root = join(import.meta.dirname, '../..');

/** Finds the Electron binary the way the electron package does, but never triggers its download. */
function findElectronBinary(): { ok: true; path: string } | { ok: false; reason: string } {
  // require('electron') returns the binary path, but when the binary is missing it runs install.js
  // (a download from the release host); read the same files it reads instead.
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!override && !relative) {
    return { ok: false, reason: `electron binary not present at ${join(packageDir, 'dist')} (no path.txt: its download never ran); cannot be downloaded on this machine` };
  }
  const binary = override ? join(override, relative || 'electron') : join(packageDir, 'dist', relative);
  if (!existsSync(binary)) return { ok: false, reason: `electron binary not present at ${binary}; cannot be downloaded on this machine` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { ok: false, reason: `electron binary at ${binary} needs a display here; run under xvfb-run` };
  }
  return { ok: true, path: binary };
}

const binary = findElectronBinary();

test.describe('Capstan in Electron', () => {
  test.skip(!binary.ok, binary.ok ? '' : binary.reason);

  let app: ElectronApplication;
  let userData: string;

  test.beforeEach(async () => {
    if (!binary.ok) return;
    expect(existsSync(join(root, 'out/main/index.js')), 'run `npx electron-vite build` first').toBe(true);
    userData = mkdtempSync(join(tmpdir(), 'capstan-electron-e2e-'));
    app = await electron.launch({
      executablePath: binary.path,
      // The project folder: Electron reads package.json ("main": "out/main/index.js").
      // Chromium refuses to start its sandbox as root (CI containers); only then is it turned off.
      args: [...(process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : []), root],
      env: { ...process.env, CAPSTAN_USER_DATA_DIR: userData } as Record<string, string>,
    });
  });

  test.afterEach(async () => {
    await app?.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  test('opens the Capstan shell from capstan://app', async () => {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle(/Capstan/);
    expect(page.url()).toBe('capstan://app/index.html');
    // First paint: the React root has rendered something.
    await expect(page.locator('#root > *').first()).toBeVisible();
  });

  test('the page has the bridge and nothing of Node, and is served with the strict CSP', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    const globals = await page.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      return { require: typeof g.require, process: typeof g.process, bridge: typeof g.capstan };
    });
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', bridge: 'object' });
    const csp = await page.evaluate(async () => (await fetch('capstan://app/index.html')).headers.get('content-security-policy'));
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
  });

  test('the window refuses to navigate away or open new windows', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    await page.evaluate(() => {
      const g = globalThis as unknown as { open(url: string): unknown; location: { href: string } };
      g.open('https://example.invalid/popup');
      g.location.href = 'https://example.invalid/';
    });
    await expect.poll(() => page.url()).toBe('capstan://app/index.html');
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });
});
