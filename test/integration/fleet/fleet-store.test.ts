import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FleetQuery } from '../../../preload/contract/fleet';
import type { NodeUpsert } from '../../../main/fleet/fleet-repo';
import { createFleetStore } from '../../../main/fleet/fleet-store';
import { Store } from '../../../main/store/store';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-fleet-store-'));
  store = await Store.open({ file: join(dir, 'cache.db') });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function nodes(count: number, from = 0): NodeUpsert[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return {
      instanceId: `i-${i.toString(16).padStart(17, '0')}`,
      name: `web-prod-${i}`,
      computerName: `web${i}`,
      pingStatus: 'Online',
      lastPingAt: 1,
      platformType: 'Linux',
      platformName: 'Ubuntu',
      platformVersion: '22.04',
      agentVersion: '3.2.1.0',
      isLatestVersion: true,
      ipAddress: '10.0.0.1',
      resourceType: 'EC2Instance',
      accountId: '123456789012',
      region: 'eu-west-1',
      tags: [{ key: 'Role', value: 'web' }],
    };
  });
}

const query: FleetQuery = { workspaceIds: ['w'], filter: 'web-prod', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 100, includeVanished: false };

describe('fleet store', () => {
  it('answers grid reads before sync calls sent ahead of them that are still queued', async () => {
    const fleet = createFleetStore(store);
    await fleet.upsertNodes({ workspaceId: 'w', generation: 1, seenAt: 1, nodes: nodes(1000) });
    const order: string[] = [];
    const track = <T>(label: string, call: Promise<T>): Promise<T> =>
      call.then((value) => {
        order.push(label);
        return value;
      });
    const write = track('write', fleet.upsertNodes({ workspaceId: 'w', generation: 2, seenAt: 2, nodes: nodes(4000, 1000) }));
    const queued = track('sync bookkeeping', fleet.recordSyncError({ workspaceId: 'w', error: null }));
    const next = track('next generation', fleet.nextGeneration('w'));
    const page = track('grid query', fleet.listNodes(query));
    const summary = track('summary', fleet.summary(['w']));
    await Promise.all([write, queued, next, page, summary]);
    expect(order.filter((label) => label !== 'write')).toEqual(['grid query', 'summary', 'sync bookkeeping', 'next generation']);
    // The read saw the store before or after the whole write, never half of it.
    expect([1000, 5000]).toContain((await page).total);
    expect((await summary).online).toBe((await page).total);
  });
});
