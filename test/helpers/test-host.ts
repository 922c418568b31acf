import { build } from 'esbuild';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { buildContentSecurityPolicy } from '../../main/app/csp';
import { createCore, type Core } from '../../main/core';

const root = resolve(import.meta.dirname, '../..');
const rendererDir = join(root, 'out/renderer');

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Options for a test host: the training fleet's size and seed, and a user-data folder to reuse. */
export interface TestHostOptions {
  nodes?: number;
  seed?: number;
  userDataDir?: string;
  env?: NodeJS.ProcessEnv;
  port?: number;
  /** Attempts per SSM call (the app's default when unset): lower, a throttled sync gives up in seconds. */
  awsMaxAttempts?: number;
}

/** A running test host: the built renderer and a stand-in bridge on 127.0.0.1, backed by the real core. */
export interface TestHost {
  url: string;
  core: Core;
  /** URLs the renderer asked to open externally (the test host never opens a browser). */
  openedExternally: string[];
  close(): Promise<void>;
}

/**
 * Serves out/renderer with the app's CSP and a bridge script that speaks the contract over a
 * loopback WebSocket to the real router, store and training fleet. Requires `electron-vite build`.
 */
export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const ownDir = !options.userDataDir;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'capstan-host-'));
  const openedExternally: string[] = [];
  const core = await createCore({
    userDataDir,
    appVersion: 'test-host',
    platform: process.platform,
    openExternal: async (url) => {
      openedExternally.push(url);
    },
    // No AWS profiles leak in from the machine running the tests unless asked for.
    env: options.env ?? { HOME: userDataDir, AWS_CONFIG_FILE: join(userDataDir, 'no-config'), AWS_SHARED_CREDENTIALS_FILE: join(userDataDir, 'no-credentials') },
    trainingFleet: { nodes: options.nodes ?? 1500, seed: options.seed ?? 7 },
    ...(options.awsMaxAttempts ? { awsMaxAttempts: options.awsMaxAttempts } : {}),
    log: (message) => process.stderr.write(`[test-host] ${message}\n`),
  });

  const token = randomBytes(24).toString('hex');
  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((ready) => server.listen(options.port ?? 0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const bridgeUrl = `ws://127.0.0.1:${port}/__bridge?token=${token}`;
  const csp = buildContentSecurityPolicy({ extraConnectSrc: [`ws://127.0.0.1:${port}`] });
  const bridgeScript = await bundleBridge(bridgeUrl);

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(req.url ?? '/', origin).pathname);
    if (path === '/__bridge.js') {
      res.writeHead(200, { 'content-type': mimeTypes['.js'] as string, 'cache-control': 'no-store' }).end(bridgeScript);
      return;
    }
    const file = normalize(join(rendererDir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(rendererDir + sep) || !(await stat(file).catch(() => null))?.isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    let body: Buffer | string = await readFile(file);
    if (file.endsWith('index.html')) {
      // The classic script runs before the deferred module bundle, so window.capstan exists first.
      body = body.toString('utf8').replace('<head>', '<head><script src="/__bridge.js"></script>');
    }
    res.writeHead(200, { 'content-type': mimeTypes[extname(file)] ?? 'application/octet-stream', 'content-security-policy': csp }).end(body);
  }

  const sockets = new WebSocketServer({ server, path: '/__bridge' });
  sockets.on('connection', (socket: WebSocket, req) => {
    const trusted = new URL(req.url ?? '', origin).searchParams.get('token') === token;
    const unsubscribe = core.router.subscribe((event, payload) => {
      if (trusted) socket.send(JSON.stringify({ event, payload }));
    });
    socket.on('close', unsubscribe);
    socket.on('message', async (raw) => {
      const { id, channel, request } = JSON.parse(String(raw)) as { id: number; channel: string; request: unknown };
      const result = await core.router.handle(channel, { trusted, label: `test-host socket (${trusted ? 'token ok' : 'bad token'})` }, request);
      socket.send(JSON.stringify({ id, result }));
    });
  });

  return {
    url: `${origin}/index.html`,
    core,
    openedExternally,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((done) => sockets.close(() => done()));
      // server.close waits for every keep-alive connection to end, and the browser that holds them
      // is closed only after this returns: drop them, or close can wait forever.
      const serverClosed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await serverClosed;
      await core.close();
      if (ownDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

async function bundleBridge(bridgeUrl: string): Promise<string> {
  const result = await build({
    entryPoints: [join(root, 'test/helpers/test-bridge-client.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    define: { __CAPSTAN_BRIDGE_URL__: JSON.stringify(bridgeUrl) },
  });
  return result.outputFiles[0]?.text ?? '';
}
