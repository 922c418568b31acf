import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../../preload/contract/define';
import type { TargetPreview as Preview } from '../../../../preload/contract/commands';
import { formatCount, formatExactTime, formatRelativeTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { ErrorDetail } from '../fleet/fleet-states';

const ROW_HEIGHT = 26;

interface TargetPreviewProps {
  preview: Preview | undefined;
  /** The answer on screen is for an earlier state of the form; a newer one is on its way. */
  stale: boolean;
  error: ErrorInfo | null;
  onRetry: () => void;
}

/** The nodes a command would touch, before anything runs: counts, cache age, then every node flagged. */
export function TargetPreview({ preview, stale, error, onRetry }: TargetPreviewProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const now = useNow();
  const scrollRef = useRef<HTMLDivElement>(null);
  const nodes = preview?.nodes ?? [];
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; rows re-render on scroll by design
  const virtualizer = useVirtualizer({ count: nodes.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const n = (value: number): string => formatCount(value, lng);

  if (error && !preview) {
    return (
      <div className="banner banner--error" role="alert" data-testid="command-preview-error">
        <span className="banner__title">{t('commands.preview.failed')}</span>
        <ErrorDetail error={error} />
        <button type="button" className="button button--small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (!preview) return <p className="muted cmd-preview__note">{stale ? t('commands.preview.resolving') : t('commands.preview.nothing')}</p>;

  const kept = preview.offline + preview.platformMismatch;
  return (
    <section className={`cmd-preview${stale ? ' is-stale' : ''}`} aria-label={t('commands.preview.label')} aria-busy={stale} data-testid="command-preview" data-total={preview.total} data-state={stale ? 'stale' : 'ready'}>
      <div className="cmd-preview__counts" role="status">
        <strong className="num" data-testid="command-preview-total">
          {t('commands.preview.total', { count: preview.total, formatted: n(preview.total) })}
        </strong>
        <span className="cmd-count cmd-count--online num">{t('commands.preview.online', { formatted: n(preview.online) })}</span>
        {preview.offline > 0 ? (
          <span className="cmd-count cmd-count--offline num" data-testid="command-preview-offline">
            {t('commands.preview.offline', { formatted: n(preview.offline) })}
          </span>
        ) : null}
        {preview.platformMismatch > 0 ? <span className="cmd-count cmd-count--warn num">{t('commands.preview.mismatch', { formatted: n(preview.platformMismatch) })}</span> : null}
        {preview.production > 0 ? <span className="cmd-count cmd-count--prod num">{t('commands.preview.production', { formatted: n(preview.production) })}</span> : null}
        <span className="cmd-preview__age muted" title={preview.cacheSyncedAt ? formatExactTime(preview.cacheSyncedAt, lng) : undefined}>
          {preview.cacheSyncedAt ? t('commands.preview.cacheAge', { when: formatRelativeTime(preview.cacheSyncedAt, now, lng) }) : t('commands.preview.cacheNever')}
        </span>
      </div>
      {kept > 0 ? <p className="cmd-preview__kept">{t('commands.preview.keptBack', { count: kept, formatted: n(kept) })}</p> : null}
      {preview.total > nodes.length ? <p className="muted cmd-preview__note">{t('commands.preview.firstOnly', { shown: n(nodes.length), total: n(preview.total) })}</p> : null}
      <div ref={scrollRef} className="cmd-preview__list" role="list" tabIndex={0} aria-label={t('commands.preview.listLabel')} data-testid="command-preview-nodes">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const node = nodes[item.index];
            if (!node) return null;
            const offline = node.pingStatus !== 'Online';
            return (
              <div
                key={node.instanceId}
                role="listitem"
                className={`cmd-node${offline || node.platformMismatch ? ' is-kept' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                data-testid="command-preview-node"
                data-instance-id={node.instanceId}
                data-ping={node.pingStatus}
              >
                <span className={`ping__dot ping__dot--${node.pingStatus}`} aria-hidden="true" />
                <span className="cmd-node__name">{node.name || node.instanceId}</span>
                <span className="cmd-node__id mono muted">{node.instanceId}</span>
                <span className="cmd-node__platform muted">{node.platformType}</span>
                <span className="cmd-node__flags">
                  {node.production ? <span className="badge cmd-badge--prod">{t('commands.preview.prodBadge')}</span> : null}
                  {!node.tagsKnown && !node.production ? (
                    <span className="badge cmd-badge--warn" title={t('commands.preview.tagsUnknownHint')}>
                      {t('commands.preview.tagsUnknown')}
                    </span>
                  ) : null}
                  {offline ? (
                    <span className="badge cmd-badge--offline" data-testid="command-preview-offline-flag">
                      {t(`commands.preview.ping.${node.pingStatus}`)}
                    </span>
                  ) : null}
                  {node.platformMismatch ? <span className="badge cmd-badge--warn">{t('commands.preview.wrongPlatform')}</span> : null}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
