import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import type { FleetNode } from '../../../preload/contract/fleet';
import { FleetScreen } from '../features/fleet/fleet-screen';
import { IdentityPrompts } from '../features/workspaces/identity-prompts';
import { explainedWorkspaceIds, watchedWorkspaces } from '../features/workspaces/workspace-model';
import { useWorkspaceChoices, useWorkspaceList } from '../features/workspaces/workspace-queries';
import { WorkspaceStatusStrip } from '../features/workspaces/workspace-status-strip';
import { SelectionFallbackBanner } from '../features/workspaces/selection-fallback';
import type { FleetSort } from '../features/fleet/fleet-queries';
import { bridge, errorInfoOf, unwrap } from '../lib/api';
import { ErrorDetail } from '../features/fleet/fleet-states';
import { FLEET_TAB, SessionTabStrip } from '../features/sessions/session-tab-strip';
import { SessionPanels, useCloseRequest } from '../features/sessions/session-panels';
import type { SessionTab } from '../features/sessions/session-tabs';
import { SessionsView } from '../features/sessions/sessions-view';
import { useSessionTabs } from '../features/sessions/use-session-tabs';
import { InventoryCacheBanner } from '../features/inventory/cache-banner';
import { InventoryScreen } from '../features/inventory/inventory-screen';
import { LicencesScreen } from '../features/licences/licences-screen';
import { AuditView } from '../features/audit/audit-view';
import { CommandsScreen, type CommandsPreset, type CommandsRoute } from '../features/commands/commands-screen';
import { NodeRunContext, type NodeRunActions } from '../features/commands/node-run-context';
import { RunbooksView } from '../features/runbooks/runbooks-view';
import { createGridFilterStore, useGridFilter, type GridFilterStore } from '../features/fleet/grid-filter-store';
import type { TargetSelection } from '../../../preload/contract/commands';
import { NavBar, viewLabelKey, type AppView } from './nav-bar';
import { TopBar } from './top-bar';
import '../styles/sessions.css';

/** Top bar, left nav (only screens that work), training banner and the current screen. */
export function AppShell() {
  const { t, i18n } = useTranslation();
  const list = useWorkspaceList();
  const info = useQuery({ queryKey: ['app', 'info'], queryFn: () => unwrap(bridge().app.getInfo({})) });
  const { select, watch, toggle } = useWorkspaceChoices();
  const choiceError = select.error ?? watch.error;
  // Filter and sort outlive a workspace switch: "ping:offline" is often the question for every account.
  const [filterStore] = useState(createGridFilterStore);
  const [sort, setSort] = useState<FleetSort>({ column: 'name', direction: 'asc' });
  const [recoveryDismissed, setRecoveryDismissed] = useState(false);
  const recovery = recoveryDismissed ? null : (info.data?.cacheRecovery ?? null);
  // "work" is the Fleet grid with its shell tabs; "sessions" is the list of active and past sessions.
  const [view, setView] = useState<AppView>('work');
  // Inventory and Licences stay mounted once opened, so a half-typed search survives a look at the grid.
  const [visited, setVisited] = useState<ReadonlySet<AppView>>(() => new Set());
  const [activeKey, setActiveKey] = useState<string>(FLEET_TAB);
  const sessions = useSessionTabs();
  const closeRequest = useCloseRequest(sessions, (key) => setActiveKey((current) => (current === key ? FLEET_TAB : current)));

  const activeTab = sessions.tabs.find((tab) => tab.key === activeKey);
  // A tab that went away (closed, or never restored) must not leave a blank screen.
  const shownKey = activeTab ? activeKey : FLEET_TAB;
  const screenName = view === 'work' ? (activeTab?.nodeName ?? t('nav.fleet')) : t(viewLabelKey(view));
  useEffect(() => {
    document.title = t('app.title', { screen: screenName });
  }, [t, i18n.resolvedLanguage, screenName]);

  // `current` (the default workspace) scopes Run Command, runbooks and sessions; the grid,
  // inventory and licences aggregate every watched workspace.
  const current = list.data?.workspaces.find((w) => w.id === list.data?.selectedId);
  const watched = useMemo(() => watchedWorkspaces(list.data), [list.data]);
  const watchedIds = useMemo(() => watched.map((w) => w.id), [watched]);
  const explained = useMemo(() => explainedWorkspaceIds(list.data), [list.data]);

  const { open } = sessions;
  const openShell = useCallback(
    (node: Pick<FleetNode, 'workspaceId' | 'instanceId' | 'name' | 'computerName' | 'platformType'>) => {
      setView('work');
      setActiveKey(open(node));
    },
    [open],
  );
  const reopen = useCallback(
    (tab: SessionTab) => openShell({ workspaceId: tab.workspaceId, instanceId: tab.instanceId, name: tab.nodeName, computerName: '', platformType: tab.platformType }),
    [openShell],
  );
  const openSessionIds = useMemo(() => new Set(sessions.tabs.flatMap((tab) => (tab.sessionId ? [tab.sessionId] : []))), [sessions.tabs]);
  const showWork = view === 'work';
  // "Show in fleet grid" from inventory and licences: the grid with that quick filter, in front.
  const showInFleet = useCallback(
    (text: string) => {
      filterStore.set(text);
      setView('work');
      setActiveKey(FLEET_TAB);
    },
    [filterStore],
  );
  const liveCount = sessions.tabs.filter((tab) => tab.state.kind !== 'closed').length;

  // Run Command and Runbooks stay mounted once opened (like Inventory): a half-typed form survives a look elsewhere.
  const [commandsRoute, setCommandsRoute] = useState<CommandsRoute>({ tab: 'form' });
  const [commandsPreset, setCommandsPreset] = useState<CommandsPreset | null>(null);
  const [runbooksPreset, setRunbooksPreset] = useState<TargetSelection | null>(null);
  const show = useCallback((next: AppView) => {
    setView(next);
    if (next === 'work') setActiveKey(FLEET_TAB);
    if (next !== 'work' && next !== 'sessions') setVisited((old) => (old.has(next) ? old : new Set(old).add(next)));
  }, []);
  const runCommandOn = useCallback(
    (targets: TargetSelection) => {
      setCommandsPreset((old) => ({ targets, nonce: (old?.nonce ?? 0) + 1 }));
      setCommandsRoute({ tab: 'form' });
      show('commands');
    },
    [show],
  );
  const openJob = useCallback(
    (jobId: string) => {
      setCommandsRoute({ tab: 'job', jobId });
      show('commands');
    },
    [show],
  );
  // Run Command and runbooks act in the default workspace: a node from another watched workspace
  // makes its own workspace the default first (the picker and "Signed in as" show the switch), so
  // its instance id is looked up where it lives. A refused switch is shown by the picker; nothing runs.
  const selectAsync = select.mutateAsync;
  const currentId = current?.id;
  const inNodeWorkspace = useCallback(
    (node: Pick<FleetNode, 'workspaceId'>, then: () => void) => {
      if (!currentId || node.workspaceId === currentId) then();
      else selectAsync(node.workspaceId).then(then, () => undefined);
    },
    [currentId, selectAsync],
  );
  const nodeRun = useMemo<NodeRunActions>(
    () => ({
      runCommand: (node) => inNodeWorkspace(node, () => runCommandOn({ kind: 'nodes', instanceIds: [node.instanceId] })),
      runRunbook: (node) =>
        inNodeWorkspace(node, () => {
          setRunbooksPreset({ kind: 'nodes', instanceIds: [node.instanceId] });
          show('runbooks');
        }),
    }),
    [inNodeWorkspace, runCommandOn, show],
  );
  const runOnFilter = useCallback((text: string) => runCommandOn({ kind: 'filter', filter: text }), [runCommandOn]);

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
  } else if (watched.length > 0) {
    body = (
      <FleetScreen
        workspaces={watched}
        explained={explained}
        filterStore={filterStore}
        sort={sort}
        onSortChange={setSort}
        active={showWork && shownKey === FLEET_TAB}
        onOpenShell={openShell}
        onRunCommand={runOnFilter}
      />
    );
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
        busy={select.isPending || watch.isPending}
        error={choiceError ? errorInfoOf(choiceError) : null}
        onSelect={(id) => select.mutate(id)}
        onToggleWatch={toggle}
      />
      <div className="app__body">
        <NavBar
          view={view}
          onSelect={(next) => {
            // From the nav, Runbooks opens without nodes picked on the grid.
            if (next === 'runbooks' && view !== 'runbooks') setRunbooksPreset(null);
            show(next);
          }}
          liveShells={liveCount}
          footer={info.data ? t('app.version', { version: info.data.version }) : ''}
          footerTitle={info.data ? t('app.aboutTitle', { version: info.data.version, platform: info.data.platform }) : undefined}
        />
        <main className="app__main">
          {watched.some((w) => w.kind === 'training') ? (
            <div className="training-banner" role="note" data-testid="training-banner">
              <span className="badge badge--training">{t('workspace.trainingBadge')}</span>
              {t('workspace.trainingBanner')}
            </div>
          ) : null}
          <WorkspaceStatusStrip list={list.data} />
          <SelectionFallbackBanner list={list.data} />
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
          {sessions.restoreError ? (
            <div className="banner banner--error" role="alert" data-testid="sessions-restore-error">
              <span className="banner__title">{t('sessions.restoreFailed')}</span>
              <ErrorDetail error={sessions.restoreError} />
            </div>
          ) : null}
          {showWork && sessions.tabs.length > 0 ? (
            <SessionTabStrip tabs={sessions.tabs} activeKey={shownKey} onSelect={setActiveKey} onClose={closeRequest.request} />
          ) : null}
          <div className="app__screen" hidden={!showWork || shownKey !== FLEET_TAB}>
            <NodeRunContext.Provider value={nodeRun}>{body}</NodeRunContext.Provider>
          </div>
          <SessionPanels sessions={sessions} activeKey={showWork ? shownKey : null} onRequestClose={closeRequest.request} onReopen={reopen} />
          {current && visited.has('inventory') ? (
            <div className="app__screen" hidden={view !== 'inventory'}>
              <InventoryScreen key={current.id} workspace={current} workspaceIds={watchedIds} active={view === 'inventory'} onShowInFleet={showInFleet} />
            </div>
          ) : null}
          {current && visited.has('licences') ? (
            <div className="app__screen" hidden={view !== 'licences'}>
              {/* Used counts come from the inventory cache: say how old it is and which workspace is offline. */}
              <InventoryCacheBanner workspaceIds={watchedIds} />
              <LicencesScreen key={current.id} workspace={current} workspaceIds={watchedIds} active={view === 'licences'} onShowInFleet={showInFleet} />
            </div>
          ) : null}
          {current && visited.has('commands') ? (
            <div className="app__screen" hidden={view !== 'commands'}>
              <CommandsScreen key={current.id} workspace={current} route={commandsRoute} onRoute={setCommandsRoute} preset={commandsPreset} />
            </div>
          ) : null}
          {current && visited.has('runbooks') ? (
            <div className="app__screen" hidden={view !== 'runbooks'}>
              <RunbooksWithGridFilter
                key={current.id}
                workspace={current}
                active={view === 'runbooks'}
                filterStore={filterStore}
                presetTargets={runbooksPreset}
                onOpenJob={openJob}
              />
            </div>
          ) : null}
          {visited.has('audit') ? (
            <div className="app__screen" hidden={view !== 'audit'}>
              <AuditView active={view === 'audit'} />
            </div>
          ) : null}
          {view === 'sessions' && current ? (
            <SessionsView
              workspace={current}
              hub={sessions.hub}
              openSessionIds={openSessionIds}
              onShowSession={(sessionId) => {
                const tab = sessions.tabs.find((x) => x.sessionId === sessionId);
                setView('work');
                if (tab) setActiveKey(tab.key);
              }}
              onGoToFleet={() => {
                setView('work');
                setActiveKey(FLEET_TAB);
              }}
            />
          ) : null}
        </main>
      </div>
      {closeRequest.dialog}
      <IdentityPrompts />
    </div>
  );
}

/** Runbooks offer the grid's filter as a target: read when shown, not re-rendered while the operator types in the grid. */
function RunbooksWithGridFilter({ filterStore, ...props }: Omit<ComponentProps<typeof RunbooksView>, 'gridFilter'> & { filterStore: GridFilterStore }) {
  const gridFilter = useGridFilter(filterStore, props.active);
  return <RunbooksView {...props} gridFilter={gridFilter} />;
}
