import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../../preload/contract/define';
import { errorHint, errorMessage } from '../../lib/error-text';
import { PendingSpinner } from '../../lib/pending-spinner';

/** Filter fields shown in the syntax help: what to type, what it means (fleet.filter.fields.*), an example. */
const FIELDS: ReadonlyArray<{ field: string; syntax?: string; example: string }> = [
  { field: 'name', example: 'name:web' },
  { field: 'id', example: 'id:i-0abc' },
  { field: 'ping', example: 'ping:offline' },
  { field: 'platform', example: 'platform:windows' },
  { field: 'agent', example: 'agent:3.3' },
  { field: 'ip', example: 'ip:10.0.' },
  { field: 'account', example: 'account:123456789012' },
  { field: 'region', example: 'region:eu-west-1' },
  { field: 'tag', syntax: 'tag:Key=Value', example: 'tag:Environment=prod' },
  { field: 'app', example: 'app:openjdk' },
  { field: 'appVersion', syntax: 'app:"name@version"', example: 'app:"nginx@1.24.0"' },
  { field: 'product', example: 'product:"Java 8"' },
];

const EXAMPLES = ['ping:offline', 'tag:Environment=prod', 'platform:windows -ping:online', 'product:"Java 8" -ping:online'];

interface FilterBoxProps {
  value: string;
  onChange: (value: string) => void;
  error: ErrorInfo | null;
  pending: boolean;
  inputRef: RefObject<HTMLInputElement | null>;
  /** Hands focus to the grid (↓ or Enter in the box, Esc on an empty box). */
  onLeave: () => void;
}

/** Quick filter: free words plus `field:value` terms, a syntax popover, and main's error inline. */
export function FilterBox({ value, onChange, error, pending, inputRef, onLeave }: FilterBoxProps) {
  const { t } = useTranslation();
  // Translated once per language, not on each keystroke: every t() call is tens of microseconds.
  const text = useMemo(
    () => ({
      placeholder: t('fleet.filter.placeholder'),
      label: t('fleet.filter.label'),
      clear: t('fleet.filter.clear'),
      clearHint: t('fleet.filter.clearHint'),
      help: t('fleet.filter.help'),
      helpHint: t('fleet.filter.helpHint'),
    }),
    [t],
  );
  // Main's refusal in the UI language: translated when main answers or the language changes, not per keystroke.
  const shownError = useMemo(() => (error ? { message: errorMessage(error, t), hint: errorHint(error, t) } : null), [error, t]);
  const [helpOpen, setHelpOpen] = useState(false);
  const errorId = useId();
  const helpId = useId();
  const wrapRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!helpOpen) return undefined;
    const onDown = (e: MouseEvent): void => {
      if (wrapRef.current && !wrapRef.current.contains(e.target as Node)) setHelpOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [helpOpen]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      if (helpOpen) setHelpOpen(false);
      else if (value) onChange('');
      else onLeave();
    } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
      e.preventDefault();
      onLeave();
    } else if (e.key === 'F1') {
      e.preventDefault();
      setHelpOpen((open) => !open);
    }
  };

  const applyText = (text: string): void => {
    onChange(text);
    setHelpOpen(false);
    inputRef.current?.focus();
  };

  return (
    <div className="filter" ref={wrapRef}>
      <div className={`filter__field${error ? ' has-error' : ''}`}>
        <svg className="filter__icon" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M6.5 1a5.5 5.5 0 0 1 4.38 8.83l3.65 3.64-1.06 1.06-3.64-3.65A5.5 5.5 0 1 1 6.5 1Zm0 1.5a4 4 0 1 0 0 8 4 4 0 0 0 0-8Z" />
        </svg>
        <input
          ref={inputRef}
          type="text"
          role="searchbox"
          className="filter__input"
          value={value}
          spellCheck={false}
          autoComplete="off"
          placeholder={text.placeholder}
          aria-label={text.label}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          aria-keyshortcuts="/ Control+F"
          data-testid="fleet-filter"
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <PendingSpinner pending={pending} testId="fleet-filter-pending" />
        {value ? (
          <button type="button" className="icon-button filter__clear" aria-label={text.clear} title={text.clearHint} onClick={() => applyText('')}>
            ×
          </button>
        ) : (
          <kbd className="filter__kbd" aria-hidden="true">
            /
          </kbd>
        )}
        <button
          type="button"
          className={`icon-button filter__help-button${helpOpen ? ' is-on' : ''}`}
          aria-label={text.help}
          title={text.helpHint}
          aria-expanded={helpOpen}
          aria-controls={helpId}
          onClick={() => setHelpOpen((open) => !open)}
        >
          ?
        </button>
      </div>
      {shownError ? (
        <div id={errorId} className="filter__error" role="alert" data-testid="fleet-filter-error">
          <span className="filter__error-text">{shownError.message}</span>
          {shownError.hint ? <span className="filter__error-hint">{shownError.hint}</span> : null}
          <span className="filter__error-note">{t('fleet.filter.keptResults')}</span>
        </div>
      ) : null}
      {helpOpen ? (
        <div id={helpId} className="popover filter__help" role="dialog" aria-label={t('fleet.filter.syntaxTitle')}>
          <div className="popover__title">{t('fleet.filter.syntaxTitle')}</div>
          <p className="popover__text">{t('fleet.filter.syntaxIntro')}</p>
          <table className="syntax">
            <tbody>
              {FIELDS.map((f) => (
                <tr key={f.field}>
                  <td>
                    <code>{f.syntax ?? `${f.field}:`}</code>
                  </td>
                  <td>{t(`fleet.filter.fields.${f.field}`)}</td>
                  <td>
                    <code className="muted">{f.example}</code>
                  </td>
                </tr>
              ))}
              <tr>
                <td>
                  <code>-term</code>
                </td>
                <td colSpan={2}>{t('fleet.filter.negate')}</td>
              </tr>
            </tbody>
          </table>
          <p className="popover__text">{t('fleet.filter.inventoryNote')}</p>
          <div className="popover__subtitle">{t('fleet.filter.examples')}</div>
          <div className="syntax__examples">
            {EXAMPLES.map((ex) => (
              <button key={ex} type="button" className="chip chip--button" onClick={() => applyText(ex)}>
                {ex}
              </button>
            ))}
          </div>
          <p className="popover__foot">{t('fleet.filter.keys')}</p>
        </div>
      ) : null}
    </div>
  );
}
