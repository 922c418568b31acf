import type { AuditActor, AuditEntry } from '../../preload/contract/audit';
import type { ActorResolver } from './audit-actor';
import type { AuditLog, AuditRecordInput } from './audit-log';

/** An action to record, without its actor: the recorder knows who is acting in which workspace. */
export type AuditRecord = Omit<AuditRecordInput, 'actor'>;

/**
 * Records an action; `workspaceId` null for actions outside any AWS account (licences are local
 * records), which carry the operator alone.
 */
export type AuditRecorder = (workspaceId: string | null, record: AuditRecord) => Promise<AuditEntry>;

/** Joins the log and the actor resolver for writers that only know their workspace. */
export function createAuditRecorder(log: Pick<AuditLog, 'append'>, resolveActor: ActorResolver, operator: string): AuditRecorder {
  return async (workspaceId, record) => {
    const actor: AuditActor = workspaceId === null ? { operator, principal: '', workspaceId: '', accountId: '', region: '' } : await resolveActor(workspaceId);
    return log.append({ ...record, actor });
  };
}
