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

// Pasting into a shell from the terminal's context menu needs navigator.clipboard.readText, and
// copying needs the sanitized write. Only the app's own top frame gets them: it runs our code under
// a strict CSP, and a foreign page or subframe (which navigation guards already keep out) gets nothing.
const CLIPBOARD_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-read', 'clipboard-sanitized-write']);

/** True when the app's own top frame asks for clipboard access; everything else is refused. */
export function isGrantedPermission(permission: string, requestingUrl: string, isMainFrame: boolean): boolean {
  return CLIPBOARD_PERMISSIONS.has(permission) && isMainFrame && isAppUrl(requestingUrl);
}

/**
 * Denies every permission (camera, notifications, geolocation, HID, ...) except clipboard access for
 * the app's own top frame (see isGrantedPermission).
 */
export function restrictPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isGrantedPermission(permission, details.requestingUrl ?? '', details.isMainFrame === true)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isGrantedPermission(permission, details.requestingUrl ?? `${requestingOrigin}/`, details.isMainFrame === true),
  );
  session.setDevicePermissionHandler(() => false);
}

/** Hardens every webContents the app ever creates (the main window included); register before the first window. */
export function installSecurityGuards(app: Pick<App, 'on'>, deps: SecurityDeps): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, deps));
}
