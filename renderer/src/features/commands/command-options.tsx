import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { commandLimits } from '../../../../preload/contract/commands';
import type { CommandDraft, FormField } from './command-draft';

interface CommandOptionsProps {
  draft: CommandDraft;
  /** Message keys by field, from optionsOf; main's own messages come in `serverErrors`. */
  problems: Partial<Record<FormField, string>>;
  serverErrors: ReadonlyMap<string, string>;
  onChange: (patch: Partial<CommandDraft>) => void;
}

type OptionField = 'maxConcurrency' | 'maxErrors' | 'timeoutSeconds';

/** MaxConcurrency, MaxErrors, delivery timeout and comment, each with its rule under it. */
export function CommandOptions({ draft, problems, serverErrors, onChange }: CommandOptionsProps) {
  const { t } = useTranslation();
  const ids = useId();
  const field = (name: OptionField, width: string) => {
    const error = problems[name] ? t(`commands.options.errors.${problems[name]}`, { min: commandLimits.minTimeoutSeconds, max: commandLimits.maxTimeoutSeconds }) : serverErrors.get(name);
    const id = `${ids}-${name}`;
    return (
      <div className={`cmd-field cmd-field--${width}${error ? ' has-error' : ''}`}>
        <label className="cmd-field__label" htmlFor={id}>
          {t(`commands.options.${name}`)}
        </label>
        <input
          id={id}
          className="cmd-input mono"
          value={draft[name]}
          maxLength={7}
          inputMode={name === 'timeoutSeconds' ? 'numeric' : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-help`}
          data-testid={`command-option-${name}`}
          onChange={(e) => onChange({ [name]: e.target.value })}
        />
        <span className={error ? 'cmd-field__error' : 'cmd-field__help muted'} id={`${id}-help`} role={error ? 'alert' : undefined}>
          {error ?? t(`commands.options.help.${name}`)}
        </span>
      </div>
    );
  };
  const commentError = problems.comment ? t('commands.options.errors.comment', { max: commandLimits.comment }) : serverErrors.get('comment');
  return (
    <fieldset className="cmd-options">
      <legend className="cmd-section__title">{t('commands.options.title')}</legend>
      <div className="cmd-options__row">
        {field('maxConcurrency', 'narrow')}
        {field('maxErrors', 'narrow')}
        {field('timeoutSeconds', 'narrow')}
        <div className={`cmd-field cmd-field--grow${commentError ? ' has-error' : ''}`}>
          <label className="cmd-field__label" htmlFor={`${ids}-comment`}>
            {t('commands.options.comment')}
          </label>
          <input
            id={`${ids}-comment`}
            className="cmd-input"
            value={draft.comment}
            aria-invalid={commentError ? true : undefined}
            aria-describedby={`${ids}-comment-help`}
            placeholder={t('commands.options.commentPlaceholder')}
            data-testid="command-option-comment"
            onChange={(e) => onChange({ comment: e.target.value })}
          />
          <span className={commentError ? 'cmd-field__error' : 'cmd-field__help muted'} id={`${ids}-comment-help`}>
            {commentError ?? t('commands.options.help.comment', { used: draft.comment.length, max: commandLimits.comment })}
          </span>
        </div>
      </div>
    </fieldset>
  );
}
