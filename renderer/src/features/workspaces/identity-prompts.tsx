import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MfaRequest, SignInProgress } from '../../../../preload/contract/workspaces';
import { bridge, unwrap } from '../../lib/api';
import { MfaDialog } from './mfa-dialog';
import type { SignInBoard } from './prompt-model';
import { addMfaRequest, applySignIn, settleMfaRequest, shownSignIn } from './prompt-model';
import { SignInDialog } from './sign-in-dialog';

// Long enough to read "Signed in to prod-sso" at a glance; it also has a Dismiss button.
const NOTICE_MS = 8000;

/**
 * Main's questions to the operator: MFA codes and SSO sign-ins. One dialog at a time (an MFA code
 * first: a role assumption is blocked on it), the rest wait their turn; a finished sign-in leaves a
 * short notice.
 */
export function IdentityPrompts() {
  const { t } = useTranslation();
  const [mfaQueue, setMfaQueue] = useState<MfaRequest[]>([]);
  const [signIns, setSignIns] = useState<SignInBoard>({});
  const [notice, setNotice] = useState<SignInProgress | null>(null);

  useEffect(() => {
    const api = bridge().workspaces;
    const offRequested = api.onMfaRequested((request) => setMfaQueue((queue) => addMfaRequest(queue, request)));
    const offSettled = api.onMfaSettled(({ requestId }) => setMfaQueue((queue) => settleMfaRequest(queue, requestId)));
    const offProgress = api.onSignInProgressed((progress) => {
      setSignIns((board) => applySignIn(board, progress).board);
      if (progress.phase === 'succeeded') setNotice(progress);
    });
    // Prompts raised before this window subscribed (start-up, a reload) would otherwise wait unseen.
    let live = true;
    void unwrap(api.listPrompts({})).then(
      (open) => {
        if (!live) return;
        setMfaQueue((queue) => open.mfa.reduce(addMfaRequest, queue));
        setSignIns((board) => open.signIns.reduce((b, progress) => (b[progress.workspaceId] ? b : applySignIn(b, progress).board), board));
      },
      () => undefined,
    );
    return () => {
      live = false;
      offRequested();
      offSettled();
      offProgress();
    };
  }, []);

  useEffect(() => {
    if (!notice) return undefined;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const mfa = mfaQueue[0];
  const signIn = mfa ? null : shownSignIn(signIns);

  return (
    <>
      {mfa ? (
        <MfaDialog
          key={`${mfa.requestId}:${mfa.previousError?.message ?? ''}`}
          request={mfa}
          onDismiss={() => setMfaQueue((queue) => settleMfaRequest(queue, mfa.requestId))}
        />
      ) : null}
      {signIn ? (
        <SignInDialog
          key={`${signIn.workspaceId}:${signIn.userCode ?? ''}`}
          progress={signIn}
          onDismiss={() =>
            setSignIns((board) => {
              const next = { ...board };
              delete next[signIn.workspaceId];
              return next;
            })
          }
        />
      ) : null}
      {notice ? (
        <div className="ws-notice" role="status" data-testid="sign-in-notice">
          <span className="ws-state__dot ws-notice__dot" aria-hidden="true" />
          <span>{t('workspace.signIn.succeeded', { profile: notice.profile })}</span>
          <button type="button" className="button button--small button--quiet" onClick={() => setNotice(null)}>
            {t('common.dismiss')}
          </button>
        </div>
      ) : null}
    </>
  );
}
