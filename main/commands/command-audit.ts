import type { AuditAction, AuditActor, AuditOutcome } from '../../preload/contract/audit';
import type { JobRunner } from './job-runner';

/** One audit line as the audit log takes it (the audit log's AuditRecordInput). */
export interface CommandAuditRecord {
  actor: AuditActor;
  action: AuditAction;
  summary: string;
  targets: string[];
  detail: Record<string, unknown>;
  outcome: AuditOutcome;
  error: string | null;
}

const nodes = (n: number): string => `${n} ${n === 1 ? 'node' : 'nodes'}`;

/**
 * What was sent, once the first SendCommand has answered: the resolved node ids, document,
 * parameters, options and command ids; a send SSM refused is recorded as failed with its reason.
 * A runbook's run is `runbook.run`, anything from the Run Command form `command.sent`.
 */
export function sentRecord(runner: JobRunner, actor: AuditActor, targets: string[]): CommandAuditRecord {
  const { job } = runner;
  const failed = runner.stopped === 'send-failed';
  const how = runner.viaTargets ? `tag query (${nodes(targets.length)} in the fleet cache)` : nodes(targets.length);
  return {
    actor,
    action: job.source.kind === 'runbook' ? 'runbook.run' : 'command.sent',
    summary: `${job.source.kind === 'runbook' ? `${job.source.runbookName}: ` : ''}${job.documentName} on ${how}${job.canary ? ', canary first' : ''}`,
    targets,
    detail: {
      jobId: job.jobId,
      documentName: job.documentName,
      documentVersion: job.documentVersion,
      parameters: job.parameters,
      options: job.options,
      canary: job.canary,
      targetSelection: job.targets,
      commandIds: runner.commands.map((c) => c.commandId),
      notSent: job.counts.notRun,
      ...(job.source.kind === 'runbook' ? { runbookId: job.source.runbookId, runbookName: job.source.runbookName } : {}),
    },
    outcome: failed ? 'failed' : 'succeeded',
    error: failed ? runner.lastSendError : null,
  };
}

/** A cancel: the nodes that had been sent the command, and whether CancelCommand went through. */
export function cancelledRecord(runner: JobRunner, actor: AuditActor, sentTo: string[], failure: string | null): CommandAuditRecord {
  return {
    actor,
    action: 'command.cancelled',
    summary: `Cancelled ${runner.job.documentName} on ${nodes(sentTo.length)}`,
    targets: sentTo,
    detail: { jobId: runner.job.jobId, documentName: runner.job.documentName, commandIds: runner.commands.map((c) => c.commandId) },
    outcome: failure ? 'failed' : 'succeeded',
    error: failure,
  };
}
