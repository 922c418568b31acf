import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../../preload/contract/define';
import type { Workspace } from '../../../../preload/contract/workspaces';
import { errorHint, errorMessage } from '../../lib/error-text';
import { formatExactTime, formatRelativeTime } from '../../lib/format';

/** The watched workspaces have no nodes at all: say why that may be and what to do. */
export function EmptyWorkspace({
  workspaces,
  syncing,
  syncFailed,
  onRefresh,
}: {
  workspaces: Workspace[];
  syncing: boolean;
  /** Every watched workspace's last sync failed. */
  syncFailed: boolean;
  onRefresh: () => void;
}) {
  const { t } = useTranslation();
  const regions = [...new Set(workspaces.map((w) => w.region))].join(', ');
  // A failed first sync proves nothing about the fleet: do not suggest the agent is missing.
  if (syncFailed && !syncing) {
    return (
      <div className="state" data-testid="fleet-empty">
        <div className="state__title">{t('fleet.empty.failedTitle')}</div>
        <p className="state__text">{t('fleet.empty.failed')}</p>
      </div>
    );
  }
  const refreshAction = (
    <div className="state__actions">
      <button type="button" className="button button--primary" onClick={onRefresh}>
        {t('fleet.sync.refresh')}
      </button>
    </div>
  );
  return (
    <div className="state" data-testid="fleet-empty">
      <div className="state__title">{t('fleet.empty.title')}</div>
      {syncing ? (
        <p className="state__text">{t('fleet.empty.syncing')}</p>
      ) : workspaces.every((w) => w.kind === 'training') ? (
        <>
          <p className="state__text">{t('fleet.empty.training')}</p>
          {refreshAction}
        </>
      ) : (
        <>
          <p className="state__text">{t('fleet.empty.explain', { region: regions })}</p>
          <ul className="state__list">
            <li>{t('fleet.empty.stepAgent')}</li>
            <li>{t('fleet.empty.stepRole')}</li>
            <li>{t('fleet.empty.stepRegion')}</li>
          </ul>
          {refreshAction}
        </>
      )}
    </div>
  );
}

/** The filter matched nothing; the fix is one click away. */
export function NoMatches({ filter, onClear }: { filter: string; onClear: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="state" data-testid="fleet-no-matches">
      <div className="state__title">{t('fleet.noMatches.title', { filter })}</div>
      <p className="state__text">{t('fleet.noMatches.text')}</p>
      <div className="state__actions">
        <button type="button" className="button" onClick={onClear}>
          {t('fleet.filter.clear')}
        </button>
      </div>
    </div>
  );
}

/** The code and hint of an error, always with the code (AWS often sends no message). */
export function ErrorDetail({ error }: { error: ErrorInfo }) {
  const { t } = useTranslation();
  const hint = errorHint(error, t);
  return (
    <>
      <span className="banner__message">{errorMessage(error, t) || t('errors.noMessage')}</span>
      <code className="banner__code" title={error.requestId ? t('errors.requestId', { id: error.requestId }) : undefined}>
        {error.awsOperation ? `${error.awsOperation} · ${error.code}` : error.code}
      </code>
      {hint ? <span className="banner__hint">{hint}</span> : null}
    </>
  );
}

interface SyncErrorBannerProps {
  /** Which workspace failed, when several are watched; null when the grid shows only one. */
  workspaceLabel?: string | null;
  error: ErrorInfo;
  /** When the cached nodes were read; undefined when no single age applies (several workspaces). */
  lastSyncedAt: number | null | undefined;
  now: number;
  retrying: boolean;
  onRetry: () => void;
}

/** A failed sync: what AWS said, what to do, Retry; cached rows below stay with their age. */
export function SyncErrorBanner({ workspaceLabel = null, error, lastSyncedAt, now, retrying, onRetry }: SyncErrorBannerProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  return (
    <div className="banner banner--error" role="alert" data-testid="sync-error">
      <span className="banner__title">{workspaceLabel ? t('fleet.sync.failedIn', { workspace: workspaceLabel }) : t('fleet.sync.failed')}</span>
      <ErrorDetail error={error} />
      {lastSyncedAt === undefined ? (
        <span className="banner__meta">{t('fleet.sync.othersKept')}</span>
      ) : (
        <span className="banner__meta" title={lastSyncedAt ? formatExactTime(lastSyncedAt, lng) : undefined}>
          {lastSyncedAt ? t('fleet.sync.showingCached', { when: formatRelativeTime(lastSyncedAt, now, lng) }) : t('fleet.sync.nothingCached')}
        </span>
      )}
      <button type="button" className="button button--small" onClick={onRetry} disabled={retrying}>
        {t('common.retry')}
      </button>
    </div>
  );
}

/** Rows could not be read from the local cache or the bridge. */
export function LoadErrorBanner({ error, onRetry }: { error: ErrorInfo; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="banner banner--error" role="alert" data-testid="load-error">
      <span className="banner__title">{t('fleet.loadFailed')}</span>
      <ErrorDetail error={error} />
      <button type="button" className="button button--small" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </div>
  );
}
