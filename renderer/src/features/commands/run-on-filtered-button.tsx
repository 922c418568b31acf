import { useId, useMemo } from 'react';
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
  const lng = i18n.resolvedLanguage ?? 'en';
  const ids = useId();
  const filter = applied?.trim() ?? '';
  let why: 'needFilter' | 'filterInvalid' | 'filterPending' | 'noMatches' | 'tooMany' | null = null;
  if (typed.trim() === '') why = 'needFilter';
  else if (filterInvalid) why = 'filterInvalid';
  else if (applied === null || applied.trim() !== typed.trim()) why = 'filterPending';
  else if (total === 0) why = 'noMatches';
  else if (total !== null && total > commandLimits.maxNodesPerJob) why = 'tooMany';
  const count = why === null && total !== null ? total : null;
  // Translated when the reason or count changes, not on every keystroke of the grid's filter.
  const reason = useMemo(
    () => (why === null ? null : t(`commands.entry.${why}`, why === 'tooMany' ? { max: formatCount(commandLimits.maxNodesPerJob, lng) } : {})),
    [t, why, lng],
  );
  const label = useMemo(
    () => (count === null ? t('commands.entry.runCommandDisabled') : t('commands.entry.runCommandOn', { count, formatted: formatCount(count, lng) })),
    [t, count, lng],
  );
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
        {label}
      </button>
      {reason ? (
        <span id={`${ids}-why`} className="visually-hidden">
          {reason}
        </span>
      ) : null}
    </span>
  );
}
