import type { AuditActor } from '../../preload/contract/audit';
import type { DocumentDetail, JobSummary, TargetPreview } from '../../preload/contract/commands';
import type { Runbook, RunbookParameter } from '../../preload/contract/runbooks';
import type { AuditRecordInput } from '../audit/audit-log';
import type { CatalogEntry } from './runbook-catalog';
import type { RunRequest } from './runbook-requests';

/** A catalogue entry as the cards show it. Without a readable document the form has no parameters. */
export function toRunbook(entry: CatalogEntry, document: DocumentDetail | null, parameters: RunbookParameter[], lastRun: JobSummary | null): Runbook {
  const { definition } = entry;
  return {
    id: entry.id,
    name: definition.name,
    description: definition.description,
    category: definition.category,
    source: entry.source,
    file: entry.file,
    documentName: definition.documentName,
    documentType: document?.documentType ?? 'Command',
    platforms: definition.platforms,
    parameters,
    fixedParameters: definition.fixed,
    targets: definition.targets,
    guardrails: definition.guardrails,
    lastRun: lastRun ? { jobId: lastRun.jobId, at: lastRun.requestedAt, status: lastRun.status, statusDetails: lastRun.statusDetails } : null,
  };
}

/** The audit line of a refused run: which runbook, what was asked, on which nodes, and why not. */
export function refusalRecord(
  actor: AuditActor,
  entry: CatalogEntry,
  preview: TargetPreview,
  request: RunRequest,
  parameters: Record<string, string[]>,
  reasons: string[],
): AuditRecordInput {
  const { definition } = entry;
  const first = reasons[0] ?? 'refused';
  return {
    actor,
    action: 'runbook.refused',
    summary: `${definition.name}: refused — ${first.length > 120 ? `${first.slice(0, 119)}…` : first}`,
    targets: preview.nodes.map((node) => node.instanceId),
    detail: {
      runbookId: entry.id,
      runbookName: definition.name,
      file: entry.file,
      documentName: definition.documentName,
      parameters,
      requestedParameters: request.parameters,
      targetSelection: request.targets ?? definition.targets,
      targetCount: preview.total,
      guardrails: definition.guardrails,
      reasons,
    },
    outcome: 'refused',
    error: reasons.join(' '),
  };
}
