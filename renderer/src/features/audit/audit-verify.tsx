import { useTranslation } from 'react-i18next';
import type { AuditVerification } from '../../../../preload/contract/audit';
import { brokenLinkKindOf } from '../../../../main/audit/audit-reasons';
import { formatCount, formatExactTime } from '../../lib/format';

/** The result of "Verify chain": every entry intact, or the first broken line and what that means. */
export function VerifyResult({ result, writtenSince, onDismiss }: { result: AuditVerification; writtenSince: number | null; onDismiss: () => void }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const when = formatExactTime(result.checkedAt, lng);
  if (result.ok) {
    return (
      <div className="banner audit-verify audit-verify--ok" role="status" data-testid="audit-verify-result" data-ok="true">
        <span className="audit-verify__mark" aria-hidden="true">✓</span>
        <span className="banner__title">{t('audit.verify.intact', { count: result.entries, formatted: formatCount(result.entries, lng) })}</span>
        {writtenSince ? (
          <span className="banner__hint" data-testid="audit-verify-since">
            {t('audit.verify.writtenSince', { count: writtenSince, formatted: formatCount(writtenSince, lng) })}
          </span>
        ) : null}
        <span className="banner__meta">{t('audit.verify.checkedAt', { when })}</span>
        <button type="button" className="button button--small banner__dismiss" onClick={onDismiss}>
          {t('common.dismiss')}
        </button>
      </div>
    );
  }
  const kind = brokenLinkKindOf(result.reason) ?? 'unknown';
  return (
    <div className="banner audit-verify" role="alert" data-testid="audit-verify-result" data-ok="false" data-line={result.firstBrokenLine}>
      <span className="audit-verify__mark" aria-hidden="true">!</span>
      {/* The reason main gave (English, with the parser's own words for an unreadable line) stays one hover away. */}
      <span className="banner__title" title={result.reason}>
        {t(`audit.verify.broken.${kind}`, { line: result.firstBrokenLine })}
      </span>
      <span className="banner__hint">{t('audit.verify.brokenHint', { total: formatCount(result.entries, lng) })}</span>
      <span className="banner__meta">{t('audit.verify.checkedAt', { when })}</span>
      <button type="button" className="button button--small banner__dismiss" onClick={onDismiss}>
        {t('common.dismiss')}
      </button>
    </div>
  );
}
