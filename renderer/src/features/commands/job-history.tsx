import { useTranslation } from 'react-i18next';
import type { JobSummary } from '../../../../preload/contract/commands';
import { errorInfoOf } from '../../lib/api';
import { formatCount, formatExactTime, formatRelativeTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { ErrorDetail } from '../fleet/fleet-states';
import { useJobEvents, useJobHistory } from './command-queries';
import { StatusBadge } from './job-header';
import { COUNT_SEGMENTS } from './job-status';

interface JobHistoryProps {
  workspaceId: string;
  onOpenJob: (jobId: string) => void;
  onNewCommand: () => void;
}

function MiniBar({ job }: { job: JobSummary }) {
  const total = Math.max(1, job.counts.targets);
  return (
    <span className="job-bar job-bar--mini" aria-hidden="true">
      {COUNT_SEGMENTS.map(({ key, tone }) =>
        job.counts[key] > 0 ? <span key={key} className={`job-bar__segment cmd-fill--${tone}`} style={{ width: `${(job.counts[key] / total) * 100}%` }} /> : null,
      )}
    </span>
  );
}

/** Every job of the workspace, newest first, a page at a time; a row opens the job. */
export function JobHistory({ workspaceId, onOpenJob, onNewCommand }: JobHistoryProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const now = useNow();
  useJobEvents();
  const history = useJobHistory(workspaceId);
  const jobs = history.data?.pages.flatMap((page) => page.jobs) ?? [];
  const n = (value: number): string => formatCount(value, lng);

  if (history.error && !history.data) {
    return (
      <div className="state">
        <div className="banner banner--error" role="alert">
          <span className="banner__title">{t('commands.history.loadFailed')}</span>
          <ErrorDetail error={errorInfoOf(history.error)} />
          <button type="button" className="button button--small" onClick={() => void history.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      </div>
    );
  }
  if (history.data && jobs.length === 0) {
    return (
      <div className="state" data-testid="job-history-empty">
        <div className="state__title">{t('commands.history.emptyTitle')}</div>
        <p className="state__text">{t('commands.history.empty')}</p>
        <div className="state__actions">
          <button type="button" className="button button--primary" onClick={onNewCommand}>
            {t('commands.tabs.form')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="job-history" data-testid="job-history" data-count={jobs.length}>
      <table className="data-table job-history__table">
        <thead>
          <tr>
            <th>{t('commands.history.when')}</th>
            <th>{t('commands.history.what')}</th>
            <th>{t('commands.history.status')}</th>
            <th>{t('commands.history.results')}</th>
            <th className="num">{t('commands.history.targets')}</th>
            <th>{t('commands.history.operator')}</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr
              key={job.jobId}
              className="job-history__row"
              tabIndex={0}
              data-testid="job-history-row"
              data-job-id={job.jobId}
              onClick={() => onOpenJob(job.jobId)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onOpenJob(job.jobId);
                }
              }}
            >
              <td className="num" title={formatExactTime(job.requestedAt, lng)}>
                {formatRelativeTime(job.requestedAt, now, lng)}
              </td>
              <td>
                {job.source.kind === 'runbook' ? (
                  <>
                    <span className="badge cmd-badge--runbook">{t('commands.job.runbook')}</span> {job.source.runbookName}
                  </>
                ) : (
                  <span className="badge cmd-badge--command">{t('commands.history.command')}</span>
                )}{' '}
                <span className="mono">{job.documentName}</span>
                {job.comment ? <span className="muted job-history__comment"> · {job.comment}</span> : null}
              </td>
              <td>
                <StatusBadge status={job.status} />
                {job.statusDetails && job.statusDetails !== job.status ? <span className="muted job-history__details"> {job.statusDetails}</span> : null}
              </td>
              <td className="job-history__results">
                <MiniBar job={job} />
                <span className="num">{t('commands.history.resultCounts', { success: n(job.counts.success), failed: n(job.counts.failed + job.counts.timedOut), other: n(job.counts.cancelled + job.counts.notRun) })}</span>
              </td>
              <td className="num">{n(job.counts.targets)}</td>
              <td>{job.operator || <span className="muted">{t('commands.job.operatorUnknown')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="job-history__foot">
        {history.hasNextPage ? (
          <button type="button" className="button button--small" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage} data-testid="job-history-more">
            {history.isFetchingNextPage ? t('commands.history.loadingMore') : t('commands.history.more')}
          </button>
        ) : (
          <span className="muted">{t('commands.history.all', { count: jobs.length })}</span>
        )}
      </div>
    </div>
  );
}
