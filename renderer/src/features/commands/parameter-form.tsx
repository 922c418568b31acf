import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentParameter } from '../../../../preload/contract/commands';
import type { ParameterValue } from './command-draft';
import { initialValue, isMultiline, linesOf } from './command-draft';

interface ParameterFormProps {
  parameters: ReadonlyArray<DocumentParameter>;
  values: Record<string, ParameterValue> | undefined;
  /** Messages by parameter name; shown for fields the operator has touched. */
  errors: ReadonlyMap<string, string>;
  touched: ReadonlySet<string>;
  onChange: (name: string, value: ParameterValue) => void;
}

function placeholderOf(parameter: DocumentParameter): string | undefined {
  if (parameter.default === null) return undefined;
  const text = Array.isArray(parameter.default) ? parameter.default.join('\n') : parameter.default;
  return text === '' ? undefined : text;
}

/** One field per document parameter, built from its schema: select, checkbox, text area or input. */
export function ParameterForm({ parameters, values, errors, touched, onChange }: ParameterFormProps) {
  const { t } = useTranslation();
  const ids = useId();
  if (parameters.length === 0) return <p className="muted cmd-form__empty">{t('commands.parameters.none')}</p>;
  return (
    <div className="cmd-params">
      {parameters.map((parameter) => {
        const id = `${ids}-${parameter.name}`;
        const value = values?.[parameter.name] ?? initialValue(parameter);
        const error = touched.has(parameter.name) ? errors.get(parameter.name) : undefined;
        const required = parameter.default === null;
        const described = [parameter.description ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
        const common = {
          id,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': described,
          'aria-required': required || undefined,
          'data-testid': `command-param-${parameter.name}`,
        } as const;
        let control;
        if (parameter.type === 'Boolean') {
          control = (
            <label className="cmd-check">
              <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(parameter.name, e.target.checked)} />
              <span>{value === true ? t('commands.parameters.true') : t('commands.parameters.false')}</span>
            </label>
          );
        } else if (parameter.allowedValues && parameter.allowedValues.length > 0 && parameter.type !== 'StringList') {
          control = (
            <select className="cmd-input" {...common} value={String(value)} onChange={(e) => onChange(parameter.name, e.target.value)}>
              {required || String(value) === '' ? <option value="">{t('commands.parameters.choose')}</option> : null}
              {parameter.allowedValues.map((allowed) => (
                <option key={allowed} value={allowed}>
                  {allowed}
                </option>
              ))}
            </select>
          );
        } else if (isMultiline(parameter)) {
          const text = String(value);
          control = (
            <textarea
              className="cmd-input cmd-input--area mono"
              {...common}
              value={text}
              spellCheck={false}
              rows={Math.min(10, Math.max(3, linesOf(text).length + 1))}
              placeholder={placeholderOf(parameter)}
              onChange={(e) => onChange(parameter.name, e.target.value)}
            />
          );
        } else {
          control = (
            <input
              className="cmd-input mono"
              {...common}
              value={String(value)}
              spellCheck={false}
              inputMode={parameter.type === 'Integer' ? 'numeric' : undefined}
              placeholder={placeholderOf(parameter)}
              onChange={(e) => onChange(parameter.name, e.target.value)}
            />
          );
        }
        return (
          <div key={parameter.name} className={`cmd-field${error ? ' has-error' : ''}`}>
            <label className="cmd-field__label" htmlFor={id}>
              <span className="mono">{parameter.name}</span>
              {required ? <span className="cmd-field__required">{t('commands.parameters.required')}</span> : null}
              {parameter.type === 'StringList' ? <span className="cmd-field__kind muted">{t('commands.parameters.onePerLine')}</span> : null}
            </label>
            {control}
            {parameter.description ? (
              <span className="cmd-field__help muted" id={`${id}-help`}>
                {parameter.description}
              </span>
            ) : null}
            {error ? (
              <span className="cmd-field__error" id={`${id}-error`} role="alert" data-testid={`command-param-error-${parameter.name}`}>
                {error}
              </span>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
