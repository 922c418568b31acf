import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invocation, InvocationStatus } from '../../../../preload/contract/commands';
import { bridge, errorInfoOf, unwrap } from '../../lib/api';
import { ErrorDetail } from '../fleet/fleet-states';
import { applyJobUpdate, useJob, useJobEvents } from './command-queries';
import { FullOutput } from './full-output';
import { InvocationTable } from './invocation-table';
import { JobHeader } from './job-header';
import { isFinished, notSucceeded } from './job-status';
import { OutputGroups } from './output-groups';
import { RerunConfirm } from './rerun-confirm';
import '../../styles/commands.css';
import '../../styles/commands-job.css';

interface JobViewProps {
  jobId: string;
  onBack?: () => void;
  /** Opens another job (the rerun on failed nodes). */
  onOpenJob: (jobId: string) => void;
}

/** One Run Command job, live: header and counts, grouped outputs, every node, cancel and rerun. */
export function JobView({ jobId, onBack, onOpenJob }: JobViewProps) {
  const { t } = useTranslation();
  const client = useQueryClient();
  useJobEvents();
  const job = useJob(jobId);
  const [status, setStatus] = useState<InvocationStatus | null>(null);
  const [outputOf, setOutputOf] = useState<Invocation | null>(null);
  const [ask, setAsk] = useState<'cancel' | 'rerun' | null>(null);
  const cancel = useMutation({
    mutationFn: () => unwrap(bridge().commands.cancelJob({ jobId })),
    onSuccess: (summary) => {
      applyJobUpdate(client, summary);
      setAsk(null);
    },
  });

  const back = onBack ? (
    <button type="button" className="button button--small" onClick={onBack} data-testid="job-back">
      {t('commands.job.back')}
    </button>
  ) : null;

  if (!job.data) {
    return (
      <section className="job" aria-label={t('commands.job.label')} data-testid="job-view" data-state={job.error ? 'error' : 'loading'}>
        <div className="job__actions">{back}</div>
        {job.error ? (
          <div className="banner banner--error" role="alert">
            <span className="banner__title">{t('commands.job.loadFailed')}</span>
            <ErrorDetail error={errorInfoOf(job.error)} />
            <button type="button" className="button button--small" onClick={() => void job.refetch()}>
              {t('common.retry')}
            </button>
          </div>
        ) : (
          <p className="muted job__loading">{t('commands.job.loading')}</p>
        )}
      </section>
    );
  }

  const detail = job.data;
  const finished = isFinished(detail.status);
  const failed = notSucceeded(detail.counts);
  return (
    <section className="job" aria-label={t('commands.job.label')} data-testid="job-view" data-job-id={jobId} data-status={detail.status} data-finished={finished}>
      <div className="job__actions">
        {back}
        <span className="job__spacer" />
        {!finished && detail.status !== 'Cancelling' ? (
          <button type="button" className="button button--small button--danger" onClick={() => setAsk('cancel')} disabled={ask === 'cancel'} data-testid="job-cancel">
            {t('commands.job.cancel')}
          </button>
        ) : null}
        {finished && failed > 0 ? (
          <button type="button" className="button button--small" onClick={() => setAsk('rerun')} disabled={ask === 'rerun'} data-testid="job-rerun">
            {t('commands.job.rerun', { count: failed })}
          </button>
        ) : null}
      </div>
      {ask === 'cancel' ? (
        <div className="job-confirm" role="alertdialog" aria-label={t('commands.cancel.question')} data-testid="job-cancel-confirm" onKeyDown={(e) => e.key === 'Escape' && setAsk(null)}>
          <span className="job-confirm__text">{t('commands.cancel.question')}</span>
          <span className="muted">{t('commands.cancel.explain')}</span>
          <button type="button" className="button button--small button--danger-solid" onClick={() => cancel.mutate()} disabled={cancel.isPending} data-testid="job-cancel-go">
            {t('commands.cancel.go')}
          </button>
          <button type="button" className="button button--small" autoFocus onClick={() => setAsk(null)}>
            {t('commands.cancel.keep')}
          </button>
          {cancel.error ? <ErrorDetail error={errorInfoOf(cancel.error)} /> : null}
        </div>
      ) : null}
      {ask === 'rerun' ? (
        <RerunConfirm
          job={detail}
          onCancel={() => setAsk(null)}
          onDone={(next) => {
            setAsk(null);
            onOpenJob(next);
          }}
        />
      ) : null}
      {detail.trackingError ? (
        <div className="banner banner--warn" role="status" data-testid="job-tracking-error">
          <span className="banner__title">{t('commands.job.trackingTrouble')}</span>
          <ErrorDetail error={detail.trackingError} />
          <span className="banner__hint">{t('commands.job.trackingKept')}</span>
        </div>
      ) : null}
      <div className="job__scroll">
        <JobHeader job={detail} />
        <OutputGroups jobId={jobId} onShowNodes={(group) => setStatus(group.status)} />
        {/* A new status filter starts the table at its top: its rows are another list. */}
        <div className={`job__nodes${outputOf ? ' has-output' : ''}`}>
          <InvocationTable key={status ?? 'all'} jobId={jobId} status={status} onStatus={setStatus} onFullOutput={setOutputOf} selected={outputOf?.instanceId ?? null} />
          {outputOf ? <FullOutput jobId={jobId} row={outputOf} onClose={() => setOutputOf(null)} /> : null}
        </div>
      </div>
    </section>
  );
}
