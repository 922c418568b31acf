import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InventoryNodeMatch, InventorySearchGroup, InventoryTypeName } from '../../../../preload/contract/inventory';
import type { Workspace } from '../../../../preload/contract/workspaces';
import { bridge, errorInfoOf, unwrap } from '../../lib/api';
import { useNow } from '../../lib/use-now';
import { LoadErrorBanner } from '../fleet/fleet-states';
import { InventoryCacheBanner } from './cache-banner';
import { versionShareKey } from './charts/chart-queries';
import { ChartsView } from './charts-view';
import { DrillDown } from './drill-down';
import type { DrillSubject } from './fleet-filter';
import { matchOf, productOfSlice } from './fleet-filter';
import { isCancelled, useInventoryEvents, useInventorySearch, useInventoryStatus } from './inventory-queries';
import { NoInventory } from './inventory-states';
import { SearchView } from './search-view';
import type { FilterDraft } from './search-filters';
import { NO_FILTERS, toFilters } from './search-filters';
import { FilterBar, SearchBox } from './search-toolbar';
import { familyOfKeyword } from './software-family';
import type { SoftwareFamily } from './software-family';
import { SyncBar } from './sync-bar';
import { useInventorySync } from './use-inventory-sync';
import '../../styles/inventory.css';

// Long enough that a word typed at speed is one search, short enough to read as "as I type".
const DEBOUNCE_MS = 180;

interface InventoryScreenProps {
  /** The default workspace: its inventory sync is the one Refresh and Cancel drive. */
  workspace: Workspace;
  /** The watched workspaces whose cached inventory is searched (defaults to the default workspace alone). */
  workspaceIds?: string[];
  /** False while another screen is shown: Ctrl+F and / then belong to that screen. */
  active: boolean;
  /** Switches to the fleet grid with this quick-filter text. */
  onShowInFleet: (filter: string) => void;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** The Inventory screen: one search box, filters, results or charts, the nodes behind a number, sync. */
export function InventoryScreen({ workspace, workspaceIds: watchedIds, active, onShowInFleet }: InventoryScreenProps) {
  const { t } = useTranslation();
  const now = useNow();
  const watchedKey = (watchedIds ?? [workspace.id]).join('\u0000');
  const workspaceIds = useMemo(() => watchedKey.split('\u0000'), [watchedKey]);
  useInventoryEvents();
  const statusQuery = useInventoryStatus(workspaceIds);
  const status = statusQuery.data?.workspaces.find((w) => w.workspaceId === workspace.id);
  const sync = useInventorySync(workspace.id);

  const [view, setView] = useState<'search' | 'charts'>('search');
  const [text, setText] = useState('');
  const [keyword, setKeyword] = useState('');
  const [draft, setDraft] = useState<FilterDraft>(NO_FILTERS);
  const filters = useMemo(() => toFilters(workspaceIds, draft), [workspaceIds, draft]);
  const [subject, setSubject] = useState<DrillSubject | null>(null);
  // The family the keyword names, unless the operator picked another on the chart for this keyword.
  const [familyPick, setFamilyPick] = useState<{ keyword: string; family: SoftwareFamily } | null>(null);
  const [chartsFamily, setChartsFamily] = useState<SoftwareFamily>('Java');
  const search = useInventorySearch(keyword, filters);
  const searchError = search.error && !isCancelled(search.error) ? errorInfoOf(search.error) : null;
  const searchFamily = familyPick?.keyword === keyword ? familyPick.family : familyOfKeyword(keyword);
  const inputRef = useRef<HTMLInputElement>(null);
  const resultsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (text === keyword) return undefined;
    const timer = setTimeout(() => setKeyword(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, keyword]);

  // Opening the screen puts the cursor in the box: the first thing an operator does here is type.
  useEffect(() => {
    if (active) inputRef.current?.focus();
  }, [active]);

  useEffect(() => {
    if (!active) return undefined;
    const onKey = (e: KeyboardEvent): void => {
      const findKey = (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f';
      if (findKey || (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target))) {
        e.preventDefault();
        setView('search');
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);

  // A slice names a family and major; the grid filter needs the chart's product label ("Java 8").
  const sliceFamily = (subject?.kind === 'slice' ? subject.family : 'Java') as SoftwareFamily;
  const share = useQuery({
    // The chart's own key and request: the share it drew is read here with no second call, and
    // a refetch through this observer asks exactly what the chart asks.
    queryKey: versionShareKey(filters, sliceFamily),
    queryFn: () => unwrap(bridge().inventory.getVersionShare({ ...filters, family: sliceFamily })),
    enabled: subject?.kind === 'slice',
  });
  const shownSubject: DrillSubject | null =
    subject?.kind === 'slice' ? { ...subject, product: subject.product ?? productOfSlice(share.data, subject.major) } : subject;

  const drillGroup = useCallback((group: InventorySearchGroup) => {
    setSubject({ kind: 'group', typeName: group.typeName as InventoryTypeName, name: group.name, version: group.version, publisher: group.publisher, nodeCount: group.nodeCount });
  }, []);
  const drillSlice = useCallback((match: InventoryNodeMatch) => {
    if (match.kind !== 'family') return;
    setSubject({ kind: 'slice', family: match.family, major: match.major ?? '', product: match.product ?? (match.family === 'Java' && match.major ? `Java ${match.major}` : null) });
  }, []);
  const closeDrill = useCallback(() => setSubject(null), []);
  const changeText = (value: string): void => {
    setText(value);
    // Typing while the charts show means "search": the results must be where the operator looks.
    if (value.trim() !== '') setView('search');
    if (value === '') setKeyword('');
  };

  const statusError = statusQuery.error && !isCancelled(statusQuery.error) ? errorInfoOf(statusQuery.error) : null;
  const empty = status !== undefined && status.rows === 0;

  let body;
  if (empty) {
    body = <NoInventory status={status} onSync={() => sync.start()} busy={sync.busy} />;
  } else if (view === 'charts') {
    body = <ChartsView filters={filters} family={chartsFamily} onFamilyChange={setChartsFamily} onSelectSlice={drillSlice} onShowInFleet={onShowInFleet} />;
  } else {
    body = (
      <SearchView
        keyword={keyword}
        search={search}
        error={searchError?.kind === 'validation' ? null : searchError}
        filters={filters}
        draft={draft}
        family={searchFamily}
        nodes={status?.nodes ?? 0}
        selected={subject?.kind === 'group' ? subject : null}
        resultsRef={resultsRef}
        onFamilyChange={(family) => setFamilyPick({ keyword, family })}
        onSelectSlice={drillSlice}
        onDrill={drillGroup}
        onExample={(example) => {
          setText(example);
          setKeyword(example);
        }}
        onCharts={() => setView('charts')}
        onClearFilters={() => setDraft(NO_FILTERS)}
        onLeave={() => inputRef.current?.focus()}
      />
    );
  }

  return (
    <section className="inventory" aria-label={t('inventory.title')} data-testid="inventory-screen">
      <div className="toolbar inventory-toolbar">
        <div className="inventory-tabs" role="tablist" aria-label={t('inventory.views')}>
          {(['search', 'charts'] as const).map((v) => (
            <button key={v} type="button" role="tab" aria-selected={view === v} className={`inventory-tabs__tab${view === v ? ' is-on' : ''}`} data-testid={`inventory-tab-${v}`} onClick={() => setView(v)}>
              {t(`inventory.tabs.${v}`)}
            </button>
          ))}
        </div>
        <SearchBox
          value={text}
          onChange={changeText}
          onSubmit={() => {
            setView('search');
            setKeyword(text);
          }}
          onLeave={() => resultsRef.current?.focus()}
          pending={text.trim() !== keyword.trim() || search.isFetching}
          error={searchError?.kind === 'validation' ? searchError : null}
          inputRef={inputRef}
        />
      </div>
      <FilterBar draft={draft} onChange={setDraft} />
      <InventoryCacheBanner workspaceIds={workspaceIds} />
      {statusError ? <LoadErrorBanner error={statusError} onRetry={() => void statusQuery.refetch()} /> : null}
      <div className="inventory__body">
        <div className="inventory__main">{body}</div>
        {shownSubject ? <DrillDown key={JSON.stringify(matchOf(shownSubject))} subject={shownSubject} filters={filters} onShowInFleet={onShowInFleet} onClose={closeDrill} active={active} /> : null}
      </div>
      <SyncBar status={status} now={now} actionError={sync.error} busy={sync.busy} onRefresh={() => sync.start()} onCancel={() => sync.cancel()} />
    </section>
  );
}
