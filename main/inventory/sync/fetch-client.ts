import type { Worker } from 'node:worker_threads';
import { AppError, asAppError, throwIfAborted } from '../../errors/app-error';
import type { WorkspaceClient } from '../../fleet/fleet-service';
import { startWorker } from '../../store/store';
import { errorFromInfo, type FetchJob, type FetchReply, type FetchRequest, type WorkerCredentials } from './fetch-protocol';
import type { BackoffOptions } from './throttled-inventory';

/** What one sync's fetching asks of the main thread. */
export interface FetchHandlers {
  /** The complete listing (parallel arrays); answers with the ids whose capture time is stale. */
  listed(ids: string[], captureTimes: Array<string | null>): Promise<string[]>;
  /** Writes one batch (the store worker takes the bytes); batches arrive and are written in order. */
  write(bytes: Uint8Array): Promise<void>;
  counters(counts: { calls: number; throttled: number; nodesListed: number }): void;
}

/** How a fetch runs; see InventoryServiceOptions. */
export interface FetchSettings {
  concurrency: number;
  nodesPerCall: number;
  writeBatchRows: number;
  backoff: BackoffOptions;
}

interface Job {
  client: WorkspaceClient;
  handlers: FetchHandlers;
  /** The listing's ids, once the worker sent it. */
  listedIds: string[] | null;
  /** Writes in order; the first failure stops the job. */
  chain: Promise<void>;
  /** A failure on this side (a write, the staleness check): reported instead of the cancel it causes. */
  failure: unknown;
  settle: (error: unknown) => void;
}

/**
 * The main thread's side of the inventory fetch worker (started on first use, one per service):
 * hands it a job, answers its credential requests from the workspace's own provider, tells it
 * which listed nodes are stale, forwards its batches to the store without looking inside them,
 * and acknowledges each write so the worker keeps at most two batches in flight.
 */
export class FetchClient {
  private worker: Worker | null = null;
  private readonly jobs = new Map<number, Job>();
  private nextJobId = 0;

  constructor(private readonly workerFile: URL = defaultWorkerFile()) {}

  /**
   * Lists the workspace's nodes and fetches the stale ones; resolves with the listed ids when every
   * batch is written, rejects with the first failure.
   */
  async sync(client: WorkspaceClient, settings: FetchSettings, handlers: FetchHandlers, signal: AbortSignal): Promise<string[]> {
    const config = client.ssm.config;
    const job: FetchJob = {
      jobId: ++this.nextJobId,
      client: {
        region: client.region,
        ...(client.endpoint ? { endpoint: client.endpoint } : {}),
        maxAttempts: await config.maxAttempts(),
        retryMode: typeof config.retryMode === 'string' ? config.retryMode : await config.retryMode(),
      },
      ...settings,
    };
    throwIfAborted(signal);
    const worker = this.ensureWorker();
    let state: Job | undefined;
    const ended = new Promise<unknown>((settle) => {
      state = { client, handlers, listedIds: null, chain: Promise.resolve(), failure: null, settle };
      this.jobs.set(job.jobId, state);
    });
    const onAbort = (): void => worker.postMessage({ type: 'cancel', jobId: job.jobId } satisfies FetchRequest);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      worker.postMessage({ type: 'start', job } satisfies FetchRequest);
      const error = await ended;
      await state?.chain;
      // A failed write cancels the fetch: the write's error is the one to report, not the cancel.
      if (state?.failure) throw state.failure;
      if (error) throw error;
      return state?.listedIds ?? [];
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.jobs.delete(job.jobId);
    }
  }

  /** Stops the worker; running fetches end with an error. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(this.workerFile, null);
    worker.on('message', (message: FetchReply) => this.onMessage(worker, message));
    const fail = (error: AppError): void => {
      if (this.worker === worker) this.worker = null;
      for (const job of this.jobs.values()) job.settle(error);
    };
    worker.on('error', (error) => fail(new AppError('bug', 'InventoryFetchWorkerFailed', `The inventory fetch worker failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => fail(new AppError('bug', 'InventoryFetchWorkerExited', `The inventory fetch worker stopped (exit code ${code}).`)));
    this.worker = worker;
    return worker;
  }

  private onMessage(worker: Worker, message: FetchReply): void {
    const job = this.jobs.get(message.jobId);
    if (!job) return;
    const send = (request: FetchRequest): void => worker.postMessage(request);
    switch (message.type) {
      case 'counters':
        job.handlers.counters(message);
        return;
      case 'listed':
        job.listedIds = message.ids;
        job.chain = job.chain.then(async () => {
          try {
            send({ type: 'fetch', jobId: message.jobId, staleIds: await job.handlers.listed(message.ids, message.captureTimes) });
          } catch (error) {
            job.failure ??= error;
            send({ type: 'cancel', jobId: message.jobId });
          }
        });
        return;
      case 'batch':
        job.chain = job.chain.then(async () => {
          if (job.failure) return;
          try {
            await job.handlers.write(message.bytes);
            send({ type: 'written', jobId: message.jobId });
          } catch (error) {
            job.failure ??= error;
            send({ type: 'cancel', jobId: message.jobId });
          }
        });
        return;
      case 'need-credentials':
        job.client.ssm.config.credentials().then(
          (c) => send({ type: 'credentials', requestId: message.requestId, ok: true, credentials: toWorkerCredentials(c) }),
          (error: unknown) => send({ type: 'credentials', requestId: message.requestId, ok: false, error: asAppError(error).toInfo() }),
        );
        return;
      case 'end':
        job.settle(message.error ? errorFromInfo(message.error) : null);
        return;
    }
  }
}

function toWorkerCredentials(c: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }): WorkerCredentials {
  return {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
    ...(c.expiration ? { expiration: c.expiration.getTime() } : {}),
  };
}

function defaultWorkerFile(): URL {
  // From source this module is fetch-client.ts beside fetch-worker.ts. In the build, electron-vite
  // emits out/main/inventory-fetch-worker.js beside the bundled index.js (an input of
  // electron.vite.config.ts). A variable name, so Vite does not turn the URL into an asset import.
  const name = import.meta.url.endsWith('.ts') ? 'fetch-worker.ts' : 'inventory-fetch-worker.js';
  return new URL(name, import.meta.url);
}
