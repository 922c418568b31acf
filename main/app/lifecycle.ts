import { resolve } from 'node:path';
import type { App, BrowserWindow, BrowserWindowConstructorOptions, IpcMain, Protocol, Session, Shell } from 'electron';
import { bindRouterToIpc } from '../ipc/electron-ipc';
import type { Router } from '../ipc/router';
import { createGuardedOpenExternal } from './external-links';
import { registerAppScheme, serveAppProtocol } from './protocol';
import { restrictPermissions, installSecurityGuards } from './security';
import { createMainWindow } from './window';

/** The pieces of the electron module the lifecycle uses; main/index.ts passes the real ones, tests pass fakes. */
export interface ElectronModules {
  app: App;
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  ipcMain: IpcMain;
  protocol: Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
  session: { readonly defaultSession: Session };
  shell: Pick<Shell, 'openExternal'>;
}

/** What the lifecycle hands the core (mirrors CoreOptions in main/core.ts). */
export interface LifecycleCoreOptions {
  userDataDir: string;
  appVersion: string;
  platform: string;
  openExternal: (url: string) => Promise<void>;
  env?: NodeJS.ProcessEnv;
  log?: (message: string, detail?: unknown) => void;
}

/** What the lifecycle needs back from the core (mirrors Core in main/core.ts). */
export interface LifecycleCore {
  router: Router;
  close(): Promise<void>;
}

/** Options for {@link startCapstan}. */
export interface StartOptions {
  electron: ElectronModules;
  createCore: (options: LifecycleCoreOptions) => Promise<LifecycleCore>;
  /** The built renderer folder served on capstan://app (out/renderer). */
  rendererDir: string;
  /** Defaults to out/preload/index.cjs next to the main bundle. */
  preloadPath?: string;
  platform?: string;
  env?: NodeJS.ProcessEnv;
  log?: (message: string, detail?: unknown) => void;
}

/** Handle on a started app, for tests: when start-up settled, and the current window. */
export interface CapstanApp {
  /** Resolves true once the window is up; false when this instance quit instead (second instance, failed start). */
  readonly ready: Promise<boolean>;
  currentWindow(): BrowserWindow | null;
}

const appUserModelId = 'io.capstan.console';

/** Runs Capstan's lifecycle: single instance, scheme, guards, core, window, IPC, orderly shutdown. */
export function startCapstan(options: StartOptions): CapstanApp {
  const { app, ipcMain, protocol, session, shell } = options.electron;
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const log = options.log ?? defaultLog;

  // Before the lock: the lock lives in the userData folder, so a separate data dir is a separate instance (tests).
  if (env.CAPSTAN_USER_DATA_DIR) app.setPath('userData', resolve(env.CAPSTAN_USER_DATA_DIR));
  // Both calls are only honoured before 'ready'.
  registerAppScheme(protocol);
  app.enableSandbox();

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve(false), currentWindow: () => null };
  }
  if (platform === 'win32') app.setAppUserModelId(appUserModelId);

  const openExternal = createGuardedOpenExternal(shell, log);
  installSecurityGuards(app, { openExternal, log });

  let window: BrowserWindow | null = null;
  let unbindIpc: (() => void) | null = null;
  let core: LifecycleCore | null = null;
  let corePromise: Promise<LifecycleCore> | null = null;
  let quitState: 'running' | 'closing' | 'closed' = 'running';

  const openWindow = (router: Router): void => {
    const created = createMainWindow({ BrowserWindow: options.electron.BrowserWindow, preloadPath: options.preloadPath, log });
    window = created;
    unbindIpc = bindRouterToIpc({ ipcMain, window: created, router });
    created.on('closed', () => {
      if (window !== created) return;
      unbindIpc?.();
      unbindIpc = null;
      window = null;
    });
  };

  const shutdown = async (): Promise<void> => {
    unbindIpc?.();
    unbindIpc = null;
    // A core that failed to start was already reported; there is nothing to close.
    const started = await corePromise?.catch(() => null);
    if (!started) return;
    try {
      await started.close();
    } catch (error) {
      log('the core did not close cleanly', error);
    }
  };

  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) {
      if (core && quitState === 'running') openWindow(core.router);
      return;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });

  // macOS apps stay alive with no window; 'activate' (dock click) brings one back.
  app.on('window-all-closed', () => {
    if (platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && !window && quitState === 'running') openWindow(core.router);
  });

  // Hold the quit until the core (store worker, sessions, simulator) has closed, exactly once.
  app.on('before-quit', (event) => {
    if (quitState === 'closed') return;
    event.preventDefault();
    if (quitState === 'closing') return;
    quitState = 'closing';
    void shutdown().finally(() => {
      quitState = 'closed';
      app.quit();
    });
  });

  const ready = app
    .whenReady()
    .then(async () => {
      serveAppProtocol(protocol, { rootDir: options.rendererDir });
      restrictPermissions(session.defaultSession);
      corePromise = options.createCore({
        userDataDir: app.getPath('userData'),
        appVersion: app.getVersion(),
        platform,
        openExternal,
        env,
        log,
      });
      core = await corePromise;
      // The operator may have quit while the core was starting; shutdown() closes it.
      if (quitState !== 'running') return false;
      openWindow(core.router);
      return true;
    })
    .catch((error: unknown) => {
      log('Capstan failed to start', error);
      app.quit();
      return false;
    });

  return { ready, currentWindow: () => window };
}

function defaultLog(message: string, detail?: unknown): void {
  if (detail === undefined) console.error(`[capstan] ${message}`);
  else console.error(`[capstan] ${message}`, detail);
}
