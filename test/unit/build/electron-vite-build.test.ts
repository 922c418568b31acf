import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Script, createContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';

// One real `electron-vite build` (what `npm run build` and the e2e global setup run), then checks on
// what it produced that the sandboxed Electron renderer depends on.
const root = join(import.meta.dirname, '../../..');
const out = (path: string) => join(root, 'out', path);

beforeAll(async () => {
  try {
    await promisify(execFile)(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`electron-vite build failed:\n${String(stderr || stdout).slice(-4000)}`, { cause: error });
  }
  // About 2 s today; the margin is for a cold cache on a slow CI machine.
}, 120_000);

describe('electron-vite build output', () => {
  it('emits the preload as CommonJS .cjs (a sandboxed preload cannot be an ES module)', () => {
    expect(existsSync(out('preload/index.cjs'))).toBe(true);
    expect(existsSync(out('preload/index.mjs'))).toBe(false);
    const code = readFileSync(out('preload/index.cjs'), 'utf8');
    // Compiles as a classic script: no import/export statements, no import.meta.
    expect(() => new Script(code, { filename: 'index.cjs' })).not.toThrow();
    expect(code).not.toMatch(/\bimport\.meta\b/);
  });

  it('inlines zod and the contract: the preload requires nothing but electron', () => {
    const code = readFileSync(out('preload/index.cjs'), 'utf8');
    expect(code).not.toMatch(/require\(\s*["']zod["']\s*\)/);
    const required = new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]));
    expect([...required]).toEqual(['electron']);
  });

  it('runs under a sandbox-style require and exposes only the capstan bridge', async () => {
    const code = readFileSync(out('preload/index.cjs'), 'utf8');
    const exposed = new Map<string, Record<string, Record<string, unknown>>>();
    const invoked: Array<[string, unknown]> = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, Record<string, unknown>>) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (channel: string, request: unknown) => {
          invoked.push([channel, request]);
          return { ok: true, value: { version: '0.1.0', platform: 'test', cacheRecovery: null } };
        },
        on: () => {},
        removeListener: () => {},
      },
    };
    const sandboxRequire = (id: string): unknown => {
      if (id === 'electron') return electron;
      throw new Error(`module not found: ${id} (sandboxed preloads can only require electron)`);
    };
    const module = { exports: {} };
    const context = createContext({ require: sandboxRequire, module, exports: module.exports, console });
    new Script(code, { filename: 'index.cjs' }).runInContext(context);
    expect([...exposed.keys()]).toEqual(['capstan']);
    const api = exposed.get('capstan')!;
    expect(Object.keys(api)).toContain('app');
    const getInfo = (api.app as Record<string, unknown>).getInfo as (request: unknown) => Promise<unknown>;
    expect(getInfo).toBeTypeOf('function');
    await getInfo({});
    expect(invoked.map(([channel]) => channel)).toEqual(['app:get-info']);
  });

  it('builds the main bundle next to the preload and the renderer it serves', () => {
    const main = readFileSync(out('main/index.js'), 'utf8');
    expect(main).toContain('../preload/index.cjs');
    expect(main).toContain('../renderer');
    expect(existsSync(out('main/store-worker.js'))).toBe(true);
    // The inventory sync's fetch worker is loaded by this exact name beside index.js (fetch-client.ts).
    expect(existsSync(out('main/inventory-fetch-worker.js'))).toBe(true);
    expect(existsSync(out('renderer/index.html'))).toBe(true);
  });
});
