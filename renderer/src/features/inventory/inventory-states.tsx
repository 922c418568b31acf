import { useTranslation } from 'react-i18next';
import type { InventoryWorkspaceStatus } from '../../../../preload/contract/inventory';
import { formatCount } from '../../lib/format';

// Keywords worth trying on any fleet; each is one click.
const EXAMPLES = ['java', 'nginx', 'openssl', 'postgresql', 'KB50'];

/** Nothing cached for this workspace: reading for the first time, never read, or read and empty. */
export function NoInventory({ status, onSync, busy }: { status: InventoryWorkspaceStatus; onSync: () => void; busy: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const { sync } = status;
  if (sync.phase === 'listing' || sync.phase === 'fetching') {
    return (
      <div className="state" data-testid="inventory-empty" data-reason="syncing">
        <div className="state__title">
          <span className="spinner" aria-hidden="true" /> {t('inventory.empty.syncingTitle')}
        </div>
        <p className="state__text">
          {sync.phase === 'listing' ? t('inventory.sync.listing') : t('inventory.sync.fetching', { done: formatCount(sync.nodesDone, lng), stale: formatCount(sync.nodesStale, lng), listed: formatCount(sync.nodesListed, lng) })}
        </p>
      </div>
    );
  }
  const never = status.lastSyncedAt === null;
  return (
    <div className="state" data-testid="inventory-empty" data-reason={never ? 'never-synced' : 'no-inventory'}>
      <div className="state__title">{never ? t('inventory.empty.neverTitle') : t('inventory.empty.noneTitle', { workspace: status.label })}</div>
      {never ? (
        <p className="state__text">{sync.phase === 'failed' ? t('inventory.empty.neverFailed') : t('inventory.empty.never')}</p>
      ) : (
        <>
          <p className="state__text">{t('inventory.empty.none')}</p>
          <ul className="state__list">
            <li>{t('inventory.empty.stepAssociation')}</li>
            <li>{t('inventory.empty.stepRole')}</li>
            <li>{t('inventory.empty.stepWait')}</li>
          </ul>
        </>
      )}
      <div className="state__actions">
        <button type="button" className="button button--primary" onClick={onSync} disabled={busy} data-testid="inventory-sync-now">
          {t('inventory.empty.syncNow')}
        </button>
      </div>
    </div>
  );
}

/** Before the first keyword: what the box finds, with examples to click. */
export function SearchPrompt({ onExample, onCharts, nodes }: { onExample: (keyword: string) => void; onCharts: () => void; nodes: number }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="state" data-testid="inventory-prompt">
      <div className="state__title">{t('inventory.prompt.title', { count: nodes, nodes: formatCount(nodes, i18n.resolvedLanguage ?? 'en') })}</div>
      <p className="state__text">{t('inventory.prompt.text')}</p>
      <div className="state__actions">
        {EXAMPLES.map((ex) => (
          <button key={ex} type="button" className="chip chip--button" onClick={() => onExample(ex)}>
            {ex}
          </button>
        ))}
        <button type="button" className="button button--small" onClick={onCharts}>
          {t('inventory.prompt.charts')}
        </button>
      </div>
    </div>
  );
}

/** The keyword matched nothing (with these filters): say so and what to try. */
export function NoResults({ keyword, notice, filtered, onClearFilters }: { keyword: string; notice: string | null; filtered: boolean; onClearFilters: () => void }) {
  const { t } = useTranslation();
  const words = keyword.trim().split(/\s+/).length;
  return (
    <div className="state" data-testid="inventory-no-results">
      <div className="state__title">{t('inventory.noResults.title', { keyword: keyword.trim() })}</div>
      <p className="state__text">{words > 1 ? t('inventory.noResults.fewerWords') : t('inventory.noResults.shorter')}</p>
      {notice ? (
        // How main read the keyword (quotes and * taken as text) often explains why nothing matched.
        <p className="state__text muted" role="note" data-testid="inventory-notice">
          {notice}
        </p>
      ) : null}
      {filtered ? (
        <div className="state__actions">
          <button type="button" className="button" onClick={onClearFilters}>
            {t('inventory.noResults.clearFilters')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
