import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MfaRequest } from '../../../../preload/contract/workspaces';
import { bridge, errorInfoOf, unwrap } from '../../lib/api';
import { errorMessage } from '../../lib/error-text';
import { useFocusTrap } from '../runbooks/use-focus-trap';
import { checkMfaCode, MFA_CODE_LENGTH } from './prompt-model';

/**
 * Asks for the six-digit code of a profile's MFA device. The code lives only in this component's
 * state until it is sent, is cleared once sent, and is never logged. Main closes the prompt with
 * `workspaces:mfa-settled`; a refused code comes back as a new request with `previousError`.
 */
export function MfaDialog({ request, onDismiss }: { request: MfaRequest; onDismiss: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [typed, setTyped] = useState('');
  const [touched, setTouched] = useState(false);
  useFocusTrap(ref);

  const answer = useMutation({
    mutationFn: (body: { code: string } | { cancel: true }) => unwrap(bridge().workspaces.answerMfa({ requestId: request.requestId, ...body })),
  });
  const check = checkMfaCode(typed);
  // "Too short" while still typing is noise; it is said once the operator tries to send.
  const shownProblem = check.problem === 'not-digits' || check.problem === 'too-long' || (touched && check.problem !== null) ? check.problem : null;
  const sent = answer.isPending || answer.isSuccess;
  const failure = answer.error ? errorInfoOf(answer.error) : null;

  const submit = (): void => {
    setTouched(true);
    if (check.problem !== null || sent) return;
    answer.mutate({ code: check.code });
    setTyped('');
  };
  const cancel = (): void => {
    if (answer.isPending) return;
    // Already answered: main is checking the code and will settle the prompt; only hide it here.
    if (answer.isSuccess) onDismiss();
    else answer.mutate({ cancel: true }, { onSuccess: onDismiss });
  };

  const titleId = `mfa-title-${request.requestId}`;
  const problemId = `mfa-problem-${request.requestId}`;
  return (
    <div className="modal-backdrop">
      <div
        ref={ref}
        className="modal ws-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="mfa-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            cancel();
          }
        }}
      >
        <h2 id={titleId} className="modal__title">
          {t('workspace.mfa.title', { profile: request.profile })}
        </h2>
        <p className="modal__text">{t('workspace.mfa.text')}</p>
        <dl className="ws-dialog__facts">
          <dt>{t('workspace.mfa.profile')}</dt>
          <dd className="mono">{request.profile}</dd>
          <dt>{t('workspace.mfa.device')}</dt>
          <dd className="mono selectable">{request.serial}</dd>
        </dl>
        {request.previousError ? (
          <div className="ws-dialog__error" role="alert" data-testid="mfa-previous-error">
            <strong>{t('workspace.mfa.refused')}</strong> {errorMessage(request.previousError, t)}
          </div>
        ) : null}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <label className="ws-dialog__label" htmlFor={`mfa-code-${request.requestId}`}>
            {t('workspace.mfa.codeLabel')}
          </label>
          <input
            id={`mfa-code-${request.requestId}`}
            className={`ws-code-input${shownProblem ? ' is-invalid' : ''}`}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="one-time-code"
            inputMode="numeric"
            spellCheck={false}
            maxLength={MFA_CODE_LENGTH + 4}
            placeholder="000000"
            aria-invalid={shownProblem !== null}
            aria-describedby={shownProblem ? problemId : undefined}
            disabled={sent}
            data-autofocus
            data-testid="mfa-code"
          />
          <p id={problemId} className={`ws-dialog__hint${shownProblem ? ' is-error' : ''}`} aria-live="polite" data-testid="mfa-code-problem">
            {shownProblem ? t(`workspace.mfa.problem.${shownProblem}`) : t('workspace.mfa.codeHint')}
          </p>
          {failure ? (
            <div className="ws-dialog__error" role="alert">
              {errorMessage(failure, t)} <code>{failure.code}</code>
            </div>
          ) : null}
          <div className="modal__actions">
            {sent && !failure ? (
              <span className="ws-dialog__wait muted" role="status">
                <span className="spinner" aria-hidden="true" /> {t('workspace.mfa.checking')}
              </span>
            ) : null}
            <button type="button" className="button" onClick={cancel} disabled={answer.isPending} data-testid="mfa-cancel">
              {t('common.cancel')}
            </button>
            <button type="submit" className="button button--primary" disabled={sent} data-testid="mfa-submit">
              {t('workspace.mfa.submit')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
