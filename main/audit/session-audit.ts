import type { SessionInfo, SessionState } from '../../preload/contract/sessions';
import type { AuditRecord } from './audit-recorder';

/** A shell opened: which node, which session, before any byte flowed. */
export function sessionOpenedRecord(info: Pick<SessionInfo, 'sessionId' | 'instanceId' | 'nodeName' | 'platformType'>): AuditRecord {
  return {
    action: 'session.opened',
    summary: `Shell on ${info.nodeName || info.instanceId}`,
    targets: [info.instanceId],
    detail: { sessionId: info.sessionId, instanceId: info.instanceId, nodeName: info.nodeName, platformType: info.platformType },
    outcome: 'succeeded',
    error: null,
  };
}

/** A shell asked for that did not open (node offline, StartSession refused, not recordable). */
export function sessionOpenFailedRecord(instanceId: string, reason: string): AuditRecord {
  return { action: 'session.opened', summary: `Shell on ${instanceId} not opened`, targets: [instanceId], detail: { instanceId }, outcome: 'failed', error: reason };
}

/** A shell closed: how (exit code, reason) and after how long. */
export function sessionClosedRecord(info: SessionInfo, state: Extract<SessionState, { kind: 'closed' }>, endedAt: number): AuditRecord {
  return {
    action: 'session.closed',
    summary: `Shell on ${info.nodeName || info.instanceId} closed${state.exitCode === null ? '' : ` (exit ${state.exitCode})`}`,
    targets: [info.instanceId],
    detail: { sessionId: info.sessionId, instanceId: info.instanceId, nodeName: info.nodeName, exitCode: state.exitCode, reason: state.reason || 'closed', durationMs: endedAt - info.startedAt },
    outcome: 'succeeded',
    error: null,
  };
}
