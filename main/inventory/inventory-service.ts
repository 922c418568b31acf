import { randomUUID } from 'node:crypto';
import type { ErrorInfo } from '../../preload/contract/define';
import type { InventorySyncProgress } from '../../preload/contract/inventory';
import { asAppError } from '../errors/app-error';
import type { WorkspaceClient } from '../fleet/fleet-service';
import type { InventoryStore } from './inventory-store';
import { maxNodesPerCall } from './sync/fetch-job';
import { FetchClient } from './sync/fetch-client';

/** Where a workspace's inventory sync stands; sent at most ten times a second while it runs. */
export type { InventorySyncProgress };

/** How the inventory service is wired: store, SDK clients, and where progress goes. */
export interface InventoryServiceOptions {
  store: InventoryStore;
  clientFor: (workspaceId: string) => Promise<WorkspaceClient>;
  /** Progress of running syncs (the app forwards it as an event). */
  onProgress?: (progress: InventorySyncProgress) => void;
  now?: () => number;
  /** Chunks of nodes fetched in parallel (default 4). */
  concurrency?: number;
  /** Minimum gap between progress reports (default 100 ms: at most ten a second). */
  progressIntervalMs?: number;
  /**
   * Rows collected before one store write (one transaction); default 40,000. Rows are clustered by
   * term, so a write dirties a page per term it touches: bigger writes dirty each page once for more
   * rows (10,000: ~90k rows/s, 40,000: ~150k, 100,000: ~180k on the 2-core dev box), but a search
   * arriving meanwhile waits for the write running (~0.3 s at 40,000).
   */
  writeBatchRows?: number;
  /** Stale nodes per GetInventory call (1–40, default 40). */
  nodesPerCall?: number;
  /** Our own retries of a throttled call after the SDK gave up (default 8). */
  throttleRetries?: number;
  /** First backoff after a throttled call; doubles per retry up to backoffMaxMs (defaults 250 ms, 20 s). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** The fetch worker's entry (tests); defaults to sync/fetch-worker beside the service. */
  fetchWorkerFile?: URL;
}

interface RunningSync {
  progress: InventorySyncProgress;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Keeps each workspace's inventory in the local cache: lists every node's capture time, fetches only
 * nodes whose capture time changed (40 per GetInventory call per type), writes them through the
 * store worker in large transactions with the node's sync state, so a cancelled or crashed sync
 * resumes where it stopped. The calls, their parsing and the encoding of 1.5 M entries happen in
 * the fetch worker (sync/): this thread sees the listing's ids and capture times, progress
 * counters and opaque batches it forwards to the store, so its event loop stays free.
 */
export class InventoryService {
  private readonly running = new Map<string, RunningSync>();
  private readonly last = new Map<string, InventorySyncProgress>();
  private readonly now: () => number;
  private readonly fetcher: FetchClient;
  private closed = false;

  constructor(private readonly options: InventoryServiceOptions) {
    this.now = options.now ?? Date.now;
    this.fetcher = new FetchClient(options.fetchWorkerFile);
  }

  /** Starts a sync of the workspace, or returns the one already running. */
  sync(workspaceId: string): InventorySyncProgress {
    const current = this.running.get(workspaceId);
    if (current) return { ...current.progress };
    // A timer or a workspace switch arriving during shutdown must not start a sync against a closing store.
    if (this.closed) return this.state(workspaceId);
    const progress: InventorySyncProgress = {
      ...idle(workspaceId),
      operationId: randomUUID(),
      phase: 'listing',
      startedAt: this.now(),
    };
    const entry: RunningSync = { progress, controller: new AbortController(), done: Promise.resolve() };
    this.running.set(workspaceId, entry);
    entry.done = this.run(entry);
    this.report(progress);
    return { ...progress };
  }

  /** Cancels the running sync; nodes already stored stay stored and are not fetched again. */
  cancel(workspaceId: string): InventorySyncProgress {
    this.running.get(workspaceId)?.controller.abort();
    return this.state(workspaceId);
  }

  /** The running sync's progress, else how the last one ended. */
  state(workspaceId: string): InventorySyncProgress {
    const progress = this.running.get(workspaceId)?.progress ?? this.last.get(workspaceId);
    return progress ? { ...progress } : idle(workspaceId);
  }

  /** Waits until the workspace's current sync (if any) has ended. */
  async settled(workspaceId: string): Promise<InventorySyncProgress> {
    await this.running.get(workspaceId)?.done;
    return this.state(workspaceId);
  }

  /** Cancels every running sync and waits for them to unwind. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.running.values()];
    for (const entry of all) entry.controller.abort();
    await Promise.allSettled(all.map((entry) => entry.done));
    await this.fetcher.close();
  }

  private async run(entry: RunningSync): Promise<void> {
    const { progress, controller } = entry;
    const { workspaceId } = progress;
    const { store } = this.options;
    // Real time, not the injected clock: the rate limit is on what the operator's screen receives.
    const ticker = throttle(() => this.report(progress), this.options.progressIntervalMs ?? 100, Date.now);
    try {
      const client = await this.options.clientFor(workspaceId);
      const listedIds = await this.fetch(client, progress, controller.signal, ticker);
      // Only a complete listing proves a node gone.
      await store.pruneNodes({ workspaceId, keepIds: listedIds });
      await store.recordSyncResult({ workspaceId, finishedAt: this.now(), error: null });
      this.finish(progress, 'succeeded', null);
    } catch (error) {
      const appError = asAppError(error);
      if (appError.kind === 'cancelled') {
        this.finish(progress, 'cancelled', null);
      } else {
        const info = appError.toInfo();
        await store.recordSyncResult({ workspaceId, finishedAt: this.now(), error: info }).catch(() => {});
        this.finish(progress, 'failed', info);
      }
    } finally {
      ticker.stop();
      this.running.delete(workspaceId);
    }
  }

  /**
   * The fetch worker lists every node's capture time (ceil(N/50) GetInventory calls), the store
   * says which differ from the cache, the worker fetches those and the store writes its batches,
   * in order. Resolves with the listed ids.
   */
  private async fetch(client: WorkspaceClient, progress: InventorySyncProgress, signal: AbortSignal, ticker: { maybe(): void; now(): void }): Promise<string[]> {
    const { store } = this.options;
    const { workspaceId } = progress;
    return this.fetcher.sync(
      client,
      {
        concurrency: this.options.concurrency ?? 4,
        nodesPerCall: Math.min(maxNodesPerCall, Math.max(1, Math.trunc(this.options.nodesPerCall ?? maxNodesPerCall))),
        writeBatchRows: this.options.writeBatchRows ?? 40_000,
        backoff: this.backoff(),
      },
      {
        listed: async (instanceIds, captureTimes) => {
          const stale = await store.staleNodes({ workspaceId, instanceIds, captureTimes });
          progress.phase = 'fetching';
          progress.nodesStale = stale.length;
          ticker.now();
          return stale;
        },
        write: async (batch) => {
          const result = await store.writeBatch({ workspaceId, syncedAt: this.now(), batch });
          progress.nodesDone += result.nodes;
          progress.rowsWritten += result.rows;
          progress.entriesSkipped += result.skipped;
          ticker.maybe();
        },
        counters: ({ calls, throttled, nodesListed }) => {
          progress.calls = calls;
          progress.throttled = throttled;
          progress.nodesListed = nodesListed;
          ticker.maybe();
        },
      },
      signal,
    );
  }

  private backoff(): { retries?: number; baseMs?: number; maxMs?: number } {
    const { throttleRetries, backoffBaseMs, backoffMaxMs } = this.options;
    return {
      ...(throttleRetries !== undefined ? { retries: throttleRetries } : {}),
      ...(backoffBaseMs !== undefined ? { baseMs: backoffBaseMs } : {}),
      ...(backoffMaxMs !== undefined ? { maxMs: backoffMaxMs } : {}),
    };
  }

  private finish(progress: InventorySyncProgress, phase: InventorySyncProgress['phase'], error: ErrorInfo | null): void {
    progress.phase = phase;
    progress.error = error;
    progress.finishedAt = this.now();
    this.last.set(progress.workspaceId, { ...progress });
    this.report(progress);
  }

  private report(progress: InventorySyncProgress): void {
    if (!this.closed) this.options.onProgress?.({ ...progress });
  }
}

function idle(workspaceId: string): InventorySyncProgress {
  return {
    workspaceId,
    operationId: null,
    phase: 'idle',
    nodesListed: 0,
    nodesStale: 0,
    nodesDone: 0,
    rowsWritten: 0,
    entriesSkipped: 0,
    calls: 0,
    throttled: 0,
    startedAt: null,
    finishedAt: null,
    error: null,
  };
}

/** Runs `send` at most once per `gap`: the first call at once, later ones folded into one at the gap's end. */
function throttle(send: () => void, gap: number, now: () => number): { maybe(): void; now(): void; stop(): void } {
  let last = -Infinity;
  let pending: NodeJS.Timeout | null = null;
  const fire = (): void => {
    if (pending) clearTimeout(pending);
    pending = null;
    last = now();
    send();
  };
  return {
    maybe: () => {
      if (pending) return;
      const wait = Math.max(0, last + gap - now());
      if (wait === 0) fire();
      else pending = setTimeout(fire, wait);
    },
    now: fire,
    stop: () => {
      if (pending) clearTimeout(pending);
      pending = null;
    },
  };
}
