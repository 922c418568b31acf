import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../../lib/format';
import { formatShare, type ChartRow } from './chart-rows';

interface ChartLegendProps {
  rows: readonly ChartRow[];
  /** Names the list for screen readers ("Java versions", "Ping status"). */
  label: string;
  onSelect: (index: number) => void;
  /** The row whose bar or slice is under the pointer, shown lit so the eye finds its numbers. */
  highlighted?: number | null;
}

/** "412 · 34%" in the operator's locale, for bar labels and tooltips. */
export function useValueText(): (row: ChartRow) => string {
  const { i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  return useCallback((row: ChartRow) => `${formatCount(row.count, lng)} · ${formatShare(row.share, lng)}`, [lng]);
}

/** What a slice says when read aloud or hovered: "Java 8 — 412 nodes (34%)". */
export function useSliceName(): (row: ChartRow) => string {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  return (row) =>
    t('inventory.charts.sliceName', {
      label: row.latest ? t('inventory.charts.latestLabel', { label: row.label }) : row.label,
      count: row.count,
      formatted: formatCount(row.count, lng),
      percent: formatShare(row.share, lng),
    });
}

/**
 * Every slice of a chart as a row with its exact count and share; clickable slices are buttons
 * doing what a click on the chart does, so keyboard, screen reader and tests reach them.
 */
export function ChartLegend({ rows, label, onSelect, highlighted = null }: ChartLegendProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const sliceName = useSliceName();
  return (
    <ul className="chart-legend" aria-label={label}>
      {rows.map((row, index) => {
        const content = (
          <>
            <span className="chart-legend__swatch" style={{ background: row.colour }} aria-hidden="true" />
            <span className="chart-legend__label">
              <span className="chart-legend__text" title={row.label}>
                {row.label}
              </span>
              {row.latest ? <span className="chart-legend__badge">{t('inventory.charts.latest')}</span> : null}
            </span>
            <span className="chart-legend__count num">{formatCount(row.count, lng)}</span>
            <span className="chart-legend__share num">{formatShare(row.share, lng)}</span>
          </>
        );
        const lit = index === highlighted ? ' is-lit' : '';
        return (
          <li key={row.key}>
            {row.clickable ? (
              <button type="button" className={`chart-legend__row${lit}`} aria-label={sliceName(row)} onClick={() => onSelect(index)}>
                {content}
              </button>
            ) : (
              <div
                className={`chart-legend__row chart-legend__row--static${lit}`}
                aria-label={`${sliceName(row)}. ${t('inventory.charts.notListable')}`}
                role="group"
                title={row.members && row.members.length > 0 ? t('inventory.charts.otherMembers', { list: row.members.join(', ') }) : t('inventory.charts.notListable')}
              >
                {content}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
