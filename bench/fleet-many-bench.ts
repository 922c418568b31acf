import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { FleetQuery } from '../preload/contract/fleet';
import { createSsmClient } from '../main/aws/ssm-client-factory';
import { FleetService } from '../main/fleet/fleet-service';
import { createFleetStore } from '../main/fleet/fleet-store';
import { startSimulator } from '../main/simulator/server';
import { Store } from '../main/store/store';
import { info, percentile, under, type Metric } from './harness';

const PER_WORKSPACE = 2_500;
const REGIONS = ['eu-west-1', 'us-east-1'];
const ROUNDS = 25;
// What an operator types into the quick filter, one keystroke after another, with a sort picked.
const TYPED: Array<Pick<FleetQuery, 'filter' | 'sort'>> = [
  { filter: 'w', sort: { column: 'name', direction: 'asc' } },
  { filter: 'we', sort: { column: 'name', direction: 'asc' } },
  { filter: 'web', sort: { column: 'name', direction: 'asc' } },
  { filter: 'web platform:linux', sort: { column: 'account', direction: 'asc' } },
  { filter: 'ping:offline', sort: { column: 'region', direction: 'desc' } },
  { filter: 'prod', sort: { column: 'lastPing', direction: 'desc' } },
];

/**
 * The grid over 4 workspaces (2 training accounts × 2 regions, 2,500 nodes each), synced from the
 * simulator: one page of 200 through the store worker per keystroke, with a filter and a sort.
 */
export async function fleetManyMetrics(): Promise<Metric[]> {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-bench-fleet-many-'));
  const sim = await startSimulator({ nodes: PER_WORKSPACE, partitionNodes: PER_WORKSPACE, seed: 13, port: 0, region: REGIONS[0] });
  const store = await Store.open({ file: join(dir, 'cache.db') });
  const clients: SSMClient[] = [];
  const workspaces = sim.accounts.slice(0, 2).flatMap((account) =>
    REGIONS.map((region) => ({ id: `${account.accountId}:${region}`, accountId: account.accountId, region, credentials: account.credentials })),
  );
  const fleet = new FleetService({
    store: createFleetStore(store),
    clientFor: async (id) => {
      const w = workspaces.find((x) => x.id === id)!;
      const ssm = createSsmClient({ kind: 'training', endpoint: sim.endpoint, region: w.region, credentials: w.credentials });
      clients.push(ssm);
      return { ssm, accountId: w.accountId, region: w.region, endpoint: sim.endpoint };
    },
    events: { emit: () => {} },
  });
  try {
    const ids = workspaces.map((w) => w.id);
    const started = performance.now();
    for (const id of ids) fleet.refresh(id, 'operator');
    const ends = await Promise.all(ids.map((id) => fleet.settled(id)));
    const syncMs = performance.now() - started;
    const failed = ends.find((end) => end.phase !== 'succeeded');
    if (failed) throw new Error(`sync of ${failed.workspaceId} ended ${failed.phase}: ${failed.error?.message ?? ''}`);
    const times: number[] = [];
    let rows = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const typed of TYPED) {
        const t = performance.now();
        const page = await fleet.listNodes({ workspaceIds: ids, ...typed, offset: 0, limit: 200 });
        times.push(performance.now() - t);
        rows = Math.max(rows, page.total);
      }
    }
    const total = (await fleet.summary(ids)).total;
    return [
      info('4 workspaces: nodes in the grid', total, 'nodes'),
      info('4 workspaces: first sync of all four, wall time', syncMs, 'ms'),
      info('4 workspaces: keystroke to page, p50', percentile(times, 50), 'ms'),
      under('4 workspaces: keystroke to page (filter + sort), p95', percentile(times, 95), 'ms', 50),
      info('4 workspaces: largest match count typed', rows, 'rows'),
    ];
  } finally {
    await fleet.close();
    for (const ssm of clients) ssm.destroy();
    await store.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
