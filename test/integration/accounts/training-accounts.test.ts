import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncState } from '../../../preload/contract/fleet';
import type { FleetPage, FleetSummary } from '../../../preload/contract/fleet';
import type { WorkspaceList } from '../../../preload/contract/workspaces';
import { startCore, type CoreUnderTest } from './core-harness';

// Two training accounts × two regions watched at once: one grid, each account's own caller identity.

const ALL = ['training', 'training:111122223333@us-east-1', 'training:444455556666@eu-west-1', 'training:444455556666@us-east-1'];
let t: CoreUnderTest | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('starting the training fleet', () => {
  it('starts it again on Retry after a start that failed (its port was taken), instead of failing until a restart', async () => {
    const squatter = createServer();
    await new Promise<void>((listening) => squatter.listen(0, '127.0.0.1', listening));
    t = await startCore({ trainingPort: (squatter.address() as AddressInfo).port });
    const failed = await t.syncEnded('training');
    expect(failed.phase).toBe('failed');
    expect(failed.error?.message).toMatch(/EADDRINUSE/);
    expect(await t.core.trainingFleet()).toBeNull();

    await new Promise<void>((closed) => squatter.close(() => closed()));
    const succeeded = t.next<SyncState>('fleet:sync-progressed', (s) => s.workspaceId === 'training' && s.phase !== 'running');
    await t.call('fleet:refresh-nodes', { workspaceIds: ['training'] });
    expect(await succeeded).toMatchObject({ phase: 'succeeded', nodesSeen: 40, error: null });
    expect(await t.core.trainingFleet()).not.toBeNull();
  });
});

describe('watching several training accounts and regions', () => {
  it('aggregates four workspaces in one grid with their accounts and regions', async () => {
    t = await startCore();
    await t.syncEnded('training');
    const list = await t.call<WorkspaceList>('workspaces:watch-workspaces', { ids: ALL });
    expect(list.watchedIds).toEqual(ALL);
    const ends = await Promise.all(ALL.map((id) => t!.syncEnded(id)));
    expect(ends.map((s) => s.phase)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);

    const page = await t.call<FleetPage>('fleet:list-nodes', { workspaceIds: ALL, filter: '', sort: { column: 'account', direction: 'asc' }, offset: 0, limit: 1000 });
    const pairs = new Set(page.rows.map((n) => `${n.accountId}/${n.region}`));
    expect([...pairs].sort()).toEqual(['111122223333/eu-west-1', '111122223333/us-east-1', '444455556666/eu-west-1', '444455556666/us-east-1']);
    // Sorted by account: every node of the first account before any of the second.
    const accounts = page.rows.map((n) => n.accountId);
    expect(accounts.lastIndexOf('111122223333')).toBeLessThan(accounts.indexOf('444455556666'));
    expect(new Set(page.rows.map((n) => `${n.workspaceId}/${n.instanceId}`)).size).toBe(page.rows.length);

    const summary = await t.call<FleetSummary>('fleet:get-summary', { workspaceIds: ALL });
    expect(summary.total).toBe(page.total);
    expect(summary.syncs.map((s) => s.workspaceId)).toEqual(ALL);
  });

  it('knows who it is in each account and records that identity in the audit log', async () => {
    t = await startCore();
    await t.call('workspaces:watch-workspaces', { ids: ['training:444455556666@us-east-1'] });
    const status = await t.status('training:444455556666@us-east-1', 'ok');
    await expect.poll(async () => (await t!.call<WorkspaceList>('workspaces:list-workspaces', {})).statuses.find((s) => s.workspaceId === status.workspaceId)?.callerArn).toBe(
      'arn:aws:iam::444455556666:user/training-operator',
    );
    await t.call('workspaces:select-workspace', { id: 'training:444455556666@us-east-1' });
    const audit = await t.call<{ entries: Array<{ actor: { principal: string; accountId: string; region: string }; summary: string }> }>('audit:list-entries', { filter: {}, offset: 0, limit: 10 });
    const selected = audit.entries.find((e) => e.summary.startsWith('Workspace selected'));
    expect(selected?.actor).toMatchObject({ accountId: '444455556666', region: 'us-east-1', principal: 'arn:aws:iam::444455556666:user/training-operator' });
  });

  it('refuses an unknown workspace by name and keeps the watched set', async () => {
    t = await startCore();
    await expect(t.call('workspaces:watch-workspaces', { ids: ['training', 'profile:nope@eu-west-1'] })).rejects.toThrow('Unknown workspace: profile:nope@eu-west-1.');
    expect((await t.call<WorkspaceList>('workspaces:list-workspaces', {})).watchedIds).toEqual(['training']);
  });
});
