import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditActionSchema, auditOutcomeSchema, type AuditAction, type AuditOutcome } from '../../../../preload/contract/audit';
import { emptyDraft, type AuditFilterDraft } from './audit-filter-model';
import { actionKey } from './audit-labels';

const TEXT_DELAY_MS = 200;

/** The draft with its text settled: typing does not refetch on every key. */
export function useSettledDraft(draft: AuditFilterDraft): AuditFilterDraft {
  const [settled, setSettled] = useState(draft);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(draft), draft.text === settled.text ? 0 : TEXT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, settled.text]);
  return settled;
}

/** Text, action, outcome and date range; "Clear" when any is set. */
export function AuditFilters({ draft, onChange, rangeProblem }: { draft: AuditFilterDraft; onChange: (draft: AuditFilterDraft) => void; rangeProblem: boolean }) {
  const { t } = useTranslation();
  const set = (patch: Partial<AuditFilterDraft>) => onChange({ ...draft, ...patch });
  const any = draft.text !== '' || draft.action !== '' || draft.outcome !== '' || draft.fromDay !== '' || draft.toDay !== '';
  return (
    <div className="audit-filters" role="search" aria-label={t('audit.filters.label')}>
      <input
        type="search"
        className="audit-input audit-filters__text"
        placeholder={t('audit.filters.textPlaceholder')}
        aria-label={t('audit.filters.text')}
        maxLength={200}
        value={draft.text}
        onChange={(e) => set({ text: e.target.value })}
        data-testid="audit-filter-text"
      />
      <select className="audit-input" aria-label={t('audit.filters.action')} value={draft.action} onChange={(e) => set({ action: e.target.value as AuditAction | '' })} data-testid="audit-filter-action">
        <option value="">{t('audit.filters.anyAction')}</option>
        {auditActionSchema.options.map((action) => (
          <option key={action} value={action}>
            {t(actionKey(action))}
          </option>
        ))}
      </select>
      <select className="audit-input" aria-label={t('audit.filters.outcome')} value={draft.outcome} onChange={(e) => set({ outcome: e.target.value as AuditOutcome | '' })} data-testid="audit-filter-outcome">
        <option value="">{t('audit.filters.anyOutcome')}</option>
        {auditOutcomeSchema.options.map((outcome) => (
          <option key={outcome} value={outcome}>
            {t(`audit.outcome.${outcome}`)}
          </option>
        ))}
      </select>
      <label className="audit-filters__date">
        <span className="muted">{t('audit.filters.from')}</span>
        <input type="date" className={`audit-input${rangeProblem ? ' has-error' : ''}`} value={draft.fromDay} onChange={(e) => set({ fromDay: e.target.value })} data-testid="audit-filter-from" />
      </label>
      <label className="audit-filters__date">
        <span className="muted">{t('audit.filters.to')}</span>
        <input type="date" className={`audit-input${rangeProblem ? ' has-error' : ''}`} value={draft.toDay} onChange={(e) => set({ toDay: e.target.value })} data-testid="audit-filter-to" />
      </label>
      {any ? (
        <button type="button" className="button button--small" onClick={() => onChange(emptyDraft)}>
          {t('audit.filters.clear')}
        </button>
      ) : null}
      {rangeProblem ? (
        <span className="audit-filters__problem" role="alert" data-testid="audit-range-problem">
          {t('audit.filters.rangeProblem')}
        </span>
      ) : null}
    </div>
  );
}
