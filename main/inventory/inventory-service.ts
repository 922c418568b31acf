import { GetInventoryCommand, type GetInventoryCommandInput, type GetInventoryCommandOutput } from '@aws-sdk/client-ssm';
import { randomUUID } from 'node:crypto';
import type { ErrorInfo } from '../../preload/contract/define';
import { isThrottlingCode, toAwsError } from '../aws/aws-errors';
import { asAppError, AwsError, CancelledError, throwIfAborted } from '../errors/app-error';
import type { WorkspaceClient } from '../fleet/fleet-service';
import { syncedTypeNames } from './inventory-mapping';
import type { NodeInventoryWrite } from './inventory-repo';
import type { InventoryStore } from './inventory-store';

/** Where a workspace's inventory sync stands; sent at most ten times a second while it runs. */
export interface InventorySyncProgress {
  workspaceId: string;
  operationId: string | null;
  phase: 'idle' | 'listing' | 'fetching' | 'succeeded' | 'failed' | 'cancelled';
  /** Nodes GetInventory reported (with their capture times). */
  nodesListed: number;
  /** Of those, nodes whose capture time differs from the cache's: the ones this sync fetches. */
  nodesStale: number;
  /** Stale nodes fetched and stored completely so far. */
  nodesDone: number;
  rowsWritten: number;
  /** Malformed entries skipped (not objects, or without a name). */
  entriesSkipped: number;
  /** SSM calls made by this sync (each retry by our own backoff counts again). */
  calls: number;
  /** ThrottlingExceptions that outlasted the SDK's adaptive retry and were backed off here. */
  throttled: number;
  startedAt: number | null;
  finishedAt: number | null;
  error: ErrorInfo | null;
}

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
  /** Rows collected before one store write (one transaction); default 10,000. */
  writeBatchRows?: number;
  /** Stale nodes per GetInventory call (1–40, default 40): fewer make smaller answers to parse on the main thread. */
  nodesPerCall?: number;
  /** Our own retries of a throttled call after the SDK gave up (default 8). */
  throttleRetries?: number;
  /** First backoff after a throttled call; doubles per retry up to backoffMaxMs (defaults 250 ms, 20 s). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

// GetInventory takes at most 40 values per filter (ssm-api.md §4.2): 40 stale nodes per call and
// type, all their entries in one answer. ListInventoryEntries would cost a call per node, type and
// 50 entries — 10,000 nodes × 150 apps is ~50,000 calls for AWS:Application alone against ~250 here.
const maxNodesPerCall = 40;
// GetInventory's largest page (1–50): the capture-time listing costs ceil(N/50) calls.
const listingPage = 50;
const contentTypes = syncedTypeNames.filter((t) => t !== 'AWS:InstanceInformation');

interface ListedNode {
  instanceId: string;
  platformType: string;
  captureTime: string | null;
  info: unknown[];
}

interface Chunk {
  ids: string[];
  types: readonly string[];
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
 * resumes where it stopped.
 */
export class InventoryService {
  private readonly running = new Map<string, RunningSync>();
  private readonly last = new Map<string, InventorySyncProgress>();
  private readonly now: () => number;
  private pausedUntil = 0;
  private closed = false;

  constructor(private readonly options: InventoryServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Starts a sync of the workspace, or returns the one already running. */
  sync(workspaceId: string): InventorySyncProgress {
    const current = this.running.get(workspaceId);
    if (current) return { ...current.progress };
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
  }

  private async run(entry: RunningSync): Promise<void> {
    const { progress, controller } = entry;
    const { workspaceId } = progress;
    const { store } = this.options;
    // Real time, not the injected clock: the rate limit is on what the operator's screen receives.
    const ticker = throttle(() => this.report(progress), this.options.progressIntervalMs ?? 100, Date.now);
    try {
      const client = await this.options.clientFor(workspaceId);
      const listed = await this.listCaptureTimes(client, progress, controller.signal, ticker.maybe);
      const stale = new Set(
        await store.staleNodes({ workspaceId, nodes: listed.map(({ instanceId, captureTime }) => ({ instanceId, captureTime })) }),
      );
      progress.phase = 'fetching';
      progress.nodesStale = stale.size;
      ticker.now();
      await this.fetchStale(client, progress, listed.filter((n) => stale.has(n.instanceId)), controller.signal, ticker.maybe);
      // Only a complete listing proves a node gone.
      await store.pruneNodes({ workspaceId, keepIds: listed.map((n) => n.instanceId) });
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

  /** GetInventory's default type (AWS:InstanceInformation): one small row and the capture time per node. */
  private async listCaptureTimes(client: WorkspaceClient, progress: InventorySyncProgress, signal: AbortSignal, tick: () => void): Promise<ListedNode[]> {
    const listed: ListedNode[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.getInventory(client, progress, signal, { MaxResults: listingPage, NextToken: nextToken });
      for (const entity of page.Entities ?? []) {
        if (!entity.Id) continue;
        const item = entity.Data?.['AWS:InstanceInformation'];
        const content = Array.isArray(item?.Content) ? item.Content : [];
        const platformType = typeof content[0]?.PlatformType === 'string' ? content[0].PlatformType : '';
        listed.push({ instanceId: entity.Id, platformType, captureTime: item?.CaptureTime ?? null, info: content });
      }
      progress.nodesListed = listed.length;
      tick();
      // AWS may return short or empty pages with a token: loop on the token alone.
      nextToken = page.NextToken || undefined;
    } while (nextToken);
    return listed;
  }

  private async fetchStale(
    client: WorkspaceClient,
    progress: InventorySyncProgress,
    stale: ListedNode[],
    signal: AbortSignal,
    tick: () => void,
  ): Promise<void> {
    const byId = new Map(stale.map((n) => [n.instanceId, n]));
    const perCall = Math.min(maxNodesPerCall, Math.max(1, Math.trunc(this.options.nodesPerCall ?? maxNodesPerCall)));
    // Linux and macOS nodes report no Windows updates: their chunks skip that call.
    const windows = stale.filter((n) => n.platformType.toLowerCase() === 'windows').map((n) => n.instanceId);
    const others = stale.filter((n) => n.platformType.toLowerCase() !== 'windows').map((n) => n.instanceId);
    const queue: Chunk[] = [
      ...chunked(windows, perCall).map((ids) => ({ ids, types: contentTypes })),
      ...chunked(others, perCall).map((ids) => ({ ids, types: contentTypes.filter((t) => t !== 'AWS:WindowsUpdate') })),
    ];
    const writer = this.batchWriter(progress, tick);
    // A failing chunk stops its siblings: no point fetching more for a sync that will report failure.
    const inner = new AbortController();
    const onAbort = (): void => inner.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const worker = async (): Promise<void> => {
      for (let chunk = queue.shift(); chunk; chunk = queue.shift()) {
        throwIfAborted(inner.signal);
        writer.add(await this.fetchChunk(client, progress, chunk, byId, inner.signal));
      }
    };
    const outcomes = await Promise.allSettled(
      Array.from({ length: Math.min(this.options.concurrency ?? 4, queue.length) }, () =>
        worker().catch((error: unknown) => {
          inner.abort();
          throw error;
        }),
      ),
    );
    signal.removeEventListener('abort', onAbort);
    // Chunks fetched before a failure or a cancel are complete: store them so a resume skips them.
    await writer.flush();
    const failures = outcomes.filter((o) => o.status === 'rejected').map((o) => asAppError(o.reason));
    const first = failures.find((e) => e.kind !== 'cancelled') ?? failures[0];
    if (first) throw first;
  }

  private async fetchChunk(
    client: WorkspaceClient,
    progress: InventorySyncProgress,
    chunk: Chunk,
    byId: Map<string, ListedNode>,
    signal: AbortSignal,
  ): Promise<NodeInventoryWrite[]> {
    const nodes = new Map<string, NodeInventoryWrite>();
    for (const id of chunk.ids) {
      const listed = byId.get(id);
      const captureTime = listed?.captureTime ?? null;
      nodes.set(id, {
        instanceId: id,
        platformType: listed?.platformType ?? '',
        captureTime,
        types: [{ typeName: 'AWS:InstanceInformation', captureTime, entries: listed?.info ?? [] }],
      });
    }
    for (const typeName of chunk.types) {
      const found = new Map<string, { captureTime: string | null; entries: unknown[] }>();
      let nextToken: string | undefined;
      do {
        const page = await this.getInventory(client, progress, signal, {
          Filters: [{ Key: 'AWS:InstanceInformation.InstanceId', Values: chunk.ids, Type: 'Equal' }],
          ResultAttributes: [{ TypeName: typeName }],
          MaxResults: listingPage,
          NextToken: nextToken,
        });
        for (const entity of page.Entities ?? []) {
          if (!entity.Id || !nodes.has(entity.Id)) continue;
          const item = entity.Data?.[typeName];
          const entries: unknown[] = Array.isArray(item?.Content) ? item.Content : [];
          const seen = found.get(entity.Id);
          if (seen) seen.entries.push(...entries);
          else found.set(entity.Id, { captureTime: item?.CaptureTime ?? null, entries: [...entries] });
        }
        nextToken = page.NextToken || undefined;
      } while (nextToken);
      for (const node of nodes.values()) {
        const item = found.get(node.instanceId);
        node.types.push({ typeName, captureTime: item?.captureTime ?? null, entries: item?.entries ?? [] });
      }
    }
    return [...nodes.values()];
  }

  /** Collects fetched nodes into writes of ~writeBatchRows rows, written in order while fetching goes on. */
  private batchWriter(progress: InventorySyncProgress, tick: () => void): { add(nodes: NodeInventoryWrite[]): void; flush(): Promise<void> } {
    const limit = this.options.writeBatchRows ?? 10_000;
    let buffer: NodeInventoryWrite[] = [];
    let bufferedRows = 0;
    let chain: Promise<void> = Promise.resolve();
    let failure: unknown = null;
    const write = (): void => {
      const nodes = buffer;
      buffer = [];
      bufferedRows = 0;
      chain = chain
        .then(async () => {
          if (failure) return;
          const result = await this.options.store.writeNodes({ workspaceId: progress.workspaceId, syncedAt: this.now(), nodes });
          progress.nodesDone += result.nodes;
          progress.rowsWritten += result.rows;
          progress.entriesSkipped += result.skipped;
          tick();
        })
        .catch((error: unknown) => {
          failure ??= error;
        });
    };
    return {
      add: (nodes) => {
        if (failure) throw failure;
        buffer.push(...nodes);
        for (const node of nodes) for (const type of node.types) bufferedRows += type.entries.length;
        if (bufferedRows >= limit) write();
      },
      flush: async () => {
        if (buffer.length) write();
        await chain;
        if (failure) throw failure;
      },
    };
  }

  private async getInventory(
    client: WorkspaceClient,
    progress: InventorySyncProgress,
    signal: AbortSignal,
    input: GetInventoryCommandInput,
  ): Promise<GetInventoryCommandOutput> {
    const retries = this.options.throttleRetries ?? 8;
    for (let attempt = 0; ; attempt += 1) {
      await this.coolDown(signal);
      throwIfAborted(signal);
      progress.calls += 1;
      try {
        return await client.ssm.send(new GetInventoryCommand(input), { abortSignal: signal });
      } catch (error) {
        if (signal.aborted) throw new CancelledError();
        const mapped = toAwsError(error, { service: 'ssm', operation: 'GetInventory', ...(client.endpoint ? { endpoint: client.endpoint } : {}) });
        if (!(mapped instanceof AwsError) || !isThrottlingCode(mapped.awsCode) || attempt >= retries) throw mapped;
        progress.throttled += 1;
        // Throttling is per account and region: every worker of this service pauses, not just this one.
        const base = Math.min(this.options.backoffMaxMs ?? 20_000, (this.options.backoffBaseMs ?? 250) * 2 ** attempt);
        this.pausedUntil = Math.max(this.pausedUntil, Date.now() + base / 2 + Math.random() * (base / 2));
      }
    }
  }

  private coolDown(signal: AbortSignal): Promise<void> {
    const wait = this.pausedUntil - Date.now();
    if (wait <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, wait);
      signal.addEventListener('abort', done, { once: true });
    });
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

function chunked<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
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
