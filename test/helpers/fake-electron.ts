import { EventEmitter } from 'node:events';
import type {
  App,
  BrowserWindow,
  BrowserWindowConstructorOptions,
  CustomScheme,
  HandlerDetails,
  IpcMain,
  IpcMainInvokeEvent,
  Session,
  WebContents,
  WindowOpenHandlerResponse,
} from 'electron';
import type { ElectronModules } from '../../main/app/lifecycle';

// Minimal stand-ins for the parts of Electron that Capstan's glue touches. They record what the glue
// did (options, handlers, sends) and let a test play the part of Chromium (navigate, open a window,
// invoke over IPC). Electron rules that matter to us are enforced (scheme privileges and sandbox only
// before ready; one ipcMain handler per channel) so a test fails where the real app would.

/** An Electron-style event: records preventDefault. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

let nextProcessId = 100;
let nextRoutingId = 1;
let nextWebContentsId = 1;

/** A frame in a webContents (main frame or subframe). */
export class FakeWebFrameMain {
  destroyed = false;
  constructor(
    public url: string,
    readonly processId: number,
    readonly parent: FakeWebFrameMain | null = null,
    /** Pass an existing frame's id to model Electron handing out a second wrapper for the same frame. */
    readonly routingId: number = nextRoutingId++,
  ) {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** A webContents: navigation events, window.open handler, sends. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly processId = nextProcessId++;
  readonly mainFrame = new FakeWebFrameMain('', this.processId);
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;
  destroyed = false;

  loadURL(url: string): Promise<void> {
    this.mainFrame.url = url;
    return Promise.resolve();
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }

  /** Plays a page-initiated main-frame navigation; returns the event so the test can see if it was prevented. */
  navigate(url: string): FakeEvent {
    const event = new FakeEvent(url);
    this.emit('will-navigate', event, url, false, true);
    return event;
  }
  /** Plays a subframe navigation. */
  navigateFrame(url: string): FakeEvent {
    const event = new FakeEvent(url);
    this.emit('will-frame-navigate', event);
    return event;
  }
  /** Plays a server redirect during navigation. */
  redirect(url: string): FakeEvent {
    const event = new FakeEvent(url);
    this.emit('will-redirect', event, url, false, true);
    return event;
  }
  /** Plays window.open / target=_blank; returns what the app's handler decided (allow when none is set, as Electron does). */
  openWindow(url: string): WindowOpenHandlerResponse {
    if (!this.windowOpenHandler) return { action: 'allow' };
    return this.windowOpenHandler({ url, frameName: '', features: '', disposition: 'new-window', referrer: { url: '', policy: 'default' } } as HandlerDetails);
  }
  /** Plays a <webview> attaching. */
  attachWebview(src: string): FakeEvent {
    const event = new FakeEvent(src);
    this.emit('will-attach-webview', event, {}, { src });
    return event;
  }
  /** A child frame of the main frame, in the same process. */
  subframe(url: string): FakeWebFrameMain {
    return new FakeWebFrameMain(url, this.processId, this.mainFrame);
  }
  /** The IPC event Electron would build for an invoke from `frame` (default: the main frame). */
  invokeEvent(frame: FakeWebFrameMain | null = this.mainFrame): IpcMainInvokeEvent {
    return {
      sender: this as unknown as WebContents,
      senderFrame: frame,
      frameId: frame?.routingId ?? -1,
      processId: this.processId,
      type: 'frame',
      preventDefault() {},
      defaultPrevented: false,
    } as unknown as IpcMainInvokeEvent;
  }
}

/** A BrowserWindow that records its options and shows/focuses on request. */
export class FakeBrowserWindow extends EventEmitter {
  readonly webContents: FakeWebContents;
  shown = false;
  focused = false;
  minimized = false;
  destroyed = false;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    this.webContents = new FakeWebContents();
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  show(): void {
    this.shown = true;
    this.minimized = false;
  }
  focus(): void {
    this.focused = true;
  }
  minimize(): void {
    this.minimized = true;
    this.focused = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Plays the user closing the window. */
  close(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

type InvokeListener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** ipcMain: one handler per channel (Electron throws on a second), and a record of generic listeners. */
export class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, InvokeListener>();
  readonly onChannels: string[] = [];
  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  override on(channel: string | symbol, listener: (...args: unknown[]) => void): this {
    this.onChannels.push(String(channel));
    return super.on(channel, listener);
  }
  /** Plays ipcRenderer.invoke: rejects like Electron when nothing handles the channel. */
  async invoke(channel: string, event: IpcMainInvokeEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}

/** A session recording its permission handlers. */
export class FakeSession {
  permissionRequestHandler: Parameters<Session['setPermissionRequestHandler']>[0] = null;
  permissionCheckHandler: Parameters<Session['setPermissionCheckHandler']>[0] = null;
  devicePermissionHandler: Parameters<Session['setDevicePermissionHandler']>[0] = null;
  setPermissionRequestHandler(handler: Parameters<Session['setPermissionRequestHandler']>[0]): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Parameters<Session['setPermissionCheckHandler']>[0]): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Parameters<Session['setDevicePermissionHandler']>[0]): void {
    this.devicePermissionHandler = handler;
  }
}

/** The app object: ready state, single-instance lock, quit with before-quit semantics, paths. */
export class FakeApp extends EventEmitter {
  ready = false;
  lockAvailable = true;
  sandboxEnabled = false;
  appUserModelId: string | null = null;
  quitRequests = 0;
  /** Set once a quit went through (before-quit not prevented). */
  quitted = false;
  readonly paths = new Map<string, string>([['userData', '/fake/user-data']]);
  private readyWaiters: Array<() => void> = [];

  requestSingleInstanceLock(): boolean {
    return this.lockAvailable;
  }
  enableSandbox(): void {
    if (this.ready) throw new Error('app.enableSandbox() can only be called before app is ready');
    this.sandboxEnabled = true;
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  getPath(name: string): string {
    const path = this.paths.get(name);
    if (!path) throw new Error(`Failed to get '${name}' path`);
    return path;
  }
  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }
  getVersion(): string {
    return '0.1.0';
  }
  isReady(): boolean {
    return this.ready;
  }
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }
  /** Plays Electron finishing start-up. */
  fireReady(): void {
    this.ready = true;
    this.emit('ready');
    for (const waiter of this.readyWaiters.splice(0)) waiter();
  }
  quit(): void {
    this.quitRequests += 1;
    if (this.quitted) return;
    const event = new FakeEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) {
      this.quitted = true;
      this.emit('will-quit', new FakeEvent());
    }
  }
  /** Plays a second launch of the app. */
  secondInstance(argv: string[] = []): void {
    this.emit('second-instance', new FakeEvent(), argv, '/');
  }
  /** Plays Electron creating a webContents (any window, including ours). */
  webContentsCreated(contents: FakeWebContents): void {
    this.emit('web-contents-created', new FakeEvent(), contents);
  }
}

/** protocol: privileged schemes (only before ready) and handlers. */
export class FakeProtocol {
  readonly privileged: CustomScheme[] = [];
  readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  constructor(private readonly app: FakeApp) {}
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void {
    if (this.app.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  }
  /** Plays Chromium requesting a URL of a handled scheme. */
  async fetch(url: string, init?: RequestInit): Promise<Response> {
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = this.handlers.get(scheme);
    if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME ${url}`);
    return handler(new Request(url, init));
  }
}

/** shell: records what was opened. */
export class FakeShell {
  readonly opened: string[] = [];
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  }
}

/** A fresh set of fakes, plus the typed ElectronModules view the lifecycle takes. */
export function createFakeElectron() {
  const app = new FakeApp();
  const windows: FakeBrowserWindow[] = [];
  const ipcMain = new FakeIpcMain();
  const protocol = new FakeProtocol(app);
  const defaultSession = new FakeSession();
  const shell = new FakeShell();
  class BrowserWindowFake extends FakeBrowserWindow {
    constructor(options: BrowserWindowConstructorOptions) {
      super(options);
      windows.push(this);
      // Electron announces every webContents, the main window's included.
      app.webContentsCreated(this.webContents);
    }
  }
  const modules: ElectronModules = {
    app: app as unknown as App,
    BrowserWindow: BrowserWindowFake as unknown as ElectronModules['BrowserWindow'],
    ipcMain: ipcMain as unknown as IpcMain,
    protocol: protocol as unknown as ElectronModules['protocol'],
    session: { defaultSession: defaultSession as unknown as Session },
    shell,
  };
  return { app, windows, ipcMain, protocol, defaultSession, shell, BrowserWindow: BrowserWindowFake, modules };
}

/** Views a fake as the Electron type a function under test expects. */
export function asElectron<T>(fake: object): T {
  return fake as unknown as T;
}

/** A fake window typed as Electron's, for functions that take a BrowserWindow. */
export function asBrowserWindow(window: FakeBrowserWindow): BrowserWindow {
  return window as unknown as BrowserWindow;
}
