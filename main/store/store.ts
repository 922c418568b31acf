import { createRequire } from 'node:module';
import { dirname, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { StoreError } from '../errors/app-error';
import { errorText } from '../errors/error-text';
import type { StoreRecovery } from './open-database';
import type { MethodName, ParamsOf, RepoName, ResultOf } from './repos';
import { deserializeError } from './store-protocol';
import type { StoreCallOptions, StoreWorkerInit, StoreWorkerRequest, StoreWorkerResponse } from './store-protocol';

export type { StoreRecovery } from './open-database';
export type { StoreCallOptions } from './store-protocol';

/** How to open the local cache. */
export interface StoreOptions {
  /** The SQLite file; its folder is created when missing. */
  file: string;
  /** Clock for the moved-aside file name; Date.now by default. */
  now?: () => number;
  /** The worker entry; defaults to store-worker beside this module (.ts from source, .js when built). */
  workerFile?: string | URL;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * The local SQLite cache. Every query runs in a worker thread (store-worker) so the main event loop
 * never waits on disk; callers name a repo method and get its typed result.
 */
export class Store {
  /** Set when open had to move an unusable cache file aside; the UI tells the operator. */
  readonly recovery: StoreRecovery | null;
  /** The schema version the file is at (the latest migration). */
  readonly schemaVersion: number;

  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private exited = false;
  private closing: Promise<void> | null = null;

  private constructor(worker: Worker, ready: Extract<StoreWorkerResponse, { type: 'ready' }>) {
    this.worker = worker;
    this.recovery = ready.recovery;
    this.schemaVersion = ready.schemaVersion;
    worker.on('message', (message: StoreWorkerResponse) => this.onMessage(message));
    worker.on('error', (error) => {
      this.rejectAll(new StoreError('StoreWorkerFailed', errorText('store.workerFailed', { detail: error.message }), { cause: error, hint: errorText('store.restartHint') }));
    });
    worker.on('exit', (code) => {
      this.exited = true;
      if (!this.closing) {
        this.rejectAll(new StoreError('StoreWorkerExited', errorText('store.workerExited', { exitCode: code }), { hint: errorText('store.restartHint') }));
      }
    });
  }

  /** Starts the worker, opens (and if needed rebuilds) the cache file and applies migrations. */
  static async open(options: StoreOptions): Promise<Store> {
    const init: StoreWorkerInit = { file: resolvePath(options.file), openedAt: (options.now ?? Date.now)() };
    const worker = startWorker(toUrl(options.workerFile ?? defaultWorkerFile()), init);
    const first = await new Promise<StoreWorkerResponse | Error>((resolve) => {
      const onMessage = (message: StoreWorkerResponse): void => settle(message);
      const onError = (error: Error): void => settle(error);
      const onExit = (code: number): void => settle(new Error(`exit code ${code}`));
      const settle = (outcome: StoreWorkerResponse | Error): void => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        resolve(outcome);
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
    if (!(first instanceof Error) && first.type === 'ready') return new Store(worker, first);

    await worker.terminate();
    if (first instanceof Error) {
      throw new StoreError('StoreWorkerFailed', errorText('store.workerNotStarted', { detail: first.message }), { cause: first, hint: errorText('store.restartHint') });
    }
    throw first.type === 'open-failed'
      ? deserializeError(first.error)
      : new StoreError('StoreWorkerFailed', `The local cache worker answered '${first.type}' before it was ready.`);
  }

  /**
   * Runs one repo method in the worker and resolves with its result (or its error, class kept).
   * `options` ranks it among calls still queued in the worker (see StoreCallOptions). `transfer`
   * moves ArrayBuffers inside params to the worker instead of copying them (they become unusable here).
   */
  run<R extends RepoName, M extends MethodName<R>>(
    repo: R,
    method: M,
    params: ParamsOf<R, M>,
    options?: StoreCallOptions,
    transfer?: ArrayBuffer[],
  ): Promise<ResultOf<R, M>> {
    if (this.closing || this.exited) {
      return Promise.reject(new StoreError('StoreClosed', errorText('store.closed')));
    }
    const id = ++this.nextId;
    return new Promise<ResultOf<R, M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const request: StoreWorkerRequest = { type: 'call', id, repo, method, params, ...(options ? { options } : {}) };
      try {
        this.worker.postMessage(request, transfer);
      } catch (error) {
        // Params that cannot be structured-cloned (a function, a class instance with private state).
        this.pending.delete(id);
        reject(new StoreError('StoreBadRequest', `Cannot send ${repo}.${method} to the local cache: ${String(error)}`, { cause: error }));
      }
    });
  }

  /** Closes the connection and ends the worker. Idempotent; calls still pending reject with StoreError. */
  close(): Promise<void> {
    if (!this.closing) {
      this.rejectAll(new StoreError('StoreClosed', errorText('store.closedDuringRequest')));
      if (this.exited) {
        this.closing = Promise.resolve();
      } else {
        this.closing = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
        // The worker closes the database (checkpointing the WAL) and then lets its thread end.
        this.worker.postMessage({ type: 'close' } satisfies StoreWorkerRequest);
      }
    }
    return this.closing;
  }

  private onMessage(message: StoreWorkerResponse): void {
    if (message.type !== 'result') return;
    const pending = this.pending.get(message.id);
    if (!pending) return; // Rejected by close() already.
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(deserializeError(message.error));
  }

  private rejectAll(error: StoreError): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

function defaultWorkerFile(): URL {
  // From source (vitest, `node --import tsx`) this module is store.ts beside store-worker.ts. In the
  // build, electron-vite emits out/main/store-worker.js beside the bundled index.js. The name is a
  // variable on purpose: Vite rewrites `new URL('<literal>', import.meta.url)` into an asset import.
  const name = import.meta.url.endsWith('.ts') ? 'store-worker.ts' : 'store-worker.js';
  return new URL(name, import.meta.url);
}

function toUrl(file: string | URL): URL {
  return typeof file === 'string' ? pathToFileURL(resolvePath(file)) : file;
}

/** Starts a worker thread from a built .js entry, or from a .ts source through tsx (tests, benches). */
export function startWorker(file: URL, init: unknown): Worker {
  if (!file.pathname.endsWith('.ts')) return new Worker(file, { workerData: init });
  // Node 20 will not start a .ts worker even with `--import tsx` in execArgv (the loader hooks are
  // not in place when the entry is resolved), so a tiny eval'd bootstrap registers tsx through its
  // ESM API and only then imports the entry. tsx is resolved from here, not from the cwd.
  const tsxLoader = pathToFileURL(tsxEsmApiPath()).href;
  const bootstrap = [
    `import(${JSON.stringify(tsxLoader)})`,
    '  .then((tsx) => { tsx.register(); })',
    `  .then(() => import(${JSON.stringify(file.href)}))`,
    '  .catch((error) => { process.nextTick(() => { throw error; }); });',
  ].join('\n');
  return new Worker(bootstrap, { eval: true, workerData: init });
}

// tsx's CommonJS build of `tsx/esm/api` registers a hook path that does not resolve from a worker,
// and `require.resolve` picks that build; read the ESM entry from tsx's export map instead.
function tsxEsmApiPath(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = require(manifest) as { exports: Record<string, { import?: { default?: string } }> };
  const entry = exports['./esm/api']?.import?.default;
  if (!entry) throw new StoreError('StoreWorkerFailed', 'Cannot find tsx/esm/api to run the store worker from source.');
  return resolvePath(dirname(manifest), entry);
}
