import type { TFunction } from 'i18next';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { JobStatus } from '../../../../preload/contract/commands';
import type { Runbook, RunbookProblem } from '../../../../preload/contract/runbooks';
import { bridge, unwrap } from '../../lib/api';
import { formatCount, formatExactTime, formatRelativeTime } from '../../lib/format';
import { allowedHoursLabel, allowedHoursState } from './allowed-hours';
import { describeTagFilters } from './target-input';

/** Colour family of a job status: the same four tones everywhere a run's result shows. */
export function statusTone(status: JobStatus): 'ok' | 'bad' | 'busy' | 'quiet' {
  if (status === 'Success') return 'ok';
  if (status === 'Failed' || status === 'TimedOut') return 'bad';
  if (status === 'Pending' || status === 'InProgress') return 'busy';
  return 'quiet';
}

/** Why a card cannot run now, in words; null when it can. Main checks again when it runs. */
export function cardBlockedReason(t: TFunction, runbook: Runbook, problems: RunbookProblem[], now: number): string | null {
  const first = problems[0];
  if (first) {
    const where = first.field ? `${first.field}: ` : '';
    return problems.length === 1
      ? t('runbooks.card.blockedProblem', { message: `${where}${first.message}` })
      : t('runbooks.card.blockedProblems', { message: `${where}${first.message}`, count: problems.length - 1 });
  }
  const hours = runbook.guardrails.allowedHours;
  if (hours && allowedHoursState(hours, now) === 'closed') return t('runbooks.card.blockedHours', { window: allowedHoursLabel(hours) });
  return null;
}

/** "Stops at the first error", "Stop after 3 errors", "Stop after 10% errors". */
function errorsBadge(t: TFunction, maxErrors: string): string {
  if (maxErrors === '0' || maxErrors === '0%') return t('runbooks.badge.errorsNone');
  if (maxErrors.endsWith('%')) return t('runbooks.badge.errorsPercent', { value: maxErrors });
  return t('runbooks.badge.errors', { count: Number.parseInt(maxErrors, 10) });
}

/** How many nodes a tag query matches in the fleet cache now, for "Role=web · 12 nodes". */
function useTagCount(workspaceId: string, runbook: Runbook) {
  const targets = runbook.targets;
  return useQuery({
    queryKey: ['runbooks', 'tag-count', workspaceId, targets],
    queryFn: async () =>
      targets.kind === 'tags'
        ? (await unwrap(bridge().commands.previewTargets({ workspaceId, targets: { kind: 'tags', filters: targets.filters } }))).preview.total
        : 0,
    enabled: targets.kind === 'tags' && targets.filters.length > 0,
    staleTime: 60_000,
    retry: false,
  });
}

function TargetSummary({ workspaceId, runbook }: { workspaceId: string; runbook: Runbook }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const count = useTagCount(workspaceId, runbook);
  const targets = runbook.targets;
  if (targets.kind === 'chosen') return <span className="runbook-card__targets muted">{t('runbooks.card.targetsChosen')}</span>;
  if (targets.kind === 'nodes') {
    return <span className="runbook-card__targets">{t('runbooks.card.targetsNodes', { count: targets.instanceIds.length, formatted: formatCount(targets.instanceIds.length, lng) })}</span>;
  }
  const query = describeTagFilters(targets.filters);
  const nodes = count.data === undefined ? (count.isError ? null : '…') : t('runbooks.card.nodeCount', { count: count.data, formatted: formatCount(count.data, lng) });
  return (
    <span className="runbook-card__targets">
      <span className="mono">{query}</span>
      {nodes ? <span className={count.data === 0 ? 'runbook-card__warn' : undefined}>{` · ${nodes}`}</span> : null}
    </span>
  );
}

interface RunbookCardProps {
  workspaceId: string;
  runbook: Runbook;
  problems: RunbookProblem[];
  now: number;
  onRun: (runbook: Runbook) => void;
  onOpenJob: (jobId: string) => void;
}

/** One runbook: what it does, where, its guardrails, its last run, and one Run… button. */
export function RunbookCard({ workspaceId, runbook, problems, now, onRun, onOpenJob }: RunbookCardProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const blocked = cardBlockedReason(t, runbook, problems, now);
  const reasonId = `runbook-reason-${runbook.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const g = runbook.guardrails;
  const last = runbook.lastRun;
  return (
    <li className={`runbook-card${blocked ? ' runbook-card--blocked' : ''}`} data-testid="runbook-card" data-runbook-id={runbook.id} aria-labelledby={`${reasonId}-name`}>
      <div className="runbook-card__head">
        <h3 className="runbook-card__name" id={`${reasonId}-name`}>
          {runbook.name}
        </h3>
        <span className="runbook-card__category">{runbook.category}</span>
        {runbook.source === 'user' ? <span className="badge runbook-badge">{t('runbooks.card.userFile')}</span> : null}
      </div>
      <p className="runbook-card__description" title={runbook.description}>
        {runbook.description}
      </p>
      <div className="runbook-card__meta">
        <span className="mono runbook-card__document" title={t('runbooks.card.documentTitle')}>
          {runbook.documentName}
        </span>
        <TargetSummary workspaceId={workspaceId} runbook={runbook} />
      </div>
      <div className="runbook-card__badges" aria-label={t('runbooks.card.guardrails')}>
        {g.canary ? <span className="badge runbook-badge">{t('runbooks.badge.canary')}</span> : null}
        <span className="badge runbook-badge" title={t('runbooks.badge.confirmTitle')}>
          {t(g.confirm === 'typed-name' ? 'runbooks.badge.typedAlways' : 'runbooks.badge.typedProduction')}
        </span>
        {g.allowedHours ? <span className="badge runbook-badge">{t('runbooks.badge.hours', { window: allowedHoursLabel(g.allowedHours) })}</span> : null}
        <span className="badge runbook-badge">{t('runbooks.badge.concurrency', { value: g.maxConcurrency })}</span>
        <span className="badge runbook-badge">{errorsBadge(t, g.maxErrors)}</span>
      </div>
      <div className="runbook-card__last" data-testid="runbook-last-run">
        {last ? (
          <>
            <span className={`run-status run-status--${statusTone(last.status)}`} data-status={last.status}>
              {t(`runbooks.status.${last.status}`)}
            </span>
            <span className="muted" title={formatExactTime(last.at, lng)}>
              {formatRelativeTime(last.at, now, lng)}
            </span>
            {last.statusDetails && last.statusDetails !== last.status ? (
              <span className="runbook-card__details" title={last.statusDetails}>
                {last.statusDetails}
              </span>
            ) : null}
            <button type="button" className="link-button" onClick={() => onOpenJob(last.jobId)} aria-label={t('runbooks.card.openLastAria', { name: runbook.name })}>
              {t('runbooks.card.openLast')}
            </button>
          </>
        ) : (
          <span className="muted">{t('runbooks.card.neverRun')}</span>
        )}
      </div>
      <div className="runbook-card__foot">
        {blocked ? (
          <span className="runbook-card__reason" id={reasonId} data-testid="runbook-blocked">
            {blocked}
          </span>
        ) : null}
        <button
          type="button"
          className="button button--primary runbook-card__run"
          disabled={blocked !== null}
          aria-describedby={blocked ? reasonId : undefined}
          title={blocked ?? undefined}
          onClick={() => onRun(runbook)}
          data-testid="runbook-run"
        >
          {t('runbooks.run')}
        </button>
      </div>
    </li>
  );
}
