import { useTranslation } from 'react-i18next';
import type { RunbookCheck } from '../../../../preload/contract/runbooks';

interface TypedConfirmationProps {
  idPrefix: string;
  confirmation: Extract<RunbookCheck['confirmation'], { kind: 'typed-name' }>;
  /** Production nodes among the targets: the reason in the operator's language (main's is English). */
  production: number;
  typed: string;
  onTyped: (value: string) => void;
  /** Enter after typing the name runs it, as a click on Run would (Run checks the match again). */
  onSubmit: () => void;
}

/** The typed-name gate: says what to type and why; Run stays disabled until it matches exactly. */
export function TypedConfirmation({ idPrefix, confirmation, production, typed, onTyped, onSubmit }: TypedConfirmationProps) {
  const { t } = useTranslation();
  const id = `${idPrefix}-typed`;
  const matches = typed === confirmation.expected;
  // Only say "does not match" once the operator has typed as much as asked: not at every keystroke.
  const wrong = !matches && typed.length >= confirmation.expected.length;
  return (
    <div className={`runbook-confirm${wrong ? ' is-invalid' : ''}`} data-testid="runbook-typed-confirmation">
      <label htmlFor={id} className="runbook-confirm__label">
        {t('runbooks.confirm.typeLabel')} <code className="runbook-confirm__expected selectable">{confirmation.expected}</code>
      </label>
      <span className="runbook-confirm__reason" id={`${id}-reason`}>
        {production > 0 ? t('runbooks.confirm.reasonProduction', { count: production }) : t('runbooks.confirm.reasonAlways')}
      </span>
      <input
        id={id}
        className="input runbook-form__input runbook-confirm__input"
        value={typed}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={`${id}-reason${wrong ? ` ${id}-wrong` : ''}`}
        aria-invalid={wrong || undefined}
        onChange={(e) => onTyped(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && matches) onSubmit();
        }}
        data-testid="runbook-typed-input"
      />
      {wrong ? (
        <span id={`${id}-wrong`} className="runbook-form__error">
          {t('runbooks.confirm.mismatch', { expected: confirmation.expected })}
        </span>
      ) : null}
    </div>
  );
}
