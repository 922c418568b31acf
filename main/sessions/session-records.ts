import type { SessionRecord } from '../../preload/contract/sessions';
import type { AwsSession } from './session-aws';
import type { StoredSessionRecord } from './session-repo';

/**
 * Merges DescribeSessions with the local audit records into the sessions view. AWS knows sessions
 * opened elsewhere and the owner ARN; the local record knows the OS user, the node name at the
 * time and how the session ended. `local` holds records of both states, so a session AWS still
 * lists as Active after it closed here shows its local close.
 */
export function mergeSessionRecords(params: {
  workspaceId: string;
  state: 'Active' | 'History';
  aws: AwsSession[];
  local: StoredSessionRecord[];
  /** Node names from the fleet cache, for sessions that have no local record. */
  nodeNames: Record<string, string>;
}): SessionRecord[] {
  const localById = new Map(params.local.map((r) => [r.sessionId, r]));
  const merged = new Map<string, SessionRecord>();
  for (const s of params.aws) {
    const local = localById.get(s.sessionId);
    if (local) {
      merged.set(s.sessionId, {
        ...fromLocal(local),
        owner: local.ownerArn || s.owner,
        endedAt: local.endedAt ?? s.endedAt,
        source: 'both',
      });
    } else {
      merged.set(s.sessionId, {
        sessionId: s.sessionId,
        workspaceId: params.workspaceId,
        instanceId: s.target,
        nodeName: params.nodeNames[s.target] ?? '',
        owner: s.owner,
        operator: '',
        startedAt: s.startedAt ?? 0,
        endedAt: s.endedAt,
        exitCode: null,
        closeReason: null,
        source: 'aws',
      });
    }
  }
  const wantClosed = params.state === 'History';
  for (const local of params.local) {
    if (merged.has(local.sessionId) || (local.closeReason !== null) !== wantClosed) continue;
    merged.set(local.sessionId, { ...fromLocal(local), source: 'local' });
  }
  return [...merged.values()].sort((a, b) => b.startedAt - a.startedAt || a.sessionId.localeCompare(b.sessionId));
}

function fromLocal(r: StoredSessionRecord): Omit<SessionRecord, 'source'> {
  return {
    sessionId: r.sessionId,
    workspaceId: r.workspaceId,
    instanceId: r.instanceId,
    nodeName: r.nodeName,
    owner: r.ownerArn,
    operator: r.operator,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    exitCode: r.exitCode,
    closeReason: r.closeReason,
  };
}
