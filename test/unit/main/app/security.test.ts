import { describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';
import { createGuardedOpenExternal } from '../../../../main/app/external-links';
import { restrictPermissions, hardenWebContents, installSecurityGuards, isAppUrl } from '../../../../main/app/security';
import { FakeSession, FakeShell, FakeWebContents, asElectron, createFakeElectron } from '../../../helpers/fake-electron';

function hardened() {
  const contents = new FakeWebContents();
  const shell = new FakeShell();
  const log = vi.fn();
  hardenWebContents(asElectron<WebContents>(contents), { openExternal: createGuardedOpenExternal(shell), log });
  return { contents, shell, log };
}

describe('navigation', () => {
  it.each([
    'https://evil.example/',
    'http://127.0.0.1:8080/',
    'file:///etc/passwd',
    'capstan://other/index.html',
    'data:text/html,<script>1</script>',
    'javascript:alert(1)',
  ])('prevents the page from navigating to %s', (url) => {
    const { contents } = hardened();
    expect(contents.navigate(url).defaultPrevented).toBe(true);
    expect(contents.redirect(url).defaultPrevented).toBe(true);
    expect(contents.navigateFrame(url).defaultPrevented).toBe(true);
  });

  it('lets the app navigate within itself (reload, in-app routes)', () => {
    const { contents } = hardened();
    expect(contents.navigate('capstan://app/index.html').defaultPrevented).toBe(false);
    expect(contents.navigate('capstan://app/index.html#/fleet').defaultPrevented).toBe(false);
  });

  it('destroys any <webview> before it attaches', () => {
    const { contents } = hardened();
    expect(contents.attachWebview('capstan://app/index.html').defaultPrevented).toBe(true);
  });

  it('recognises only capstan://app as the app', () => {
    expect(isAppUrl('capstan://app/')).toBe(true);
    expect(isAppUrl('capstan://application/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('new windows', () => {
  it('denies window.open and does not open unlisted links anywhere', async () => {
    const { contents, shell } = hardened();
    expect(contents.openWindow('https://evil.example/phish')).toEqual({ action: 'deny' });
    expect(contents.openWindow('capstan://app/index.html')).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(shell.opened).toEqual([]);
  });

  it('sends an allowlisted AWS console link to the system browser instead of a new window', async () => {
    const { contents, shell } = hardened();
    const url = 'https://eu-west-1.console.aws.amazon.com/systems-manager/home';
    expect(contents.openWindow(url)).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(shell.opened).toEqual([url]));
  });
});

describe('permissions', () => {
  const request = (session: FakeSession, permission: string, details: object): boolean => {
    const callback = vi.fn();
    session.permissionRequestHandler?.(asElectron(new FakeWebContents()), permission as never, callback, asElectron(details));
    expect(callback).toHaveBeenCalledTimes(1);
    return callback.mock.calls[0]?.[0] as boolean;
  };

  it('denies camera, notifications, geolocation, openExternal, HID and devices to every page, the app included', () => {
    const session = new FakeSession();
    restrictPermissions(asElectron(session));
    const app = { requestingUrl: 'capstan://app/index.html', isMainFrame: true };
    for (const permission of ['media', 'notifications', 'geolocation', 'openExternal', 'hid', 'fullscreen']) {
      expect(request(session, permission, app)).toBe(false);
      expect(session.permissionCheckHandler?.(null, permission as never, 'capstan://app', asElectron(app))).toBe(false);
    }
    expect(session.devicePermissionHandler?.(asElectron({}))).toBe(false);
  });

  it('lets only the app\'s own top frame read and write the clipboard (terminal copy and paste)', () => {
    const session = new FakeSession();
    restrictPermissions(asElectron(session));
    for (const permission of ['clipboard-read', 'clipboard-sanitized-write']) {
      expect(request(session, permission, { requestingUrl: 'capstan://app/index.html', isMainFrame: true })).toBe(true);
      expect(request(session, permission, { requestingUrl: 'capstan://app/index.html', isMainFrame: false })).toBe(false);
      expect(request(session, permission, { requestingUrl: 'https://evil.example/', isMainFrame: true })).toBe(false);
      expect(request(session, permission, {})).toBe(false);
      expect(session.permissionCheckHandler?.(null, permission as never, 'capstan://app', asElectron({ isMainFrame: true }))).toBe(true);
      expect(session.permissionCheckHandler?.(null, permission as never, 'https://evil.example', asElectron({ isMainFrame: true }))).toBe(false);
    }
  });
});

describe('web-contents-created guard', () => {
  it('hardens every webContents the app creates, not only the main window', () => {
    const fake = createFakeElectron();
    installSecurityGuards(fake.modules.app, { openExternal: createGuardedOpenExternal(fake.shell) });
    const stray = new FakeWebContents();
    fake.app.webContentsCreated(stray);
    expect(stray.navigate('https://evil.example/').defaultPrevented).toBe(true);
    expect(stray.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    expect(stray.attachWebview('https://evil.example/').defaultPrevented).toBe(true);
  });
});
