import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../../../../preload/contract/sessions';
import { emptyTabs, restoredKey, tabsReducer } from '../../../../../../renderer/src/features/sessions/session-tabs';
import type { TabsModel } from '../../../../../../renderer/src/features/sessions/session-tabs';

const node = { workspaceId: 'training', instanceId: 'i-0123456789abcdef0', nodeName: 'web-01', platformType: 'Linux' };

function info(sessionId: string, state: SessionInfo['state'] = { kind: 'connecting' }): SessionInfo {
  return { sessionId, ...node, startedAt: 1_700_000_000_000, state };
}

function opened(key = 'tab-1'): TabsModel {
  return tabsReducer(emptyTabs, { type: 'opening', key, ...node });
}

describe('tabsReducer', () => {
  it('shows Starting until StartSession answers, then the session id and its state', () => {
    let model = opened();
    expect(model.tabs[0]?.state).toEqual({ kind: 'starting' });
    expect(model.tabs[0]?.sessionId).toBeNull();
    model = tabsReducer(model, { type: 'started', key: 'tab-1', info: info('s-1') });
    expect(model.tabs[0]).toMatchObject({ sessionId: 's-1', state: { kind: 'connecting' }, startedAt: 1_700_000_000_000 });
  });

  it('keeps a state event that beats the StartSession reply and applies it on start', () => {
    let model = opened();
    model = tabsReducer(model, { type: 'state-changed', sessionId: 's-1', state: { kind: 'connected', encrypted: true } });
    expect(model.tabs[0]?.state.kind).toBe('starting');
    model = tabsReducer(model, { type: 'started', key: 'tab-1', info: info('s-1') });
    expect(model.tabs[0]?.state).toEqual({ kind: 'connected', encrypted: true });
    expect(model.early).toEqual({});
  });

  it('never revives a closed tab from a late event', () => {
    let model = tabsReducer(opened(), { type: 'started', key: 'tab-1', info: info('s-1') });
    const closed = { kind: 'closed', reason: 'Session ended.', exitCode: 0 } as const;
    model = tabsReducer(model, { type: 'state-changed', sessionId: 's-1', state: closed });
    const after = tabsReducer(model, { type: 'state-changed', sessionId: 's-1', state: { kind: 'connected', encrypted: false } });
    expect(after).toBe(model);
    expect(after.tabs[0]?.state).toEqual(closed);
  });

  it('a failed start closes the tab with the AWS code and keeps the error to show', () => {
    const error = { code: 'TargetNotConnected', message: '', kind: 'aws', retryable: false } as const;
    const model = tabsReducer(opened(), { type: 'start-failed', key: 'tab-1', error });
    expect(model.tabs[0]?.startError).toEqual(error);
    expect(model.tabs[0]?.state).toEqual({ kind: 'closed', reason: '', exitCode: null, errorCode: 'TargetNotConnected' });
  });

  it('rebuilds live sessions after a reload, once each, and leaves closed ones to the sessions view', () => {
    const sessions = [info('s-1', { kind: 'connected', encrypted: false }), info('s-2', { kind: 'closed', reason: 'x', exitCode: 0 })];
    let model = tabsReducer(emptyTabs, { type: 'restored', sessions });
    expect(model.tabs.map((t) => t.key)).toEqual([restoredKey('s-1')]);
    const again = tabsReducer(model, { type: 'restored', sessions });
    expect(again).toBe(model);
    model = tabsReducer(model, { type: 'removed', key: restoredKey('s-1') });
    expect(model.tabs).toEqual([]);
  });

  it('a restore that raced a start leaves one tab for the session, the one the operator opened', () => {
    let model = opened();
    model = tabsReducer(model, { type: 'restored', sessions: [info('s-1')] });
    expect(model.tabs).toHaveLength(2);
    model = tabsReducer(model, { type: 'started', key: 'tab-1', info: info('s-1') });
    expect(model.tabs.map((t) => t.key)).toEqual(['tab-1']);
  });
});
