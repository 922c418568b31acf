import { useQueries, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InventoryFilters, InventoryNodeHit, InventoryNodeMatch, InventoryNodesPage } from '../../../../preload/contract/inventory';
import { bridge, unwrap } from '../../lib/api';
import { formatExactTime, formatRelativeTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';

const PAGE = 200;
const ROW_HEIGHT = 28;
// The sticky header scrolls with the rows (one scroller, so a narrow panel scrolls both sideways).
const HEAD_HEIGHT = 30;

function pageKey(filters: InventoryFilters, match: InventoryNodeMatch, page: number): readonly unknown[] {
  return ['inventory', 'nodes', filters, match, page];
}

function fetchPage(filters: InventoryFilters, match: InventoryNodeMatch, page: number): Promise<InventoryNodesPage> {
  return unwrap(bridge().inventory.listNodes({ ...filters, match, limit: PAGE, offset: page * PAGE }));
}

/** The first page of a drill-down: its total titles the panel, its rows paint first. */
export function useNodeTotal(filters: InventoryFilters, match: InventoryNodeMatch) {
  return useQuery({ queryKey: pageKey(filters, match, 0), queryFn: () => fetchPage(filters, match, 0) });
}

function NodeRow({ node, now, lng }: { node: InventoryNodeHit; now: number; lng: string }) {
  const { t } = useTranslation();
  const ping = node.pingStatus;
  return (
    <>
      <span role="cell" className="inventory-nodes__name selectable" title={node.name || undefined}>
        {node.name || <span role="cell" className="muted">{t('inventory.nodes.noName')}</span>}
      </span>
      <span role="cell" className="mono selectable">{node.instanceId}</span>
      <span role="cell">{node.platformType ?? <span role="cell" className="muted">—</span>}</span>
      <span role="cell" className={`ping ping--${ping === 'Online' ? 'online' : ping === 'ConnectionLost' ? 'lost' : 'inactive'}`}>
        {ping ? t(`fleet.ping.${ping}`, { defaultValue: ping }) : <span role="cell" className="muted">{t('inventory.nodes.notInFleet')}</span>}
      </span>
      <span role="cell" className="mono inventory-nodes__versions" title={node.versions.join(', ')}>
        {node.versions.join(', ') || '—'}
      </span>
      <span role="cell" className="num" title={node.captureTime === null ? undefined : formatExactTime(node.captureTime, lng)}>
        {node.captureTime === null ? '—' : formatRelativeTime(node.captureTime, now, lng, 'narrow')}
      </span>
      <span role="cell" className="num muted" title={formatExactTime(node.syncedAt, lng)}>
        {formatRelativeTime(node.syncedAt, now, lng, 'narrow')}
      </span>
    </>
  );
}

/** The nodes behind a group or slice: virtual rows, pages of 200 fetched around the viewport. */
export function NodeList({ filters, match, total }: { filters: InventoryFilters; match: InventoryNodeMatch; total: number }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const now = useNow();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [span, setSpan] = useState({ first: 0, last: 0 });
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; rows re-render on scroll by design
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollMargin: HEAD_HEIGHT,
    onChange: (instance) => {
      const range = instance.range;
      if (!range) return;
      const first = Math.floor(range.startIndex / PAGE);
      const last = Math.floor(range.endIndex / PAGE);
      setSpan((old) => (old.first === first && old.last === last ? old : { first, last }));
    },
  });
  const pageIndexes: number[] = [];
  for (let p = span.first; p <= span.last; p += 1) pageIndexes.push(p);
  const pages = useQueries({
    queries: pageIndexes.map((page) => ({ queryKey: pageKey(filters, match, page), queryFn: () => fetchPage(filters, match, page) })),
  });
  const rowAt = (index: number): InventoryNodeHit | undefined => {
    const slot = Math.floor(index / PAGE) - span.first;
    return pages[slot]?.data?.nodes[index % PAGE];
  };

  return (
    <div className="inventory-nodes" ref={scrollRef} tabIndex={0} role="table" aria-label={t('inventory.nodes.label')} aria-rowcount={total + 1} data-testid="inventory-nodes" data-total={total}>
      <div className="inventory-nodes__row inventory-nodes__head" role="row">
        {(['name', 'instanceId', 'platform', 'ping', 'versions', 'captured', 'synced'] as const).map((column) => (
          <span key={column} role="columnheader" title={t(`inventory.nodes.columns.${column}Hint`, { defaultValue: '' }) || undefined}>
            {t(`inventory.nodes.columns.${column}`)}
          </span>
        ))}
      </div>
      <div className="inventory-nodes__rows" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const node = rowAt(item.index);
          return (
            <div
              key={item.key}
              role="row"
              aria-rowindex={item.index + 2}
              className="inventory-nodes__row"
              data-testid={node ? 'inventory-node' : undefined}
              style={{ transform: `translateY(${item.start - HEAD_HEIGHT}px)` }}
            >
              {node ? <NodeRow node={node} now={now} lng={lng} /> : <span role="cell" className="skeleton inventory-nodes__skeleton" />}
            </div>
          );
        })}
      </div>
    </div>
  );
}
