import { useTranslation } from 'react-i18next';
import { errorInfoOf } from '../../../lib/api';
import { ErrorDetail } from '../../fleet/fleet-states';

/** Grey bars where a chart will be, while its first answer is on its way. */
export function ChartLoading({ bars }: { bars: number }) {
  const { t } = useTranslation();
  return (
    <div className="chart-state chart-state--loading" role="status" data-testid="chart-loading">
      <span className="chart-sr-only">{t('inventory.charts.loading')}</span>
      {Array.from({ length: bars }, (_, index) => (
        <span key={index} className="skeleton chart-state__bar" aria-hidden="true" />
      ))}
    </div>
  );
}

/** A chart's data could not be read: what main said (always with the code) and Retry. */
export function ChartError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="banner chart-state--error" role="alert" data-testid="chart-error">
      <span className="banner__title">{t('inventory.charts.loadFailed')}</span>
      <ErrorDetail error={errorInfoOf(error)} />
      <button type="button" className="button button--small" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </div>
  );
}

/** Nothing to chart, and what to do about it. */
export function ChartEmpty({ title, text }: { title: string; text: string }) {
  return (
    <div className="chart-state chart-state--empty" data-testid="chart-empty">
      <div className="chart-state__title">{title}</div>
      <p className="chart-state__text">{text}</p>
    </div>
  );
}
