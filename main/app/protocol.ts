import { readFile as fsReadFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { contentSecurityPolicy } from './csp';

/** The custom scheme the UI is served from (never file://). */
export const appScheme = 'capstan';
/** The one host the scheme answers for. */
export const appHost = 'app';
/** Prefix every trusted page URL starts with. */
export const appUrlPrefix = `${appScheme}://${appHost}/`;
/** The page the main window loads. */
export const appEntryUrl = `${appUrlPrefix}index.html`;

/** Standard + secure makes capstan://app a real origin ('self' in the CSP, fetch, module scripts). */
export const appSchemePrivileges: CustomScheme = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** Registers the scheme's privileges; Electron accepts this only before the app is ready. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
}

/** Where a request URL points inside the renderer folder, or why it gets a 404. */
export type AssetResolution = { ok: true; filePath: string } | { ok: false; reason: string };

/** Maps a capstan://app URL to a file under rootDir; anything that could leave rootDir is refused. */
export function resolveAssetPath(rootDir: string, requestUrl: string): AssetResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, reason: 'unparsable URL' };
  }
  // Non-special schemes keep the host's case in WHATWG URL parsing; Chromium lowercases standard ones.
  if (url.protocol !== `${appScheme}:` || url.host.toLowerCase() !== appHost) return { ok: false, reason: `wrong origin ${url.protocol}//${url.host}` };
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, reason: 'malformed percent-encoding' };
  }
  // Backslashes are separators on Windows and NUL truncates paths in some APIs; no asset needs either.
  if (path.includes('\\') || path.includes('\0')) return { ok: false, reason: 'forbidden character in path' };
  if (path === '' || path.endsWith('/')) path += 'index.html';
  const root = resolve(rootDir);
  const filePath = resolve(root, `.${path.startsWith('/') ? path : `/${path}`}`);
  const rel = relative(root, filePath);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return { ok: false, reason: 'path leaves the renderer folder' };
  return { ok: true, filePath };
}

const mimeTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** The Content-Type for a file name; unknown types are served as opaque bytes (with nosniff). */
export function mimeTypeFor(filePath: string): string {
  return mimeTypes[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Options for {@link createAppRequestHandler}. */
export interface AppRequestHandlerOptions {
  /** The built renderer folder (out/renderer). */
  rootDir: string;
  /** The CSP header value; defaults to the packaged app's policy. */
  csp?: string;
  /** Reads a file; injectable so tests can count reads. */
  readFile?: (filePath: string) => Promise<Uint8Array>;
}

/** A fetch-style handler for capstan:// requests: files from rootDir, 404 for everything else, CSP on every answer. */
export function createAppRequestHandler(options: AppRequestHandlerOptions): (request: Request) => Promise<Response> {
  const csp = options.csp ?? contentSecurityPolicy;
  const readFile = options.readFile ?? fsReadFile;
  const headers = (contentType: string): Record<string, string> => ({
    'Content-Type': contentType,
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  });
  const notFound = (): Response => new Response('Not found', { status: 404, headers: headers('text/plain; charset=utf-8') });

  return async (request: Request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { ...headers('text/plain; charset=utf-8'), Allow: 'GET, HEAD' } });
    }
    const resolved = resolveAssetPath(options.rootDir, request.url);
    if (!resolved.ok) return notFound();
    let body: Uint8Array;
    try {
      body = await readFile(resolved.filePath);
    } catch {
      // Missing file, a directory, or unreadable: the page sees the same 404 either way.
      return notFound();
    }
    return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { status: 200, headers: headers(mimeTypeFor(resolved.filePath)) });
  };
}

/** Serves the renderer on capstan://app; call after the app is ready. */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, options: AppRequestHandlerOptions): void {
  protocol.handle(appScheme, createAppRequestHandler(options));
}
