import {
  DescribeInstanceInformationCommand,
  GetInventoryCommand,
  ListTagsForResourceCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { randomUUID } from 'node:crypto';
import type { ErrorInfo } from '../../preload/contract/define';
import type {
  FleetPage,
  FleetQuery,
  FleetSummary,
  MirrorOrder,
  MirrorOrderRequest,
  MirrorPage,
  MirrorPageRequest,
  SyncState,
} from '../../preload/contract/fleet';
import { toAwsError } from '../aws/aws-errors';
import { asAppError, throwIfAborted } from '../errors/app-error';
import type { EventSink } from '../ipc/router';
import { inventoryContentToTags, toNodeTags, toSyncedNode, type NodeTag, type SyncedNode } from './fleet-mapping';
import { OperatorActivity } from './operator-activity';

/** What the fleet service needs from the store; the app binds it to the fleet repo in the worker. */
export interface FleetStore {
  nextGeneration(workspaceId: string): Promise<number>;
  upsertNodes(params: { workspaceId: string; generation: number; seenAt: number; nodes: SyncedNode[] }): Promise<void>;
  setTags(params: { workspaceId: string; fetchedAt: number; items: Array<{ instanceId: string; tags: NodeTag[] }> }): Promise<void>;
  nodesNeedingTags(params: { workspaceId: string; resourceType: 'ManagedInstance'; olderThan: number; limit: number }): Promise<string[]>;
  finishSync(params: { workspaceId: string; generation: number; finishedAt: number }): Promise<{ vanished: number }>;
  recordSyncError(params: { workspaceId: string; error: ErrorInfo | null }): Promise<void>;
  listNodes(query: FleetQuery): Promise<FleetPage>;
  summary(workspaceIds: string[]): Promise<Omit<FleetSummary, 'syncs'>>;
  readMirror(request: MirrorPageRequest): Promise<MirrorPage>;
  readMirrorOrder(request: MirrorOrderRequest): Promise<MirrorOrder>;
}

/** An SSM client for a workspace, with where its nodes live. */
export interface WorkspaceClient {
  ssm: SSMClient;
  accountId: string;
  region: string;
  endpoint?: string;
}

interface FleetServiceOptions {
  store: FleetStore;
  clientFor: (workspaceId: string) => Promise<WorkspaceClient>;
  events: EventSink;
  now?: () => number;
  /** How often the watched workspaces re-sync by themselves. */
  refreshIntervalMs?: number;
  /** Tags change rarely: a timer sync reads them again only after this long. */
  tagsMaxAgeMs?: number;
  /** Minimum gap between progress events (house style: at most ten a second). */
  progressIntervalMs?: number;
  /** Minimum gap between `fleet:nodes-changed` events while a sync writes rows. */
  rowsChangedIntervalMs?: number;
  /** Parallel ListTagsForResource calls for hybrid nodes. */
  tagConcurrency?: number;
  /** Syncs hold new SSM calls back while the operator types (see OperatorActivity). */
  operatorActivity?: OperatorActivity;
}

// DescribeInstanceInformation's maximum page (ssm-api.md §2): fewer calls, ceil(N/50) per sync.
const PAGE_SIZE = 50;
const WRITE_BATCH = 1000;

interface RunningSync {
  state: SyncState;
  controller: AbortController;
  done: Promise<void>;
}

/** Keeps each workspace's managed nodes in the store fresh and answers grid queries from it. */
export class FleetService {
  private readonly running = new Map<string, RunningSync>();
  private readonly lastState = new Map<string, SyncState>();
  private readonly lastTagsAt = new Map<string, number>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly activity: OperatorActivity;
  private lastAsked = '';

  constructor(private readonly options: FleetServiceOptions) {
    this.now = options.now ?? Date.now;
    this.activity = options.operatorActivity ?? new OperatorActivity();
  }

  /** A grid window over one or more workspaces; filter errors surface as ValidationError with what to fix. */
  listNodes(query: FleetQuery): Promise<FleetPage> {
    // A new filter or sort is the operator at work; the same one again is the grid re-reading rows
    // after a sync wrote (or scrolling), which must not hold the sync back. (The grid does not
    // re-read a filter main refused, so a bad filter left in the box does not alternate with the
    // rows on screen and pass for typing.)
    const asked = JSON.stringify([query.workspaceIds, query.filter, query.sort, query.includeVanished]);
    if (asked !== this.lastAsked) {
      this.lastAsked = asked;
      this.activity.touch();
    }
    return this.options.store.listNodes(query);
  }

  /**
   * A page of the renderer's mirror of a workspace. Not operator activity: the renderer reads it on
   * its own after each change, and a sync must not hold back for it.
   */
  readMirror(request: MirrorPageRequest): Promise<MirrorPage> {
    return this.options.store.readMirror(request);
  }

  /**
   * The operator typed into the grid's filter. The renderer's mirror answers such keystrokes
   * without asking main for rows, so it says so: a sync holds its next SSM call back as it did for
   * a keystroke's query (see OperatorActivity).
   */
  noteTyping(): void {
    this.activity.touch();
  }

  /** A sort order over the mirror's positions (not operator activity either). */
  readMirrorOrder(request: MirrorOrderRequest): Promise<MirrorOrder> {
    return this.options.store.readMirrorOrder(request);
  }

  /** Counts summed over the workspaces, and each one's sync state (in the order asked), for the status bar. */
  async summary(workspaceIds: readonly string[]): Promise<FleetSummary> {
    const stored = await this.options.store.summary([...workspaceIds]);
    // Copies: a running sync's state object keeps changing after this answer.
    return { ...stored, syncs: workspaceIds.map((id) => ({ ...this.syncState(id) })) };
  }

  /** The running sync's state, else how the last one ended. */
  syncState(workspaceId: string): SyncState {
    return this.running.get(workspaceId)?.state ?? this.lastState.get(workspaceId) ?? idleState(workspaceId);
  }

  /** Starts a sync, or returns the one already running for this workspace. */
  refresh(workspaceId: string, reason: 'operator' | 'timer' = 'operator'): SyncState {
    const current = this.running.get(workspaceId);
    if (current) return current.state;
    const controller = new AbortController();
    const state: SyncState = {
      workspaceId,
      operationId: randomUUID(),
      phase: 'running',
      pagesDone: 0,
      nodesSeen: 0,
      startedAt: this.now(),
      finishedAt: null,
      error: null,
    };
    const entry: RunningSync = { state, controller, done: Promise.resolve() };
    this.running.set(workspaceId, entry);
    entry.done = this.sync(entry, reason === 'operator');
    this.options.events.emit('fleet:sync-progressed', state);
    return state;
  }

  /** Cancels the running sync; nodes already stored stay, none are marked vanished. */
  cancel(workspaceId: string): SyncState {
    const current = this.running.get(workspaceId);
    current?.controller.abort();
    return this.syncState(workspaceId);
  }

  /**
   * Re-syncs every watched workspace each refreshIntervalMs, replacing what was watched before. Each
   * sync runs on its own: one workspace failing (expired credentials, unreachable) records its error
   * in its own SyncState and leaves the others and everyone's stored nodes as they were.
   */
  watch(workspaceIds: string | readonly string[]): void {
    this.stopWatching();
    const ids = [...new Set(typeof workspaceIds === 'string' ? [workspaceIds] : workspaceIds)];
    if (ids.length === 0) return;
    const interval = this.options.refreshIntervalMs ?? 5 * 60_000;
    this.timer = setInterval(() => {
      for (const id of ids) this.refresh(id, 'timer');
    }, interval);
    this.timer.unref();
  }

  /** Waits until the workspace's current sync (if any) has ended. */
  async settled(workspaceId: string): Promise<SyncState> {
    await this.running.get(workspaceId)?.done;
    return this.syncState(workspaceId);
  }

  /** Stops timers and running syncs; waits for them to unwind. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopWatching();
    const all = [...this.running.values()];
    for (const entry of all) entry.controller.abort();
    await Promise.allSettled(all.map((entry) => entry.done));
  }

  private stopWatching(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async sync(entry: RunningSync, forceTags: boolean): Promise<void> {
    const { state, controller } = entry;
    const { workspaceId } = state;
    const { store } = this.options;
    // Rows arrive batch by batch (listing, then tags): let the grid show them, at most once a second.
    const rowsChanged = this.throttle(() => {
      if (!this.closed) this.options.events.emit('fleet:nodes-changed', { workspaceId });
    }, this.options.rowsChangedIntervalMs ?? 1000);
    const progress = this.progressEmitter(state, rowsChanged.maybe);
    try {
      const client = await this.options.clientFor(workspaceId);
      const generation = await store.nextGeneration(workspaceId);
      const writer = this.batchWriter(workspaceId, generation);
      const listing = await this.readAllPages(client, state, controller.signal, (nodes) => {
        writer.add(nodes);
        progress.maybe();
      }).then(
        () => null,
        (error: unknown) => ({ error }),
      );
      // Pages read before a failure or a cancel are real data: store them, then report the failure.
      await writer.flush();
      if (listing) throw listing.error;
      // Only a complete listing may declare nodes gone: a cancelled or failed one proves nothing.
      await store.finishSync({ workspaceId, generation, finishedAt: this.now() });
      rowsChanged.now();
      const lastTags = this.lastTagsAt.get(workspaceId) ?? 0;
      if (forceTags || this.now() - lastTags > (this.options.tagsMaxAgeMs ?? 30 * 60_000)) {
        await this.syncTags(client, workspaceId, controller.signal, rowsChanged.maybe);
        this.lastTagsAt.set(workspaceId, this.now());
        rowsChanged.now();
      }
      await store.recordSyncError({ workspaceId, error: null });
      this.finish(state, 'succeeded', null);
    } catch (error) {
      const appError = asAppError(error);
      if (appError.kind === 'cancelled') {
        this.finish(state, 'cancelled', null);
      } else {
        const info = appError.toInfo();
        await store.recordSyncError({ workspaceId, error: info }).catch(() => {});
        this.finish(state, 'failed', info);
      }
      // Whatever was stored before the failure is real data: let the grid show it.
      if (state.nodesSeen > 0 && !this.closed) this.options.events.emit('fleet:nodes-changed', { workspaceId });
    } finally {
      progress.stop();
      rowsChanged.stop();
      this.running.delete(workspaceId);
    }
  }

  private async readAllPages(
    client: WorkspaceClient,
    state: SyncState,
    signal: AbortSignal,
    onPage: (nodes: SyncedNode[]) => void,
  ): Promise<void> {
    const location = { accountId: client.accountId, region: client.region };
    let nextToken: string | undefined;
    do {
      throwIfAborted(signal);
      const page = await this.call(client, 'DescribeInstanceInformation', signal, () =>
        client.ssm.send(new DescribeInstanceInformationCommand({ MaxResults: PAGE_SIZE, NextToken: nextToken }), { abortSignal: signal }),
      );
      const nodes = (page.InstanceInformationList ?? []).map((info) => toSyncedNode(info, location)).filter((n) => n !== null);
      onPage(nodes);
      state.pagesDone += 1;
      state.nodesSeen += nodes.length;
      // AWS may return short or empty pages with a token (aws-cli #2626): loop on the token alone.
      nextToken = page.NextToken || undefined;
    } while (nextToken);
  }

  /**
   * Collects pages into store writes of ~1,000 nodes: one transaction per 50-node page made the
   * worker commit 200 times for 10,000 nodes. Writes run while the next pages are fetched, in order.
   */
  private batchWriter(workspaceId: string, generation: number): { add(nodes: SyncedNode[]): void; flush(): Promise<void> } {
    let buffer: SyncedNode[] = [];
    let chain: Promise<void> = Promise.resolve();
    let failure: unknown = null;
    const write = (): void => {
      const nodes = buffer;
      buffer = [];
      chain = chain
        .then(() => (failure ? undefined : this.options.store.upsertNodes({ workspaceId, generation, seenAt: this.now(), nodes })))
        .catch((error: unknown) => {
          failure ??= error;
        });
    };
    return {
      add: (nodes) => {
        if (failure) throw failure;
        buffer.push(...nodes);
        if (buffer.length >= WRITE_BATCH) write();
      },
      flush: async () => {
        if (buffer.length) write();
        await chain;
        if (failure) throw failure;
      },
    };
  }

  /** EC2 tags from the AWS:Tag inventory (ListTagsForResource refuses i- ids); hybrid tags per node. */
  private async syncTags(client: WorkspaceClient, workspaceId: string, signal: AbortSignal, onBatch: () => void): Promise<void> {
    const store: Pick<FleetStore, 'setTags' | 'nodesNeedingTags'> = {
      setTags: async (params) => {
        await this.options.store.setTags(params);
        onBatch();
      },
      nodesNeedingTags: (params) => this.options.store.nodesNeedingTags(params),
    };
    let nextToken: string | undefined;
    do {
      throwIfAborted(signal);
      const page = await this.call(client, 'GetInventory', signal, () =>
        client.ssm.send(
          new GetInventoryCommand({ ResultAttributes: [{ TypeName: 'AWS:Tag' }], MaxResults: 50, NextToken: nextToken }),
          { abortSignal: signal },
        ),
      );
      const items = (page.Entities ?? [])
        .filter((entity) => entity.Id?.startsWith('i-'))
        .map((entity) => ({ instanceId: entity.Id as string, tags: inventoryContentToTags(entity.Data?.['AWS:Tag']?.Content) }));
      if (items.length) await store.setTags({ workspaceId, fetchedAt: this.now(), items });
      nextToken = page.NextToken || undefined;
    } while (nextToken);

    const hybridIds = await store.nodesNeedingTags({
      workspaceId,
      resourceType: 'ManagedInstance',
      olderThan: this.now() - (this.options.tagsMaxAgeMs ?? 30 * 60_000),
      limit: 100_000,
    });
    const concurrency = this.options.tagConcurrency ?? 8;
    const queue = [...hybridIds];
    const worker = async (): Promise<void> => {
      const batch: Array<{ instanceId: string; tags: NodeTag[] }> = [];
      for (let id = queue.shift(); id; id = queue.shift()) {
        throwIfAborted(signal);
        const answer = await this.call(client, 'ListTagsForResource', signal, () =>
          client.ssm.send(new ListTagsForResourceCommand({ ResourceType: 'ManagedInstance', ResourceId: id }), { abortSignal: signal }),
        );
        batch.push({ instanceId: id, tags: toNodeTags(answer.TagList) });
        if (batch.length >= 100) await store.setTags({ workspaceId, fetchedAt: this.now(), items: batch.splice(0) });
      }
      if (batch.length) await store.setTags({ workspaceId, fetchedAt: this.now(), items: batch });
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  }

  private async call<T>(client: WorkspaceClient, operation: string, signal: AbortSignal, send: () => Promise<T>): Promise<T> {
    await this.activity.quiet(signal);
    try {
      return await send();
    } catch (error) {
      if (signal.aborted) throw asAppError(toAwsError({ name: 'AbortError' }, { service: 'ssm', operation }));
      throw toAwsError(error, { service: 'ssm', operation, ...(client.endpoint ? { endpoint: client.endpoint } : {}) });
    }
  }

  private finish(state: SyncState, phase: SyncState['phase'], error: ErrorInfo | null): void {
    state.phase = phase;
    state.error = error;
    state.finishedAt = this.now();
    this.lastState.set(state.workspaceId, { ...state });
    if (!this.closed) this.options.events.emit('fleet:sync-progressed', { ...state });
  }

  private progressEmitter(state: SyncState, onRows: () => void): { maybe(): void; stop(): void } {
    const progress = this.throttle(() => {
      if (state.phase === 'running' && !this.closed) {
        this.options.events.emit('fleet:sync-progressed', { ...state });
        onRows();
      }
    }, this.options.progressIntervalMs ?? 100);
    return { maybe: progress.maybe, stop: progress.stop };
  }

  /** Runs `send` at most once per `gap`: the first call at once, later ones folded into one at the gap's end. */
  private throttle(send: () => void, gap: number): { maybe(): void; now(): void; stop(): void } {
    let last = -Infinity;
    let pending: NodeJS.Timeout | null = null;
    const fire = (): void => {
      if (pending) clearTimeout(pending);
      pending = null;
      last = this.now();
      send();
    };
    return {
      maybe: () => {
        if (pending) return;
        const wait = Math.max(0, last + gap - this.now());
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
}

function idleState(workspaceId: string): SyncState {
  return { workspaceId, operationId: null, phase: 'idle', pagesDone: 0, nodesSeen: 0, startedAt: null, finishedAt: null, error: null };
}
