import { describe, expect, it } from 'vitest';
import { isLive, stateText, stateTone } from '../../../../../../renderer/src/features/sessions/session-state';

describe('session state in words', () => {
  it('names the reconnect attempt and its reason', () => {
    const state = { kind: 'reconnecting', attempt: 3, reason: 'socket closed (1006)' } as const;
    expect(stateText(state, 'short')).toEqual({ key: 'sessions.state.short.reconnecting', values: { attempt: 3, reason: 'socket closed (1006)' } });
    expect(stateTone(state)).toBe('warn');
    expect(isLive(state)).toBe(true);
  });

  it('says encrypted only when the channel is', () => {
    expect(stateText({ kind: 'connected', encrypted: true }).key).toBe('sessions.state.long.connectedEncrypted');
    expect(stateText({ kind: 'connected', encrypted: false }).key).toBe('sessions.state.long.connected');
  });

  it('shows exit code and reason when closed; a clean exit is not red', () => {
    const clean = { kind: 'closed', reason: 'Session ended.', exitCode: 0 } as const;
    expect(stateText(clean)).toEqual({ key: 'sessions.state.long.closed', values: { reason: 'Session ended.', exitCode: 0 } });
    expect(stateTone(clean)).toBe('done');
    expect(isLive(clean)).toBe(false);
    expect(stateTone({ kind: 'closed', reason: 'Session ended.', exitCode: 2 })).toBe('error');
  });

  it('always shows the error code, even when AWS sent no message', () => {
    const failed = { kind: 'closed', reason: '', exitCode: null, errorCode: 'TargetNotConnected' } as const;
    expect(stateText(failed)).toEqual({ key: 'sessions.state.long.closedNoExit', values: { reason: 'TargetNotConnected (TargetNotConnected)' } });
    expect(stateText({ ...failed, reason: 'Node is offline.' }).values.reason).toBe('Node is offline. (TargetNotConnected)');
    expect(stateTone(failed)).toBe('error');
  });
});
