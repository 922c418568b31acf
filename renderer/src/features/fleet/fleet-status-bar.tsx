import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../../preload/contract/define';
import type { FleetSummary } from '../../../../preload/contract/fleet';
import { errorMessage } from '../../lib/error-text';
import { formatCount, formatExactTime, formatRelativeTime } from '../../lib/format';
import { syncOverview } from './sync-overview';

interface StatusBarProps {
  summary: FleetSummary | undefined;
  matching: number | null;
  filtered: boolean;
  now: number;
  actionError: ErrorInfo | null;
  /** A workspace's name for the failed-sync note ("Training — Payments · us-east-1"). */
  labelOf: (workspaceId: string) => string;
  onRefresh: () => void;
  onCancel: () => void;
  busy: boolean;
}

/** Bottom bar: matching / total over every watched workspace, their syncs (progress, Cancel, failures), last synced, Refresh. Memoised: a filter keystroke changes none of its props until the rows answer. */
export const FleetStatusBar = memo(function FleetStatusBar({ summary, matching, filtered, now, actionError, labelOf, onRefresh, onCancel, busy }: StatusBarProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const n = (v: number): string => formatCount(v, lng);
  const syncs = syncOverview(summary?.syncs ?? []);
  const running = syncs.running.length > 0;
  const [firstFailed] = syncs.failed;

  let progress = '';
  if (running && syncs.total <= 1) progress = t('fleet.sync.progress', { pages: n(syncs.pagesDone), nodes: n(syncs.nodesSeen) });
  else if (running)
    progress = t('fleet.sync.progressMany', { running: syncs.running.length, total: syncs.total, pages: n(syncs.pagesDone), nodes: n(syncs.nodesSeen) });

  return (
    <footer className="statusbar" aria-label={t('fleet.status.label')}>
      <span className="statusbar__item num" data-testid="fleet-count">
        {matching === null
          ? t('fleet.status.loading')
          : filtered && summary
            ? t('fleet.status.matching', { matching: n(matching), total: n(summary.total) })
            : t('fleet.status.total', { count: matching, total: n(matching) })}
      </span>
      {summary && summary.vanished > 0 ? (
        <span className="statusbar__item muted" title={t('fleet.status.vanishedTitle')}>
          {t('fleet.status.vanished', { count: summary.vanished, formatted: n(summary.vanished) })}
        </span>
      ) : null}
      <span className="statusbar__spacer" />
      {running ? (
        <span
          className="statusbar__item statusbar__sync"
          role="status"
          data-testid="sync-progress"
          title={syncs.total > 1 ? syncs.running.map((s) => labelOf(s.workspaceId)).join('\n') : undefined}
        >
          <span className="spinner" aria-hidden="true" />
          {progress}
          <button type="button" className="button button--small" onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </button>
        </span>
      ) : syncs.cancelled.length > 0 ? (
        <span className="statusbar__item muted" role="status">
          {t('fleet.sync.cancelled')}
        </span>
      ) : null}
      {firstFailed ? (
        <span
          className="statusbar__item statusbar__error"
          data-testid="sync-failed-note"
          title={syncs.failed.map((s) => `${labelOf(s.workspaceId)}: ${s.error ? errorMessage(s.error, t) : ''} (${s.error?.code ?? ''})`).join('\n')}
        >
          {syncs.failed.length === 1
            ? t('fleet.sync.failedOne', { workspace: labelOf(firstFailed.workspaceId), code: firstFailed.error?.code ?? '' })
            : t('fleet.sync.failedMany', { count: syncs.failed.length, total: syncs.total })}
        </span>
      ) : null}
      {actionError ? (
        <span className="statusbar__item statusbar__error" role="alert">
          {errorMessage(actionError, t)} <code>{actionError.code}</code>
        </span>
      ) : null}
      <span
        className="statusbar__item muted"
        title={summary?.lastSyncedAt ? formatExactTime(summary.lastSyncedAt, lng) : undefined}
        data-testid="last-synced"
      >
        {summary?.lastSyncedAt
          ? t(syncs.total > 1 ? 'fleet.sync.lastSyncedAll' : 'fleet.sync.lastSynced', { when: formatRelativeTime(summary.lastSyncedAt, now, lng), count: syncs.total })
          : t('fleet.sync.never')}
      </span>
      <button
        type="button"
        className="button button--small"
        onClick={onRefresh}
        disabled={running || busy}
        title={syncs.total > 1 ? t('fleet.sync.refreshHintMany', { count: syncs.total }) : t('fleet.sync.refreshHint')}
        data-testid="fleet-refresh"
      >
        <svg className="button__icon" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M8 2.5a5.5 5.5 0 0 1 4.9 3H10.5V7H15V2.5h-1.5v1.8A7 7 0 1 0 15 8h-1.5A5.5 5.5 0 1 1 8 2.5Z" />
        </svg>
        {running ? t('fleet.sync.running') : t('fleet.sync.refresh')}
      </button>
    </footer>
  );
});
