import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FleetSummary, PingStatus } from '../../../../preload/contract/fleet';
import { formatCount } from '../../lib/format';

/** The filter term each ping count applies when clicked. */
export const PING_FILTERS: Record<PingStatus, string> = {
  Online: 'ping:online',
  ConnectionLost: 'ping:connectionlost',
  Inactive: 'ping:inactive',
};

const ORDER: ReadonlyArray<{ status: PingStatus; field: 'online' | 'connectionLost' | 'inactive'; tone: string }> = [
  { status: 'Online', field: 'online', tone: 'online' },
  { status: 'ConnectionLost', field: 'connectionLost', tone: 'lost' },
  { status: 'Inactive', field: 'inactive', tone: 'inactive' },
];

interface SummaryChipsProps {
  summary: FleetSummary | undefined;
  filter: string;
  onFilter: (filter: string) => void;
}

/** Online / connection lost / inactive counts; each is a quick filter (click again to clear it). */
export function SummaryChips({ summary, filter, onFilter }: SummaryChipsProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const current = filter.trim().toLowerCase();
  // Translated once per language: the chips re-render on every filter keystroke.
  const text = useMemo(
    () => ({
      label: t('fleet.summary.label'),
      clear: t('fleet.summary.clearFilter'),
      filterBy: Object.fromEntries(ORDER.map(({ status }) => [status, t('fleet.summary.filterBy', { term: PING_FILTERS[status] })])) as Record<PingStatus, string>,
      ping: Object.fromEntries(ORDER.map(({ status }) => [status, t(`fleet.ping.${status}`)])) as Record<PingStatus, string>,
    }),
    [t],
  );
  return (
    <div className="summary" role="group" aria-label={text.label}>
      {ORDER.map(({ status, field, tone }) => {
        const term = PING_FILTERS[status];
        const on = current === term;
        const count = summary ? formatCount(summary[field], lng) : '–';
        return (
          <button
            key={status}
            type="button"
            className={`summary__chip summary__chip--${tone}${on ? ' is-on' : ''}${summary && summary[field] === 0 ? ' is-zero' : ''}`}
            aria-pressed={on}
            title={on ? text.clear : text.filterBy[status]}
            data-testid={`summary-${tone}`}
            onClick={() => onFilter(on ? '' : term)}
          >
            <span className="ping__dot" aria-hidden="true" />
            <span className="summary__label">{text.ping[status]}</span>
            <span className="summary__count num">{count}</span>
          </button>
        );
      })}
    </div>
  );
}
