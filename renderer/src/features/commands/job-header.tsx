import { useTranslation } from 'react-i18next';
import type { JobDetail } from '../../../../preload/contract/commands';
import { formatCount, formatExactTime } from '../../lib/format';
import { COUNT_SEGMENTS, formatElapsed, isFinished, toneOf, useSecondClock } from './job-status';
import { PresetLabel } from './target-picker';

/** The status of a job as a coloured word, in the tone of the status. */
export function StatusBadge({ status }: { status: JobDetail['status'] }) {
  const { t } = useTranslation();
  return (
    <span className={`cmd-status cmd-status--${toneOf(status)}`} data-testid="job-status" data-status={status}>
      {t(`commands.status.${status}`)}
    </span>
  );
}

/** Job header: document and source, status and phase, counts as a stacked bar, elapsed time. */
export function JobHeader({ job }: { job: JobDetail }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const finished = isFinished(job.status);
  const now = useSecondClock(!finished);
  const elapsed = formatElapsed((job.finishedAt ?? Math.max(now, job.requestedAt)) - job.requestedAt);
  const total = Math.max(1, job.counts.targets);
  const n = (value: number): string => formatCount(value, lng);
  return (
    <header className="job-header" data-testid="job-header" data-phase={job.phase}>
      <div className="job-header__line">
        <h2 className="job-header__title">
          {job.source.kind === 'runbook' ? (
            <>
              <span className="badge cmd-badge--runbook">{t('commands.job.runbook')}</span> {job.source.runbookName}
              <span className="muted job-header__doc mono">{job.documentName}</span>
            </>
          ) : (
            <span className="mono">{job.documentName}</span>
          )}
        </h2>
        <StatusBadge status={job.status} />
        {job.phase === 'canary' ? (
          <span className="badge cmd-badge--canary" data-testid="job-canary">
            {t('commands.job.canaryPhase')}
          </span>
        ) : null}
        <span className="job-header__spacer" />
        <span className="job-header__elapsed num" title={formatExactTime(job.requestedAt, lng)} data-testid="job-elapsed">
          {finished ? t('commands.job.tookLabel') : t('commands.job.runningFor')} {t(`commands.job.elapsed.${elapsed.unit}`, { a: elapsed.a, b: elapsed.b })}
        </span>
      </div>
      {job.statusDetails && job.statusDetails !== job.status ? (
        <p className={`job-header__details cmd-status--${toneOf(job.status)}`} data-testid="job-status-details">
          {job.statusDetails}
        </p>
      ) : null}
      <div
        className="job-bar"
        role="img"
        aria-label={t('commands.job.barLabel', {
          success: job.counts.success,
          failed: job.counts.failed + job.counts.timedOut,
          running: job.counts.inProgress + job.counts.pending,
          total: job.counts.targets,
        })}
      >
        {COUNT_SEGMENTS.map(({ key, tone }) =>
          job.counts[key] > 0 ? <span key={key} className={`job-bar__segment cmd-fill--${tone}`} style={{ width: `${(job.counts[key] / total) * 100}%` }} /> : null,
        )}
      </div>
      <dl className="job-counts" data-testid="job-counts">
        <div className="job-counts__item">
          <dt>{t('commands.counts.targets')}</dt>
          <dd className="num" data-testid="job-count-targets">
            {n(job.counts.targets)}
          </dd>
        </div>
        {COUNT_SEGMENTS.map(({ key, tone }) =>
          job.counts[key] > 0 || key === 'success' || key === 'failed' ? (
            <div key={key} className="job-counts__item">
              <dt>
                <span className={`job-counts__swatch cmd-fill--${tone}`} aria-hidden="true" />
                {t(`commands.counts.${key}`)}
              </dt>
              <dd className="num" data-testid={`job-count-${key}`}>
                {n(job.counts[key])}
              </dd>
            </div>
          ) : null,
        )}
      </dl>
      <div className="job-header__meta muted">
        <span>{t('commands.job.sentBy', { operator: job.operator || t('commands.job.operatorUnknown'), when: formatExactTime(job.requestedAt, lng) })}</span>
        <span>
          {t('commands.job.targets')} <PresetLabel targets={job.targets} />
        </span>
        <span className="mono">
          {t('commands.job.rate', { concurrency: job.options.maxConcurrency, errors: job.options.maxErrors, timeout: job.options.timeoutSeconds })}
        </span>
        {job.comment ? <span>“{job.comment}”</span> : null}
      </div>
    </header>
  );
}
