import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BugError, CancelledError, StoreError, ValidationError } from '../../../main/errors/app-error';
import { Store } from '../../../main/store/store';
import { SqliteStoreError } from '../../../main/store/store-protocol';
import { latestVersion } from '../../../main/store/migrate';
import { migrations } from '../../../main/store/migrations/index';

/** The version a freshly migrated cache reports. */
const LATEST = latestVersion(migrations);

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');

let dir: string;
let file: string;
const opened: Store[] = [];

async function open(options: { now?: () => number } = {}): Promise<Store> {
  const store = await Store.open({ file, ...options });
  opened.push(store);
  return store;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-store-'));
  file = join(dir, 'cache.db');
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

const node = {
  instanceId: 'i-1', name: 'web 1', computerName: 'web1', pingStatus: 'Online' as const, lastPingAt: 5,
  platformType: 'Linux', platformName: 'Ubuntu', platformVersion: '22.04', agentVersion: '3.2.1.0', isLatestVersion: true,
  ipAddress: '10.0.0.1', resourceType: 'EC2Instance', accountId: '1', region: 'eu-west-1',
};
const query = { workspaceIds: ['w'], filter: '', sort: { column: 'name' as const, direction: 'asc' as const }, offset: 0, limit: 50 };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('Store', () => {
  it('creates a new cache file in WAL mode with foreign keys, a busy timeout and NORMAL sync, fully migrated', async () => {
    const store = await open();
    expect(store.recovery).toBeNull();
    expect(store.schemaVersion).toBe(LATEST);
    expect(await store.run('store', 'info', {})).toEqual({
      file,
      schemaVersion: LATEST,
      journalMode: 'wal',
      foreignKeys: true,
      synchronous: 'normal',
      busyTimeoutMs: 5000,
    });
  });

  it('runs repo methods in the worker and answers with their results', async () => {
    const store = await open();
    const generation = await store.run('fleet', 'nextGeneration', { workspaceId: 'w' });
    await store.run('fleet', 'upsertNodes', { workspaceId: 'w', generation, seenAt: 1, nodes: [{ ...node, tags: [{ key: 'Env', value: 'prod' }] }] });
    const page = await store.run('fleet', 'listNodes', { ...query, filter: 'tag:env=prod' });
    expect(page).toEqual({ total: 1, offset: 0, rows: [{ ...node, workspaceId: 'w', tags: [{ key: 'Env', value: 'prod' }], vanishedAt: null }] });
  });

  it('keeps what it stored across a close and reopen', async () => {
    const first = await open();
    await first.run('settings', 'set', { key: 'workspace.selected', value: 'prod · eu-west-1' });
    await first.close();
    const second = await open();
    expect(second.recovery).toBeNull();
    expect(await second.run('settings', 'get', { key: 'workspace.selected' })).toBe('prod · eu-west-1');
  });

  it('hands back a ValidationError thrown by a repo with its class and message', async () => {
    const store = await open();
    const error = await rejection(store.run('fleet', 'listNodes', { ...query, filter: 'pong:up' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe("Unknown filter field 'pong'. Use one of: name, id, ping, platform, agent, ip, account, region, tag, app, product.");
  });

  it('hands back a SQLite failure as a StoreError carrying the SQLite code', async () => {
    const store = await open();
    const bad = { ...node, pingStatus: 'Up' as 'Online' };
    const error = await rejection(store.run('fleet', 'upsertNodes', { workspaceId: 'w', generation: 1, seenAt: 1, nodes: [bad] }));
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'SqliteError', sqliteCode: 'SQLITE_CONSTRAINT_CHECK', kind: 'store' });
    expect(error).toBeInstanceOf(SqliteStoreError);
    // The worker is still serving after a failed call.
    expect(await store.run('fleet', 'nextGeneration', { workspaceId: 'w' })).toBe(1);
  });

  it('refuses a method the registry does not have, including prototype names', async () => {
    const store = await open();
    const call = store.run as unknown as (repo: string, method: string, params: unknown) => Promise<unknown>;
    expect(await rejection(call.call(store, 'fleet', 'dropEverything', {}))).toBeInstanceOf(BugError);
    expect(await rejection(call.call(store, 'fleet', 'constructor', {}))).toBeInstanceOf(BugError);
    expect(await rejection(call.call(store, '__proto__', 'toString', {}))).toBeInstanceOf(BugError);
  });

  it('close is idempotent, rejects calls still pending with StoreError, and refuses calls after it', async () => {
    const store = await open();
    const pending = Array.from({ length: 20 }, () => store.run('fleet', 'nextGeneration', { workspaceId: 'w' }));
    const closing = store.close();
    const settled = await Promise.allSettled(pending);
    await closing;
    await store.close();
    for (const outcome of settled) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: 'StoreClosed' });
    }
    expect(await rejection(store.run('settings', 'get', { key: 'k' }))).toMatchObject({ code: 'StoreClosed' });
  });

  it('fails to open, moving nothing, when the path cannot be opened at all', async () => {
    // A folder where the file should be: not corrupt, just unusable, so it must be left alone.
    file = dir;
    const error = await rejection(Store.open({ file }));
    expect(error).toBeInstanceOf(StoreError);
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });
});

/** A write that holds the worker long enough for calls sent after it to queue up behind it. */
function longWrite(store: Store): Promise<unknown> {
  const nodes = Array.from({ length: 4000 }, (_, i) => ({ ...node, instanceId: `i-${i}`, name: `web ${i}`, tags: [{ key: 'Env', value: 'prod' }] }));
  return store.run('fleet', 'upsertNodes', { workspaceId: 'w', generation: 1, seenAt: 1, nodes });
}

describe('Store scheduling', () => {
  it('serves interactive calls before background calls queued ahead of them, each priority in the order sent', async () => {
    const store = await open();
    const order: string[] = [];
    const track = (label: string, call: Promise<unknown>): Promise<unknown> => call.then(() => order.push(label));
    await Promise.all([
      track('write', longWrite(store)),
      track('background 1', store.run('settings', 'set', { key: 'a', value: 1 })),
      track('background 2', store.run('settings', 'get', { key: 'a' })),
      track('interactive 1', store.run('fleet', 'listNodes', query, { priority: 'interactive' })),
      track('interactive 2', store.run('fleet', 'summary', { workspaceIds: ['w'] }, { priority: 'interactive' })),
    ]);
    // The write may already be running when the reads arrive (then they wait for it) or not; either
    // way no background call sent before them delays them, and background calls keep their order.
    expect(order.filter((label) => label !== 'write')).toEqual(['interactive 1', 'interactive 2', 'background 1', 'background 2']);
    expect(order.indexOf('write')).toBeLessThan(order.indexOf('background 1'));
    expect(await store.run('settings', 'get', { key: 'a' })).toBe(1);
  });

  it('replaces a call still queued in the same lane: the older one rejects as cancelled, other lanes are kept', async () => {
    const store = await open();
    await longWrite(store);
    const write = longWrite(store);
    const older = store.run('fleet', 'listNodes', { ...query, filter: 'web' }, { priority: 'interactive', lane: 'grid' });
    const otherLane = store.run('fleet', 'listNodes', { ...query, filter: 'web 2' }, { priority: 'interactive', lane: 'other' });
    const newer = store.run('fleet', 'listNodes', { ...query, filter: 'web 12' }, { priority: 'interactive', lane: 'grid' });
    expect(await rejection(older)).toBeInstanceOf(CancelledError);
    await write;
    expect((await newer).total).toBe((await store.run('fleet', 'listNodes', { ...query, filter: 'web 12' })).total);
    expect((await otherLane).total).toBe((await store.run('fleet', 'listNodes', { ...query, filter: 'web 2' })).total);
    expect((await newer).total).toBeGreaterThan(0);
  });

  it('runs every call of a lane that was answered before the next was sent', async () => {
    const store = await open();
    await longWrite(store);
    const first = await store.run('fleet', 'listNodes', { ...query, filter: 'web' }, { lane: 'grid' });
    const second = await store.run('fleet', 'listNodes', { ...query, filter: 'web 12' }, { lane: 'grid' });
    expect(first.total).toBe(4000);
    expect(second.total).toBeGreaterThan(0);
    expect(second.total).toBeLessThan(4000);
  });
});

describe('Store recovery at open', () => {
  const at = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
  const stamp = '2025-01-02T03-04-05-678Z';

  it('moves a file that is not a database aside (with its -wal and -shm) and builds a fresh cache', async () => {
    writeFileSync(file, 'this is not a database, just bytes '.repeat(200));
    writeFileSync(`${file}-wal`, 'stale wal');
    writeFileSync(`${file}-shm`, 'stale shm');
    const store = await open({ now: () => at });
    const movedTo = `${file}.corrupt-${stamp}`;
    expect(store.recovery).toEqual({ reason: 'corrupt', movedTo });
    expect(readFileSync(movedTo, 'utf8')).toMatch(/^this is not a database/);
    expect(readFileSync(`${movedTo}-wal`, 'utf8')).toBe('stale wal');
    expect(readFileSync(`${movedTo}-shm`, 'utf8')).toBe('stale shm');
    await store.run('settings', 'set', { key: 'k', value: 1 });
    expect(await store.run('settings', 'get', { key: 'k' })).toBe(1);
  });

  it('moves a database with damaged pages aside (quick_check fails)', async () => {
    const db = new Sqlite(file);
    db.pragma('journal_mode = DELETE');
    db.exec('CREATE TABLE t (x TEXT); CREATE INDEX t_x ON t (x);');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i += 1) insert.run(`row ${i} ${'x'.repeat(50)}`);
    })();
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    // Keep page 1 (header and schema) and scribble over the pages after it.
    const bytes = readFileSync(file);
    for (let i = pageSize * 2; i < bytes.length; i += 7) bytes[i] = (i * 31) & 0xff;
    writeFileSync(file, bytes);

    const store = await open({ now: () => at });
    expect(store.recovery).toEqual({ reason: 'corrupt', movedTo: `${file}.corrupt-${stamp}` });
    expect(await store.run('store', 'info', {})).toMatchObject({ schemaVersion: LATEST });
  });

  it('moves aside a cache written by a newer Capstan (user_version beyond our migrations) and keeps its data there', async () => {
    const first = await open();
    await first.run('settings', 'set', { key: 'from-the-future', value: 'kept' });
    await first.close();
    const db = new Sqlite(file);
    db.pragma('user_version = 9999');
    db.close();

    const store = await open({ now: () => at });
    const movedTo = `${file}.newer-${stamp}`;
    expect(store.recovery).toEqual({ reason: 'newer-than-app', movedTo });
    expect(await store.run('settings', 'get', { key: 'from-the-future' })).toBeUndefined();

    const old = new Sqlite(movedTo, { readonly: true });
    try {
      expect(old.pragma('user_version', { simple: true })).toBe(9999);
      expect(old.prepare("SELECT value_json FROM settings WHERE key = 'from-the-future'").pluck().get()).toBe('"kept"');
    } finally {
      old.close();
    }
  });

  it('does not overwrite an earlier moved-aside file with the same time stamp', async () => {
    writeFileSync(file, 'garbage one '.repeat(100));
    await (await open({ now: () => at })).close();
    writeFileSync(file, 'garbage two '.repeat(100));
    const store = await open({ now: () => at });
    expect(store.recovery?.movedTo).toBe(`${file}.corrupt-${stamp}-1`);
    expect(readFileSync(`${file}.corrupt-${stamp}`, 'utf8')).toMatch(/^garbage one/);
  });
});

describe('Store outside vitest', () => {
  it('runs from TypeScript sources under `node --import tsx`, with SQLite only in the worker', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(here, 'fixtures/store-smoke.ts'), file], { cwd: root });
    expect(JSON.parse(stdout)).toEqual({ value: { ok: true }, journalMode: 'wal', schemaVersion: LATEST, sqliteOnMainThread: false });
  });

  it('runs bundled as electron-vite lays out main: index.js with store-worker.js beside it', async () => {
    const { build } = await import('esbuild');
    // Inside the project so the bundle resolves better-sqlite3 from its node_modules.
    const out = mkdtempSync(join(here, '.bundle-'));
    try {
      const common = { bundle: true, platform: 'node' as const, format: 'esm' as const, target: 'node20', external: ['better-sqlite3'], logLevel: 'silent' as const };
      await build({ ...common, entryPoints: [join(here, 'fixtures/store-smoke.ts')], outfile: join(out, 'index.js') });
      await build({ ...common, entryPoints: [join(root, 'main/store/store-worker.ts')], outfile: join(out, 'store-worker.js') });
      writeFileSync(join(out, 'package.json'), '{"type":"module"}');
      const { stdout } = await run(process.execPath, [join(out, 'index.js'), file], { cwd: root });
      expect(JSON.parse(stdout)).toEqual({ value: { ok: true }, journalMode: 'wal', schemaVersion: LATEST, sqliteOnMainThread: false });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
