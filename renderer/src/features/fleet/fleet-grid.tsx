import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { CSSProperties, KeyboardEvent, MouseEvent, ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { formatExactTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import type { FleetNode } from '../../../../preload/contract/fleet';
import type { FleetColumn } from './fleet-columns';
import { HEADER_HEIGHT, ROW_HEIGHT, fleetColumns } from './fleet-columns';
import { HeaderCell } from './fleet-grid-header';
import type { FleetSort } from './fleet-queries';
import { workspaceSetKey } from './fleet-queries';
import { FleetRow, SkeletonRow } from './fleet-row';
import { NodeContextMenu } from './node-context-menu';
import type { RowLabels } from './fleet-row';
import { useColumnWidths } from './use-column-widths';
import { useRowWindow } from './use-row-window';
import type { FleetRows } from './use-fleet-rows';

// Windows are fetched this many rows ahead of the viewport, so steady scrolling rarely shows skeletons.
const LOOKAHEAD_ROWS = 60;
const INITIAL_SKELETON_ROWS = 24;

interface FleetGridProps {
  rows: FleetRows;
  sort: FleetSort;
  onSortChange: (sort: FleetSort) => void;
  /** Shown in the body when nothing matches (empty workspace, no filter match, load error). */
  overlay: ReactNode;
  /** The focusable grid element, so the filter box can hand focus over (↓ / Enter). */
  focusRef: RefObject<HTMLDivElement | null>;
  /** Open a shell on a node (double-click, Enter, Ctrl+Shift+S, context menu); offline nodes are explained by the caller. */
  onOpenShell?: (node: FleetNode) => void;
  /** Account id → readable name, from the workspace list (training accounts, SSO account names). */
  accountNames: ReadonlyMap<string, string>;
}

function paramsKey(rows: FleetRows): string {
  const a = rows.applied;
  return a ? `${workspaceSetKey(a.workspaceIds)}\u0001${a.filter}\u0000${a.sort.column}\u0000${a.sort.direction}` : '';
}

/** The virtualised fleet grid: 100,000 rows, windows fetched around the viewport, keyboard selection. */
export function FleetGrid({ rows, sort, onSortChange, overlay, focusRef, onOpenShell, accountNames }: FleetGridProps) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const rootRef = useRef<HTMLDivElement>(null);
  const { widths, resize, commit, reset } = useColumnWidths();
  const key = paramsKey(rows);
  const total = rows.total;

  // Selection belongs to one result set: a new filter or sort starts with none.
  const [activeState, setActiveState] = useState<{ key: string; index: number }>({ key, index: -1 });
  const activeIndex = activeState.key === key ? activeState.index : -1;
  const setActive = useCallback((index: number) => setActiveState({ key, index }), [key]);

  const lng = i18n.resolvedLanguage ?? 'en';
  const labels = useMemo<RowLabels>(() => {
    const moreTags = new Map<number, string>();
    return {
      lng,
      ping: { Online: t('fleet.ping.Online'), ConnectionLost: t('fleet.ping.ConnectionLost'), Inactive: t('fleet.ping.Inactive') },
      noName: t('fleet.cell.noName'),
      agentOutdated: t('fleet.cell.agentOutdated'),
      agentOutdatedTitle: t('fleet.cell.agentOutdatedTitle'),
      // Plural rules make this one of the dearest t() calls, and rows need only a few counts.
      moreTags: (count: number) => {
        let label = moreTags.get(count);
        if (label === undefined) {
          label = t('fleet.cell.moreTags', { count });
          moreTags.set(count, label);
        }
        return label;
      },
      accountNames,
    };
  }, [t, lng, accountNames]);

  const { setSpan } = rows;
  // Windows are fetched LOOKAHEAD_ROWS beyond what is visible; only a few rows past the viewport are
  // rendered, since each is laid out and painted on every keystroke.
  const onRange = useCallback((first: number, last: number) => setSpan(first - LOOKAHEAD_ROWS, last + LOOKAHEAD_ROWS), [setSpan]);
  const rowWindow = useRowWindow({ count: total ?? 0, rowHeight: ROW_HEIGHT, headerHeight: HEADER_HEIGHT, overscan: 3, scrollRef: focusRef, onRange });
  const items = rowWindow.rows;

  // A new result set starts at the top. The last known offset avoids reading scrollTop, which
  // would force a synchronous layout inside the keystroke-to-paint budget.
  const { toTop } = rowWindow;
  useLayoutEffect(() => {
    toTop();
  }, [key, toTop]);

  // Benchmarks and e2e read these: set only once the rows of this filter are on screen.
  useLayoutEffect(() => {
    const el = rootRef.current;
    if (!el || !rows.applied || total === null) return;
    const painted = total === 0 || items.every((item) => item.index >= total || rows.rowAt(item.index) !== undefined);
    if (!painted) return;
    el.dataset.total = String(total);
    el.dataset.rowsFrom = rows.fromMirror ? 'mirror' : 'main';
    el.dataset.filterApplied = rows.applied.filter;
  });

  const fixedWidth = fleetColumns.reduce((sum, c) => (c.id === 'tags' ? sum : sum + widths[c.id]), 0);
  const tagsWidth = Math.max(widths.tags, rowWindow.width - fixedWidth);
  const contentWidth = fixedWidth + tagsWidth;
  const template = fleetColumns.map((c) => `${c.id === 'tags' ? tagsWidth : widths[c.id]}px`).join(' ');

  const onSort = useCallback(
    (column: FleetColumn) => {
      if (!column.sort) return;
      const direction = sort.column === column.sort && sort.direction === 'asc' ? 'desc' : 'asc';
      onSortChange({ column: column.sort, direction });
    },
    [onSortChange, sort],
  );

  const ensureVisible = (index: number): void => {
    const el = focusRef.current;
    if (!el) return;
    const top = index * ROW_HEIGHT;
    const bottom = HEADER_HEIGHT + (index + 1) * ROW_HEIGHT - el.clientHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (el.scrollTop < bottom) el.scrollTop = bottom;
  };

  const [menu, setMenu] = useState<{ node: FleetNode; x: number; y: number } | null>(null);

  const openMenuAt = (node: FleetNode, x: number, y: number): void => {
    const box = rootRef.current?.getBoundingClientRect();
    setMenu({ node, x: x - (box?.left ?? 0), y: y - (box?.top ?? 0) });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (!total || e.target !== e.currentTarget) return;
    const activeNode = activeIndex >= 0 ? rows.rowAt(activeIndex) : undefined;
    const shellKey = e.key === 'Enter' || (e.ctrlKey && e.shiftKey && !e.altKey && e.key.toLowerCase() === 's');
    if (shellKey && activeNode && onOpenShell) {
      e.preventDefault();
      onOpenShell(activeNode);
      return;
    }
    if ((e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) && activeNode) {
      e.preventDefault();
      const row = document.getElementById(`fleet-row-${activeIndex}`)?.getBoundingClientRect();
      openMenuAt(activeNode, (row?.left ?? 0) + 40, (row?.bottom ?? 0) - 4);
      return;
    }
    const el = focusRef.current;
    const page = Math.max(1, Math.floor(((el?.clientHeight ?? 0) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    const from = activeIndex >= 0 ? activeIndex : (items.find((i) => i.start - HEADER_HEIGHT >= (el?.scrollTop ?? 0))?.index ?? 0) - 1;
    let next: number;
    switch (e.key) {
      case 'ArrowDown':
        next = from + 1;
        break;
      case 'ArrowUp':
        next = activeIndex < 0 ? from + 1 : from - 1;
        break;
      case 'PageDown':
        next = from + page;
        break;
      case 'PageUp':
        next = from - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = total - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    const clamped = Math.min(total - 1, Math.max(0, next));
    setActive(clamped);
    ensureVisible(clamped);
  };

  const onBodyMouseDown = (e: MouseEvent<HTMLDivElement>): void => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (row?.dataset.index) setActive(Number(row.dataset.index));
  };

  const nodeAt = (target: EventTarget): { node: FleetNode; index: number } | null => {
    const row = (target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!row?.dataset.index) return null;
    const index = Number(row.dataset.index);
    const node = rows.rowAt(index);
    return node ? { node, index } : null;
  };

  const onBodyDoubleClick = (e: MouseEvent<HTMLDivElement>): void => {
    const hit = nodeAt(e.target);
    // A double-click on the ID or IP selects text for copying; everywhere else it opens a shell.
    if (hit && onOpenShell && !(e.target as HTMLElement).closest('.selectable')) onOpenShell(hit.node);
  };

  const onBodyContextMenu = (e: MouseEvent<HTMLDivElement>): void => {
    const hit = nodeAt(e.target);
    if (!hit || !onOpenShell) return;
    e.preventDefault();
    setActive(hit.index);
    openMenuAt(hit.node, e.clientX, e.clientY);
  };

  // Titles that cost a formatter call are filled on hover, once per cell, not on every repaint.
  const onBodyMouseOver = (e: MouseEvent<HTMLDivElement>): void => {
    const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-ts],[data-resource-type]');
    if (!cell || cell.title) return;
    if (cell.dataset.ts) cell.title = t('fleet.cell.lastPingExact', { time: formatExactTime(Number(cell.dataset.ts), lng) });
    else if (cell.dataset.resourceType) {
      const hybrid = cell.dataset.resourceType === 'ManagedInstance';
      cell.title = t(hybrid ? 'fleet.cell.hybridNode' : 'fleet.cell.ec2Node', { type: cell.dataset.resourceType });
    }
  };

  const rootStyle = { '--fleet-cols': template, '--fleet-width': `${contentWidth}px` } as CSSProperties;
  const showInitialSkeleton = total === null && !overlay;
  const activeRendered = activeIndex >= 0 && items.some((i) => i.index === activeIndex);

  return (
    <div ref={rootRef} className="fleet-grid" data-testid="fleet-grid" style={rootStyle}>
      <div
        ref={focusRef}
        className="fleet-grid__scroller"
        role="grid"
        tabIndex={0}
        aria-label={t('fleet.grid.label')}
        aria-rowcount={total === null ? -1 : total + 1}
        aria-colcount={fleetColumns.length}
        aria-busy={total === null || rows.pending}
        aria-activedescendant={activeRendered ? `fleet-row-${activeIndex}` : undefined}
        onKeyDown={onKeyDown}
        lang={i18n.resolvedLanguage}
      >
        <div role="rowgroup" className="fleet-grid__head">
          <div role="row" className="fleet-row fleet-row--header" aria-rowindex={1}>
            {fleetColumns.map((column, i) => (
              <HeaderCell
                key={column.id}
                column={column}
                index={i}
                width={widths[column.id]}
                sort={sort}
                onSort={onSort}
                onResize={resize}
                onResizeEnd={commit}
                onResizeReset={reset}
              />
            ))}
          </div>
        </div>
        <div
          role="rowgroup"
          className="fleet-grid__body"
          onMouseDown={onBodyMouseDown}
          onMouseOver={onBodyMouseOver}
          onDoubleClick={onBodyDoubleClick}
          onContextMenu={onBodyContextMenu}
          style={{ height: showInitialSkeleton ? INITIAL_SKELETON_ROWS * ROW_HEIGHT : rowWindow.totalSize }}>
          {showInitialSkeleton
            ? Array.from({ length: INITIAL_SKELETON_ROWS }, (_, i) => <SkeletonRow key={i} index={i} start={i * ROW_HEIGHT} />)
            : items.map((item) => {
                const node = rows.rowAt(item.index);
                const start = item.start - HEADER_HEIGHT;
                return node ? (
                  <FleetRow
                    key={item.index}
                    node={node}
                    index={item.index}
                    start={start}
                    active={item.index === activeIndex}
                    widths={widths}
                    tagsWidth={tagsWidth}
                    now={now}
                    labels={labels}
                  />
                ) : (
                  <SkeletonRow key={item.index} index={item.index} start={start} />
                );
              })}
        </div>
      </div>
      {overlay ? <div className="fleet-grid__overlay">{overlay}</div> : null}
      {menu && onOpenShell ? (
        <NodeContextMenu
          node={menu.node}
          x={menu.x}
          y={menu.y}
          onOpenShell={onOpenShell}
          onClose={(refocus) => {
            setMenu(null);
            if (refocus) focusRef.current?.focus();
          }}
        />
      ) : null}
    </div>
  );
}
