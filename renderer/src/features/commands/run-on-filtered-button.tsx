import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { commandLimits } from '../../../../preload/contract/commands';
import { formatCount } from '../../lib/format';
import '../../styles/commands.css';

interface RunOnFilteredButtonProps {
  /** The filter whose rows the grid shows; null until the first answer. */
  applied: string | null;
  /** The filter as typed (it may not have answered yet). */
  typed: string;
  total: number | null;
  /** The typed filter was refused (its message shows under the box). */
  filterInvalid: boolean;
  onRun: (filter: string) => void;
}

/**
 * "Run command on N nodes…" for the grid's quick filter. Never the whole fleet by accident: with
 * no filter it is disabled and says why; it waits until the grid shows the typed filter's rows.
 */
export function RunOnFilteredButton({ applied, typed, total, filterInvalid, onRun }: RunOnFilteredButtonProps) {
  const { t, i18n } = useTranslation();
  const ids = useId();
  const filter = applied?.trim() ?? '';
  let reason: string | null = null;
  if (typed.trim() === '') reason = t('commands.entry.needFilter');
  else if (filterInvalid) reason = t('commands.entry.filterInvalid');
  else if (applied === null || applied.trim() !== typed.trim()) reason = t('commands.entry.filterPending');
  else if (total === 0) reason = t('commands.entry.noMatches');
  else if (total !== null && total > commandLimits.maxNodesPerJob) reason = t('commands.entry.tooMany', { max: formatCount(commandLimits.maxNodesPerJob, i18n.resolvedLanguage ?? 'en') });
  const count = reason === null && total !== null ? total : null;
  return (
    // The reason sits on the wrapper: a disabled button gets no pointer events, so no tooltip of its own.
    <span className="run-on-filtered" title={reason ?? undefined}>
      <button
        type="button"
        className="button run-on-filtered__button"
        disabled={reason !== null}
        aria-describedby={reason ? `${ids}-why` : undefined}
        data-testid="fleet-run-command"
        onClick={() => onRun(filter)}
      >
        <svg className="button__icon" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M4 2.5 13 8l-9 5.5z" />
        </svg>
        {count === null ? t('commands.entry.runCommandDisabled') : t('commands.entry.runCommandOn', { count, formatted: formatCount(count, i18n.resolvedLanguage ?? 'en') })}
      </button>
      {reason ? (
        <span id={`${ids}-why`} className="visually-hidden">
          {reason}
        </span>
      ) : null}
    </span>
  );
}
