import { memo, useRef } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_COLUMN_WIDTH, MIN_COLUMN_WIDTH } from './column-widths';
import type { FleetColumn, FleetColumnId } from './fleet-columns';
import type { FleetSort } from './fleet-queries';

interface HeaderCellProps {
  column: FleetColumn;
  index: number;
  width: number;
  sort: FleetSort;
  onSort: (column: FleetColumn) => void;
  onResize: (id: FleetColumnId, px: number) => void;
  onResizeEnd: () => void;
  onResizeReset: (id: FleetColumnId) => void;
}

/**
 * A column header: a sort button (Enter/Space) and a resize handle (drag, or ←/→ when focused).
 * Memoised: the grid re-renders on every filter keystroke, and ten headers translating their
 * labels each time cost about a millisecond of the keystroke's budget.
 */
export const HeaderCell = memo(function HeaderCell({ column, index, width, sort, onSort, onResize, onResizeEnd, onResizeReset }: HeaderCellProps) {
  const { t } = useTranslation();
  const drag = useRef<{ x: number; width: number } | null>(null);
  const label = t(`fleet.columns.${column.id}`);
  const sorted = column.sort !== null && sort.column === column.sort;
  const ariaSort = sorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : column.sort ? 'none' : undefined;

  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, width };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    if (!drag.current) return;
    onResize(column.id, drag.current.width + e.clientX - drag.current.x);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>): void => {
    if (!drag.current) return;
    drag.current = null;
    e.currentTarget.releasePointerCapture(e.pointerId);
    onResizeEnd();
  };
  const onHandleKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const step = e.shiftKey ? 48 : 12;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      e.stopPropagation();
      onResize(column.id, width + (e.key === 'ArrowLeft' ? -step : step));
      onResizeEnd();
    }
  };

  return (
    <div role="columnheader" className="hcell" aria-colindex={index + 1} aria-sort={ariaSort}>
      {column.sort ? (
        <button
          type="button"
          className="hcell__sort"
          onClick={() => onSort(column)}
          title={t('fleet.grid.sortBy', { column: label })}
        >
          <span className="hcell__label">{label}</span>
          <span className={`sort-arrow${sorted ? ' is-on' : ''}`} aria-hidden="true">
            {sorted && sort.direction === 'desc' ? '▼' : '▲'}
          </span>
        </button>
      ) : (
        <span className="hcell__label hcell__label--static">{label}</span>
      )}
      <div
        role="separator"
        aria-orientation="vertical"
        aria-label={t('fleet.grid.resizeColumn', { column: label })}
        aria-valuenow={width}
        aria-valuemin={MIN_COLUMN_WIDTH}
        aria-valuemax={MAX_COLUMN_WIDTH}
        title={t('fleet.grid.resizeHint')}
        tabIndex={0}
        className="hcell__resize"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onDoubleClick={() => onResizeReset(column.id)}
        onKeyDown={onHandleKey}
        onClick={(e) => e.stopPropagation()}
      />
    </div>
  );
});
