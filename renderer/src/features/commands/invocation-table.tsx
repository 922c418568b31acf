import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invocation, InvocationStatus } from '../../../../preload/contract/commands';
import { errorInfoOf } from '../../lib/api';
import { formatExactTime } from '../../lib/format';
import { ErrorDetail } from '../fleet/fleet-states';
import { useInvocationWindow } from './command-queries';
import { firstLine } from './output-lines';
import { formatElapsed, toneOf } from './job-status';

const ROW_HEIGHT = 28;
const WINDOW = 200;
/** Status chips, in the order an operator looks for trouble. */
export const STATUS_FILTERS: ReadonlyArray<InvocationStatus | null> = [null, 'Failed', 'TimedOut', 'NotSent', 'Cancelled', 'InProgress', 'Pending', 'Success'];

interface InvocationTableProps {
  jobId: string;
  status: InvocationStatus | null;
  onStatus: (status: InvocationStatus | null) => void;
  onFullOutput: (row: Invocation) => void;
  selected: string | null;
}

function timeOf(ms: number | null, lng: string): string {
  return ms === null ? '—' : new Date(ms).toLocaleTimeString(lng, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Every node's result, virtualised: status chips, exit code, times, first output line, Full output. */
export function InvocationTable({ jobId, status, onStatus, onFullOutput, selected }: InvocationTableProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const scrollRef = useRef<HTMLDivElement>(null);
  const [first, setFirst] = useState(0);
  const offset = Math.max(0, Math.floor(first / WINDOW) * WINDOW);
  const rows = useInvocationWindow(jobId, status, offset, WINDOW * 2);
  const total = rows.data?.total ?? 0;
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; rows re-render on scroll by design
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    onChange: (instance) => {
      const start = instance.range?.startIndex ?? 0;
      setFirst((old) => (Math.floor(old / WINDOW) === Math.floor(start / WINDOW) ? old : start));
    },
  });
  // Rows of the window on screen; an index outside it shows as loading until its window arrives.
  const rowAt = (index: number): Invocation | undefined => {
    if (!rows.data || rows.isPlaceholderData) return undefined;
    return rows.data.rows[index - offset];
  };

  return (
    <section className="job-nodes" aria-label={t('commands.nodes.label')}>
      <div className="job-nodes__bar">
        <h3 className="cmd-section__title">{t('commands.nodes.title')}</h3>
        <div className="job-chips" role="radiogroup" aria-label={t('commands.nodes.filterLabel')}>
          {STATUS_FILTERS.map((value) => (
            <button
              key={value ?? 'all'}
              type="button"
              role="radio"
              aria-checked={status === value}
              className={`job-chip${status === value ? ' is-on' : ''}${value ? ` cmd-edge--${toneOf(value)}` : ''}`}
              data-testid={`job-filter-${value ?? 'all'}`}
              onClick={() => onStatus(value)}
            >
              {value ? t(`commands.status.${value}`) : t('commands.nodes.all')}
            </button>
          ))}
        </div>
        <span className="muted num" data-testid="job-nodes-total">
          {t('commands.nodes.count', { count: total })}
        </span>
      </div>
      {rows.error && !rows.data ? (
        <div className="banner banner--error" role="alert">
          <span className="banner__title">{t('commands.nodes.loadFailed')}</span>
          <ErrorDetail error={errorInfoOf(rows.error)} />
        </div>
      ) : null}
      <div ref={scrollRef} className="job-table" role="table" aria-label={t('commands.nodes.label')} aria-rowcount={total + 1} tabIndex={0} data-testid="job-nodes" data-total={total}>
        <div className="job-row job-row--head" role="row">
          {(['status', 'node', 'exit', 'started', 'took', 'output', 'actions'] as const).map((column) => (
            <span key={column} role="columnheader" className={`job-cell job-cell--${column}`}>
              {column === 'actions' ? '' : t(`commands.nodes.columns.${column}`)}
            </span>
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="rowgroup">
          {virtualizer.getVirtualItems().map((item) => {
            const row = rowAt(item.index);
            const style = { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT };
            if (!row) {
              return <div key={item.index} className="job-row job-row--loading" role="row" style={style} aria-rowindex={item.index + 2} />;
            }
            const took = row.startedAt !== null && row.endedAt !== null ? formatElapsed(row.endedAt - row.startedAt) : null;
            const { line } = firstLine(row.output);
            return (
              <div
                key={row.instanceId}
                className={`job-row${selected === row.instanceId ? ' is-selected' : ''}`}
                role="row"
                style={style}
                aria-rowindex={item.index + 2}
                data-testid="job-node"
                data-instance-id={row.instanceId}
                data-status={row.status}
              >
                <span role="cell" className="job-cell job-cell--status" title={row.statusDetails}>
                  <span className={`cmd-status cmd-status--${toneOf(row.status)}`}>{t(`commands.status.${row.status}`)}</span>
                </span>
                <span role="cell" className="job-cell job-cell--node">
                  <span className="job-cell__name">{row.nodeName || row.instanceId}</span> <span className="mono muted selectable">{row.instanceId}</span>
                </span>
                <span role="cell" className="job-cell job-cell--exit mono num">
                  {row.responseCode ?? '—'}
                </span>
                <span role="cell" className="job-cell job-cell--started num" title={row.startedAt ? formatExactTime(row.startedAt, lng) : undefined}>
                  {timeOf(row.startedAt, lng)}
                </span>
                <span role="cell" className="job-cell job-cell--took num">
                  {took ? t(`commands.job.elapsed.${took.unit}`, { a: took.a, b: took.b }) : '—'}
                </span>
                <span role="cell" className="job-cell job-cell--output mono" title={row.statusDetails !== row.status ? row.statusDetails : undefined}>
                  {line || <span className="muted">{row.status === 'NotSent' ? row.statusDetails : ''}</span>}
                </span>
                <span role="cell" className="job-cell job-cell--actions">
                  {row.commandId && row.status !== 'Pending' ? (
                    <button type="button" className="button button--small" onClick={() => onFullOutput(row)} aria-label={t('commands.nodes.fullOutputOf', { node: row.nodeName || row.instanceId })}>
                      {t('commands.nodes.fullOutput')}
                    </button>
                  ) : null}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
