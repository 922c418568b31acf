import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { InventoryNodesPage } from '../../../../preload/contract/inventory';
import type { LicenceUsage } from '../../../../preload/contract/licences';
import { bridge, errorInfoOf, unwrap } from '../../lib/api';
import { ErrorDetail } from '../fleet/fleet-states';
import { fleetFilterOf } from './licence-draft';

const PAGE = 200;

function pingClass(ping: string | null): string {
  if (ping === 'Online') return 'ping ping--online';
  if (ping === 'ConnectionLost') return 'ping ping--lost';
  return 'ping ping--inactive';
}

interface LicenceNodesProps {
  licence: LicenceUsage;
  workspaceIds: string[];
  onShowInFleet: (filter: string) => void;
  onClose: () => void;
}

/** The nodes behind a licence's used count, in pages, with the jump to the fleet grid. */
export function LicenceNodes({ licence, workspaceIds, onShowInFleet, onClose }: LicenceNodesProps) {
  const { t, i18n } = useTranslation();
  const format = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'en').format;
  const query = useInfiniteQuery({
    queryKey: ['licences', 'nodes', licence.id, workspaceIds, licence.match],
    queryFn: ({ pageParam }): Promise<InventoryNodesPage> =>
      unwrap(bridge().licences.listNodes({ id: licence.id, workspaceIds, limit: PAGE, offset: pageParam })),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((sum, page) => sum + page.nodes.length, 0);
      return loaded < last.total && last.nodes.length > 0 ? loaded : undefined;
    },
  });
  const nodes = query.data?.pages.flatMap((page) => page.nodes) ?? [];
  const total = query.data?.pages[0]?.total ?? licence.used;
  const filter = fleetFilterOf(licence);

  return (
    <section className="licence-nodes" aria-label={t('licences.nodes.title', { product: licence.product })} data-testid="licence-nodes" data-total={total}>
      <div className="licence-nodes__head">
        <span className="licence-nodes__title">{t('licences.nodes.title', { product: licence.product })}</span>
        <span className="licence-nodes__count num">{t('licences.nodes.count', { count: total, value: format(total) })}</span>
        <span className="toolbar__spacer" />
        <button
          type="button"
          className="button button--small"
          disabled={!filter}
          title={filter ? t('licences.nodes.showInFleetHint', { filter }) : t('licences.nodes.cannotFilter')}
          onClick={() => filter && onShowInFleet(filter)}
          data-testid="licence-show-in-fleet"
        >
          {t('licences.nodes.showInFleet')}
        </button>
        <button type="button" className="icon-button" aria-label={t('licences.nodes.close')} title={t('licences.nodes.close')} onClick={onClose}>
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M4.2 3.1 8 6.9l3.8-3.8 1.1 1.1L9.1 8l3.8 3.8-1.1 1.1L8 9.1l-3.8 3.8-1.1-1.1L6.9 8 3.1 4.2z" />
          </svg>
        </button>
      </div>
      {query.error ? (
        <div className="banner banner--error" role="alert">
          <span className="banner__title">{t('licences.nodes.loadFailed')}</span>
          <ErrorDetail error={errorInfoOf(query.error)} />
          <button type="button" className="button button--small" onClick={() => void query.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      ) : null}
      {query.isPending ? <div className="state state--quiet">{t('licences.nodes.loading')}</div> : null}
      {query.data && total === 0 ? <p className="licence-nodes__empty muted">{t('licences.nodes.none')}</p> : null}
      {nodes.length ? (
        <div className="licence-nodes__scroller">
          <table className="data-table licence-table licence-nodes__table">
            <thead>
              <tr>
                <th scope="col">{t('licences.nodes.col.name')}</th>
                <th scope="col">{t('licences.nodes.col.instanceId')}</th>
                <th scope="col">{t('licences.nodes.col.platform')}</th>
                <th scope="col">{t('licences.nodes.col.ping')}</th>
                <th scope="col">{t('licences.nodes.col.versions')}</th>
              </tr>
            </thead>
            <tbody>
              {nodes.map((node) => (
                <tr key={`${node.workspaceId}/${node.instanceId}`} data-testid="licence-node">
                  <td className="licence-table__strong selectable">{node.name || <span className="muted">{t('licences.nodes.noName')}</span>}</td>
                  <td className="mono selectable">{node.instanceId}</td>
                  <td>{node.platformType ?? '—'}</td>
                  <td>
                    <span className={pingClass(node.pingStatus)}>
                      {node.pingStatus ? t(`fleet.ping.${node.pingStatus}`, { defaultValue: node.pingStatus }) : t('licences.nodes.notInFleet')}
                    </span>
                  </td>
                  <td className="mono licence-nodes__versions" title={node.versions.join(', ')}>
                    {node.versions.join(', ') || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {query.hasNextPage ? (
            <button type="button" className="button button--small licence-nodes__more" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
              {t('licences.nodes.more', { count: total - nodes.length, value: format(total - nodes.length) })}
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
