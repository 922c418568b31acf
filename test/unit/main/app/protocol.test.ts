import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy } from '../../../../main/app/csp';
import {
  appEntryUrl,
  createAppRequestHandler,
  mimeTypeFor,
  registerAppScheme,
  resolveAssetPath,
  serveAppProtocol,
} from '../../../../main/app/protocol';
import { createFakeElectron } from '../../../helpers/fake-electron';

let base: string;
let root: string;

beforeEach(async () => {
  // base/secret.txt sits right next to the renderer folder: the file a traversal would aim for.
  base = await mkdtemp(join(tmpdir(), 'capstan-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Capstan</title><div id="root"></div>');
  await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log("capstan")');
  await writeFile(join(root, 'assets', 'index-abc.css'), 'body{background:#000}');
  await writeFile(join(root, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  await writeFile(join(base, 'secret.txt'), 'TOP SECRET');
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('capstan:// request handler', () => {
  it('serves the entry page with its MIME type and the strict CSP', async () => {
    const handler = createAppRequestHandler({ rootDir: root });
    const response = await handler(new Request(appEntryUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Capstan</title>');
  });

  it('serves index.html for the bare origin', async () => {
    const handler = createAppRequestHandler({ rootDir: root });
    for (const url of ['capstan://app/', 'capstan://app']) {
      const response = await handler(new Request(url));
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
    }
  });

  it.each([
    ['assets/index-abc.js', 'text/javascript; charset=utf-8', 'console.log("capstan")'],
    ['assets/index-abc.css', 'text/css; charset=utf-8', 'body{background:#000}'],
  ])('serves %s as %s', async (path, type, body) => {
    const response = await createAppRequestHandler({ rootDir: root })(new Request(`capstan://app/${path}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(await response.text()).toBe(body);
  });

  it('serves fonts as bytes with a font type', async () => {
    const response = await createAppRequestHandler({ rootDir: root })(new Request('capstan://app/assets/font.woff2'));
    expect(response.headers.get('content-type')).toBe('font/woff2');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([0x77, 0x4f, 0x46, 0x32]));
  });

  it('answers 404, still with the CSP, for a file that is not there or a folder', async () => {
    const handler = createAppRequestHandler({ rootDir: root });
    for (const url of ['capstan://app/missing.js', 'capstan://app/assets']) {
      const response = await handler(new Request(url));
      expect(response.status).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    }
  });

  it.each([
    'capstan://app/../../etc/passwd',
    'capstan://app/../secret.txt',
    'capstan://app/%2e%2e/secret.txt',
    'capstan://app/%2e%2e%2fsecret.txt',
    'capstan://app/..%2fsecret.txt',
    'capstan://app/assets/..%2f..%2fsecret.txt',
    'capstan://app/..%2f..%2f..%2f..%2fetc%2fpasswd',
    'capstan://app/..%5csecret.txt',
    'capstan://app/index.html%00.js',
    'capstan://app/%E0%A4%A',
  ])('never serves anything outside the renderer folder: %s → 404', async (url) => {
    const reads: string[] = [];
    const handler = createAppRequestHandler({
      rootDir: root,
      readFile: (path) => {
        reads.push(path);
        return readFile(path);
      },
    });
    const response = await handler(new Request(url));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('TOP SECRET');
    for (const path of reads) expect(relative(root, path).startsWith('..')).toBe(false);
  });

  it('answers 404 for another host on the scheme', async () => {
    const response = await createAppRequestHandler({ rootDir: root })(new Request('capstan://other/index.html'));
    expect(response.status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await createAppRequestHandler({ rootDir: root })(new Request(appEntryUrl, { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
  });

  it('uses the CSP it is given (the test host adds its loopback WebSocket)', async () => {
    const csp = "default-src 'none'; connect-src 'self' ws://127.0.0.1:9";
    const response = await createAppRequestHandler({ rootDir: root, csp })(new Request(appEntryUrl));
    expect(response.headers.get('content-security-policy')).toBe(csp);
  });
});

describe('resolveAssetPath', () => {
  it('maps URLs to files under the root and refuses escapes with a reason', () => {
    expect(resolveAssetPath(root, 'capstan://app/assets/a.js')).toEqual({ ok: true, filePath: resolve(root, 'assets/a.js') });
    expect(resolveAssetPath(root, 'capstan://APP/index.html')).toEqual({ ok: true, filePath: resolve(root, 'index.html') });
    expect(resolveAssetPath(root, 'capstan://app/..%2fsecret.txt')).toEqual({ ok: false, reason: 'path leaves the renderer folder' });
    expect(resolveAssetPath(root, 'file:///etc/passwd')).toMatchObject({ ok: false });
  });

  it('knows the MIME types a Vite build produces', () => {
    expect(mimeTypeFor('a.mjs')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('a.SVG')).toBe('image/svg+xml');
    expect(mimeTypeFor('a.wasm')).toBe('application/wasm');
    expect(mimeTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});

describe('scheme registration', () => {
  it('registers capstan as a standard, secure, fetch-capable scheme before ready', () => {
    const fake = createFakeElectron();
    registerAppScheme(fake.protocol);
    expect(fake.protocol.privileged).toEqual([
      { scheme: 'capstan', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    // Electron ignores (here: throws on) privileges registered after ready.
    fake.app.fireReady();
    expect(() => registerAppScheme(fake.protocol)).toThrow(/before app is ready/);
  });

  it('serves files through protocol.handle with the CSP on every response', async () => {
    const fake = createFakeElectron();
    serveAppProtocol(fake.protocol, { rootDir: root });
    const ok = await fake.protocol.fetch(appEntryUrl);
    const missing = await fake.protocol.fetch('capstan://app/nope.css');
    expect([ok.status, missing.status]).toEqual([200, 404]);
    expect(ok.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(missing.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
  });

  it('reads each requested file once', async () => {
    const readSpy = vi.fn((path: string) => readFile(path));
    const handler = createAppRequestHandler({ rootDir: root, readFile: readSpy });
    await handler(new Request('capstan://app/assets/index-abc.js'));
    expect(readSpy).toHaveBeenCalledTimes(1);
  });
});
