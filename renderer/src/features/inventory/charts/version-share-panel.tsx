import { useCallback, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InventoryFilters } from '../../../../../preload/contract/inventory';
import { formatCount } from '../../../lib/format';
import type { SoftwareFamily } from '../software-family';
import { ChartLegend, useValueText } from './chart-legend';
import { barOption } from './chart-options';
import { useVersionShare } from './chart-queries';
import { ChartEmpty, ChartError, ChartLoading } from './chart-states';
import { EChart } from './echart';
import { FamilyPicker, useFamilyName } from './family-picker';
import { useChartPalette } from './use-chart-palette';
import { versionShareRows } from './version-share-model';
import '../../../styles/inventory-charts.css';

/** A click on a version slice: the nodes with that major of the family. */
export interface VersionSliceSelection {
  kind: 'family';
  family: SoftwareFamily;
  major: string;
  /** The bar's product: the drill-down lists exactly the bar's nodes even if two products share a major. */
  product: string;
}

interface VersionSharePanelProps {
  filters: InventoryFilters;
  family: SoftwareFamily;
  onFamilyChange: (family: SoftwareFamily) => void;
  onSelectSlice: (selection: VersionSliceSelection) => void;
}

// Bar rows are a fixed height so a family with 12 majors grows the chart instead of squeezing it.
const BAR_ROW_PX = 30;

/**
 * Nodes per major version of a software family (Java 8/11/17/21 …) across vendors and platforms,
 * as bars in version order with count and share, a legend of buttons, and a family picker.
 * Clicking a bar or its legend row asks the screen to list that slice's nodes.
 */
export function VersionSharePanel({ filters, family, onFamilyChange, onSelectSlice }: VersionSharePanelProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const titleId = useId();
  const palette = useChartPalette();
  const familyName = useFamilyName();
  const valueText = useValueText();
  const [hovered, setHovered] = useState<number | null>(null);
  const query = useVersionShare(filters, family);
  const share = query.data;
  const rows = useMemo(() => (share ? versionShareRows(share, palette) : []), [share, palette]);
  const option = useMemo(() => barOption(rows, palette, valueText), [rows, palette, valueText]);
  const select = useCallback(
    (index: number) => {
      const row = rows[index];
      if (row) onSelectSlice({ kind: 'family', family, major: row.major, product: row.product });
    },
    [rows, family, onSelectSlice],
  );

  const name = familyName(family);
  const state = share ? (rows.length > 0 ? 'ready' : 'empty') : query.isError ? 'error' : 'loading';
  let body;
  if (state === 'error') {
    body = <ChartError error={query.error} onRetry={() => void query.refetch()} />;
  } else if (state === 'loading') {
    body = <ChartLoading bars={4} />;
  } else if (state === 'empty') {
    body = <ChartEmpty title={t('inventory.charts.versionShare.empty', { family: name })} text={t('inventory.charts.versionShare.emptyHint')} />;
  } else {
    body = (
      <div className="chart-panel__body">
        <EChart className="chart-panel__bars" option={option} onItemClick={select} onItemHover={setHovered} style={{ height: rows.length * BAR_ROW_PX + 8 }} />
        <ChartLegend rows={rows} label={t('inventory.charts.versionShare.legend', { family: name })} onSelect={select} highlighted={hovered} />
      </div>
    );
  }

  return (
    <section
      className={`chart-panel${query.isPlaceholderData ? ' is-updating' : ''}`}
      aria-labelledby={titleId}
      aria-busy={query.isFetching}
      data-testid="version-share-chart"
      data-state={state}
      data-family={family}
    >
      <header className="chart-panel__head">
        <h3 className="chart-panel__title" id={titleId}>
          {t('inventory.charts.versionShare.title', { family: name })}
        </h3>
        {share && share.nodeCount > 0 ? (
          <span className="chart-panel__meta num">
            {t('inventory.charts.versionShare.nodes', { count: share.nodeCount, formatted: formatCount(share.nodeCount, lng), family: name })}
          </span>
        ) : null}
        {query.isError && share ? (
          // A refetch failed with a chart already drawn: keep it, say it may be old, offer Retry.
          <button type="button" className="button button--small chart-panel__stale" onClick={() => void query.refetch()}>
            {t('inventory.charts.refreshFailed')}
          </button>
        ) : null}
        <FamilyPicker family={family} onChange={onFamilyChange} />
      </header>
      {body}
      {state === 'ready' ? (
        <p className="chart-panel__note">
          {t('inventory.charts.versionShare.footnote', { formatted: formatCount(share?.nodeCount ?? 0, lng), family: name })}
        </p>
      ) : null}
    </section>
  );
}
