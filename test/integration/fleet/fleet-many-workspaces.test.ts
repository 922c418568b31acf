import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FleetNode, FleetQuery, SyncState } from '../../../preload/contract/fleet';
import { createSsmClient } from '../../../main/aws/ssm-client-factory';
import { compareCodePoints } from '../../../main/fleet/fleet-list-cache';
import { FleetService, type WorkspaceClient } from '../../../main/fleet/fleet-service';
import { createFleetStore } from '../../../main/fleet/fleet-store';
import type { PartitionView } from '../../../main/simulator/partition';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server';
import type { SimulatorCredentials } from '../../../main/simulator/identity/training-accounts';
import { Store } from '../../../main/store/store';

// Two workspaces in one grid, as an operator watching two accounts in two regions sees them: the
// simulator's primary partition (its first account, eu-west-1) and its second account in us-east-1.
const OPS = 'training-ops';
const PAY = 'training-payments-us';
const PAY_REGION = 'us-east-1';
// A third workspace whose SSO session has run out: its credential provider refuses before any call.
const EXPIRED = 'sso-expired';

let dir: string;
let sim: RunningSimulator;
let payments: PartitionView;
let store: Store;
let fleet: FleetService;
const clients: SSMClient[] = [];
const events: Array<{ channel: string; payload: unknown }> = [];
const waiters: Array<() => void> = [];
let payCredentials: SimulatorCredentials;
let clientFor: (workspaceId: string) => Promise<WorkspaceClient>;

function service(refreshIntervalMs?: number): FleetService {
  return new FleetService({
    store: createFleetStore(store),
    clientFor: (id) => clientFor(id),
    events: {
      emit: (channel, payload) => {
        events.push({ channel, payload });
        for (const wake of waiters.splice(0)) wake();
      },
    },
    progressIntervalMs: 0,
    ...(refreshIntervalMs ? { refreshIntervalMs } : {}),
  });
}

function client(credentials: SimulatorCredentials, region: string): SSMClient {
  const ssm = createSsmClient({ kind: 'training', endpoint: sim.endpoint, region, credentials }, { maxAttempts: 2 });
  clients.push(ssm);
  return ssm;
}

/** Resolves with the first event (from `since` on) the predicate accepts. */
function nextEvent<T>(since: number, accept: (channel: string, payload: unknown) => T | undefined): Promise<T> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      for (const e of events.slice(since)) {
        const found = accept(e.channel, e.payload);
        if (found !== undefined) {
          resolve(found);
          return true;
        }
      }
      return false;
    };
    if (check()) return;
    waiters.push(function retry() {
      if (!check()) waiters.push(retry);
    });
  });
}

const syncEnded = (workspaceId: string, phase: SyncState['phase']) => (channel: string, payload: unknown) => {
  const state = payload as SyncState;
  return channel === 'fleet:sync-progressed' && state.workspaceId === workspaceId && state.phase === phase ? state : undefined;
};

function query(fields: Partial<FleetQuery> = {}): FleetQuery {
  return { workspaceIds: [OPS, PAY], filter: '', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 1000, includeVanished: false, ...fields };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-fleet-many-'));
  sim = await startSimulator({ nodes: 150, partitionNodes: 90, seed: 7, port: 0 });
  const second = sim.accounts.find((a) => a.accountId !== sim.accountId)!;
  payments = sim.partition(second.accountId, PAY_REGION);
  payCredentials = second.credentials;
  store = await Store.open({ file: join(dir, 'cache.db') });
  const ops: WorkspaceClient = { ssm: client(sim.credentials, sim.region), accountId: sim.accountId, region: sim.region, endpoint: sim.endpoint };
  // The payments workspace reads its credentials at every sync, so a test can revoke them.
  const expired = new SSMClient({
    region: 'eu-central-1',
    endpoint: sim.endpoint,
    credentials: async () => {
      throw Object.assign(new Error('The SSO session associated with this profile has expired'), { name: 'CredentialsProviderError' });
    },
  });
  clients.push(expired);
  clientFor = async (id) => {
    if (id === OPS) return ops;
    if (id === EXPIRED) return { ssm: expired, accountId: '', region: 'eu-central-1' };
    return { ssm: client(payCredentials, PAY_REGION), accountId: second.accountId, region: PAY_REGION, endpoint: sim.endpoint };
  };
  fleet = service();
  for (const id of [OPS, PAY]) fleet.refresh(id, 'operator');
  const ends = await Promise.all([fleet.settled(OPS), fleet.settled(PAY)]);
  expect(ends.map((s) => s.phase)).toEqual(['succeeded', 'succeeded']);
}, 60_000);

afterAll(async () => {
  await fleet?.close();
  await store?.close();
  for (const ssm of clients) ssm.destroy();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (nodes: ReadonlyArray<{ info: { PlatformType?: string; PingStatus?: string } }>, test: (info: { PlatformType?: string; PingStatus?: string }) => boolean): number =>
  nodes.filter((n) => test(n.info)).length;

describe('the fleet grid over two accounts in two regions', () => {
  it('lists both workspaces: every node once, with its own account and region; the total is their sum', async () => {
    const page = await fleet.listNodes(query());
    expect(page.total).toBe(sim.nodes.length + payments.nodes.length);
    expect(new Set(page.rows.map((r) => `${r.workspaceId}/${r.instanceId}`)).size).toBe(page.total);
    const where = new Set(page.rows.map((r) => `${r.workspaceId} ${r.accountId} ${r.region}`));
    expect([...where].sort()).toEqual([`${OPS} ${sim.accountId} ${sim.region}`, `${PAY} ${payments.accountId} ${PAY_REGION}`].sort());
  });

  it('sorts by account (then region), and by region (then account), both ways', async () => {
    const opsFirst = sim.accountId < payments.accountId;
    const byAccount = (await fleet.listNodes(query({ sort: { column: 'account', direction: 'asc' } }))).rows;
    const firstBlock = opsFirst ? sim.nodes.length : payments.nodes.length;
    expect(new Set(byAccount.slice(0, firstBlock).map((r) => r.workspaceId))).toEqual(new Set([opsFirst ? OPS : PAY]));
    const desc = (await fleet.listNodes(query({ sort: { column: 'account', direction: 'desc' } }))).rows;
    expect(desc.map((r) => r.instanceId)).toEqual([...byAccount].reverse().map((r) => r.instanceId));
    const byRegion = (await fleet.listNodes(query({ sort: { column: 'region', direction: 'asc' } }))).rows;
    // eu-west-1 (the operations account) before us-east-1 (payments).
    expect(byRegion[0]!.region).toBe(sim.region);
    expect(byRegion.at(-1)!.region).toBe(PAY_REGION);
    // Within one workspace, ties by instance id.
    const ops = byRegion.filter((r) => r.workspaceId === OPS).map((r) => r.instanceId);
    expect(ops).toEqual([...ops].sort(compareCodePoints));
  });

  it('sorts by name across both, interleaving them, ties by instance id then workspace', async () => {
    const rows = (await fleet.listNodes(query())).rows;
    const key = (r: FleetNode): string[] => [r.name.replace(/[A-Z]/g, (c) => c.toLowerCase()), r.instanceId, r.workspaceId];
    for (let i = 1; i < rows.length; i += 1) {
      const [a, b] = [key(rows[i - 1]!), key(rows[i]!)];
      const order = compareCodePoints(a[0]!, b[0]!) || compareCodePoints(a[1]!, b[1]!) || compareCodePoints(a[2]!, b[2]!);
      expect(order, `${a.join(' ')} before ${b.join(' ')}`).toBeLessThan(0);
    }
    // Interleaved: the workspace changes many times down the list, not once.
    const switches = rows.filter((r, i) => i > 0 && r.workspaceId !== rows[i - 1]!.workspaceId).length;
    expect(switches).toBeGreaterThan(10);
  });

  it('filters both by platform:, ping: and free text, counting what the two fleets hold', async () => {
    const windows = await fleet.listNodes(query({ filter: 'platform:windows' }));
    const expectedWindows = count(sim.nodes, (i) => i.PlatformType === 'Windows') + count(payments.nodes, (i) => i.PlatformType === 'Windows');
    expect(windows.total).toBe(expectedWindows);
    expect(windows.rows.every((r) => r.platformType === 'Windows')).toBe(true);
    expect(new Set(windows.rows.map((r) => r.workspaceId)).size).toBe(2);

    const online = await fleet.listNodes(query({ filter: 'ping:online', sort: { column: 'account', direction: 'asc' } }));
    expect(online.total).toBe(count(sim.nodes, (i) => i.PingStatus === 'Online') + count(payments.nodes, (i) => i.PingStatus === 'Online'));

    // Free text: the name of one payments node finds it (and whatever else holds the same text).
    const target = (await fleet.listNodes(query({ workspaceIds: [PAY], limit: 1, sort: { column: 'instanceId', direction: 'desc' } }))).rows[0]!;
    const found = await fleet.listNodes(query({ filter: target.instanceId }));
    expect(found.rows.map((r) => [r.workspaceId, r.instanceId])).toEqual([[PAY, target.instanceId]]);
    // A field term limits to one account, a negated one to the other.
    const onlyPay = await fleet.listNodes(query({ filter: `account:${payments.accountId}` }));
    expect(onlyPay.total).toBe(payments.nodes.length);
    expect((await fleet.listNodes(query({ filter: `-account:${payments.accountId}` }))).total).toBe(sim.nodes.length);
  });

  it('pages the combined list without gaps or repeats', async () => {
    const whole = await fleet.listNodes(query({ filter: 'ping:online' }));
    const windows = [];
    for (let offset = 0; offset < whole.total; offset += 40) windows.push(await fleet.listNodes(query({ filter: 'ping:online', offset, limit: 40 })));
    expect(windows.flatMap((w) => w.rows.map((r) => r.instanceId + r.workspaceId))).toEqual(whole.rows.map((r) => r.instanceId + r.workspaceId));
    expect(windows.every((w) => w.total === whole.total)).toBe(true);
  });

  it('sums the summary over both, with each one’s sync state in the order asked', async () => {
    const summary = await fleet.summary([PAY, OPS]);
    expect(summary.total).toBe(sim.nodes.length + payments.nodes.length);
    expect(summary.online + summary.connectionLost + summary.inactive).toBe(summary.total);
    expect(summary.online).toBe(count(sim.nodes, (i) => i.PingStatus === 'Online') + count(payments.nodes, (i) => i.PingStatus === 'Online'));
    expect(summary.syncs.map((s) => [s.workspaceId, s.phase])).toEqual([
      [PAY, 'succeeded'],
      [OPS, 'succeeded'],
    ]);
    const each = await Promise.all([fleet.summary([OPS]), fleet.summary([PAY])]);
    expect(summary.lastSyncedAt).toBe(Math.min(...each.map((s) => s.lastSyncedAt!)));
  });

  it('keeps listing and re-syncing one workspace while the others’ credentials are refused or expired, and says why', async () => {
    const before = await fleet.listNodes(query());
    // The payments key is revoked (a wrong secret): its next sync fails at the first call.
    payCredentials = { accessKeyId: payCredentials.accessKeyId, secretAccessKey: 'not-the-secret' };
    sim.nodes.slice(0, 3).forEach((n) => sim.setNodePing(n.InstanceId, 'ConnectionLost'));
    const since = events.length;
    const failed = nextEvent(since, syncEnded(PAY, 'failed'));
    const expiredEnd = nextEvent(since, syncEnded(EXPIRED, 'failed'));
    const succeeded = nextEvent(since, syncEnded(OPS, 'succeeded'));
    // One timer re-syncs both: its interval is made to pass once, so exactly one round runs.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const watcher = service(60_000);
    try {
      watcher.watch([OPS, PAY, EXPIRED]);
      vi.advanceTimersByTime(60_000);
    } finally {
      vi.useRealTimers();
    }
    const [payEnd, , noCredentials] = await Promise.all([failed, succeeded, expiredEnd]);
    const summary = await watcher.summary([OPS, PAY, EXPIRED]);
    await watcher.close();
    expect(payEnd.error).toMatchObject({ code: 'InvalidSignatureException', awsOperation: 'DescribeInstanceInformation' });
    expect(payEnd.error?.hint).toMatch(/secret key does not match/);

    // The payments nodes stay listed as last seen; the operations nodes show the new ping states.
    const after = await fleet.listNodes(query());
    expect(after.total).toBe(before.total);
    expect(after.rows.filter((r) => r.workspaceId === PAY)).toEqual(before.rows.filter((r) => r.workspaceId === PAY));
    const lost = await fleet.listNodes(query({ filter: `ping:connectionlost`, workspaceIds: [OPS] }));
    expect(sim.nodes.slice(0, 3).every((n) => lost.rows.some((r) => r.instanceId === n.InstanceId))).toBe(true);
    expect(summary.syncs.map((s) => s.phase)).toEqual(['succeeded', 'failed', 'failed']);
    expect(summary.syncs[1]!.error?.code).toBe('InvalidSignatureException');
    expect(noCredentials.error).toMatchObject({ code: 'CredentialsUnavailable', kind: 'credentials' });
    expect(noCredentials.error?.message).toContain('SSO session associated with this profile has expired');
    expect(summary.total).toBe(before.total);
  });
});
