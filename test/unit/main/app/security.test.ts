import { describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';
import { createGuardedOpenExternal } from '../../../../main/app/external-links';
import { denyAllPermissions, hardenWebContents, installSecurityGuards, isAppUrl } from '../../../../main/app/security';
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
  it('denies every permission request and check', () => {
    const session = new FakeSession();
    denyAllPermissions(asElectron(session));
    const requests = ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'hid'] as const;
    for (const permission of requests) {
      const callback = vi.fn();
      session.permissionRequestHandler?.(asElectron(new FakeWebContents()), permission, callback, asElectron({}));
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.permissionCheckHandler?.(null, permission, 'capstan://app', asElectron({}))).toBe(false);
    }
    expect(session.devicePermissionHandler?.(asElectron({}))).toBe(false);
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
