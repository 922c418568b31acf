// By-hand timing check for the grid's hot path (not a test: timings depend on the machine).
// Fills a cache with 100,000 nodes, then times fleet.listNodes through the Store worker (the
// round trip included) for typical quick-filter keystrokes, a page of 200 each, and the same
// calls made directly on a connection in this thread (the SQL alone). With a workspace count, the
// nodes are spread over that many workspaces (accounts × regions) and every query asks for all of
// them, as the grid does when an operator watches several; the last row times a keystroke right
// after a sync wrote to one of them (the merged sort order is rebuilt then).
//   node --import tsx test/integration/store/list-nodes-timing.ts [nodes] [workspaces]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fleetRepo } from '../../../main/fleet/fleet-repo';
import type { NodeUpsert } from '../../../main/fleet/fleet-repo';
import { openDatabase } from '../../../main/store/open-database';
import { Store } from '../../../main/store/store';
import type { FleetQuery, FleetSortColumn } from '../../../preload/contract/fleet';

const count = Number(process.argv[2] ?? 100_000);
const workspaceCount = Number(process.argv[3] ?? 1);
const workspaceIds = Array.from({ length: workspaceCount }, (_, w) => (workspaceCount === 1 ? 'timing' : `timing-${w}`));
const workspaceOf = (i: number): number => i % workspaceCount;
const dir = mkdtempSync(join(tmpdir(), 'capstan-list-timing-'));
const file = join(dir, 'cache.db');

function fleet(): NodeUpsert[] {
  const roles = ['web', 'db', 'cache', 'queue', 'batch', 'api'];
  const envs = ['prod', 'staging', 'dev', 'test'];
  const pings = ['Online', 'Online', 'Online', 'ConnectionLost', 'Inactive'] as const;
  // mulberry32: a small seeded generator, so every run times the same fleet.
  let seed = 42;
  const pick = (n: number): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
  return Array.from({ length: count }, (_, i) => {
    const role = roles[pick(roles.length)]!;
    const env = envs[pick(envs.length)]!;
    const linux = pick(3) > 0;
    return {
      instanceId: `${i % 5 === 0 ? 'mi-' : 'i-'}${i.toString(16).padStart(17, '0')}`,
      name: `${role}-${env}-${String(i).padStart(5, '0')}`,
      computerName: `${role}${i}.corp.example.com`,
      pingStatus: pings[pick(pings.length)]!,
      lastPingAt: 1_700_000_000_000 + pick(1e9),
      platformType: linux ? 'Linux' : 'Windows',
      platformName: linux ? ['Ubuntu', 'Amazon Linux', 'Red Hat Enterprise Linux'][pick(3)]! : 'Microsoft Windows Server 2022 Datacenter',
      platformVersion: linux ? '22.04' : '10.0.20348',
      agentVersion: `3.${pick(4)}.${pick(2000)}.0`,
      isLatestVersion: pick(2) === 0,
      ipAddress: `10.${pick(256)}.${pick(256)}.${pick(256)}`,
      resourceType: i % 5 === 0 ? 'ManagedInstance' : 'EC2Instance',
      accountId: String(123456789012 + Math.floor(workspaceOf(i) / 2)),
      region: workspaceOf(i) % 2 ? 'us-east-1' : 'eu-west-1',
      tags: [
        { key: 'Environment', value: env },
        { key: 'Team', value: `team-${pick(20)}` },
        { key: 'Role', value: role },
      ],
    };
  });
}

const query = (filter: string, column: FleetSortColumn = 'name', offset = 0): FleetQuery => ({
  workspaceIds,
  filter,
  sort: { column, direction: 'asc' },
  offset,
  limit: 200,
});

const cases: Array<[string, FleetQuery]> = [
  ['no filter', query('')],
  ['no filter, offset 50,000', query('', 'name', 50_000)],
  ['"prod" (1 in 4, spread out)', query('prod')],
  ['"web" (1 in 6, last by name)', query('web')],
  ['"web prod"', query('web prod')],
  ['"zzz" (no match)', query('zzz')],
  ['"web" sorted by IP', query('web', 'ipAddress')],
  ['"ubuntu" sorted by last ping', query('ubuntu', 'lastPing')],
  ['ping:offline tag:Role=db', query('ping:offline tag:Role=db')],
  ['name:db platform:windows', query('name:db platform:windows')],
  ['"web" offset 10,000', query('web', 'name', 10_000)],
  ['"web prod" sorted by account', query('web prod', 'account')],
];

async function timed(call: () => unknown): Promise<number[]> {
  await call();
  const times: number[] = [];
  for (let i = 0; i < 25; i += 1) {
    const t = performance.now();
    await call();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

try {
  const started = performance.now();
  const { db } = openDatabase({ file, openedAt: Date.now() });
  const nodes = fleet();
  workspaceIds.forEach((workspaceId, w) => {
    const own = nodes.filter((_, i) => workspaceOf(i) === w);
    for (let i = 0; i < own.length; i += 1000) fleetRepo.upsertNodes(db, { workspaceId, generation: 1, seenAt: 1, nodes: own.slice(i, i + 1000) });
  });
  console.log(`filled ${count} nodes in ${workspaceCount} workspace(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const store = await Store.open({ file });
  try {
    console.log(`${''.padEnd(32)} ${'matches'.padStart(7)}   via Store worker: min / median / p90   in this thread: min / median`);
    for (const [label, q] of cases) {
      const total = fleetRepo.listNodes(db, q).total;
      const worker = await timed(() => store.run('fleet', 'listNodes', q));
      const direct = await timed(() => fleetRepo.listNodes(db, q));
      const ms = (n: number | undefined): string => (n ?? NaN).toFixed(1).padStart(5);
      console.log(
        `${label.padEnd(32)} ${String(total).padStart(7)}   ${ms(worker[0])} / ${ms(worker[12])} / ${ms(worker[22])} ms` +
          `              ${ms(direct[0])} / ${ms(direct[12])} ms`,
      );
    }
    // A keystroke right after a sync page renamed nodes of one workspace: its caches patch, and the
    // merged order (several workspaces) is made again from theirs.
    const renamed = nodes.filter((_, i) => workspaceOf(i) === 0).slice(0, 50);
    let round = 0;
    const afterWrite: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      round += 1;
      const page = renamed.map((n) => ({ ...n, name: `${n.name}-r${round}` }));
      await store.run('fleet', 'upsertNodes', { workspaceId: workspaceIds[0]!, generation: 1, seenAt: 2, nodes: page });
      const t = performance.now();
      await store.run('fleet', 'listNodes', query('web prod'));
      afterWrite.push(performance.now() - t);
    }
    afterWrite.sort((a, b) => a - b);
    const ms = (n: number | undefined): string => (n ?? NaN).toFixed(1).padStart(5);
    console.log(`${'"web prod" after a 50-node write'.padEnd(32)} ${''.padStart(7)}   ${ms(afterWrite[0])} / ${ms(afterWrite[12])} / ${ms(afterWrite[22])} ms`);
  } finally {
    await store.close();
    db.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
