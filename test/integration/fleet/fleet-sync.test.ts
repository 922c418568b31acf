import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FleetQuery, SyncState } from '../../../preload/contract/fleet';
import { createSsmClient } from '../../../main/aws/ssm-client-factory';
import { FleetService } from '../../../main/fleet/fleet-service';
import { createFleetStore } from '../../../main/fleet/fleet-store';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server';
import { Store } from '../../../main/store/store';

let dir: string;
let sim: RunningSimulator;
let store: Store;
let fleet: FleetService;
let events: Array<[string, unknown]>;
let clock: number;

async function setup(nodes: number, options: { endpoint?: string } = {}): Promise<void> {
  sim = await startSimulator({ nodes, seed: 5, port: 0 });
  store = await Store.open({ file: join(dir, 'cache.db') });
  const endpoint = options.endpoint ?? sim.endpoint;
  // Few attempts so a forced failure surfaces quickly; throttling tests force fewer errors than this.
  const ssm = createSsmClient({ kind: 'training', endpoint, region: sim.region, credentials: sim.credentials }, { maxAttempts: 3 });
  fleet = new FleetService({
    store: createFleetStore(store),
    clientFor: async () => ({ ssm, accountId: sim.accountId, region: sim.region, endpoint }),
    events: { emit: (channel, payload) => events.push([channel, payload]) },
    now: () => clock,
    progressIntervalMs: 0,
  });
}

async function syncOnce(): Promise<SyncState> {
  fleet.refresh('training', 'operator');
  return fleet.settled('training');
}

const query: FleetQuery = { workspaceIds: ['training'], filter: '', sort: { column: 'instanceId', direction: 'asc' }, offset: 0, limit: 1000, includeVanished: false };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-fleet-'));
  events = [];
  clock = Date.UTC(2026, 10, 26, 12);
});

afterEach(async () => {
  await fleet?.close();
  await store?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('fleet sync against the training fleet', () => {
  it('stores every node once with ceil(N/50) DescribeInstanceInformation calls', async () => {
    await setup(537);
    const end = await syncOnce();
    expect(end).toMatchObject({ phase: 'succeeded', nodesSeen: 537, pagesDone: 11 });
    expect(sim.calls.count('DescribeInstanceInformation')).toBe(Math.ceil(537 / 50));
    const page = await fleet.listNodes(query);
    expect(page.total).toBe(537);
    expect(new Set(page.rows.map((r) => r.instanceId)).size).toBe(537);
    const summary = await fleet.summary(['training']);
    expect(summary.online + summary.connectionLost + summary.inactive).toBe(537);
    expect(summary.lastSyncedAt).toBe(clock);
    expect(events.some(([channel]) => channel === 'fleet:nodes-changed')).toBe(true);
  });

  it('reads tags: EC2 from the AWS:Tag inventory, hybrid nodes from ListTagsForResource', async () => {
    await setup(120);
    await syncOnce();
    const { rows } = await fleet.listNodes(query);
    const ec2 = rows.find((r) => r.instanceId.startsWith('i-') && r.tags.length > 0);
    const hybrid = rows.find((r) => r.instanceId.startsWith('mi-') && r.tags.length > 0);
    expect(ec2?.tags.map((t) => t.key)).toContain('Environment');
    expect(hybrid?.tags.length).toBeGreaterThan(0);
    const hybridCount = rows.filter((r) => r.instanceId.startsWith('mi-')).length;
    expect(sim.calls.count('ListTagsForResource')).toBe(hybridCount);
    // Names come from the Name tag for EC2 nodes.
    expect(ec2?.name).toBe(ec2?.tags.find((t) => t.key === 'Name')?.value);
  });

  it('marks nodes that disappeared as vanished and hides them, and brings them back when seen again', async () => {
    await setup(60);
    await syncOnce();
    const gone = sim.nodes[3]?.InstanceId as string;
    sim.removeNode(gone);
    clock += 60_000;
    await syncOnce();
    const visible = await fleet.listNodes(query);
    expect(visible.total).toBe(59);
    expect(visible.rows.some((r) => r.instanceId === gone)).toBe(false);
    const all = await fleet.listNodes({ ...query, includeVanished: true });
    expect(all.rows.find((r) => r.instanceId === gone)?.vanishedAt).toBe(clock);
    expect((await fleet.summary(['training'])).vanished).toBe(1);
  });

  it('rides out throttling with retries and still stores everything', async () => {
    await setup(200);
    sim.faults.throttleNext(2, 'DescribeInstanceInformation');
    const end = await syncOnce();
    expect(end.phase).toBe('succeeded');
    expect((await fleet.listNodes(query)).total).toBe(200);
  });

  it('keeps the cached fleet and reports the AWS code when the API keeps failing', async () => {
    await setup(100);
    await syncOnce();
    sim.faults.failNext(50, 'DescribeInstanceInformation');
    clock += 60_000;
    const end = await syncOnce();
    expect(end.phase).toBe('failed');
    expect(end.error).toMatchObject({ code: 'InternalServerError', awsOperation: 'DescribeInstanceInformation', retryable: true });
    // Nothing cached is lost, and nothing is marked vanished by a failed listing.
    expect((await fleet.listNodes(query)).total).toBe(100);
    expect((await fleet.summary(['training'])).vanished).toBe(0);
  });

  it('says which endpoint could not be reached', async () => {
    await setup(10, { endpoint: 'http://127.0.0.1:9' });
    const end = await syncOnce();
    expect(end.phase).toBe('failed');
    expect(end.error).toMatchObject({ code: 'EndpointUnreachable', kind: 'network' });
    expect(end.error?.message).toContain('127.0.0.1:9');
  });

  it('stops on cancel without declaring unread nodes vanished', async () => {
    await setup(2000);
    await syncOnce();
    sim.faults.setLatency(20);
    clock += 60_000;
    const started = fleet.refresh('training', 'operator');
    expect(started.phase).toBe('running');
    // Cancel once the first page has landed.
    await expect.poll(() => fleet.syncState('training').pagesDone, { timeout: 10_000 }).toBeGreaterThan(0);
    fleet.cancel('training');
    const end = await fleet.settled('training');
    expect(end.phase).toBe('cancelled');
    expect(end.error).toBeNull();
    expect((await fleet.summary(['training'])).vanished).toBe(0);
    expect((await fleet.listNodes(query)).total).toBe(2000);
  });

  it('joins a running sync instead of starting a second one', async () => {
    await setup(300);
    const first = fleet.refresh('training');
    const second = fleet.refresh('training');
    expect(second.operationId).toBe(first.operationId);
    await fleet.settled('training');
    expect(sim.calls.count('DescribeInstanceInformation')).toBe(6);
  });
});
