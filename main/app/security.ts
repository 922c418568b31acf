import type { App, Session, WebContents } from 'electron';
import { isAllowedExternalUrl } from './external-links';
import { appUrlPrefix } from './protocol';

/** True for URLs inside the app's own origin (capstan://app/...). */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return `${parsed.protocol}//${parsed.host.toLowerCase()}/` === appUrlPrefix;
}

/** Dependencies of the security handlers. */
export interface SecurityDeps {
  /** The guarded openExternal (allowlist applied); used for links the page tries to open in a new window. */
  openExternal: (url: string) => Promise<void>;
  log?: (message: string, detail?: unknown) => void;
}

type NavigationEvent = { url: string; preventDefault(): void };

/** Keeps a webContents on capstan://app: no navigation or redirect away, no new windows, no webviews. */
export function hardenWebContents(contents: WebContents, deps: SecurityDeps): void {
  const log = deps.log ?? (() => {});
  const blockForeign = (kind: string) => (event: NavigationEvent) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    log(`blocked ${kind} away from the app`);
  };
  contents.on('will-navigate', blockForeign('navigation'));
  contents.on('will-frame-navigate', blockForeign('frame navigation'));
  contents.on('will-redirect', blockForeign('redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    // A link with target=_blank lands here: allowlisted AWS links go to the system browser, nothing opens in-app.
    if (isAllowedExternalUrl(url).allowed) {
      deps.openExternal(url).catch((error: unknown) => log('failed to open an external link', error));
    } else {
      log('blocked window.open');
    }
    return { action: 'deny' };
  });
}

/** Denies every permission (camera, notifications, clipboard-read, HID, ...): Capstan's UI needs none. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Hardens every webContents the app ever creates (the main window included); register before the first window. */
export function installSecurityGuards(app: Pick<App, 'on'>, deps: SecurityDeps): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, deps));
}
