import { useCallback, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FleetComposition } from '../../../../../preload/contract/inventory';
import { formatCount } from '../../../lib/format';
import { ChartLegend } from './chart-legend';
import { donutOption } from './chart-options';
import { useFleetComposition } from './chart-queries';
import { formatShare, shareOf } from './chart-rows';
import { ChartEmpty, ChartError, ChartLoading } from './chart-states';
import { agentRows, pingRows, platformRows, type CompositionRow, type CompositionWords } from './composition-model';
import { EChart } from './echart';
import { useChartPalette } from './use-chart-palette';
import '../../../styles/inventory-charts.css';

interface FleetCompositionChartsProps {
  workspaceIds: readonly string[];
  /** Opens the fleet grid with this quick filter (e.g. `ping:online`). */
  onShowInFleet: (fleetFilter: string) => void;
}

interface RingProps {
  kind: 'platform' | 'agent' | 'ping';
  title: string;
  rows: CompositionRow[];
  /** The figure in the ring's hole and its caption ("87%" / "online"). */
  centre: { value: string; caption: string };
  onShowInFleet: (fleetFilter: string) => void;
}

/** One small ring with its legend; a click on a listable slice opens the grid filtered to it. */
function CompositionRing({ kind, title, rows, centre, onShowInFleet }: RingProps) {
  const titleId = useId();
  const palette = useChartPalette();
  const [hovered, setHovered] = useState<number | null>(null);
  const option = useMemo(() => donutOption(rows, palette), [rows, palette]);
  const select = useCallback(
    (index: number) => {
      const row = rows[index];
      if (row && row.fleetFilter !== '') onShowInFleet(row.fleetFilter);
    },
    [rows, onShowInFleet],
  );
  return (
    <div className="composition-ring" role="group" aria-labelledby={titleId} data-testid={`composition-${kind}`}>
      <h4 className="composition-ring__title" id={titleId}>
        {title}
      </h4>
      <div className="composition-ring__body">
        <div className="composition-ring__chart">
          <EChart className="composition-ring__canvas" option={option} onItemClick={select} onItemHover={setHovered} />
          <div className="composition-ring__hole" aria-hidden="true">
            <span className="composition-ring__value num">{centre.value}</span>
            <span className="composition-ring__caption">{centre.caption}</span>
          </div>
        </div>
        <ChartLegend rows={rows} label={title} onSelect={select} highlighted={hovered} />
      </div>
    </div>
  );
}

/** Share of the rows matching `pick`, formatted, or "–" for an empty fleet. */
function shareText(rows: readonly CompositionRow[], total: number, pick: (row: CompositionRow) => boolean, lng: string): string {
  if (total === 0) return '–';
  return formatShare(shareOf(rows.filter(pick).reduce((sum, row) => sum + row.count, 0), total), lng);
}

function useRings(composition: FleetComposition | undefined) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const palette = useChartPalette();
  return useMemo(() => {
    if (!composition) return null;
    const words: CompositionWords = {
      other: t('inventory.charts.other'),
      unknown: t('inventory.charts.unknown'),
      ping: (status) => t(`fleet.ping.${status}`, { defaultValue: status }),
    };
    const { total } = composition;
    const platforms = platformRows(composition.platforms, total, palette, words);
    const agents = agentRows(composition.agentVersions, total, palette, words);
    const pings = pingRows(composition.pingStatuses, total, palette, words);
    const platformCount = composition.platforms.filter((slice) => slice.fleetFilter !== '').length;
    return {
      total,
      platforms: { rows: platforms, centre: { value: formatCount(platformCount, lng), caption: t('inventory.charts.composition.platformCount', { count: platformCount }) } },
      agents: { rows: agents, centre: { value: shareText(agents, total, (row) => row.latest === true, lng), caption: t('inventory.charts.composition.onLatest') } },
      pings: { rows: pings, centre: { value: shareText(pings, total, (row) => row.value === 'Online', lng), caption: t('inventory.charts.composition.online') } },
    };
  }, [composition, palette, t, lng]);
}

/**
 * The cached fleet by platform, SSM Agent version (newest marked) and ping status: three small
 * rings whose slices, and legend buttons, open the fleet grid filtered to their nodes.
 */
export function FleetCompositionCharts({ workspaceIds, onShowInFleet }: FleetCompositionChartsProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const titleId = useId();
  const query = useFleetComposition(workspaceIds);
  const rings = useRings(query.data);
  const state = rings ? (rings.total > 0 ? 'ready' : 'empty') : query.isError ? 'error' : 'loading';

  return (
    <section
      className={`chart-panel composition${query.isPlaceholderData ? ' is-updating' : ''}`}
      aria-labelledby={titleId}
      aria-busy={query.isFetching}
      data-testid="fleet-composition"
      data-state={state}
    >
      <header className="chart-panel__head">
        <h3 className="chart-panel__title" id={titleId}>
          {t('inventory.charts.composition.title')}
        </h3>
        {rings && rings.total > 0 ? (
          <span className="chart-panel__meta num">{t('inventory.charts.composition.nodes', { count: rings.total, formatted: formatCount(rings.total, lng) })}</span>
        ) : null}
        {query.isError && rings ? (
          <button type="button" className="button button--small chart-panel__stale" onClick={() => void query.refetch()}>
            {t('inventory.charts.refreshFailed')}
          </button>
        ) : null}
      </header>
      {state === 'error' ? <ChartError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {state === 'loading' ? <ChartLoading bars={3} /> : null}
      {state === 'empty' ? <ChartEmpty title={t('inventory.charts.composition.empty')} text={t('inventory.charts.composition.emptyHint')} /> : null}
      {state === 'ready' && rings ? (
        <div className="composition__rings">
          <CompositionRing kind="platform" title={t('inventory.charts.composition.platform')} {...rings.platforms} onShowInFleet={onShowInFleet} />
          <CompositionRing kind="agent" title={t('inventory.charts.composition.agent')} {...rings.agents} onShowInFleet={onShowInFleet} />
          <CompositionRing kind="ping" title={t('inventory.charts.composition.ping')} {...rings.pings} onShowInFleet={onShowInFleet} />
        </div>
      ) : null}
    </section>
  );
}
