import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The renderer runs some of main's code itself (the quick-filter parser and filter rows for the
// fleet mirror, the run-command parameter rules, the audit's reasons) rather than a second copy of
// it. Those files, and every file they import, end up in the sandboxed page's bundle: they must
// import nothing but each other, the contract and zod. A Node module there would break the page
// (or, bundled by accident, grow it), and better-sqlite3 or the AWS SDK must never reach it.

const root = join(import.meta.dirname, '../../..');
const importPattern = /^\s*import\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm;
const sideEffectPattern = /^\s*import\s+'([^']+)'/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The value imports of a file (type-only imports are erased from the bundle; styles and images are not code). */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(importPattern)) {
    if (!match[1]) found.push(match[2]!);
  }
  for (const match of text.matchAll(sideEffectPattern)) found.push(match[1]!);
  return found.filter((specifier) => !/\.(css|svg|png|woff2|json)(\?.*)?$/.test(specifier));
}

function resolveRelative(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  const candidate = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((path) => existsSync(path));
  if (!candidate) throw new Error(`${relative(root, from)} imports ${specifier}, which does not resolve`);
  return candidate;
}

/** Every file under main/ the renderer's bundle takes in, with what each imports. */
function mainFilesInRenderer(): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  const queue = sourceFiles(join(root, 'renderer/src'))
    .flatMap((file) => valueImports(file).filter((s) => s.startsWith('.')).map((s) => resolveRelative(file, s)))
    .filter((file) => file.startsWith(join(root, 'main') + '/'));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (reached.has(file)) continue;
    const imports = valueImports(file);
    reached.set(file, imports);
    for (const specifier of imports) {
      if (specifier.startsWith('.')) queue.push(resolveRelative(file, specifier));
    }
  }
  return reached;
}

describe("main's code that the renderer runs", () => {
  const reached = mainFilesInRenderer();

  it('includes the fleet filter the mirror runs (so this test covers what it is for)', () => {
    const files = [...reached.keys()].map((file) => relative(root, file));
    expect(files).toEqual(expect.arrayContaining(['main/fleet/fleet-query.ts', 'main/fleet/fleet-filter-rows.ts', 'main/fleet/fleet-gram-index.ts']));
  });

  it('imports nothing but its own files, the contract and zod', () => {
    const outside = [...reached].flatMap(([file, imports]) =>
      imports.filter((specifier) => !specifier.startsWith('.') && specifier !== 'zod').map((specifier) => `${relative(root, file)} imports ${specifier}`),
    );
    expect(outside).toEqual([]);
  });

  it('reaches no further into main than code that runs anywhere (no store worker, AWS, IPC or Electron code)', () => {
    const edges = [...reached.keys()]
      .map((file) => relative(root, file))
      .filter((file) => /^main\/(index\.ts|app\/|ipc\/|aws\/|simulator\/)|^main\/store\/(store|store-worker|open-database)\.ts$/.test(file));
    expect(edges).toEqual([]);
  });
});
