import { useQueries } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry, AuditFilter } from '../../../../preload/contract/audit';
import { bridge, unwrap } from '../../lib/api';
import { formatExactTime, formatRelativeTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { actionKey, formatCompactTime, principalState, shortPrincipal } from './audit-labels';
import { AUDIT_PAGE, AUDIT_ROOT } from './audit-queries';

const ROW_HEIGHT = 28;
const HEAD_HEIGHT = 30;
// Outcome next to the time: in a narrow window (detail panel open) it is the column that must stay in view.
const COLUMNS = ['time', 'outcome', 'action', 'who', 'summary', 'targets'] as const;

interface AuditTableProps {
  filter: AuditFilter;
  total: number;
  selectedSeq: number | null;
  /** The first line the last verification found broken: entries from there on are marked. */
  brokenFrom: number | null;
  onSelect: (entry: AuditEntry) => void;
}

function Who({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const state = principalState(entry.actor);
  return (
    <span role="cell" className="audit-table__who" title={entry.actor.principal || undefined}>
      <span className="selectable">{entry.actor.operator}</span>
      {state === 'known' ? <span className="muted"> · {shortPrincipal(entry.actor.principal)}</span> : null}
      {state === 'unknown' ? <span className="muted"> · {t('audit.identityUnknown')}</span> : null}
    </span>
  );
}

function Row({ entry, now, lng }: { entry: AuditEntry; now: number; lng: string }) {
  const { t } = useTranslation();
  return (
    <>
      <span role="cell" className="num" title={`${formatExactTime(entry.at, lng)} · ${formatRelativeTime(entry.at, now, lng)}`}>
        {formatCompactTime(entry.at, lng)}
      </span>
      <span role="cell">
        <span className={`audit-outcome audit-outcome--${entry.outcome}`} data-testid="audit-outcome">
          {t(`audit.outcome.${entry.outcome}`)}
        </span>
      </span>
      <span role="cell" className="audit-table__action">{t(actionKey(entry.action))}</span>
      <Who entry={entry} />
      <span role="cell" className="audit-table__summary" title={entry.error ? `${entry.summary} — ${entry.error}` : entry.summary}>
        {entry.summary}
        {entry.error ? <span className="audit-table__error"> — {entry.error}</span> : null}
      </span>
      <span role="cell" className="num" title={entry.targets.slice(0, 20).join(', ') || undefined}>
        {entry.targets.length}
      </span>
    </>
  );
}

/** The entries, newest first, as virtual rows fetched in pages around the viewport; ↑/↓ move the selection. */
export function AuditTable({ filter, total, selectedSeq, brokenFrom, onSelect }: AuditTableProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const now = useNow();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [span, setSpan] = useState({ first: 0, last: 0 });
  const [cursor, setCursor] = useState(-1);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; rows re-render on scroll by design
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEAD_HEIGHT,
    onChange: (instance) => {
      const range = instance.range;
      if (!range) return;
      const first = Math.floor(range.startIndex / AUDIT_PAGE);
      const last = Math.floor(range.endIndex / AUDIT_PAGE);
      setSpan((old) => (old.first === first && old.last === last ? old : { first, last }));
    },
  });
  const pageIndexes: number[] = [];
  for (let p = span.first; p <= span.last; p += 1) pageIndexes.push(p);
  const pages = useQueries({
    queries: pageIndexes.map((page) => ({
      queryKey: [...AUDIT_ROOT, 'list', filter, page],
      queryFn: () => unwrap(bridge().audit.listEntries({ filter, offset: page * AUDIT_PAGE, limit: AUDIT_PAGE })),
      placeholderData: (previous: unknown) => previous as never,
    })),
  });
  const rowAt = (index: number): AuditEntry | undefined => pages[Math.floor(index / AUDIT_PAGE) - span.first]?.data?.entries[index % AUDIT_PAGE];

  const move = (index: number) => {
    const clamped = Math.max(0, Math.min(total - 1, index));
    const entry = rowAt(clamped);
    setCursor(clamped);
    virtualizer.scrollToIndex(clamped);
    if (entry) onSelect(entry);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 20, PageUp: -20 }[event.key];
    if (step !== undefined) {
      event.preventDefault();
      move((cursor < 0 ? -1 : cursor) + step);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      move(event.key === 'Home' ? 0 : total - 1);
    }
  };

  return (
    <div
      className="audit-table"
      ref={scrollRef}
      tabIndex={0}
      role="table"
      aria-label={t('audit.table.label')}
      aria-rowcount={total + 1}
      onKeyDown={onKeyDown}
      data-testid="audit-table"
      data-total={total}
    >
      <div className="audit-table__row audit-table__head" role="row">
        {COLUMNS.map((column) => (
          <span key={column} role="columnheader" className={column === 'targets' ? 'num' : undefined}>
            {t(`audit.table.${column}`)}
          </span>
        ))}
      </div>
      <div className="audit-table__rows" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const entry = rowAt(item.index);
          const selected = entry !== undefined && entry.seq === selectedSeq;
          const untrusted = entry !== undefined && brokenFrom !== null && entry.seq >= brokenFrom;
          return (
            <div
              key={item.key}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={selected}
              className={`audit-table__row${selected ? ' is-selected' : ''}${untrusted ? ' is-untrusted' : ''}`}
              title={untrusted ? t('audit.table.untrusted') : undefined}
              data-testid={entry ? 'audit-row' : undefined}
              data-action={entry?.action}
              style={{ transform: `translateY(${item.start - HEAD_HEIGHT}px)` }}
              onClick={() => {
                if (!entry) return;
                setCursor(item.index);
                onSelect(entry);
              }}
            >
              {entry ? <Row entry={entry} now={now} lng={lng} /> : <span role="cell" className="skeleton audit-table__skeleton" />}
            </div>
          );
        })}
      </div>
    </div>
  );
}
