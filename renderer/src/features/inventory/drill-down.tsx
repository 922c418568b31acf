import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { InventoryFilters } from '../../../../preload/contract/inventory';
import { errorInfoOf } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { ErrorDetail } from '../fleet/fleet-states';
import { csvFileName, downloadCsv } from '../../lib/csv';
import type { DrillSubject } from './fleet-filter';
import { fleetFilterFor, matchOf } from './fleet-filter';
import { nodesCsv } from './inventory-export';
import { fetchAllNodes } from './inventory-queries';
import { NodeList, useNodeTotal } from './node-list';
import { typeLabel } from './type-labels';

interface DrillDownProps {
  subject: DrillSubject;
  filters: InventoryFilters;
  onShowInFleet: (filter: string) => void;
  onClose: () => void;
  /** False while another screen covers this one: Esc then belongs to that screen. */
  active: boolean;
}

/** "openjdk-8-jre 8u392 · Application" or "Java 8": what the operator clicked, in a line. */
function useTitle(subject: DrillSubject): { title: string; detail: string } {
  const { t } = useTranslation();
  if (subject.kind === 'group') {
    return { title: subject.version ? `${subject.name} ${subject.version}` : subject.name, detail: [typeLabel(t, subject.typeName), subject.publisher].filter(Boolean).join(' · ') };
  }
  return { title: subject.product ?? t('inventory.drill.sliceTitle', { family: subject.family, major: subject.major }), detail: t('inventory.drill.sliceDetail', { family: subject.family }) };
}

/** The nodes behind a result group or chart slice, with Show in fleet grid and Export CSV. */
export function DrillDown({ subject, filters, onShowInFleet, onClose, active }: DrillDownProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const match = matchOf(subject);
  const first = useNodeTotal(filters, match);
  const { title, detail } = useTitle(subject);
  const fleetFilter = fleetFilterFor(subject);
  const exporter = useMutation({
    mutationFn: async () => {
      const nodes = await fetchAllNodes(filters, match);
      downloadCsv(csvFileName(title, new Date()), nodesCsv(t, nodes));
      return nodes.length;
    },
  });

  useEffect(() => {
    if (!active) return undefined;
    const onKey = (e: KeyboardEvent): void => {
      // Esc in the search box clears the search; anywhere else it closes the list.
      if (e.key === 'Escape' && !(e.target instanceof HTMLInputElement)) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, active]);

  const total = first.data?.total;
  return (
    <section className="inventory-drill" aria-label={t('inventory.drill.label', { title })} data-testid="inventory-drill">
      <header className="inventory-drill__head">
        <div className="inventory-drill__titles">
          <h2 className="inventory-drill__title selectable" title={title}>
            {title}
          </h2>
          <div className="inventory-drill__detail muted">{detail}</div>
        </div>
        <span className="inventory-drill__count num" data-testid="inventory-drill-count">
          {total === undefined ? t('inventory.drill.counting') : t('inventory.drill.count', { count: total, nodes: formatCount(total, lng) })}
        </span>
        <button type="button" className="icon-button" aria-label={t('inventory.drill.close')} title={t('inventory.drill.closeHint')} onClick={onClose}>
          ×
        </button>
      </header>
      <div className="inventory-drill__actions">
        <button
          type="button"
          className="button button--small"
          disabled={fleetFilter === null}
          title={fleetFilter === null ? t('inventory.drill.noFleetFilter') : t('inventory.drill.showInFleetHint', { filter: fleetFilter })}
          data-testid="inventory-show-in-fleet"
          onClick={() => fleetFilter !== null && onShowInFleet(fleetFilter)}
        >
          {t('inventory.drill.showInFleet')}
        </button>
        <button type="button" className="button button--small" disabled={!total || exporter.isPending} data-testid="inventory-export-nodes" onClick={() => exporter.mutate()}>
          {exporter.isPending ? <span className="spinner" aria-hidden="true" /> : null}
          {t('inventory.drill.exportCsv')}
        </button>
        {exporter.isSuccess ? (
          <span className="muted" role="status">
            {t('inventory.drill.exported', { count: exporter.data, nodes: formatCount(exporter.data, lng) })}
          </span>
        ) : null}
      </div>
      {exporter.error ? (
        <div className="banner banner--error" role="alert">
          <span className="banner__title">{t('inventory.drill.exportFailed')}</span>
          <ErrorDetail error={errorInfoOf(exporter.error)} />
        </div>
      ) : null}
      {first.error ? (
        <div className="banner banner--error" role="alert">
          <span className="banner__title">{t('inventory.drill.loadFailed')}</span>
          <ErrorDetail error={errorInfoOf(first.error)} />
          <button type="button" className="button button--small" onClick={() => void first.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      ) : null}
      {total === 0 ? (
        <div className="state state--quiet">{t('inventory.drill.none')}</div>
      ) : total !== undefined ? (
        <NodeList key={JSON.stringify([filters, match])} filters={filters} match={match} total={total} />
      ) : (
        <div className="state state--quiet">{t('inventory.drill.loading')}</div>
      )}
    </section>
  );
}
