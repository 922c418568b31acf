import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as MinimatchModule from 'minimatch';
import { parse } from 'yaml';

// Validate with app-builder-lib's own schema and its own ajv and matcher, resolved from its folder,
// so this test checks what electron-builder 26 will accept without packaging (no Electron zip here).
const root = join(import.meta.dirname, '../../..');
const builderRequire = createRequire(join(root, 'node_modules/app-builder-lib/package.json'));
type AjvClass = new (options: Record<string, unknown>) => {
  compile(schema: unknown): ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null };
};
const Ajv = (builderRequire('ajv') as { default: AjvClass }).default;
const { Minimatch } = builderRequire('minimatch') as typeof MinimatchModule;
const { createFilter } = builderRequire('./out/util/filter.js') as {
  createFilter: (src: string, patterns: unknown[], exclude?: unknown[] | null) => (file: string, stat: { isDirectory(): boolean }) => boolean;
};

type Json = Record<string, unknown>;
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Json;
const schema = JSON.parse(readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as Json;

function section(value: unknown): Json {
  expect(value).toBeTypeOf('object');
  return value as Json;
}

describe('electron-builder.yml', () => {
  it("matches app-builder-lib's JSON schema exactly (no unknown keys, no type coercion)", () => {
    // strict:false only because the schema uses non-standard keywords; no coerceTypes, so "true" is not a boolean.
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(config);
    expect(validate.errors?.map((e) => `${e.instancePath} ${e.message}`) ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('would be rejected if it carried a misspelt key (the schema check is live)', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate({ ...config, electronFuses: { ...section(config.electronFuses), runAsNod: false } })).toBe(false);
    expect(validate({ ...config, asarUnpak: ['x'] })).toBe(false);
  });

  it('identifies the app and pins the Electron it is packaged with', () => {
    expect(config.appId).toBe('io.capstan.console');
    expect(config.productName).toBe('Capstan');
    expect(config.electronVersion).toBe('45.5.0');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies.electron).toBe(config.electronVersion);
    expect(section(config.directories).output).toBe('dist');
  });

  it('flips the security fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs into asar but unpacks better-sqlite3 and every native addon', () => {
    expect(config.asar).toBe(true);
    const unpack = (config.asarUnpack as string[]).map((p) => new Minimatch(p, { dot: true }));
    const unpacked = (path: string) => unpack.some((m) => m.match(path));
    expect(unpacked('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    expect(unpacked('node_modules/better-sqlite3/lib/index.js')).toBe(true);
    expect(unpacked('node_modules/other/addon.node')).toBe(true);
    expect(unpacked('out/main/index.js')).toBe(false);
  });

  it('never rebuilds native modules (the Node build the tests use must survive)', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
  });

  it('builds an x64 NSIS installer for Windows and x64 + arm64 DMGs for macOS', () => {
    expect(section(config.win).target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    const mac = section(config.mac);
    expect(mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(mac.category).toBe('public.app-category.developer-tools');
    expect(mac.hardenedRuntime).toBe(true);
  });

  it('ships the build output and package.json, never sources, tests or source maps', () => {
    // electron-builder's own filter over the configured patterns.
    const patterns = (config.files as string[]).map((p) => new Minimatch(p, { dot: true }));
    const include = createFilter('/app', patterns);
    const file = { isDirectory: () => false };
    const shipped = (path: string) => include(`/app/${path}`, file);
    for (const path of ['package.json', 'out/main/index.js', 'out/main/store-worker.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-abc.js']) {
      expect(shipped(path), path).toBe(true);
    }
    for (const path of [
      'main/index.ts',
      'main/app/window.ts',
      'preload/index.ts',
      'renderer/index.html',
      'renderer/src/main.tsx',
      'test/unit/main/app/window.test.ts',
      'bench/run.ts',
      'scripts/test-all.mjs',
      'out/main/index.js.map',
      'out/renderer/assets/index-abc.js.map',
      'electron-builder.yml',
      'tsconfig.json',
      '.ci/pipeline.yml',
    ]) {
      expect(shipped(path), path).toBe(false);
    }
  });

  it('points at a PNG icon of at least 512×512 (electron-builder derives .icns and .ico from it)', () => {
    const png = readFileSync(join(root, String(config.icon)));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
    expect(png.readUInt32BE(20)).toBe(png.readUInt32BE(16));
  });
});
