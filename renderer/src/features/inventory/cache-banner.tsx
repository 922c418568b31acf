import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../../preload/contract/define';
import { errorHint, errorMessage } from '../../lib/error-text';
import { formatExactTime, formatRelativeTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { cacheBannerState } from './cache-age';
import { useInventoryEvents, useInventoryStatus } from './inventory-queries';
import '../../styles/inventory.css';

/** Why a refresh failed, in the words a NOC operator uses: offline, credentials, or AWS's own code. */
function ReasonOf({ error }: { error: ErrorInfo }) {
  const { t } = useTranslation();
  if (error.kind === 'network') return <>{t('inventory.banner.reason.network')}</>;
  if (error.kind === 'credentials') return <>{t('inventory.banner.reason.credentials')}</>;
  return (
    <>
      {errorMessage(error, t) || t('errors.noMessage')} <code className="banner__code">{error.code}</code>
    </>
  );
}

/**
 * How old the cached inventory is, and which workspaces could not refresh and why, over the
 * Inventory and Licences screens. Renders nothing while every workspace is fresh.
 */
export function InventoryCacheBanner({ workspaceIds }: { workspaceIds: string[] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const now = useNow();
  useInventoryEvents();
  const status = useInventoryStatus(workspaceIds);
  const state = cacheBannerState(status.data?.workspaces ?? [], now);

  if (state?.kind === 'failed') {
    return (
      <div className="banner banner--warn inventory-banner" role="status" data-testid="inventory-cache-banner">
        <span className="banner__title">{t('inventory.banner.offlineTitle', { count: state.workspaces.length })}</span>
        <ul className="inventory-banner__list">
          {state.workspaces.map((w) => (
            <li key={w.workspaceId} data-testid="inventory-banner-workspace">
              <strong className="selectable">{w.label}</strong>
              {': '}
              {w.lastError ? <ReasonOf error={w.lastError} /> : null}
              {w.lastError?.hint ? <span className="banner__hint"> {errorHint(w.lastError, t)}</span> : null}
              <span className="inventory-banner__age" title={w.lastSyncedAt === null ? undefined : formatExactTime(w.lastSyncedAt, lng)}>
                {w.lastSyncedAt === null
                  ? t('inventory.banner.nothingCached')
                  : t('inventory.banner.showingCached', { when: formatRelativeTime(w.lastSyncedAt, now, lng) })}
              </span>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if (state?.kind === 'stale') {
    return (
      <div className="banner banner--info inventory-banner" role="status" data-testid="inventory-cache-banner">
        <span className="banner__title" title={formatExactTime(state.since, lng)}>
          {t('inventory.banner.age', { when: formatRelativeTime(state.since, now, lng) })}
        </span>
        <span className="banner__hint">{t('inventory.banner.ageHint')}</span>
      </div>
    );
  }
  return null;
}
