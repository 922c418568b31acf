import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../../preload/contract/define';
import type { InventoryWorkspaceStatus } from '../../../../preload/contract/inventory';
import { errorMessage } from '../../lib/error-text';
import { formatCount, formatExactTime, formatRelativeTime } from '../../lib/format';

interface SyncBarProps {
  status: InventoryWorkspaceStatus | undefined;
  now: number;
  /** Refresh or Cancel failed to reach main (not the sync failing: that is the status's own error). */
  actionError: ErrorInfo | null;
  busy: boolean;
  onRefresh: () => void;
  onCancel: () => void;
}

/** What the inventory sync is doing, in one line: listing, fetching n of m, done at, failed why, cancelled. */
function SyncText({ status, now }: { status: InventoryWorkspaceStatus; now: number }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const n = (v: number): string => formatCount(v, lng);
  const { sync } = status;
  const at = (ms: number | null) => (ms === null ? '' : formatRelativeTime(ms, now, lng));
  switch (sync.phase) {
    case 'listing':
      return <>{t('inventory.sync.listing')}</>;
    case 'fetching':
      return <>{t('inventory.sync.fetching', { done: n(sync.nodesDone), stale: n(sync.nodesStale), listed: n(sync.nodesListed) })}</>;
    case 'succeeded':
      return (
        <span title={sync.finishedAt === null ? undefined : formatExactTime(sync.finishedAt, lng)}>
          {t('inventory.sync.succeeded', { when: at(sync.finishedAt), count: sync.nodesDone, nodes: n(sync.nodesDone) })}
          {sync.entriesSkipped > 0 ? ` · ${t('inventory.sync.skipped', { count: sync.entriesSkipped, entries: n(sync.entriesSkipped) })}` : ''}
        </span>
      );
    case 'failed':
      return (
        <span className="inventory-sync__failed">
          {t('inventory.sync.failed')} {(sync.error ? errorMessage(sync.error, t) : '') || t('errors.noMessage')} {sync.error ? <code>{sync.error.code}</code> : null}
        </span>
      );
    case 'cancelled':
      return <>{t('inventory.sync.cancelled')}</>;
    case 'idle':
      return (
        <span title={status.lastSyncedAt === null ? undefined : formatExactTime(status.lastSyncedAt, lng)}>
          {status.lastSyncedAt === null ? t('inventory.sync.never') : t('inventory.sync.lastSynced', { when: at(status.lastSyncedAt) })}
        </span>
      );
  }
}

/** Bottom bar of the Inventory screen: cache size, sync state, Refresh, and Cancel while a sync runs. */
export function SyncBar({ status, now, actionError, busy, onRefresh, onCancel }: SyncBarProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const phase = status?.sync.phase ?? 'idle';
  const running = phase === 'listing' || phase === 'fetching';
  const progress = status && phase === 'fetching' && status.sync.nodesStale > 0 ? status.sync.nodesDone / status.sync.nodesStale : null;
  return (
    <footer className="statusbar inventory-sync" aria-label={t('inventory.sync.label')}>
      {status ? (
        <span className="statusbar__item muted num" data-testid="inventory-cache-size">
          {t('inventory.sync.cached', { count: status.nodes, nodes: formatCount(status.nodes, lng), rows: formatCount(status.rows, lng) })}
        </span>
      ) : null}
      <span className="statusbar__spacer" />
      <span className="statusbar__item statusbar__sync" role="status" data-testid="inventory-sync-state" data-phase={phase} data-operation={status?.sync.operationId ?? ""}>
        {running ? <span className="spinner" aria-hidden="true" /> : null}
        {status ? <SyncText status={status} now={now} /> : t('inventory.sync.loading')}
        {progress !== null ? (
          <span className="inventory-sync__meter" aria-hidden="true">
            <span style={{ width: `${Math.round(progress * 100)}%` }} />
          </span>
        ) : null}
      </span>
      {actionError ? (
        <span className="statusbar__item statusbar__error" role="alert">
          {errorMessage(actionError, t)} <code>{actionError.code}</code>
        </span>
      ) : null}
      {running ? (
        <button type="button" className="button button--small" onClick={onCancel} disabled={busy} data-testid="inventory-cancel">
          {t('common.cancel')}
        </button>
      ) : (
        <button type="button" className="button button--small" onClick={onRefresh} disabled={busy || !status} title={t('inventory.sync.refreshHint')} data-testid="inventory-refresh">
          <svg className="button__icon" viewBox="0 0 16 16" aria-hidden="true">
            <path d="M8 2.5a5.5 5.5 0 0 1 4.9 3H10.5V7H15V2.5h-1.5v1.8A7 7 0 1 0 15 8h-1.5A5.5 5.5 0 1 1 8 2.5Z" />
          </svg>
          {t('inventory.sync.refresh')}
        </button>
      )}
    </footer>
  );
}
