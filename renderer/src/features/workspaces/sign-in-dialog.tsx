import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignInProgress } from '../../../../preload/contract/workspaces';
import { bridge, errorInfoOf, unwrap } from '../../lib/api';
import { errorHint, errorMessage } from '../../lib/error-text';
import { useFocusTrap } from '../runbooks/use-focus-trap';
import { formatCountdown } from './prompt-model';
import { useSignIn } from './workspace-queries';

/** A clock that ticks every second while the dialog is open: the countdown must not jump by 15 s. */
function useSecondClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * An SSO sign-in in progress: the code to check in the browser, a way to open the page again, how
 * long the code is good for, and Cancel. A failed sign-in says why and offers Retry.
 */
export function SignInDialog({ progress, onDismiss }: { progress: SignInProgress; onDismiss: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const now = useSecondClock();
  useFocusTrap(ref);
  const workspaceId = progress.workspaceId;

  const reopen = useMutation({ mutationFn: () => unwrap(bridge().workspaces.openSignInPage({ workspaceId })) });
  const cancel = useMutation({ mutationFn: () => unwrap(bridge().workspaces.cancelSignIn({ workspaceId })), onSuccess: onDismiss });
  const retry = useSignIn();
  const failed = progress.phase === 'failed';
  const expired = progress.expiresAt !== null && progress.expiresAt <= now;
  const actionError = reopen.error ?? cancel.error ?? retry.error;
  const actionInfo = actionError ? errorInfoOf(actionError) : null;
  const titleId = `sign-in-title-${workspaceId}`;

  const close = (): void => {
    if (failed) onDismiss();
    else if (!cancel.isPending) cancel.mutate();
  };

  return (
    <div className="modal-backdrop">
      <div
        ref={ref}
        className="modal ws-dialog ws-dialog--sign-in"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="sign-in-dialog"
        data-phase={progress.phase}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            close();
          }
        }}
      >
        <h2 id={titleId} className="modal__title">
          {failed ? t('workspace.signIn.failedTitle', { profile: progress.profile }) : t('workspace.signIn.title', { profile: progress.profile })}
        </h2>
        {failed ? (
          <div className="ws-dialog__error" role="alert" data-testid="sign-in-error">
            <span>{progress.error ? errorMessage(progress.error, t) : t('workspace.signIn.failedNoReason')}</span>
            {progress.error ? <code>{progress.error.code}</code> : null}
            {progress.error?.hint ? <span className="ws-problem__hint">{errorHint(progress.error, t)}</span> : null}
          </div>
        ) : progress.phase === 'starting' || !progress.userCode ? (
          <p className="modal__text ws-dialog__wait" role="status">
            <span className="spinner" aria-hidden="true" /> {t('workspace.signIn.starting')}
          </p>
        ) : (
          <>
            <p className="modal__text">{t(progress.pageOpened === false ? 'workspace.signIn.browserNotOpened' : 'workspace.signIn.browserOpened')}</p>
            <div className="ws-user-code" aria-label={t('workspace.signIn.codeLabel', { code: progress.userCode.split('').join(' ') })} data-testid="sign-in-code">
              {progress.userCode}
            </div>
            {progress.verificationUri ? <p className="ws-dialog__uri mono selectable">{progress.verificationUri}</p> : null}
            <p className={`ws-dialog__countdown${expired ? ' is-error' : ''}`} role="timer" aria-live="off" data-testid="sign-in-countdown">
              {progress.expiresAt === null
                ? t('workspace.signIn.waiting')
                : expired
                  ? t('workspace.signIn.expired')
                  : t('workspace.signIn.expiresIn', { time: formatCountdown(progress.expiresAt, now) })}
            </p>
          </>
        )}
        {actionInfo ? (
          <div className="ws-dialog__error" role="alert">
            {errorMessage(actionInfo, t)} <code>{actionInfo.code}</code>
          </div>
        ) : null}
        <div className="modal__actions">
          {failed ? (
            <>
              <button type="button" className="button" onClick={onDismiss} data-testid="sign-in-close">
                {t('workspace.signIn.close')}
              </button>
              <button type="button" className="button button--primary" onClick={() => retry.mutate(workspaceId)} disabled={retry.isPending} data-autofocus data-testid="sign-in-retry">
                {t('common.retry')}
              </button>
            </>
          ) : (
            <>
              {progress.phase === 'waiting' ? (
                <button type="button" className="button" onClick={() => reopen.mutate()} disabled={reopen.isPending || expired} data-testid="sign-in-reopen">
                  {t('workspace.signIn.openAgain')}
                </button>
              ) : null}
              <button type="button" className="button" onClick={close} disabled={cancel.isPending} data-autofocus data-testid="sign-in-cancel">
                {t('common.cancel')}
              </button>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
