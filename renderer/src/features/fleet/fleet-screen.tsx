import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import type { FleetNode } from '../../../../preload/contract/fleet';
import type { Workspace } from '../../../../preload/contract/workspaces';
import { bridge, errorInfoOf, unwrap } from '../../lib/api';
import { useNow } from '../../lib/use-now';
import { SLOW_ANSWER_MS } from '../../lib/pending-spinner';
import { useShownAfter } from '../../lib/use-shown-after';
import { useTypingMark } from '../../lib/use-typing-mark';
import { FilterBox } from './filter-box';
import { FleetGrid } from './fleet-grid';
import type { FleetSort } from './fleet-queries';
import { applySyncState, noteTyping, useFleetEvents, useFleetSummary, withoutSyncProgress, workspaceSetKey } from './fleet-queries';
import { EmptyWorkspace, LoadErrorBanner, NoMatches, SyncErrorBanner } from './fleet-states';
import { FleetStatusBar } from './fleet-status-bar';
import { SummaryChips } from './fleet-summary';
import { useFleetRows } from './use-fleet-rows';
import { useGridFilter, type GridFilterStore } from './grid-filter-store';
import { syncOverview, unexplainedFailures } from './sync-overview';
import { accountNames } from '../workspaces/workspace-model';
import { RunOnFilteredButton } from '../commands/run-on-filtered-button';

interface FleetScreenProps {
  /** The watched workspaces, in the picker's order: the grid aggregates them all. */
  workspaces: Workspace[];
  /** Watched workspaces whose trouble the workspace strip already explains: no second banner for their failed syncs. */
  explained: ReadonlySet<string>;
  /** The quick filter: only the parts of the screen that read it re-render as the operator types. */
  filterStore: GridFilterStore;
  sort: FleetSort;
  onSortChange: (sort: FleetSort) => void;
  /** False while a shell tab or another view covers the grid: its shortcuts (Ctrl+F, /) then belong to that view. */
  active?: boolean;
  /** Opens a shell tab on an Online node; offline nodes are explained here instead. */
  onOpenShell?: (node: FleetNode) => void;
  /** "Run command on N nodes…" for the nodes the quick filter lists now. */
  onRunCommand?: (filter: string) => void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** The Fleet screen: filter and counts, banners, the grid, and the status bar. */
export function FleetScreen({ workspaces, explained, filterStore, sort, onSortChange, active = true, onOpenShell, onRunCommand }: FleetScreenProps) {
  const { t } = useTranslation();
  const filter = useGridFilter(filterStore);
  const onFilterChange = filterStore.set;
  const client = useQueryClient();
  const now = useNow();
  const filterRef = useRef<HTMLInputElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const screenRef = useRef<HTMLElement>(null);
  // One array per watched set, so the hooks below see a change only when the set changes.
  const setKey = workspaceSetKey(workspaces.map((w) => w.id));
  const workspaceIds = useMemo(() => setKey.split('\u0000'), [setKey]);
  const accountNameMap = useMemo(() => accountNames(workspaces), [workspaces]);
  const labelOf = useCallback((id: string) => workspaces.find((w) => w.id === id)?.label ?? id, [workspaces]);

  useFleetEvents(workspaceIds);
  // Progress counters are the status bar's alone: ten a second during a sync must not re-render
  // the whole screen while the operator types (LiveStatusBar reads them).
  const summaryQuery = useFleetSummary(workspaceIds, withoutSyncProgress);
  const summary = summaryQuery.data;
  // Rows render in the keystroke's own 'input' event (React renders it synchronously), and Chromium
  // then lays the page out at once to reveal the caret: a trace shows that layout as forced, but it
  // is the frame's layout done early, not a second one. Deferring the rows (useDeferredValue) took
  // it out of the event and made keystroke-to-repaint worse in the grid trace (20k nodes, same
  // load): p50/p95 67/120 ms against 21/45 ms, scripting 35 against 16 ms per keystroke.
  const rows = useFleetRows({ workspaceIds, filter, sort });

  // Refresh and Cancel act on every watched workspace; a banner's Retry on its own workspace only.
  const refresh = useMutation({
    mutationFn: (ids: string[]) => unwrap(bridge().fleet.refreshNodes({ workspaceIds: ids })),
    onSuccess: ({ syncs }) => syncs.forEach((state) => applySyncState(client, state)),
  });
  const cancel = useMutation({
    mutationFn: () => unwrap(bridge().fleet.cancelRefresh({ workspaceIds })),
    onSuccess: ({ syncs }) => syncs.forEach((state) => applySyncState(client, state)),
  });
  const startRefresh = refresh.mutate;
  const onRefresh = useCallback(() => startRefresh(workspaceIds), [startRefresh, workspaceIds]);
  const cancelRefresh = cancel.mutate;
  const onCancel = useCallback(() => cancelRefresh(), [cancelRefresh]);

  // Why a shell could not open on the node the operator picked (offline); cleared by the next attempt.
  const [shellRefusal, setShellRefusal] = useState<FleetNode | null>(null);
  const requestShell = useCallback(
    (node: FleetNode) => {
      if (node.pingStatus !== 'Online') {
        setShellRefusal(node);
        return;
      }
      setShellRefusal(null);
      onOpenShell?.(node);
    },
    [onOpenShell],
  );

  useEffect(() => {
    if (!active) return undefined;
    const onKey = (e: KeyboardEvent): void => {
      const findKey = (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f';
      if (findKey || (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target))) {
        e.preventDefault();
        filterRef.current?.focus();
        filterRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);

  const focusGrid = useCallback(() => gridRef.current?.focus(), []);
  // Typing asks main for the rows before React renders the keystroke, so main works meanwhile.
  const sendEarly = rows.sendEarly;
  const typed = useTypingMark(screenRef);
  const onTyped = useCallback(
    (text: string) => {
      noteTyping();
      sendEarly(text);
      typed();
      onFilterChange(text);
    },
    [sendEarly, typed, onFilterChange],
  );
  const clearFilter = useCallback(() => {
    onFilterChange('');
    filterRef.current?.focus();
  }, [onFilterChange]);

  const syncs = syncOverview(summary?.syncs ?? []);
  const syncing = syncs.running.length > 0;
  const failures = unexplainedFailures(syncs.failed, explained);
  const applied = rows.applied;
  let overlay = null;
  if (!applied && rows.loadError) {
    overlay = (
      <div className="state">
        <LoadErrorBanner error={rows.loadError} onRetry={rows.retry} />
      </div>
    );
  } else if (applied && rows.total === 0) {
    overlay = applied.filter.trim() ? (
      <NoMatches filter={applied.filter.trim()} onClear={clearFilter} />
    ) : (
      <EmptyWorkspace workspaces={workspaces} syncing={syncing} syncFailed={syncs.failed.length === syncs.total && syncs.total > 0} onRefresh={onRefresh} />
    );
  }

  const summaryError = summaryQuery.error ? errorInfoOf(summaryQuery.error) : null;
  const gridError = applied ? rows.loadError : null;
  const actionFailure = refresh.error ?? cancel.error;
  // One object per failure, so the memoised status bar is not re-rendered by every keystroke.
  const actionError = useMemo(() => (actionFailure ? errorInfoOf(actionFailure) : null), [actionFailure]);

  return (
    <section className="fleet" aria-label={t('nav.fleet')} ref={screenRef}>
      <div className="toolbar">
        <FilterBox value={filter} onChange={onTyped} error={rows.filterError} pending={rows.pending} inputRef={filterRef} onLeave={focusGrid} />
        <SummaryChips summary={summary} filter={filter} onFilter={onFilterChange} />
        {onRunCommand ? (
          <RunOnFilteredButton
            applied={applied?.filter ?? null}
            typed={filter}
            // Run Command targets the default workspace only: with several watched, the grid's count is
            // not what would be sent, so no count is promised; the command's preview lists the nodes.
            total={workspaces.length > 1 && rows.total !== 0 ? null : rows.total}
            filterInvalid={rows.filterError !== null}
            onRun={onRunCommand}
          />
        ) : null}
      </div>
      {failures.map((failed) =>
        failed.error ? (
          <SyncErrorBanner
            key={failed.workspaceId}
            workspaceLabel={workspaces.length > 1 ? labelOf(failed.workspaceId) : null}
            error={failed.error}
            // The summary's age is the oldest of all watched workspaces: it says nothing about this one alone.
            lastSyncedAt={workspaces.length > 1 ? undefined : (summary?.lastSyncedAt ?? null)}
            now={now}
            retrying={refresh.isPending}
            onRetry={() => startRefresh([failed.workspaceId])}
          />
        ) : null,
      )}
      {shellRefusal ? (
        <div className="banner banner--warn" role="alert" data-testid="shell-refused">
          <span className="banner__title">{t('fleet.shell.refusedTitle', { node: shellRefusal.name || shellRefusal.instanceId })}</span>
          <span>{t('fleet.shell.refusedText', { status: t(`fleet.ping.${shellRefusal.pingStatus}`) })}</span>
          <button type="button" className="button button--small banner__dismiss" onClick={() => setShellRefusal(null)}>
            {t('common.dismiss')}
          </button>
        </div>
      ) : null}
      {gridError ? <LoadErrorBanner error={gridError} onRetry={rows.retry} /> : null}
      {summaryError && !gridError ? <LoadErrorBanner error={summaryError} onRetry={() => void summaryQuery.refetch()} /> : null}
      <ProgressLine syncing={syncing} pending={rows.pending} />
      <FleetGrid
        rows={rows}
        sort={sort}
        onSortChange={onSortChange}
        overlay={overlay}
        focusRef={gridRef}
        onOpenShell={onOpenShell ? requestShell : undefined}
        accountNames={accountNameMap}
      />
      <LiveStatusBar
        workspaceIds={workspaceIds}
        matching={rows.total}
        filtered={Boolean(applied?.filter.trim())}
        now={now}
        actionError={actionError}
        labelOf={labelOf}
        onRefresh={onRefresh}
        onCancel={onCancel}
        busy={refresh.isPending || cancel.isPending}
      />
    </section>
  );
}

/** The status bar with the summary as it is, progress counters included: the one part of the screen they re-render. */
function LiveStatusBar({ workspaceIds, ...props }: Omit<ComponentProps<typeof FleetStatusBar>, 'summary'> & { workspaceIds: readonly string[] }) {
  const summary = useFleetSummary(workspaceIds).data;
  return <FleetStatusBar summary={summary} {...props} />;
}

/**
 * The line over the grid, on once a sync or a filter's answer has taken SLOW_ANSWER_MS: a line
 * toggled on every keystroke cost the keystroke more than the answer did (see useShownAfter), and
 * one for a sync that ends at once only flickers.
 */
function ProgressLine({ syncing, pending }: { syncing: boolean; pending: boolean }) {
  const on = useShownAfter(syncing || pending, SLOW_ANSWER_MS);
  // is-sync: on for a sync, which holds still while the operator types (fleet.css), their own
  // keystrokes' answers included (the filter box's spinner shows a slow one). On for a slow answer
  // alone, the line is the operator's own wait and keeps moving.
  const cls = on ? (syncing ? ' is-on is-sync' : ' is-on') : '';
  return <div className={`progress-line${cls}`} aria-hidden="true" data-testid="fleet-progress-line" />;
}
