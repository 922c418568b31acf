import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Workspace, WorkspaceList } from '../../../preload/contract/workspaces';
import { FleetScreen } from '../features/fleet/fleet-screen';
import type { FleetSort } from '../features/fleet/fleet-queries';
import { bridge, errorInfoOf, unwrap } from '../lib/api';
import { ErrorDetail } from '../features/fleet/fleet-states';
import { TopBar } from './top-bar';

const WORKSPACES_KEY = ['workspaces'] as const;

function markSelected(client: QueryClient, workspace: Workspace): void {
  client.setQueryData<WorkspaceList>(WORKSPACES_KEY, (old) =>
    old
      ? {
          ...old,
          selectedId: workspace.id,
          workspaces: old.workspaces.some((w) => w.id === workspace.id) ? old.workspaces : [...old.workspaces, workspace],
        }
      : old,
  );
}

/** Top bar, left nav (only screens that work), training banner and the current screen. */
export function AppShell() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const list = useQuery({ queryKey: WORKSPACES_KEY, queryFn: () => unwrap(bridge().workspaces.listWorkspaces({})) });
  const info = useQuery({ queryKey: ['app', 'info'], queryFn: () => unwrap(bridge().app.getInfo({})) });
  const select = useMutation({
    mutationFn: (id: string) => unwrap(bridge().workspaces.selectWorkspace({ id })),
    onSuccess: (workspace) => markSelected(client, workspace),
  });
  // Filter and sort outlive a workspace switch: "ping:offline" is often the question for every account.
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<FleetSort>({ column: 'name', direction: 'asc' });
  const [recoveryDismissed, setRecoveryDismissed] = useState(false);
  const recovery = recoveryDismissed ? null : (info.data?.cacheRecovery ?? null);

  useEffect(() => bridge().workspaces.onSelectionChanged((workspace) => markSelected(client, workspace)), [client]);

  useEffect(() => {
    document.title = t('app.title', { screen: t('nav.fleet') });
  }, [t, i18n.resolvedLanguage]);

  const current = list.data?.workspaces.find((w) => w.id === list.data?.selectedId);

  let body;
  if (list.error) {
    body = (
      <div className="state">
        <div className="banner banner--error" role="alert">
          <span className="banner__title">{t('workspace.loadFailed')}</span>
          <ErrorDetail error={errorInfoOf(list.error)} />
          <button type="button" className="button button--small" onClick={() => void list.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      </div>
    );
  } else if (current) {
    body = <FleetScreen key={current.id} workspace={current} filter={filter} onFilterChange={setFilter} sort={sort} onSortChange={setSort} />;
  } else if (list.data) {
    body = (
      <div className="state">
        <div className="state__title">{t('workspace.noneSelected')}</div>
      </div>
    );
  } else {
    body = <div className="state state--quiet">{t('workspace.loading')}</div>;
  }

  return (
    <div className="app">
      <TopBar
        list={list.data}
        current={current}
        selecting={select.isPending}
        selectError={select.error ? errorInfoOf(select.error) : null}
        onSelect={(id) => select.mutate(id)}
      />
      <div className="app__body">
        <nav className="nav" aria-label={t('nav.label')}>
          <a className="nav__item is-active" aria-current="page" href="#fleet">
            <svg className="nav__icon" viewBox="0 0 16 16" aria-hidden="true">
              <path d="M2 2h5v5H2zM9 2h5v5H9zM2 9h5v5H2zM9 9h5v5H9z" />
            </svg>
            <span className="nav__label">{t('nav.fleet')}</span>
          </a>
          <span className="nav__spacer" />
          <div className="nav__foot muted" title={info.data ? t('app.aboutTitle', { version: info.data.version, platform: info.data.platform }) : undefined}>
            {info.data ? t('app.version', { version: info.data.version }) : ''}
          </div>
        </nav>
        <main className="app__main">
          {current?.kind === 'training' ? (
            <div className="training-banner" role="note" data-testid="training-banner">
              <span className="badge badge--training">{t('workspace.trainingBadge')}</span>
              {t('workspace.trainingBanner')}
            </div>
          ) : null}
          {recovery ? (
            <div className="banner banner--info" role="status" data-testid="cache-recovery">
              <span className="banner__title">{t('cacheRecovery.title')}</span>
              <span>{t(`cacheRecovery.reason.${recovery.reason}`)}</span>
              <span className="banner__hint">{t('cacheRecovery.movedTo')}</span>
              <code className="banner__code selectable">{recovery.movedTo}</code>
              <button type="button" className="button button--small banner__dismiss" onClick={() => setRecoveryDismissed(true)}>
                {t('common.dismiss')}
              </button>
            </div>
          ) : null}
          {body}
        </main>
      </div>
    </div>
  );
}
