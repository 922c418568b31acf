import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../../preload/contract/define';
import type { FleetSummary } from '../../../../preload/contract/fleet';
import { formatCount, formatExactTime, formatRelativeTime } from '../../lib/format';

interface StatusBarProps {
  summary: FleetSummary | undefined;
  matching: number | null;
  filtered: boolean;
  now: number;
  actionError: ErrorInfo | null;
  onRefresh: () => void;
  onCancel: () => void;
  busy: boolean;
}

/** Bottom bar: matching / total, sync progress with Cancel, last synced, Refresh. */
export function FleetStatusBar({ summary, matching, filtered, now, actionError, onRefresh, onCancel, busy }: StatusBarProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const sync = summary?.sync;
  const running = sync?.phase === 'running';
  const n = (v: number): string => formatCount(v, lng);

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
      {running && sync ? (
        <span className="statusbar__item statusbar__sync" role="status" data-testid="sync-progress">
          <span className="spinner" aria-hidden="true" />
          {t('fleet.sync.progress', { pages: n(sync.pagesDone), nodes: n(sync.nodesSeen) })}
          <button type="button" className="button button--small" onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </button>
        </span>
      ) : sync?.phase === 'cancelled' ? (
        <span className="statusbar__item muted" role="status">
          {t('fleet.sync.cancelled')}
        </span>
      ) : null}
      {actionError ? (
        <span className="statusbar__item statusbar__error" role="alert">
          {actionError.message} <code>{actionError.code}</code>
        </span>
      ) : null}
      <span
        className="statusbar__item muted"
        title={summary?.lastSyncedAt ? formatExactTime(summary.lastSyncedAt, lng) : undefined}
        data-testid="last-synced"
      >
        {summary?.lastSyncedAt
          ? t('fleet.sync.lastSynced', { when: formatRelativeTime(summary.lastSyncedAt, now, lng) })
          : t('fleet.sync.never')}
      </span>
      <button
        type="button"
        className="button button--small"
        onClick={onRefresh}
        disabled={running || busy}
        title={t('fleet.sync.refreshHint')}
        data-testid="fleet-refresh"
      >
        <svg className="button__icon" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M8 2.5a5.5 5.5 0 0 1 4.9 3H10.5V7H15V2.5h-1.5v1.8A7 7 0 1 0 15 8h-1.5A5.5 5.5 0 1 1 8 2.5Z" />
        </svg>
        {running ? t('fleet.sync.running') : t('fleet.sync.refresh')}
      </button>
    </footer>
  );
}
