import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../../preload/contract/define';
import { ErrorDetail } from '../fleet/fleet-states';

interface SendBarProps {
  /** Why Send is disabled, in the order to fix them; empty when everything is valid. */
  blockers: string[];
  /** What the operator must type (production targets); null when a click will do. */
  confirmation: string | null;
  typed: string;
  onTyped: (text: string) => void;
  /** Nodes the command will run on now (online, right platform). */
  runnable: number;
  sending: boolean;
  failure: ErrorInfo | null;
}

/** The foot of the form: what still blocks sending, the typed-name confirmation, and Send. */
export function SendBar({ blockers, confirmation, typed, onTyped, runnable, sending, failure }: SendBarProps) {
  const { t } = useTranslation();
  const ids = useId();
  const confirmed = confirmation === null || typed === confirmation;
  const disabled = sending || blockers.length > 0 || !confirmed;
  const reason = blockers[0] ?? (confirmed ? null : t('commands.send.typeToConfirm', { text: confirmation }));
  return (
    <div className="cmd-sendbar">
      {failure ? (
        <div className="banner banner--error cmd-sendbar__failure" role="alert" data-testid="command-send-error">
          <span className="banner__title">{t('commands.send.failed')}</span>
          <ErrorDetail error={failure} />
          <span className="banner__hint">{t('commands.send.keptDraft')}</span>
        </div>
      ) : null}
      <div className="cmd-sendbar__row">
        {blockers.length > 0 ? (
          <ul className="cmd-sendbar__blockers" aria-label={t('commands.send.blockersLabel')} data-testid="command-blockers">
            {blockers.slice(0, 4).map((blocker) => (
              <li key={blocker}>{blocker}</li>
            ))}
            {blockers.length > 4 ? <li className="muted">{t('commands.send.moreBlockers', { count: blockers.length - 4 })}</li> : null}
          </ul>
        ) : (
          <span className="cmd-sendbar__ready" data-testid="command-ready">
            {t('commands.send.ready', { count: runnable })}
          </span>
        )}
        {confirmation !== null && blockers.length === 0 ? (
          <div className="cmd-confirm" data-testid="command-confirm">
            <label className="cmd-confirm__label" htmlFor={`${ids}-confirm`}>
              {t('commands.send.typeLabel')} <code className="cmd-code cmd-confirm__expected">{confirmation}</code>
            </label>
            <input
              id={`${ids}-confirm`}
              className={`cmd-input mono cmd-confirm__input${typed !== '' && !confirmed ? ' has-error' : ''}`}
              value={typed}
              autoComplete="off"
              spellCheck={false}
              aria-describedby={`${ids}-why`}
              data-testid="command-confirm-input"
              onChange={(e) => onTyped(e.target.value)}
              onPaste={(e) => e.preventDefault()}
            />
            <span className="cmd-confirm__why muted" id={`${ids}-why`}>
              {t('commands.send.typeWhy')}
            </span>
          </div>
        ) : null}
        <button
          type="submit"
          className="button button--primary cmd-sendbar__send"
          disabled={disabled}
          aria-describedby={reason ? `${ids}-reason` : undefined}
          data-testid="command-send"
        >
          {sending ? t('commands.send.sending') : t('commands.send.button', { count: runnable })}
        </button>
        {reason ? (
          <span id={`${ids}-reason`} className="visually-hidden">
            {reason}
          </span>
        ) : null}
      </div>
    </div>
  );
}
