import { userInfo } from 'node:os';
import type { AuditActor } from '../../preload/contract/audit';

/** Who acted in a workspace: the local operator and the AWS identity its calls are made with. */
export type ActorResolver = (workspaceId: string) => Promise<AuditActor>;

/** What is known of a workspace's AWS side; principal is '' when the identity is not known. */
export interface WorkspaceIdentity {
  accountId: string;
  region: string;
  principal: string;
}

/**
 * Builds the resolver from the OS user and a per-workspace lookup. A lookup that fails (a profile
 * removed from the config since) still yields an actor — the action happened and must be recorded —
 * with the AWS fields empty.
 */
export function createActorResolver(options: { operator: string; describe: (workspaceId: string) => Promise<WorkspaceIdentity> }): ActorResolver {
  return async (workspaceId) => {
    const identity = await options.describe(workspaceId).catch(() => ({ accountId: '', region: '', principal: '' }));
    return { operator: options.operator, workspaceId, ...identity };
  };
}

/** The training fleet's caller, as the simulator names it. */
export function trainingPrincipal(accountId: string): string {
  return `arn:aws:iam::${accountId}:user/training-operator`;
}

/** The local OS user; some containers have no passwd entry, and the record must still say who. */
export function localOperator(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
