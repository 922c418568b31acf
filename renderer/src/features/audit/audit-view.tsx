import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../../preload/contract/audit';
import { errorInfoOf } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { ErrorDetail } from '../fleet/fleet-states';
import { AuditDetail } from './audit-detail';
import { emptyDraft, toFilter, type AuditFilterDraft } from './audit-filter-model';
import { AuditFilters, useSettledDraft } from './audit-filters';
import { downloadJsonl, useAuditExport, useAuditFollower, useAuditPage, useAuditVerify } from './audit-queries';
import { AuditTable } from './audit-table';
import { VerifyResult } from './audit-verify';
import '../../styles/audit.css';

/** The audit log: every operator action, newest first, with filters, chain verification and JSONL export. */
export function AuditView({ active }: { active: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const [draft, setDraft] = useState<AuditFilterDraft>(emptyDraft);
  const settled = useSettledDraft(draft);
  const { filter, rangeProblem } = useMemo(() => toFilter(settled), [settled]);
  const first = useAuditPage(filter, 0, active);
  useAuditFollower(active);
  const verify = useAuditVerify();
  const exporter = useAuditExport();
  const [selected, setSelected] = useState<AuditEntry | null>(null);
  const [verifyShown, setVerifyShown] = useState(false);

  const total = first.data?.total ?? 0;
  const filtered = Object.keys(filter).length > 0;

  const onExport = async () => {
    const file = await exporter.mutateAsync(filter);
    downloadJsonl(file.fileName, file.content);
  };

  let body;
  if (first.error && !first.data) {
    body = (
      <div className="state">
        <div className="banner" role="alert" data-testid="audit-error">
          <span className="banner__title">{t('audit.loadFailed')}</span>
          <ErrorDetail error={errorInfoOf(first.error)} />
          <button type="button" className="button button--small" onClick={() => void first.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      </div>
    );
  } else if (!first.data) {
    body = <div className="state state--quiet">{t('audit.loading')}</div>;
  } else if (total === 0) {
    body = (
      <div className="state" data-testid="audit-empty">
        <div className="state__title">{t(filtered ? 'audit.empty.filteredTitle' : 'audit.empty.title')}</div>
        <p className="state__text">{t(filtered ? 'audit.empty.filteredText' : 'audit.empty.text')}</p>
      </div>
    );
  } else {
    const brokenFrom = verify.data && !verify.data.ok ? verify.data.firstBrokenLine : null;
    body = <AuditTable filter={filter} total={total} selectedSeq={selected?.seq ?? null} brokenFrom={brokenFrom} onSelect={setSelected} />;
  }

  const actionError = verify.error ?? exporter.error;
  return (
    <section className="audit" aria-label={t('audit.title')} data-testid="audit-view">
      <div className="toolbar audit__toolbar">
        <span className="audit__title">{t('audit.title')}</span>
        <AuditFilters draft={draft} onChange={setDraft} rangeProblem={rangeProblem} />
        <span className="toolbar__spacer" />
        <span className="muted audit__count" data-testid="audit-count">
          {first.data ? t(filtered ? 'audit.countFiltered' : 'audit.count', { count: total, formatted: formatCount(total, lng) }) : null}
        </span>
        <button
          type="button"
          className="button"
          disabled={verify.isPending}
          onClick={() => {
            setVerifyShown(true);
            verify.mutate();
          }}
          data-testid="audit-verify"
        >
          {verify.isPending ? <span className="spinner" aria-hidden="true" /> : null}
          {t(verify.isPending ? 'audit.verify.running' : 'audit.verify.button')}
        </button>
        <button type="button" className="button" disabled={exporter.isPending || total === 0} onClick={() => void onExport().catch(() => {})} data-testid="audit-export" title={t('audit.export.hint')}>
          {t('audit.export.button')}
        </button>
      </div>
      {verifyShown && verify.data && !verify.isPending ? (
        <VerifyResult result={verify.data} writtenSince={filtered ? null : Math.max(0, total - verify.data.entries)} onDismiss={() => setVerifyShown(false)} />
      ) : null}
      {actionError ? (
        <div className="banner" role="alert" data-testid="audit-action-error">
          <span className="banner__title">{t(verify.error ? 'audit.verify.failed' : 'audit.export.failed')}</span>
          <ErrorDetail error={errorInfoOf(actionError)} />
        </div>
      ) : null}
      <div className="audit__body">
        <div className="audit__list">{body}</div>
        {selected ? <AuditDetail entry={selected} onClose={() => setSelected(null)} /> : null}
      </div>
      <div className="audit__footer muted">
        {first.data ? <span className="selectable">{t('audit.file', { file: first.data.file })}</span> : null}
      </div>
    </section>
  );
}
