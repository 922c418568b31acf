import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PreviewNode, TargetPreview } from '../../../../preload/contract/commands';
import type { RunbookGuardrails } from '../../../../preload/contract/runbooks';
import { formatCount, formatExactTime, formatRelativeTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { guardrailSentences, previewOrder } from './guardrail-words';

const ROW_HEIGHT = 26;
const VISIBLE_ROWS = 8;

function PingCell({ node }: { node: PreviewNode }) {
  const { t } = useTranslation();
  const tone = node.pingStatus === 'Online' ? 'online' : node.pingStatus === 'ConnectionLost' ? 'lost' : 'inactive';
  return <span className={`ping ping--${tone}`}>{t(`fleet.ping.${node.pingStatus}`, { defaultValue: node.pingStatus })}</span>;
}

/** Exactly which nodes the run touches: virtual rows, offline and wrong-platform nodes flagged. */
function PreviewNodes({ nodes: given }: { nodes: PreviewNode[] }) {
  const { t } = useTranslation();
  const nodes = useMemo(() => previewOrder(given), [given]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; rows re-render on scroll by design
  const virtualizer = useVirtualizer({ count: nodes.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  return (
    <div
      className="runbook-nodes"
      ref={scrollRef}
      tabIndex={0}
      role="table"
      aria-label={t('runbooks.preview.nodesLabel')}
      aria-rowcount={nodes.length}
      style={{ height: Math.min(nodes.length, VISIBLE_ROWS) * ROW_HEIGHT + 2 }}
      data-testid="runbook-preview-nodes"
    >
      <div className="runbook-nodes__rows" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const node = nodes[item.index] as PreviewNode;
          const skipped = node.pingStatus !== 'Online' || node.platformMismatch;
          return (
            <div
              key={item.key}
              role="row"
              aria-rowindex={item.index + 1}
              className={`runbook-nodes__row${skipped ? ' is-skipped' : ''}`}
              style={{ transform: `translateY(${item.start}px)` }}
              data-testid="runbook-preview-node"
              data-instance-id={node.instanceId}
            >
              <span role="cell" className="runbook-nodes__name selectable" title={node.name}>
                {node.name || <span className="muted">{t('runbooks.preview.noName')}</span>}
              </span>
              <span role="cell" className="mono selectable runbook-nodes__id">
                {node.instanceId}
              </span>
              <span role="cell" className="muted">
                {node.platformType}
              </span>
              <span role="cell">
                <PingCell node={node} />
              </span>
              <span role="cell" className="runbook-nodes__flags">
                {node.production ? <span className="badge runbook-badge runbook-badge--production">{t('runbooks.preview.production')}</span> : null}
                {!node.tagsKnown && !node.production ? (
                  <span className="badge runbook-badge runbook-badge--production" title={t('runbooks.preview.tagsUnknownHint')}>
                    {t('runbooks.preview.tagsUnknown')}
                  </span>
                ) : null}
                {node.platformMismatch ? <span className="badge runbook-badge runbook-badge--warn">{t('runbooks.preview.platformMismatch')}</span> : null}
                {node.pingStatus !== 'Online' ? <span className="badge runbook-badge runbook-badge--warn">{t('runbooks.preview.notSent')}</span> : null}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** Counts in one line: how many nodes, how many will really be sent to, which need care. */
function PreviewCounts({ preview }: { preview: TargetPreview }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const now = useNow();
  const n = (value: number) => formatCount(value, lng);
  return (
    <div className="runbook-preview__counts" data-testid="runbook-preview-counts">
      <strong>{t('runbooks.preview.total', { count: preview.total, formatted: n(preview.total) })}</strong>
      <span className="runbook-preview__online">{t('runbooks.preview.online', { formatted: n(preview.online) })}</span>
      {preview.offline > 0 ? <span className="runbook-preview__warn">{t('runbooks.preview.offline', { count: preview.offline, formatted: n(preview.offline) })}</span> : null}
      {preview.platformMismatch > 0 ? (
        <span className="runbook-preview__warn">{t('runbooks.preview.mismatch', { count: preview.platformMismatch, formatted: n(preview.platformMismatch) })}</span>
      ) : null}
      {preview.production > 0 ? <span className="runbook-preview__production">{t('runbooks.preview.productionCount', { count: preview.production, formatted: n(preview.production) })}</span> : null}
      <span className="muted runbook-preview__age" title={preview.cacheSyncedAt === null ? undefined : formatExactTime(preview.cacheSyncedAt, lng)}>
        {preview.cacheSyncedAt === null ? t('runbooks.preview.cacheNever') : t('runbooks.preview.cacheAge', { when: formatRelativeTime(preview.cacheSyncedAt, now, lng) })}
      </span>
    </div>
  );
}

interface RunbookPreviewProps {
  preview: TargetPreview;
  guardrails: RunbookGuardrails;
  blocked: string[];
}

/** The dialog's lower half: the nodes, the guardrails in words, and why it cannot run (if so). */
export function RunbookPreview({ preview, guardrails, blocked }: RunbookPreviewProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  return (
    <div className="runbook-preview" data-testid="runbook-preview">
      <PreviewCounts preview={preview} />
      {preview.nodes.length > 0 ? <PreviewNodes nodes={preview.nodes} /> : <p className="runbook-preview__empty">{t('runbooks.preview.none')}</p>}
      {preview.total > preview.nodes.length && preview.nodes.length > 0 ? (
        <p className="muted runbook-preview__more">{t('runbooks.preview.firstOf', { shown: formatCount(preview.nodes.length, lng), total: formatCount(preview.total, lng) })}</p>
      ) : null}
      <ul className="runbook-preview__guardrails" aria-label={t('runbooks.card.guardrails')} data-testid="runbook-guardrails">
        {guardrailSentences(t, guardrails, preview).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {blocked.length > 0 ? (
        <div className="banner runbook-preview__blocked" role="alert" data-testid="runbook-blocked-reasons">
          <span className="banner__title">{t('runbooks.preview.blocked')}</span>
          <ul>
            {blocked.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
