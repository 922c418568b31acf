import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LicenceInput } from '../../../../preload/contract/licences';
import type { Workspace } from '../../../../preload/contract/workspaces';
import { errorInfoOf } from '../../lib/api';
import { errorMessage } from '../../lib/error-text';
import { formatExactTime, formatRelativeTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { ErrorDetail } from '../fleet/fleet-states';
import { useInventoryEvents, useInventoryStatus } from '../inventory/inventory-queries';
import { exportLicences } from './licence-export';
import { CsvFormatHelp, useLicenceImport } from './licence-import';
import { LicenceNodes } from './licence-nodes';
import { useLicenceList, useLicenceMutations, useLicenceProducts, useRecountOnSync } from './licence-queries';
import { LicenceTable } from './licence-table';
import '../../styles/licences.css';

interface LicencesScreenProps {
  workspace: Workspace;
  /** The watched workspaces whose inventory counts as used (defaults to `workspace` alone). */
  workspaceIds?: string[];
  /** False while another screen is in front. */
  active: boolean;
  /** Jumps to the fleet grid with this quick-filter text (`product:"Java 8"`, `app:"…"`). */
  onShowInFleet: (filter: string) => void;
}

/** Skipped records listed by name in the recovery banner; the moved-aside file holds them all. */
const SKIPPED_SHOWN = 5;

/** Where the used counts come from: the inventory cache's age, or why it is empty. */
function InventoryNote({ workspaceIds }: { workspaceIds: string[] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const now = useNow();
  // The inventory's own status query and event follower (shared, counted once): sync progress
  // refreshes it for the cache banner and for this note alike.
  useInventoryEvents();
  const status = useInventoryStatus(workspaceIds);
  const ws = status.data?.workspaces[0];
  if (!ws) return null;
  const syncing = ws.sync.phase === 'listing' || ws.sync.phase === 'fetching';
  // The finished sync's own time counts too: its event can arrive before the cache records it.
  const syncedAt = ws.lastSyncedAt ?? (ws.sync.phase === 'succeeded' ? ws.sync.finishedAt : null);
  if (ws.lastError && !syncing) {
    return (
      <span className="licences__warn" data-testid="licences-inventory-note" title={errorMessage(ws.lastError, t)}>
        {syncedAt === null
          ? t('licences.inventory.failedNever', { code: ws.lastError.code })
          : t('licences.inventory.failed', { code: ws.lastError.code, when: formatRelativeTime(syncedAt, now, lng) })}
      </span>
    );
  }
  if (syncedAt === null) {
    return (
      <span className={syncing ? 'muted' : 'licences__warn'} data-testid="licences-inventory-note">
        {syncing ? t('licences.inventory.firstSync') : t('licences.inventory.never')}
      </span>
    );
  }
  return (
    <span className="muted" data-testid="licences-inventory-note" title={formatExactTime(syncedAt, lng)}>
      {t(syncing ? 'licences.inventory.syncing' : 'licences.inventory.synced', { when: formatRelativeTime(syncedAt, now, lng) })}
    </span>
  );
}

/** Licences: owned against used, from the inventory, with the nodes behind each count. */
export function LicencesScreen({ workspace, workspaceIds: watchedIds, active, onShowInFleet }: LicencesScreenProps) {
  const { t } = useTranslation();
  const watchedKey = (watchedIds ?? [workspace.id]).join('\u0000');
  const workspaceIds = useMemo(() => watchedKey.split('\u0000'), [watchedKey]);
  const list = useLicenceList(workspaceIds);
  useRecountOnSync(workspaceIds);
  const [editing, setEditing] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [recoveryDismissed, setRecoveryDismissed] = useState(false);
  const products = useLicenceProducts(workspaceIds, active && editing !== null);
  const { save, remove, importCsv } = useLicenceMutations();
  const csv = useLicenceImport((text) => importCsv.mutateAsync(text));

  const licences = list.data?.licences ?? [];
  const selected = licences.find((l) => l.id === selectedId) ?? null;
  const overUsed = licences.filter((l) => l.difference < 0).length;
  const recovery = recoveryDismissed ? null : (list.data?.recovery ?? null);

  const onSave = async (id: string | undefined, input: LicenceInput): Promise<void> => {
    await save.mutateAsync(id ? { id, licence: input } : { licence: input });
    setEditing(null);
  };
  const onDelete = async (id: string): Promise<void> => {
    await remove.mutateAsync(id);
    if (selectedId === id) setSelectedId(null);
  };

  const loadFailed = list.error ? (
    <div className="banner banner--error" role="alert" data-testid="licences-error">
      <span className="banner__title">{t(list.data ? 'licences.refreshFailed' : 'licences.loadFailed')}</span>
      <ErrorDetail error={errorInfoOf(list.error)} />
      <button type="button" className="button button--small" onClick={() => void list.refetch()}>
        {t('common.retry')}
      </button>
    </div>
  ) : null;

  let body;
  // A failed refresh leaves the last list (and any half-typed form) in place under the banner.
  if (list.error && !list.data) {
    body = <div className="state">{loadFailed}</div>;
  } else if (!list.data) {
    body = <div className="state state--quiet">{t('licences.loading')}</div>;
  } else if (licences.length === 0 && editing === null) {
    body = (
      <div className="state licences__empty" data-testid="licences-empty">
        <div className="state__title">{t('licences.empty.title')}</div>
        <p className="state__text">{t('licences.empty.text')}</p>
        <p className="state__text muted">{t('licences.empty.where', { file: list.data.file })}</p>
        <div className="state__actions">
          <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
            {t('licences.add')}
          </button>
          <button type="button" className="button" onClick={csv.choose} disabled={csv.busy}>
            {t('licences.import.button')}
          </button>
        </div>
        <CsvFormatHelp />
      </div>
    );
  } else {
    body = (
      <div className="licences__scroller">
        <LicenceTable
          licences={licences}
          editing={editing}
          selectedId={selectedId}
          products={products.data}
          productsLoading={products.isPending && products.fetchStatus !== 'idle'}
          saving={save.isPending}
          deleting={remove.isPending}
          onEdit={setEditing}
          onSave={onSave}
          onDelete={onDelete}
          onShowNodes={(id) => setSelectedId((old) => (old === id ? null : id))}
        />
      </div>
    );
  }

  return (
    <section className="licences" aria-label={t('nav.licences')} data-testid="licences-screen">
      <div className="toolbar licences__toolbar">
        <span className="licences__title">{t('licences.title')}</span>
        <span className="muted">
          {workspaceIds.length > 1 ? t('licences.scopeMany', { count: workspaceIds.length }) : t('licences.scope', { workspace: workspace.label })}
        </span>
        <InventoryNote workspaceIds={workspaceIds} />
        {overUsed > 0 ? (
          <span className="licences__over-count" data-testid="licences-over-count">
            {t('licences.overCount', { count: overUsed })}
          </span>
        ) : null}
        <span className="toolbar__spacer" />
        <button type="button" className="button button--small button--primary" onClick={() => setEditing('new')} disabled={editing !== null} data-testid="licence-add">
          {t('licences.add')}
        </button>
        <button type="button" className="button button--small" onClick={csv.choose} disabled={csv.busy} data-testid="licence-import">
          {csv.busy ? t('licences.import.busy') : t('licences.import.button')}
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => exportLicences(licences, workspace.label)}
          disabled={licences.length === 0}
          data-testid="licence-export"
        >
          {t('licences.export')}
        </button>
        {csv.input}
      </div>
      {recovery ? (
        <div className="banner banner--warn" role="alert" data-testid="licences-recovery">
          <span className="banner__title">
            {recovery.reason === 'records-skipped'
              ? t('licences.recovery.records-skipped', { count: recovery.skipped.length, kept: licences.length })
              : t(`licences.recovery.${recovery.reason}`)}
          </span>
          {recovery.skipped.length > 0 ? (
            <ul className="licences__skipped" data-testid="licences-recovery-skipped">
              {recovery.skipped.slice(0, SKIPPED_SHOWN).map((s) => (
                <li key={s.record}>{t('licences.recovery.skippedRecord', { record: s.record, product: s.product || '—', detail: s.detail })}</li>
              ))}
              {recovery.skipped.length > SKIPPED_SHOWN ? <li>{t('licences.recovery.skippedMore', { count: recovery.skipped.length - SKIPPED_SHOWN })}</li> : null}
            </ul>
          ) : null}
          <span className="banner__hint">{t('licences.recovery.movedTo')}</span>
          <code className="banner__code selectable">{recovery.movedTo}</code>
          <button type="button" className="button button--small banner__dismiss" onClick={() => setRecoveryDismissed(true)}>
            {t('common.dismiss')}
          </button>
        </div>
      ) : null}
      {list.data ? loadFailed : null}
      {csv.panel}
      {licences.length > 0 ? <CsvFormatHelp /> : null}
      {body}
      {selected ? (
        <LicenceNodes key={selected.id} licence={selected} workspaceIds={workspaceIds} onShowInFleet={onShowInFleet} onClose={() => setSelectedId(null)} />
      ) : null}
    </section>
  );
}
