import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionRecord } from '../../../../preload/contract/sessions';
import type { Workspace } from '../../../../preload/contract/workspaces';
import { bridge, errorInfoOf, unwrap } from '../../lib/api';
import { formatExactTime, formatRelativeTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { ErrorDetail } from '../fleet/fleet-states';
import type { SessionHub } from './session-hub';
import { formatDuration, sessionDuration, shortOwner, sortRecords } from './session-records';

type Which = 'Active' | 'History';

interface SessionsViewProps {
  workspace: Workspace;
  hub: SessionHub;
  /** Session ids that have a tab in this window, so a row can jump to it. */
  openSessionIds: ReadonlySet<string>;
  onShowSession: (sessionId: string) => void;
  onGoToFleet: () => void;
}

/** Active and past sessions of the workspace: who, which node, when, how long, and how it ended. */
export function SessionsView({ workspace, hub, openSessionIds, onShowSession, onGoToFleet }: SessionsViewProps) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const now = useNow();
  const lng = i18n.resolvedLanguage ?? 'en';
  const [which, setWhich] = useState<Which>('Active');
  const key = ['sessions', workspace.id, which] as const;
  const query = useQuery({
    queryKey: key,
    queryFn: () => unwrap(bridge().sessions.listSessions({ workspaceId: workspace.id, state: which })),
    staleTime: 0,
  });

  // A session that opens or ends moves between the lists.
  useEffect(
    () =>
      hub.onStateChanged((_id, state) => {
        if (state.kind === 'closed' || state.kind === 'connected') void client.invalidateQueries({ queryKey: ['sessions', workspace.id] });
      }),
    [hub, client, workspace.id],
  );

  const records = query.data ? sortRecords(query.data.sessions) : [];
  let body;
  if (query.error) {
    body = (
      <div className="state">
        <div className="banner banner--error" role="alert" data-testid="sessions-error">
          <span className="banner__title">{t('sessions.view.loadFailed')}</span>
          <ErrorDetail error={errorInfoOf(query.error)} />
          <button type="button" className="button button--small" onClick={() => void query.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      </div>
    );
  } else if (!query.data) {
    body = <div className="state state--quiet">{t('sessions.view.loading')}</div>;
  } else if (records.length === 0) {
    body = (
      <div className="state" data-testid="sessions-empty">
        <div className="state__title">{t(which === 'Active' ? 'sessions.view.emptyActive' : 'sessions.view.emptyHistory')}</div>
        <p className="state__text">{t('sessions.view.emptyHint')}</p>
        <div className="state__actions">
          <button type="button" className="button button--primary" onClick={onGoToFleet}>
            {t('sessions.view.goToFleet')}
          </button>
        </div>
      </div>
    );
  } else {
    body = (
      <div className="sessions-table__scroller">
        <table className="data-table sessions-table" data-testid="sessions-table">
          <thead>
            <tr>
              <th scope="col">{t('sessions.view.col.node')}</th>
              <th scope="col">{t('sessions.view.col.operator')}</th>
              <th scope="col">{t('sessions.view.col.owner')}</th>
              <th scope="col">{t('sessions.view.col.started')}</th>
              <th scope="col" className="num">{t('sessions.view.col.duration')}</th>
              <th scope="col" className="num">{t('sessions.view.col.exitCode')}</th>
              <th scope="col">{t('sessions.view.col.closeReason')}</th>
              <th scope="col">{t('sessions.view.col.source')}</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r: SessionRecord) => (
              <tr key={r.sessionId} data-testid="sessions-row" data-session-id={r.sessionId}>
                <td>
                  <div className="sessions-table__node">{r.nodeName || r.instanceId}</div>
                  <div className="mono muted selectable">{r.instanceId}</div>
                </td>
                <td>{r.operator || <span className="muted">—</span>}</td>
                <td className="mono selectable" title={r.owner}>
                  {r.owner ? shortOwner(r.owner) : <span className="muted">—</span>}
                </td>
                <td title={formatExactTime(r.startedAt, lng)}>{formatRelativeTime(r.startedAt, now, lng)}</td>
                <td className="num">{formatDuration(sessionDuration(r, now))}</td>
                <td className={`num${r.exitCode !== null && r.exitCode !== 0 ? ' sessions-table__bad' : ''}`}>{r.exitCode ?? '—'}</td>
                <td>{r.closeReason ?? (r.endedAt === null ? <span className="muted">{t('sessions.view.stillOpen')}</span> : '—')}</td>
                <td>
                  <span className="chip">{t(`sessions.view.source.${r.source}`)}</span>
                  {openSessionIds.has(r.sessionId) ? (
                    <button type="button" className="button button--small sessions-table__show" onClick={() => onShowSession(r.sessionId)}>
                      {t('sessions.view.showTab')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <section className="sessions-view" aria-label={t('nav.sessions')} data-testid="sessions-view">
      <div className="toolbar">
        <div className="segmented" role="radiogroup" aria-label={t('sessions.view.which')}>
          {(['Active', 'History'] as const).map((w) => (
            <button key={w} type="button" role="radio" aria-checked={which === w} className={`segmented__item${which === w ? ' is-on' : ''}`} onClick={() => setWhich(w)}>
              {t(`sessions.view.${w === 'Active' ? 'active' : 'history'}`)}
            </button>
          ))}
        </div>
        <span className="muted">{t('sessions.view.scope', { workspace: workspace.label })}</span>
        <span className="toolbar__spacer" />
        <button type="button" className="button button--small" onClick={() => void query.refetch()} disabled={query.isFetching}>
          {t('sessions.view.refresh')}
        </button>
      </div>
      {body}
    </section>
  );
}
