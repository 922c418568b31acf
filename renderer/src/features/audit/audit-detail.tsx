import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../../preload/contract/audit';
import { formatExactTime } from '../../lib/format';
import { actionKey, principalState } from './audit-labels';

const TARGETS_SHOWN = 60;

function Field({ label, children, mono = false }: { label: string; children: React.ReactNode; mono?: boolean }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={mono ? 'mono selectable' : 'selectable'}>{children}</dd>
    </>
  );
}

/** One entry in full: who, where, what (the detail JSON), and the two hashes that chain it. */
export function AuditDetail({ entry, onClose }: { entry: AuditEntry; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const principal = principalState(entry.actor);
  const none = <span className="muted">—</span>;
  return (
    <aside className="audit-detail" aria-label={t('audit.detail.label')} data-testid="audit-detail" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header className="audit-detail__head">
        <span className="audit-detail__title">{t(actionKey(entry.action))}</span>
        <span className={`audit-outcome audit-outcome--${entry.outcome}`}>{t(`audit.outcome.${entry.outcome}`)}</span>
        <button type="button" className="icon-button audit-detail__close" onClick={onClose} aria-label={t('audit.detail.close')} title={t('audit.detail.close')}>
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M3.7 2.3 8 6.6l4.3-4.3 1.4 1.4L9.4 8l4.3 4.3-1.4 1.4L8 9.4l-4.3 4.3-1.4-1.4L6.6 8 2.3 3.7z" />
          </svg>
        </button>
      </header>
      <p className="audit-detail__summary selectable">{entry.summary}</p>
      {entry.error ? (
        <p className="audit-detail__error selectable" role="note">
          {entry.error}
        </p>
      ) : null}
      <dl className="audit-detail__fields">
        <Field label={t('audit.detail.when')}>{formatExactTime(entry.at, lng)}</Field>
        <Field label={t('audit.detail.operator')}>{entry.actor.operator}</Field>
        <Field label={t('audit.detail.principal')} mono={principal === 'known'}>
          {principal === 'known' ? entry.actor.principal : principal === 'unknown' ? <span className="muted">{t('audit.identityUnknownLong')}</span> : none}
        </Field>
        <Field label={t('audit.detail.workspace')}>{entry.actor.workspaceId || <span className="muted">{t('audit.detail.local')}</span>}</Field>
        <Field label={t('audit.detail.account')} mono>
          {entry.actor.accountId ? `${entry.actor.accountId} · ${entry.actor.region}` : none}
        </Field>
        <Field label={t('audit.detail.line')}>{entry.seq}</Field>
        <Field label={t('audit.detail.targets', { count: entry.targets.length })}>
          {entry.targets.length === 0 ? (
            none
          ) : (
            <span className="audit-detail__targets">
              {entry.targets.slice(0, TARGETS_SHOWN).map((target) => (
                <span key={target} className="chip">
                  {target}
                </span>
              ))}
              {entry.targets.length > TARGETS_SHOWN ? <span className="chip chip--more">+{entry.targets.length - TARGETS_SHOWN}</span> : null}
            </span>
          )}
        </Field>
      </dl>
      <div className="audit-detail__section">{t('audit.detail.detail')}</div>
      <pre className="audit-detail__json selectable" data-testid="audit-detail-json">
        {JSON.stringify(entry.detail, null, 2)}
      </pre>
      <div className="audit-detail__section">{t('audit.detail.chain')}</div>
      <dl className="audit-detail__fields">
        <Field label={t('audit.detail.hash')} mono>
          <span className="audit-detail__hash">{entry.hash}</span>
        </Field>
        <Field label={t('audit.detail.prevHash')} mono>
          <span className="audit-detail__hash">{entry.prevHash}</span>
        </Field>
      </dl>
    </aside>
  );
}
