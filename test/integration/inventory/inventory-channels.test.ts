import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core';
import type { FleetComposition, InventorySearchResult, InventorySyncProgress, InventoryWorkspaceStatus, VersionShare } from '../../../preload/contract/inventory';
import type { Result } from '../../../preload/contract/define';

const trusted = { trusted: true, label: 'test' };
const WORKSPACE = 'training';
let dir: string;
let core: Core;
const progress: InventorySyncProgress[] = [];
const fleetStates: Array<{ phase: string }> = [];
const wake: Array<() => void> = [];

async function waitUntil(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise<void>((resolve) => wake.push(resolve));
}

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const result = (await core.router.handle(channel, trusted, payload)) as Result<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-inventory-channels-'));
  core = await createCore({
    userDataDir: dir,
    appVersion: '0.0.0-test',
    platform: 'linux',
    openExternal: async () => {},
    env: { HOME: join(dir, 'home'), AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') },
    trainingFleet: { nodes: 120, seed: 3 },
  });
  core.router.subscribe((channel, payload) => {
    if (channel === 'inventory:sync-progressed') progress.push(payload as InventorySyncProgress);
    if (channel === 'fleet:sync-progressed') fleetStates.push(payload as { phase: string });
    for (const w of wake.splice(0)) w();
  });
  // The core syncs the selected workspace's fleet and inventory on start.
  await waitUntil(() => progress.some((p) => p.phase === 'succeeded') && fleetStates.some((p) => p.phase === 'succeeded'));
});

afterAll(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('inventory channels through the core router', () => {
  it('syncs on start and answers search, drill-down and version share from the cache', async () => {
    const done = progress.find((p) => p.phase === 'succeeded')!;
    expect(done.nodesDone).toBe(done.nodesStale);
    expect(done.rowsWritten).toBeGreaterThan(0);

    const found = await call<InventorySearchResult>('inventory:search-entries', { workspaceIds: [WORKSPACE], keyword: 'java' });
    expect(found.groups.length).toBeGreaterThan(0);
    const share = await call<VersionShare>('inventory:get-version-share', { workspaceIds: [WORKSPACE], family: 'Java' });
    expect(share.slices.map((s) => s.major)).toContain('8');
    const java8 = share.slices.find((s) => s.major === '8')!;
    const nodes = await call<{ total: number; nodes: Array<{ instanceId: string; name: string }> }>('inventory:list-nodes', {
      workspaceIds: [WORKSPACE],
      match: { kind: 'family', family: 'Java', major: '8' },
    });
    // A slice's number and the list behind it are the same nodes.
    expect(nodes.total).toBe(java8.nodeCount);
    expect(nodes.nodes).toHaveLength(java8.nodeCount);
    // A bar names its product: the drill-down by product lists exactly the bar's nodes.
    const byProduct = await call<{ total: number }>('inventory:list-nodes', {
      workspaceIds: [WORKSPACE],
      match: { kind: 'family', family: 'Java', major: '8', product: java8.product },
    });
    expect(byProduct.total).toBe(java8.nodeCount);
    const none = await call<{ total: number }>('inventory:list-nodes', {
      workspaceIds: [WORKSPACE],
      match: { kind: 'family', family: 'Java', major: '8', product: 'Java 17' },
    });
    expect(none.total).toBe(0);
  });

  it('refuses FTS syntax as syntax and an empty keyword with a message naming what to type', async () => {
    const odd = await call<InventorySearchResult>('inventory:search-entries', { workspaceIds: [WORKSPACE], keyword: 'java" OR *' });
    expect(odd.notice).toMatch(/plain text/);
    const empty = await core.router.handle('inventory:search-entries', trusted, { workspaceIds: [WORKSPACE], keyword: '   ' });
    expect(empty).toMatchObject({ ok: false, error: { kind: 'validation', message: expect.stringMatching(/Type a word/) } });
  });

  it('counts the fleet by platform, agent and ping with filters the grid understands', async () => {
    const composition = await call<FleetComposition>('inventory:get-fleet-composition', { workspaceIds: [WORKSPACE] });
    expect(composition.total).toBe(120);
    for (const chart of [composition.platforms, composition.agentVersions, composition.pingStatuses]) {
      expect(chart.reduce((sum, slice) => sum + slice.count, 0)).toBe(120);
    }
    // Each slice's filter lists exactly its nodes in the grid.
    for (const slice of [...composition.platforms, ...composition.pingStatuses]) {
      const page = await call<{ total: number }>('fleet:list-nodes', {
        workspaceIds: [WORKSPACE],
        filter: slice.fleetFilter,
        sort: { column: 'name', direction: 'asc' },
        offset: 0,
        limit: 1,
      });
      expect({ slice: slice.label, total: page.total }).toEqual({ slice: slice.label, total: slice.count });
    }
  });

  it('reports the age of the cache, and after the endpoint goes away names the workspace that failed while search still answers', async () => {
    const before = await call<{ workspaces: InventoryWorkspaceStatus[] }>('inventory:get-status', { workspaceIds: [WORKSPACE] });
    expect(before.workspaces[0]).toMatchObject({ workspaceId: WORKSPACE, label: expect.stringMatching(/Training/), lastError: null });
    expect(before.workspaces[0]!.lastSyncedAt).toEqual(expect.any(Number));

    await (await core.trainingFleet())!.close();
    const started = await call<InventorySyncProgress>('inventory:start-sync', { workspaceId: WORKSPACE });
    await waitUntil(() => progress.some((p) => p.operationId === started.operationId && p.phase === 'failed'));

    const after = await call<{ workspaces: InventoryWorkspaceStatus[] }>('inventory:get-status', { workspaceIds: [WORKSPACE] });
    expect(after.workspaces[0]!.lastError).toMatchObject({ retryable: true });
    expect(after.workspaces[0]!.lastSyncedAt).toBe(before.workspaces[0]!.lastSyncedAt);
    const cached = await call<InventorySearchResult>('inventory:search-entries', { workspaceIds: [WORKSPACE], keyword: 'java' });
    expect(cached.groups.length).toBeGreaterThan(0);
  });
});
