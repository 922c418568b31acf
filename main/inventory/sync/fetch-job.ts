import type { SSMClient } from '@aws-sdk/client-ssm';
import { asAppError, CancelledError, throwIfAborted } from '../../errors/app-error';
import { syncedTypeNames } from '../inventory-mapping';
import type { NodeInventoryWrite } from '../inventory-repo';
import type { FetchJob, ListedNode } from './fetch-protocol';
import { ThrottledInventory, type CallCounters } from './throttled-inventory';
import { WriteBatchBuilder } from './write-batch';

// GetInventory takes at most 40 values per filter (ssm-api.md §4.2): 40 stale nodes per call and
// type, all their entries in one answer. ListInventoryEntries would cost a call per node, type and
// 50 entries — 10,000 nodes × 150 apps is ~50,000 calls for AWS:Application alone against ~250 here.
export const maxNodesPerCall = 40;
// GetInventory's largest page (1–50): the capture-time listing costs ceil(N/50) calls.
const pageSize = 50;
const contentTypes = syncedTypeNames.filter((t) => t !== 'AWS:InstanceInformation');
// Encoded batches not yet written by the store: more would only pile up in memory.
const maxBatchesInFlight = 2;

interface Chunk {
  ids: string[];
  types: readonly string[];
}

/** Where a fetch job's output goes (the worker posts it to main). */
export interface FetchSink extends CallCounters {
  /** The listing grew to `count` nodes. */
  listing(count: number): void;
  /** One encoded batch; the job waits for `written()` before it has more than two outstanding. */
  batch(bytes: Uint8Array, nodes: number, rows: number): void;
}

/**
 * Lists every node's capture time (GetInventory's default type, AWS:InstanceInformation), then
 * fetches the entries of the stale ones (40 per GetInventory call per type, chunks in parallel)
 * and turns them into write batches of about job.writeBatchRows rows. Runs in the fetch worker, so
 * parsing the answers and mapping their entries never blocks the main thread.
 */
export class FetchRun {
  private builder = new WriteBatchBuilder();
  private inFlight = 0;
  private readonly waiting = new Set<() => void>();
  private readonly inventory: ThrottledInventory;
  private readonly listed = new Map<string, ListedNode>();

  constructor(
    private readonly job: FetchJob,
    ssm: SSMClient,
    private readonly sink: FetchSink,
    private readonly signal: AbortSignal,
  ) {
    this.inventory = new ThrottledInventory(ssm, job.client.endpoint, job.backoff, sink);
  }

  /** Every node GetInventory reports, with its capture time and instance information. */
  async list(): Promise<ListedNode[]> {
    let nextToken: string | undefined;
    do {
      const page = await this.inventory.get({ MaxResults: pageSize, NextToken: nextToken }, this.signal);
      for (const entity of page.Entities ?? []) {
        if (!entity.Id) continue;
        const item = entity.Data?.['AWS:InstanceInformation'];
        const content = Array.isArray(item?.Content) ? item.Content : [];
        const platformType = typeof content[0]?.PlatformType === 'string' ? content[0].PlatformType : '';
        this.listed.set(entity.Id, { instanceId: entity.Id, platformType, captureTime: item?.CaptureTime ?? null, info: content });
      }
      this.sink.listing(this.listed.size);
      // AWS may return short or empty pages with a token: loop on the token alone.
      nextToken = page.NextToken || undefined;
    } while (nextToken);
    return [...this.listed.values()];
  }

  /** The store wrote one batch. */
  written(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    for (const wake of [...this.waiting]) wake();
  }

  /** Fetches the listed nodes named; resolves when every fetched node is handed on, rejects with the first failure. */
  async fetch(staleIds: string[]): Promise<void> {
    const { job, listed: byId, inventory } = this;
    const stale = staleIds.map((id) => byId.get(id)).filter((n) => n !== undefined);
    const perCall = Math.min(maxNodesPerCall, Math.max(1, Math.trunc(job.nodesPerCall)));
    // Linux and macOS nodes report no Windows updates: their chunks skip that call.
    const isWindows = (n: ListedNode): boolean => n.platformType.toLowerCase() === 'windows';
    const queue: Chunk[] = [
      ...chunked(stale.filter(isWindows).map((n) => n.instanceId), perCall).map((ids) => ({ ids, types: contentTypes })),
      ...chunked(stale.filter((n) => !isWindows(n)).map((n) => n.instanceId), perCall).map((ids) => ({
        ids,
        types: contentTypes.filter((t) => t !== 'AWS:WindowsUpdate'),
      })),
    ];
    // A failing chunk stops its siblings: no point fetching more for a sync that will report failure.
    const inner = new AbortController();
    const onAbort = (): void => inner.abort();
    this.signal.addEventListener('abort', onAbort, { once: true });
    const worker = async (): Promise<void> => {
      for (let chunk = queue.shift(); chunk; chunk = queue.shift()) {
        throwIfAborted(inner.signal);
        const nodes = await fetchChunk(inventory, chunk, byId, inner.signal);
        await this.add(nodes, inner.signal);
      }
    };
    const outcomes = await Promise.allSettled(
      Array.from({ length: Math.min(Math.max(1, job.concurrency), queue.length) }, () =>
        worker().catch((error: unknown) => {
          inner.abort();
          throw error;
        }),
      ),
    );
    this.signal.removeEventListener('abort', onAbort);
    // Chunks fetched before a failure or a cancel are complete: hand them on so a resume skips them.
    this.flush();
    const failures = outcomes.filter((o) => o.status === 'rejected').map((o) => asAppError(o.reason));
    const first = failures.find((e) => e.kind !== 'cancelled') ?? failures[0];
    if (first) throw first;
  }

  private async add(nodes: NodeInventoryWrite[], signal: AbortSignal): Promise<void> {
    for (const node of nodes) this.builder.add(node);
    if (this.builder.rows < this.job.writeBatchRows) return;
    this.flush();
    while (this.inFlight >= maxBatchesInFlight) await this.waitForWrite(signal);
  }

  private flush(): void {
    const builder = this.builder;
    if (builder.nodeCount === 0) return;
    this.builder = new WriteBatchBuilder();
    this.inFlight += 1;
    this.sink.batch(builder.encode(), builder.nodeCount, builder.rows);
  }

  private waitForWrite(signal: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    return new Promise((resolve, reject) => {
      const wake = (): void => {
        this.waiting.delete(wake);
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        this.waiting.delete(wake);
        reject(new CancelledError());
      };
      this.waiting.add(wake);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** One chunk's nodes, every type of the chunk fetched (and paged) in turn. */
async function fetchChunk(inventory: ThrottledInventory, chunk: Chunk, byId: Map<string, ListedNode>, signal: AbortSignal): Promise<NodeInventoryWrite[]> {
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
      const page = await inventory.get(
        {
          Filters: [{ Key: 'AWS:InstanceInformation.InstanceId', Values: chunk.ids, Type: 'Equal' }],
          ResultAttributes: [{ TypeName: typeName }],
          MaxResults: pageSize,
          NextToken: nextToken,
        },
        signal,
      );
      for (const entity of page.Entities ?? []) {
        if (!entity.Id || !nodes.has(entity.Id)) continue;
        const item = entity.Data?.[typeName];
        const entries: unknown[] = Array.isArray(item?.Content) ? item.Content : [];
        const seen = found.get(entity.Id);
        if (seen) seen.entries.push(...entries);
        else found.set(entity.Id, { captureTime: item?.CaptureTime ?? null, entries: [...entries] });
      }
      // AWS may return short or empty pages with a token: loop on the token alone.
      nextToken = page.NextToken || undefined;
    } while (nextToken);
    for (const node of nodes.values()) {
      const item = found.get(node.instanceId);
      node.types.push({ typeName, captureTime: item?.captureTime ?? null, entries: item?.entries ?? [] });
    }
  }
  return [...nodes.values()];
}

function chunked<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
