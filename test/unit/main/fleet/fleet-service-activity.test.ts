import type { SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FleetQuery } from '../../../../preload/contract/fleet';
import { FleetService, type FleetStore } from '../../../../main/fleet/fleet-service';
import { OperatorActivity } from '../../../../main/fleet/operator-activity';

const query = (filter: string, offset = 0): FleetQuery => ({
  workspaceIds: ['training'],
  filter,
  sort: { column: 'name', direction: 'asc' },
  offset,
  limit: 100,
  includeVanished: false,
});

function fakeStore(): FleetStore {
  return {
    nextGeneration: async () => 1,
    upsertNodes: async () => undefined,
    setTags: async () => undefined,
    nodesNeedingTags: async () => [],
    finishSync: async () => ({ vanished: 0 }),
    recordSyncError: async () => undefined,
    listNodes: async (q: FleetQuery) => ({ rows: [], total: 0, offset: q.offset }),
    summary: async () => ({ total: 0, online: 0, connectionLost: 0, inactive: 0, vanished: 0, lastSyncedAt: null }),
  } as unknown as FleetStore;
}

/** A fleet service whose SSM client answers every call with an empty page, and that client's send. */
function syncingFleet() {
  const send = vi.fn(async () => ({ InstanceInformationList: [], NextToken: undefined }));
  const client = { ssm: { send } as unknown as SSMClient, accountId: '111122223333', region: 'eu-west-1' };
  const fleet = new FleetService({
    store: fakeStore(),
    clientFor: async () => client,
    events: { emit: () => undefined },
    operatorActivity: new OperatorActivity({ quietMs: 300, now: () => Date.now() }),
  });
  return { fleet, send };
}

describe('FleetService and the operator at the keyboard', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('counts a new filter or sort as the operator at work, and a re-read of the same rows not', async () => {
    const activity = new OperatorActivity({ now: () => Date.now() });
    const touch = vi.spyOn(activity, 'touch');
    const fleet = new FleetService({ store: fakeStore(), clientFor: async () => ({}) as never, events: { emit: () => undefined }, operatorActivity: activity });
    await fleet.listNodes(query('w'));
    await fleet.listNodes(query('we'));
    // The same filter again (the grid re-reading after a sync wrote), and a window further down.
    await fleet.listNodes(query('we'));
    await fleet.listNodes(query('we', 100));
    await fleet.listNodes({ ...query('we'), sort: { column: 'name', direction: 'desc' } });
    expect(touch).toHaveBeenCalledTimes(3);
  });

  it('holds a sync’s next SSM call while the operator types into the mirror, which asks main for no rows', async () => {
    const { fleet, send } = syncingFleet();
    fleet.noteTyping();
    fleet.refresh('training');
    await vi.advanceTimersByTimeAsync(200);
    expect(send).not.toHaveBeenCalled();
    fleet.noteTyping();
    await vi.advanceTimersByTimeAsync(250);
    expect(send).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(100);
    // The listing, then (nothing listed, operator still) the tag pass goes on at once.
    expect(send).toHaveBeenCalled();
    await fleet.close();
  });

  it('holds a sync’s next SSM call while the operator types, and sends it once they stop', async () => {
    const { fleet, send } = syncingFleet();
    await fleet.listNodes(query('web'));
    fleet.refresh('training');
    await vi.advanceTimersByTimeAsync(200);
    expect(send).not.toHaveBeenCalled();
    await fleet.listNodes(query('web-'));
    await vi.advanceTimersByTimeAsync(250);
    expect(send).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(100);
    // The listing, then (nothing listed, operator still) the tag pass goes on at once.
    expect(send).toHaveBeenCalled();
    await fleet.close();
  });
});
