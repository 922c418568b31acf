import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createSsmClient } from '../main/aws/ssm-client-factory';
import { FleetService, type FleetStore } from '../main/fleet/fleet-service';
import { createFleetStore } from '../main/fleet/fleet-store';
import { startSimulator } from '../main/simulator/server';
import { Store } from '../main/store/store';
import { fleetManyMetrics } from './fleet-many-bench';
import { atMost, exactly, info, under, type Metric } from './harness';

const NODES = 10_000;

/**
 * A 10,000-node sync: API calls against ceil(N/50), wall time, time spent writing the store; then
 * the grid over four workspaces (see fleet-many-bench).
 */
export async function fleetBench(): Promise<Metric[]> {
  return [...(await syncBench()), ...(await fleetManyMetrics())];
}

async function syncBench(): Promise<Metric[]> {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-bench-fleet-'));
  const sim = await startSimulator({ nodes: NODES, seed: 11, port: 0 });
  const store = await Store.open({ file: join(dir, 'cache.db') });
  const ssm = createSsmClient({ kind: 'training', endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials });
  try {
    let writeMs = 0;
    const timed = createFleetStore(store);
    const measured: FleetStore = {
      ...timed,
      upsertNodes: async (params) => {
        const t = performance.now();
        await timed.upsertNodes(params);
        writeMs += performance.now() - t;
      },
      finishSync: async (params) => {
        const t = performance.now();
        const result = await timed.finishSync(params);
        writeMs += performance.now() - t;
        return result;
      },
    };
    const fleet = new FleetService({
      store: measured,
      clientFor: async () => ({ ssm, accountId: sim.accountId, region: sim.region, endpoint: sim.endpoint }),
      events: { emit: () => {} },
      // Tags are measured apart: this figure is the node listing the budget speaks of.
      tagsMaxAgeMs: Number.MAX_SAFE_INTEGER,
    });
    const loop = monitorEventLoopDelay({ resolution: 10 });
    sim.calls.reset();
    loop.enable();
    const started = performance.now();
    fleet.refresh('training', 'timer');
    const end = await fleet.settled('training');
    const wallMs = performance.now() - started;
    loop.disable();
    if (end.phase !== 'succeeded') throw new Error(`sync ended ${end.phase}: ${end.error?.message ?? ''}`);
    const describeCalls = sim.calls.count('DescribeInstanceInformation');
    const stored = await fleet.summary(['training']);
    await fleet.close();

    // Tags pass alone, for the record: EC2 via GetInventory pages, hybrid nodes one call each.
    sim.calls.reset();
    const tagged = new FleetService({
      store: timed,
      clientFor: async () => ({ ssm, accountId: sim.accountId, region: sim.region }),
      events: { emit: () => {} },
    });
    const tagStart = performance.now();
    tagged.refresh('training', 'operator');
    await tagged.settled('training');
    const tagMs = performance.now() - tagStart;
    const inventoryCalls = sim.calls.count('GetInventory');
    const tagCalls = sim.calls.count('ListTagsForResource');
    await tagged.close();

    return [
      atMost('DescribeInstanceInformation calls', describeCalls, 'calls', Math.ceil(NODES / 50)),
      exactly('nodes stored', stored.total, 'nodes', NODES),
      under('store write time (upserts + finish)', writeMs, 'ms', 1000),
      info('sync wall time, 10,000 nodes', wallMs, 'ms'),
      under('main event loop, longest block during sync', loop.max / 1e6, 'ms', 50),
      info('tags pass: GetInventory calls', inventoryCalls, 'calls'),
      info('tags pass: ListTagsForResource calls (hybrid nodes)', tagCalls, 'calls'),
      info('sync with tags pass, wall time', tagMs, 'ms'),
    ];
  } finally {
    ssm.destroy();
    await store.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
