import { setImmediate as nextTask } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetPage, FleetSortColumn, MirrorOrder, MirrorPage, SyncState } from '../../../preload/contract/fleet';
import { MIRROR_PAGE_MAX } from '../../../preload/contract/fleet';
import { FleetMirrors } from '../../../renderer/src/features/fleet/fleet-mirrors';
import type { FleetParams } from '../../../renderer/src/features/fleet/fleet-queries';
import { startCore, type CoreUnderTest } from '../accounts/core-harness';

// The renderer's mirror against the real core: for every filter and sort it answers, the same rows
// and total as main's fleet:list-nodes, before and after the fleet changes under it.

const TRAINING = 'training';
const ALL = ['training', 'training:111122223333@us-east-1', 'training:444455556666@eu-west-1', 'training:444455556666@us-east-1'];
const FILTERS = ['', 'web', 'web-prod', 'ping:online', '-ping:online linux', 'tag:Environment=prod', 'platform:windows', 'name:db', '10.', 'ubuntu 22', 'zz-nothing-matches'];
const COLUMNS: FleetSortColumn[] = ['name', 'instanceId', 'pingStatus', 'platform', 'agentVersion', 'ipAddress', 'account', 'region', 'lastPing'];
const LIMIT = 120;

let t: CoreUnderTest | null = null;
let mirrors: FleetMirrors | null = null;
afterEach(async () => {
  mirrors?.stop();
  mirrors = null;
  await t?.close();
  t = null;
});

function mirrorsOf(core: CoreUnderTest): { mirrors: FleetMirrors; reads: () => number; serials: Set<number> } {
  let reads = 0;
  const serials = new Set<number>();
  const m = new FleetMirrors({
    readMirror: async (request) => {
      reads += 1;
      const page = await core.call<MirrorPage>('fleet:read-mirror', request);
      serials.add(page.serial);
      return page;
    },
    readMirrorOrder: (request) => core.call<MirrorOrder>('fleet:read-mirror-order', request),
    onNodesChanged: (listener) =>
      core.core.router.subscribe((channel, payload) => {
        if (channel === 'fleet:nodes-changed') listener(payload as { workspaceId: string });
      }),
    nextTask: () => nextTask(),
    after: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => performance.now(),
  });
  return { mirrors: m, reads: () => reads, serials };
}

async function mainPage(params: FleetParams, offset: number): Promise<FleetPage> {
  return t!.call<FleetPage>('fleet:list-nodes', { workspaceIds: [...params.workspaceIds], filter: params.filter, sort: params.sort, offset, limit: LIMIT });
}

/** Every filter in both directions at two offsets: the mirror answers, and as main does. */
async function expectSameAsMain(m: FleetMirrors, workspaceIds: string[], column: FleetSortColumn): Promise<void> {
  for (const filter of FILTERS) {
    for (const direction of ['asc', 'desc'] as const) {
      const params: FleetParams = { workspaceIds, filter, sort: { column, direction } };
      const first = await mainPage(params, 0);
      for (const offset of [0, Math.max(0, first.total - 50)]) {
        const mirrored = m.answer(params, offset, LIMIT);
        expect(mirrored, `${filter} by ${column} ${direction} from ${offset}`).not.toBeNull();
        expect(mirrored).toEqual(offset === 0 ? first : await mainPage(params, offset));
      }
    }
  }
}

describe("the renderer's mirror of the fleet grid", () => {
  it('answers every filter and sort as main does, and again after nodes changed, vanished and arrived', async () => {
    t = await startCore({ nodes: 2600 });
    await t.syncEnded(TRAINING);
    const { mirrors: m, reads, serials } = mirrorsOf(t);
    mirrors = m;
    m.watch([TRAINING], 'name');
    await m.settled();
    expect(m.lastFailure).toBeNull();
    expect(m.answers([TRAINING])).toBe(true);
    // 2,600 rows in the largest pages (a copy loading answers nothing), then (after the order) what changed meanwhile: nothing.
    expect(reads()).toBe(Math.ceil(2600 / MIRROR_PAGE_MAX) + 1);
    for (const column of COLUMNS) {
      m.watch([TRAINING], column);
      await m.settled();
      await expectSameAsMain(m, [TRAINING], column);
    }
    // Inventory terms and text main refuses are main's to answer (and to word the error of).
    expect(m.answer({ workspaceIds: [TRAINING], filter: 'app:openssl', sort: { column: 'lastPing', direction: 'asc' } }, 0, LIMIT)).toBeNull();
    expect(m.answer({ workspaceIds: [TRAINING], filter: 'colour:red', sort: { column: 'lastPing', direction: 'asc' } }, 0, LIMIT)).toBeNull();
    // Another set of workspaces: main answers. A sort watched a moment ago: its order is still held.
    expect(m.answer({ workspaceIds: ALL, filter: '', sort: { column: 'lastPing', direction: 'asc' } }, 0, LIMIT)).toBeNull();
    expect(m.answer({ workspaceIds: [TRAINING], filter: '', sort: { column: 'region', direction: 'asc' } }, 0, LIMIT)).not.toBeNull();

    // The fleet changes: pings, tags, a node removed (its row vanishes: main rebuilds its cache).
    const sim = (await t.core.trainingFleet())!;
    const nodes = sim.nodes.slice(0, 40);
    nodes.slice(0, 20).forEach((n) => sim.setNodePing(n.InstanceId, n.info.PingStatus === 'Online' ? 'ConnectionLost' : 'Online'));
    // EC2 nodes: an operator refresh reads their tags again (AWS:Tag inventory); a hybrid node's
    // ListTagsForResource waits until its tags are half an hour old.
    const retagged = sim.nodes.filter((n) => n.InstanceId.startsWith('i-')).slice(0, 19);
    retagged.forEach((n) => sim.setNodeTags(n.InstanceId, [{ Key: 'Name', Value: `web-prod-moved-${n.InstanceId}` }, { Key: 'Environment', Value: 'prod' }]));
    sim.removeNode(nodes[39]!.InstanceId);
    m.watch([TRAINING], 'name');
    const ended = t.next<SyncState>('fleet:sync-progressed', (s) => s.workspaceId === TRAINING && s.phase !== 'running');
    await t.call('fleet:refresh-nodes', { workspaceIds: [TRAINING] });
    expect((await ended).phase).toBe('succeeded');
    await m.settled();
    expect(m.lastFailure).toBeNull();
    // The vanished node made main read its cache again: the copy was read again from scratch.
    expect(serials.size).toBe(2);
    await expectSameAsMain(m, [TRAINING], 'name');
    const moved = m.answer({ workspaceIds: [TRAINING], filter: 'web-prod-moved', sort: { column: 'name', direction: 'asc' } }, 0, LIMIT);
    expect(moved?.total).toBe(retagged.length);
    expect(retagged.length).toBe(19);
  });

  it('answers a grid of four workspaces as main merges them', async () => {
    t = await startCore({ nodes: 300 });
    await t.syncEnded(TRAINING);
    await t.call('workspaces:watch-workspaces', { ids: ALL });
    await Promise.all(ALL.map((id) => t!.syncEnded(id)));
    const { mirrors: m } = mirrorsOf(t);
    mirrors = m;
    for (const column of ['name', 'agentVersion', 'account'] as const) {
      m.watch(ALL, column);
      await m.settled();
      expect(m.lastFailure).toBeNull();
      await expectSameAsMain(m, ALL, column);
    }
    // Down to one of them: its copy answers at once, from the order read for the smaller set.
    m.watch([TRAINING], 'name');
    await m.settled();
    expect(m.answers([TRAINING])).toBe(true);
    await expectSameAsMain(m, [TRAINING], 'name');
  });
});
