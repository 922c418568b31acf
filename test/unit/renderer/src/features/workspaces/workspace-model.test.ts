import { describe, expect, it } from 'vitest';
import type { Workspace, WorkspaceList, WorkspaceState } from '../../../../../../preload/contract/workspaces';
import {
  accountNames,
  attentionItems,
  credentialBadges,
  explainedWorkspaceIds,
  filterGroups,
  groupByAccount,
  needsAttention,
  summarizeWatched,
  toggleWatched,
  withSelected,
  withStatus,
} from '../../../../../../renderer/src/features/workspaces/workspace-model';

function training(accountId: string, name: string, region: string, id = `training:${accountId}@${region}`): Workspace {
  return { id, kind: 'training', label: `${name} · ${region}`, region, accountId, accountName: name, credentialSource: 'training', mfa: false };
}

function profile(name: string, region: string, extra: Partial<Workspace> = {}): Workspace {
  return { id: `profile:${name}@${region}`, kind: 'profile', label: `${name} · ${region}`, profile: name, region, accountId: '', accountName: '', credentialSource: 'static', mfa: false, ...extra };
}

const ops = 'Training — Operations';
const pay = 'Training — Payments';
const workspaces: Workspace[] = [
  training('111122223333', ops, 'eu-west-1', 'training'),
  training('111122223333', ops, 'us-east-1'),
  training('444455556666', pay, 'us-east-1'),
  training('444455556666', pay, 'eu-west-1'),
  profile('prod-sso', 'eu-west-1', { credentialSource: 'sso', accountId: '999988887777', accountName: 'Production' }),
  profile('prod-sso', 'ap-northeast-1', { credentialSource: 'sso', accountId: '999988887777', accountName: 'Production' }),
  profile('admin', 'us-east-1', { credentialSource: 'assume-role', mfa: true }),
];

function listWith(watchedIds: string[], states: Record<string, WorkspaceState> = {}, selectedId = 'training'): WorkspaceList {
  return {
    workspaces,
    selectedId,
    watchedIds,
    statuses: Object.entries(states).map(([workspaceId, state]) => ({
      workspaceId,
      state,
      callerArn: null,
      error: state === 'ok' ? null : { code: 'ExpiredTokenException', message: 'The security token included in the request is expired', kind: 'credentials', retryable: false },
      checkedAt: 1,
    })),
    profileProblems: [],
  };
}

describe('groupByAccount', () => {
  it('groups training accounts by name and profiles by profile, regions sorted inside each', () => {
    const groups = groupByAccount(workspaces);
    expect(groups.map((g) => g.title)).toEqual([ops, pay, 'prod-sso', 'admin']);
    expect(groups[1]?.workspaces.map((w) => w.region)).toEqual(['eu-west-1', 'us-east-1']);
    expect(groups[2]?.accountId).toBe('999988887777');
    expect(groups[3]?.accountId).toBe('');
  });

  it('a search keeps a whole account when its name matches, else only the matching regions', () => {
    const groups = groupByAccount(workspaces);
    expect(filterGroups(groups, 'payments').map((g) => [g.title, g.workspaces.length])).toEqual([[pay, 2]]);
    expect(filterGroups(groups, 'ap-north').map((g) => [g.title, g.workspaces.map((w) => w.region)])).toEqual([['prod-sso', ['ap-northeast-1']]]);
    expect(filterGroups(groups, '  ')).toHaveLength(4);
    expect(filterGroups(groups, 'nothing-like-this')).toEqual([]);
  });
});

describe('summarizeWatched', () => {
  it('counts the watched workspaces, their accounts and regions, and those needing attention', () => {
    const ids = ['training', 'training:111122223333@us-east-1', 'training:444455556666@us-east-1', 'training:444455556666@eu-west-1'];
    const summary = summarizeWatched(listWith(ids, { training: 'ok', 'training:444455556666@us-east-1': 'expired' }));
    expect(summary).toMatchObject({ workspaces: 4, accounts: 2, regions: 2, warnings: 1, only: null, anyTraining: true });
  });

  it('counts profiles without a known account apart, and names the only watched workspace', () => {
    expect(summarizeWatched(listWith(['profile:admin@us-east-1', 'profile:prod-sso@eu-west-1'], {}, 'profile:admin@us-east-1'))).toMatchObject({ accounts: 2, regions: 2, warnings: 0 });
    expect(summarizeWatched(listWith(['training'])).only?.id).toBe('training');
  });

  it('checking and unknown are not warnings; every failure state is', () => {
    expect(needsAttention('checking')).toBe(false);
    expect(needsAttention('unknown')).toBe(false);
    expect(needsAttention('ok')).toBe(false);
    for (const state of ['signing-in', 'needs-sign-in', 'expired', 'access-denied', 'unreachable', 'misconfigured'] as const) expect(needsAttention(state)).toBe(true);
  });
});

describe('toggleWatched', () => {
  it('adds in the picker order and removes, but never unwatches the default workspace', () => {
    const list = listWith(['training', 'training:444455556666@eu-west-1']);
    expect(toggleWatched(list, 'training:111122223333@us-east-1')).toEqual(['training', 'training:111122223333@us-east-1', 'training:444455556666@eu-west-1']);
    expect(toggleWatched(list, 'training:444455556666@eu-west-1')).toEqual(['training']);
    expect(toggleWatched(list, 'training')).toEqual(['training', 'training:444455556666@eu-west-1']);
  });
});

describe('cache updates from events', () => {
  it('a status event replaces that workspace only', () => {
    const list = listWith(['training', 'training:444455556666@eu-west-1'], { training: 'ok', 'training:444455556666@eu-west-1': 'ok' });
    const next = withStatus(list, { workspaceId: 'training', state: 'expired', callerArn: null, error: null, checkedAt: 2 });
    expect(next.statuses.find((s) => s.workspaceId === 'training')?.state).toBe('expired');
    expect(next.statuses.find((s) => s.workspaceId === 'training:444455556666@eu-west-1')?.state).toBe('ok');
  });

  it('an answer older than the last event does not undo it', () => {
    const list = listWith(['training'], { training: 'ok' });
    const stale = withStatus(list, { workspaceId: 'training', state: 'checking', callerArn: null, error: null, checkedAt: 0 });
    expect(stale.statuses.find((s) => s.workspaceId === 'training')?.state).toBe('ok');
  });

  it('a new default is watched as well', () => {
    const next = withSelected(listWith(['training']), workspaces[6] as Workspace);
    expect(next.selectedId).toBe('profile:admin@us-east-1');
    expect(next.watchedIds).toEqual(['training', 'profile:admin@us-east-1']);
  });

  it('a default the operator chose ends the "profile not found" notice', () => {
    const fallback = { source: 'aws-profile' as const, profile: 'prod-eu', region: null, files: [], openedId: 'training' };
    const next = withSelected({ ...listWith(['training']), selectionFallback: fallback }, workspaces[6] as Workspace);
    expect(next.selectionFallback).toBeUndefined();
  });
});

describe('attentionItems', () => {
  it('lists watched failures only, errors before warnings, with the action that fixes each', () => {
    const list = listWith(['training', 'profile:prod-sso@eu-west-1', 'profile:admin@us-east-1', 'training:444455556666@eu-west-1'], {
      training: 'ok',
      'profile:prod-sso@eu-west-1': 'needs-sign-in',
      'profile:admin@us-east-1': 'unreachable',
      'training:444455556666@eu-west-1': 'signing-in',
      // Not watched: not listed.
      'training:444455556666@us-east-1': 'expired',
    });
    const items = attentionItems(list);
    expect(items.map((i) => [i.workspace.id, i.status.state, i.action, i.canUnwatch])).toEqual([
      ['profile:admin@us-east-1', 'unreachable', 'retry', true],
      // Waiting on its dialog: named, but no second sign-in offered. Warnings keep main's order.
      ['training:444455556666@eu-west-1', 'signing-in', null, true],
      ['profile:prod-sso@eu-west-1', 'needs-sign-in', 'sign-in', true],
    ]);
  });

  it('access denied on an SSO or MFA profile offers Sign in; on keys, Retry; the default cannot be unwatched', () => {
    const list = listWith(['profile:prod-sso@eu-west-1', 'training'], { 'profile:prod-sso@eu-west-1': 'access-denied', training: 'access-denied' }, 'training');
    expect(attentionItems(list).map((i) => [i.workspace.id, i.action, i.canUnwatch])).toEqual([
      ['training', 'retry', false],
      ['profile:prod-sso@eu-west-1', 'sign-in', true],
    ]);
  });
});

describe('explainedWorkspaceIds', () => {
  it('covers watched workspaces in trouble, signing in included, so their failed syncs get no second banner', () => {
    const list = listWith(['training', 'profile:prod-sso@eu-west-1', 'profile:admin@us-east-1'], {
      training: 'ok',
      'profile:prod-sso@eu-west-1': 'signing-in',
      'profile:admin@us-east-1': 'access-denied',
      'training:444455556666@us-east-1': 'expired',
    });
    expect([...explainedWorkspaceIds(list)].sort()).toEqual(['profile:admin@us-east-1', 'profile:prod-sso@eu-west-1']);
  });
});

describe('credentialBadges and accountNames', () => {
  it('says how each workspace gets credentials, MFA as its own badge', () => {
    expect(credentialBadges(workspaces[0] as Workspace)).toEqual(['training']);
    expect(credentialBadges(workspaces[4] as Workspace)).toEqual(['sso']);
    expect(credentialBadges(workspaces[6] as Workspace)).toEqual(['role', 'mfa']);
    expect(credentialBadges(profile('x', 'us-east-1', { credentialSource: 'unknown' }))).toEqual([]);
  });

  it('maps account ids to the names main knows, skipping accounts without one', () => {
    const names = accountNames(workspaces);
    expect(names.get('444455556666')).toBe(pay);
    expect(names.get('999988887777')).toBe('Production');
    expect(names.has('')).toBe(false);
  });
});
