import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SSMClient } from '@aws-sdk/client-ssm';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSsmClient } from '../../../main/aws/ssm-client-factory';
import { syncedTypeNames } from '../../../main/inventory/inventory-mapping';
import { InventoryService, type InventorySyncProgress } from '../../../main/inventory/inventory-service';
import { createInventoryStore, type InventoryStore } from '../../../main/inventory/inventory-store';
import { INVENTORY_TYPES } from '../../../main/simulator/inventory-types';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server';
import { Store } from '../../../main/store/store';

const workspaceId = 'training';
let dir: string;
let sim: RunningSimulator;
let store: Store;
let inventoryStore: InventoryStore;
let service: InventoryService;
let progress: InventorySyncProgress[];
let reportedAt: number[];
let clock: number;

async function openService(
  options: { maxAttempts?: number; concurrency?: number; writeBatchRows?: number; onProgress?: (p: InventorySyncProgress) => void } = {},
): Promise<void> {
  store = await Store.open({ file: join(dir, 'cache.db') });
  inventoryStore = createInventoryStore(store);
  const ssm = createSsmClient({ kind: 'training', endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials }, { maxAttempts: options.maxAttempts ?? 3 });
  service = new InventoryService({
    store: inventoryStore,
    clientFor: async () => ({ ssm, accountId: sim.accountId, region: sim.region, endpoint: sim.endpoint }),
    onProgress: (p) => {
      progress.push(p);
      reportedAt.push(performance.now());
      options.onProgress?.(p);
    },
    now: () => clock,
    concurrency: options.concurrency ?? 4,
    ...(options.writeBatchRows ? { writeBatchRows: options.writeBatchRows } : {}),
    backoffBaseMs: 20,
    backoffMaxMs: 200,
  });
}

async function closeService(): Promise<void> {
  await service.close();
  await store.close();
}

async function syncOnce(): Promise<InventorySyncProgress> {
  service.sync(workspaceId);
  return service.settled(workspaceId);
}

/** Calls a full fetch of `nodes` costs: 40 nodes per GetInventory call per type, Windows nodes one type more. */
function fetchCalls(nodes: ReadonlyArray<{ info: { PlatformType: string } }>): number {
  const windows = nodes.filter((n) => n.info.PlatformType === 'Windows').length;
  const others = nodes.length - windows;
  const types = syncedTypeNames.length - 1;
  return Math.ceil(windows / 40) * types + Math.ceil(others / 40) * (types - 1);
}

/** Every entry the simulator holds for the synced types: what the cache must end up with. */
function simulatorEntries(): number {
  let total = 0;
  for (const node of sim.nodes) for (const type of syncedTypeNames) total += INVENTORY_TYPES.get(type)?.content?.(node)?.length ?? 0;
  return total;
}

function readDb<T>(read: (db: Sqlite.Database) => T): T {
  const db = new Sqlite(join(dir, 'cache.db'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-inventory-'));
  progress = [];
  reportedAt = [];
  clock = Date.UTC(2026, 10, 27, 4);
});

afterEach(async () => {
  await service?.close();
  await store?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('inventory sync against the training fleet', () => {
  it('first sync fetches every node, a second fetches nothing but the capture-time listing', async () => {
    sim = await startSimulator({ nodes: 230, seed: 4, port: 0 });
    await openService();
    const first = await syncOnce();
    expect(first).toMatchObject({ phase: 'succeeded', nodesListed: 230, nodesStale: 230, nodesDone: 230, error: null });
    expect(sim.calls.count('GetInventory')).toBe(Math.ceil(230 / 50) + fetchCalls(sim.nodes));
    expect(sim.calls.count('ListInventoryEntries')).toBe(0);
    expect(first.rowsWritten + first.entriesSkipped).toBe(simulatorEntries());
    const status = await inventoryStore.syncStatus(workspaceId);
    expect(status).toMatchObject({ nodes: 230, rows: first.rowsWritten, lastSyncedAt: clock, lastError: null });

    const java = await inventoryStore.search({ workspaceIds: [workspaceId], keyword: 'java' });
    expect(java.groups.length).toBeGreaterThan(0);
    const share = await inventoryStore.versionShare({ workspaceIds: [workspaceId], family: 'Java' });
    expect(share.slices.map((s) => s.product)).toEqual(expect.arrayContaining(['Java 8', 'Java 17']));

    sim.calls.reset();
    clock += 60_000;
    const second = await syncOnce();
    expect(second).toMatchObject({ phase: 'succeeded', nodesListed: 230, nodesStale: 0, nodesDone: 0, rowsWritten: 0 });
    expect(sim.calls.count()).toBe(Math.ceil(230 / 50));
    expect((await inventoryStore.syncStatus(workspaceId)).rows).toBe(first.rowsWritten);
  });

  it('refetches only the node whose capture time differs from the cache', async () => {
    sim = await startSimulator({ nodes: 120, seed: 9, port: 0 });
    await openService();
    await syncOnce();
    await closeService();
    const target = sim.nodes[17];
    if (!target) throw new Error('fleet too small');
    // The simulator has no control to re-run a node's inventory; an older stored capture time is the same difference.
    const db = new Sqlite(join(dir, 'cache.db'));
    db.prepare('UPDATE inventory_nodes SET capture_time = capture_time - 3600000 WHERE instance_id = ?').run(target.InstanceId);
    db.close();

    await openService();
    sim.calls.reset();
    clock += 60_000;
    const end = await syncOnce();
    expect(end).toMatchObject({ phase: 'succeeded', nodesStale: 1, nodesDone: 1 });
    expect(sim.calls.count('GetInventory')).toBe(Math.ceil(120 / 50) + fetchCalls([target]));
    const syncedNow = readDb((raw) => raw.prepare('SELECT instance_id FROM inventory_nodes WHERE synced_at = ?').pluck().all(clock));
    expect(syncedNow).toEqual([target.InstanceId]);
  });

  it('resumes a cancelled sync after a restart without refetching the nodes it stored', async () => {
    sim = await startSimulator({ nodes: 400, seed: 11, port: 0 });
    sim.faults.setLatency(20);
    await openService({
      concurrency: 2,
      // Small writes so chunks land (and become resumable) one by one while the sync still runs.
      writeBatchRows: 1,
      onProgress: (p) => {
        if (p.phase === 'fetching' && p.nodesDone >= 80) service.cancel(workspaceId);
      },
    });
    const firstClock = clock;
    const cancelled = await syncOnce();
    expect(cancelled.phase).toBe('cancelled');
    await closeService();
    const stored = readDb((raw) => raw.prepare('SELECT COUNT(*) FROM inventory_nodes').pluck().get() as number);
    expect(stored).toBeGreaterThanOrEqual(80);
    expect(stored).toBeLessThan(400);
    expect(cancelled.nodesDone).toBe(stored);

    sim.faults.reset();
    sim.calls.reset();
    clock += 60_000;
    await openService();
    const resumed = await syncOnce();
    expect(resumed).toMatchObject({ phase: 'succeeded', nodesListed: 400, nodesStale: 400 - stored, nodesDone: 400 - stored });
    expect(sim.calls.count('GetInventory')).toBeLessThan(Math.ceil(400 / 50) + fetchCalls(sim.nodes));
    const untouched = readDb((raw) => raw.prepare('SELECT COUNT(*) FROM inventory_nodes WHERE synced_at = ?').pluck().get(firstClock));
    expect(untouched).toBe(stored);
    expect((await inventoryStore.syncStatus(workspaceId)).nodes).toBe(400);
  });

  it('survives throttling that outlasts the SDK retries, backing off and finishing the sync', async () => {
    sim = await startSimulator({ nodes: 90, seed: 3, port: 0 });
    await openService({ maxAttempts: 2 });
    sim.faults.throttleNext(3, 'GetInventory');
    const end = await syncOnce();
    expect(end).toMatchObject({ phase: 'succeeded', nodesDone: 90, error: null });
    expect(end.throttled).toBeGreaterThan(0);
    expect(sim.calls.list().filter((c) => c.errorCode === 'ThrottlingException')).toHaveLength(3);
    expect((await inventoryStore.syncStatus(workspaceId)).nodes).toBe(90);
  });

  it('reports progress at most ten times a second, ending with the final state', async () => {
    sim = await startSimulator({ nodes: 300, seed: 2, port: 0 });
    await openService();
    const end = await syncOnce();
    expect(progress.at(-1)).toEqual(end);
    expect(progress.filter((p) => p.phase === 'fetching').length).toBeGreaterThan(1);
    // Back-to-back reports are allowed only at the start and at phase changes (listing → fetching → end).
    const gaps = reportedAt.slice(1).map((at, i) => at - (reportedAt[i] ?? 0));
    expect(gaps.filter((gap) => gap < 95).length).toBeLessThanOrEqual(3);
  });

  it('fails with the store’s error when a write fails, and stops fetching', async () => {
    sim = await startSimulator({ nodes: 400, seed: 5, port: 0 });
    sim.faults.setLatency(20);
    let closing: Promise<void> | null = null;
    await openService({
      concurrency: 1,
      writeBatchRows: 1,
      onProgress: (p) => {
        // The cache goes away under a running sync (a disk error looks the same to the service).
        if (p.phase === 'fetching' && p.nodesDone > 0) closing ??= store.close();
      },
    });
    const end = await syncOnce();
    expect(end).toMatchObject({ phase: 'failed', error: expect.objectContaining({ kind: 'store', code: 'StoreClosed' }) });
    expect(end.nodesDone).toBeLessThan(400);
    // Fetching stopped: nowhere near every chunk's calls were made.
    expect(sim.calls.count('GetInventory')).toBeLessThan(Math.ceil(400 / 50) + fetchCalls(sim.nodes) / 2);
    await closing;
  });

  it('takes credentials from the workspace’s provider, asking again when they are about to expire', async () => {
    sim = await startSimulator({ nodes: 60, seed: 8, port: 0 });
    store = await Store.open({ file: join(dir, 'cache.db') });
    inventoryStore = createInventoryStore(store);
    let asked = 0;
    // Credentials that expire within the refresh margin: every call of the sync needs fresh ones.
    const ssm = new SSMClient({
      region: sim.region,
      endpoint: sim.endpoint,
      maxAttempts: 3,
      credentials: async () => {
        asked += 1;
        return { ...sim.credentials, expiration: new Date(Date.now() + 60_000) };
      },
    });
    service = new InventoryService({ store: inventoryStore, clientFor: async () => ({ ssm, accountId: sim.accountId, region: sim.region, endpoint: sim.endpoint }) });
    const end = await syncOnce();
    expect(end).toMatchObject({ phase: 'succeeded', nodesDone: 60 });
    // Asked again during the sync, not once for the whole of it. Not one ask per call: the SDK's
    // provider wrapper shares one pending refresh between calls signing at the same moment.
    expect(asked).toBeGreaterThan(1);
    ssm.destroy();
  });
});
