import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobDetail } from '../../../../preload/contract/commands';
import { commandLimits } from '../../../../preload/contract/commands';
import { requiredConfirmation } from '../../../../main/commands/parameter-rules';
import { bridge, errorInfoOf, unwrap } from '../../lib/api';
import { ErrorDetail } from '../fleet/fleet-states';

const PAGE = 1000;

/** Instance ids of every node of the job that did not end Success. */
async function failedNodes(jobId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await unwrap(bridge().commands.listInvocations({ jobId, offset, limit: PAGE }));
    for (const row of page.rows) if (row.status !== 'Success') ids.push(row.instanceId);
    if (page.rows.length < PAGE || offset + PAGE >= page.total) return ids;
  }
}

interface RerunConfirmProps {
  job: JobDetail;
  onDone: (jobId: string) => void;
  onCancel: () => void;
}

/** Asks before "Run again on failed nodes": which nodes, and the typed name when production ones are among them. */
export function RerunConfirm({ job, onDone, onCancel }: RerunConfirmProps) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [typed, setTyped] = useState('');
  const plan = useQuery({
    queryKey: ['commands', 'rerun-plan', job.jobId],
    queryFn: async () => {
      const ids = await failedNodes(job.jobId);
      if (ids.length === 0) return { ids, confirmation: null, offline: 0 };
      const preview = await unwrap(
        bridge().commands.previewTargets({ workspaceId: job.workspaceId, targets: { kind: 'nodes', instanceIds: ids.slice(0, commandLimits.maxNodesPerJob) }, documentName: job.documentName }),
      );
      // A runbook that always asks for the typed name asks again on a rerun (main checks it too).
      const runbook =
        job.source.kind === 'runbook'
          ? (await unwrap(bridge().runbooks.listRunbooks({ workspaceId: job.workspaceId }))).runbooks.find((r) => job.source.kind === 'runbook' && r.id === job.source.runbookId)
          : undefined;
      const alwaysTyped = runbook?.guardrails.confirm === 'typed-name';
      return { ids, confirmation: requiredConfirmation(preview.preview, alwaysTyped), offline: preview.preview.offline };
    },
    staleTime: 0,
    gcTime: 0,
  });
  const rerun = useMutation({
    mutationFn: () => unwrap(bridge().commands.rerunFailed({ jobId: job.jobId, ...(plan.data?.confirmation ? { typedConfirmation: typed } : {}) })),
    onSuccess: ({ jobId }) => {
      void client.invalidateQueries({ queryKey: ['commands', 'jobs'] });
      onDone(jobId);
    },
  });
  const confirmation = plan.data?.confirmation ?? null;
  const ready = plan.data !== undefined && plan.data.ids.length > 0 && (confirmation === null || typed === confirmation);

  return (
    <div className="job-confirm" role="alertdialog" aria-label={t('commands.rerun.title')} data-testid="job-rerun-confirm" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <span className="job-confirm__text">
        {plan.isPending
          ? t('commands.rerun.counting')
          : plan.data
            ? t('commands.rerun.question', { count: plan.data.ids.length, document: job.documentName })
            : t('commands.rerun.countFailed')}
      </span>
      {plan.data && plan.data.offline > 0 ? <span className="cmd-field__hint-warn">{t('commands.rerun.offline', { count: plan.data.offline })}</span> : null}
      {confirmation ? (
        <label className="cmd-confirm__label">
          {t('commands.send.typeLabel')} <code className="cmd-code">{confirmation}</code>
          <input className="cmd-input mono" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} data-testid="job-rerun-typed" />
        </label>
      ) : null}
      <button type="button" className="button button--small button--primary" disabled={!ready || rerun.isPending} onClick={() => rerun.mutate()} data-testid="job-rerun-go">
        {t('commands.rerun.go', { count: plan.data?.ids.length ?? 0 })}
      </button>
      <button type="button" className="button button--small" autoFocus onClick={onCancel}>
        {t('common.cancel')}
      </button>
      {plan.error ? <ErrorDetail error={errorInfoOf(plan.error)} /> : null}
      {rerun.error ? (
        <span className="job-confirm__error" role="alert">
          <ErrorDetail error={errorInfoOf(rerun.error)} />
        </span>
      ) : null}
    </div>
  );
}
