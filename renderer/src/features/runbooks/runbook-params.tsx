import { useTranslation } from 'react-i18next';
import type { CommandParameters } from '../../../../preload/contract/commands';
import type { RunbookParameter } from '../../../../preload/contract/runbooks';

interface ParameterFieldsProps {
  idPrefix: string;
  parameters: ReadonlyArray<RunbookParameter>;
  values: Record<string, string>;
  /** Message per parameter name; shown only for fields in `shown`. */
  errors: ReadonlyMap<string, string>;
  shown: ReadonlySet<string>;
  onChange: (name: string, value: string) => void;
  onLeave: (name: string) => void;
}

function fieldId(prefix: string, name: string): string {
  return `${prefix}-param-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** The runbook's own parameters: a list of allowed values is a select, a pattern a checked input. */
export function ParameterFields({ idPrefix, parameters, values, errors, shown, onChange, onLeave }: ParameterFieldsProps) {
  const { t } = useTranslation();
  if (parameters.length === 0) return <p className="muted runbook-form__none">{t('runbooks.dialog.noParameters')}</p>;
  return (
    <div className="runbook-form__fields">
      {parameters.map((p, index) => {
        const id = fieldId(idPrefix, p.name);
        const error = shown.has(p.name) ? errors.get(p.name) : undefined;
        const value = values[p.name] ?? '';
        const required = p.default === null;
        const describedBy = [p.description ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
        const common = {
          id,
          name: p.name,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': describedBy,
          'aria-required': required || undefined,
          'data-testid': `runbook-param-${p.name}`,
          // The dialog opens with the cursor in the first field: the operator types, not hunts.
          'data-autofocus': index === 0 ? true : undefined,
          onBlur: () => onLeave(p.name),
        };
        let control;
        if (p.allowedValues && p.allowedValues.length > 0) {
          control = (
            <select {...common} className="select runbook-form__input" value={value} onChange={(e) => onChange(p.name, e.target.value)}>
              {value === '' || !p.allowedValues.includes(value) ? <option value="">{t('runbooks.dialog.choose')}</option> : null}
              {p.allowedValues.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          );
        } else if (p.type === 'StringList' || p.displayType === 'textarea') {
          control = (
            <textarea {...common} className="input runbook-form__input runbook-form__textarea" value={value} rows={3} spellCheck={false} onChange={(e) => onChange(p.name, e.target.value)} />
          );
        } else {
          control = (
            <input
              {...common}
              className="input runbook-form__input"
              value={value}
              spellCheck={false}
              autoComplete="off"
              inputMode={p.type === 'Integer' ? 'numeric' : undefined}
              onChange={(e) => onChange(p.name, e.target.value)}
            />
          );
        }
        return (
          <div key={p.name} className={`runbook-form__field${error ? ' is-invalid' : ''}`}>
            <label htmlFor={id} className="runbook-form__label">
              {p.label || p.name}
              {required ? <span className="runbook-form__required">{t('runbooks.dialog.required')}</span> : null}
              <code className="runbook-form__name">{p.name}</code>
            </label>
            {control}
            {p.description ? (
              <span id={`${id}-help`} className="runbook-form__help">
                {p.description}
                {p.allowedPattern && !p.allowedValues ? <code className="runbook-form__pattern">{p.allowedPattern}</code> : null}
              </span>
            ) : null}
            {error ? (
              <span id={`${id}-error`} className="runbook-form__error" role="alert" data-testid="runbook-param-error">
                {error}
              </span>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

/** Values the runbook pins: shown so the operator knows exactly what runs, never editable. */
export function FixedParameters({ fixed }: { fixed: CommandParameters }) {
  const { t } = useTranslation();
  const entries = Object.entries(fixed);
  if (entries.length === 0) return null;
  return (
    <div className="runbook-form__fixed" data-testid="runbook-fixed">
      <span className="runbook-form__label">{t('runbooks.dialog.fixed')}</span>
      <dl className="runbook-form__fixed-list">
        {entries.map(([name, values]) => (
          <div key={name} className="runbook-form__fixed-row">
            <dt className="mono">{name}</dt>
            <dd className="mono selectable">{values.join(', ')}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
