import type { UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../../preload/contract/define';
import type { InventoryFilters, InventoryNodeMatch, InventorySearchGroup, InventorySearchResult } from '../../../../preload/contract/inventory';
import { formatCount } from '../../lib/format';
import { LoadErrorBanner } from '../fleet/fleet-states';
import { VersionSharePanel } from './charts/version-share-panel';
import { csvFileName, downloadCsv } from '../../lib/csv';
import type { DrillSubject } from './fleet-filter';
import { groupsCsv } from './inventory-export';
import { SEARCH_LIMIT } from './inventory-queries';
import { NoResults, SearchPrompt } from './inventory-states';
import type { FilterDraft } from './search-filters';
import { activeFilterCount } from './search-filters';
import { SearchResults } from './search-results';
import type { SoftwareFamily } from './software-family';

interface SearchViewProps {
  keyword: string;
  search: UseQueryResult<InventorySearchResult>;
  /** A failed search (not a superseded one, not a bad keyword: the box shows those). */
  error: ErrorInfo | null;
  filters: InventoryFilters;
  draft: FilterDraft;
  family: SoftwareFamily | null;
  /** Nodes with cached inventory, for the prompt. */
  nodes: number;
  selected: (DrillSubject & { kind: 'group' }) | null;
  resultsRef: RefObject<HTMLDivElement | null>;
  onFamilyChange: (family: SoftwareFamily) => void;
  onSelectSlice: (match: InventoryNodeMatch) => void;
  onDrill: (group: InventorySearchGroup) => void;
  onExample: (keyword: string) => void;
  onCharts: () => void;
  onClearFilters: () => void;
  onLeave: () => void;
}

/** Search results, with the family's version share above them when the keyword names one. */
export function SearchView(props: SearchViewProps) {
  const { keyword, search, error, filters, draft, family, nodes, selected } = props;
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const [chartHidden, setChartHidden] = useState(false);
  if (keyword.trim() === '') return <SearchPrompt onExample={props.onExample} onCharts={props.onCharts} nodes={nodes} />;

  const result = search.data;
  const ready = !search.isPlaceholderData && !search.isFetching && result !== undefined;
  const selectedGroup: InventorySearchGroup | null = selected
    ? { typeName: selected.typeName, name: selected.name, version: selected.version, publisher: selected.publisher, nodeCount: selected.nodeCount, rowCount: 0 }
    : null;

  let list;
  if (error && !result) {
    list = <LoadErrorBanner error={error} onRetry={() => void search.refetch()} />;
  } else if (!result) {
    list = <div className="state state--quiet">{t('inventory.results.searching')}</div>;
  } else if (result.groups.length === 0) {
    list = ready ? <NoResults keyword={keyword} notice={result.notice} filtered={activeFilterCount(draft) > 0} onClearFilters={props.onClearFilters} /> : null;
  } else {
    list = <SearchResults groups={result.groups} selected={selectedGroup} onDrill={props.onDrill} listRef={props.resultsRef} onLeave={props.onLeave} />;
  }

  return (
    <div className="inventory-search-view" data-testid="inventory-search-view" data-keyword={keyword.trim()} data-state={ready ? 'ready' : 'loading'}>
      {family && !chartHidden ? (
        <div className="inventory-search-view__chart">
          <VersionSharePanel filters={filters} family={family} onFamilyChange={props.onFamilyChange} onSelectSlice={props.onSelectSlice} />
        </div>
      ) : null}
      {error && result ? <LoadErrorBanner error={error} onRetry={() => void search.refetch()} /> : null}
      {result && result.groups.length > 0 ? (
        <div className="inventory-results-bar">
          <span className="num" data-testid="inventory-group-count">
            {t('inventory.results.groups', { count: result.groups.length, groups: formatCount(result.groups.length, lng) })}
          </span>
          {result.truncated ? (
            <span className="inventory-results-bar__truncated" role="note">
              {t('inventory.results.truncated', { limit: formatCount(SEARCH_LIMIT, lng) })}
            </span>
          ) : null}
          {result.notice ? (
            <span className="inventory-results-bar__notice muted" role="note" data-testid="inventory-notice">
              {result.notice}
            </span>
          ) : null}
          <span className="inventory-results-bar__spacer" />
          {family ? (
            // The chart is tall; an operator working down the list can fold it away.
            <button type="button" className="button button--small" aria-pressed={!chartHidden} data-testid="inventory-toggle-chart" onClick={() => setChartHidden((hidden) => !hidden)}>
              {chartHidden ? t('inventory.results.showChart') : t('inventory.results.hideChart')}
            </button>
          ) : null}
          <button
            type="button"
            className="button button--small"
            data-testid="inventory-export-groups"
            onClick={() => downloadCsv(csvFileName(keyword, new Date()), groupsCsv(t, result.groups))}
          >
            {t('inventory.results.exportCsv')}
          </button>
        </div>
      ) : null}
      <div className={`inventory-search-view__list${search.isPlaceholderData ? ' is-stale' : ''}`}>{list}</div>
    </div>
  );
}
