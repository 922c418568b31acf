import { useTranslation } from 'react-i18next';
import type { WorkspaceList } from '../../../../preload/contract/workspaces';
import { errorInfoOf } from '../../lib/api';
import { errorHint, errorMessage } from '../../lib/error-text';
import { attentionItems, stateTone } from './workspace-model';
import { StateMark } from './workspace-marks';
import { useSignIn, useWorkspaceChoices } from './workspace-queries';

/**
 * One line per watched workspace that needs the operator: which one, why, and the action that fixes
 * it (Sign in, Retry, or stop watching it). The other workspaces' rows stay on screen below.
 */
export function WorkspaceStatusStrip({ list }: { list: WorkspaceList | undefined }) {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const { unwatch } = useWorkspaceChoices();
  const items = attentionItems(list);
  if (items.length === 0) return null;
  const anyError = items.some((item) => stateTone(item.status.state) === 'error');
  const pendingId = signIn.isPending ? signIn.variables : null;
  const failed = signIn.error ? errorInfoOf(signIn.error) : null;

  return (
    <section
      className={`ws-strip${anyError ? ' ws-strip--error' : ' ws-strip--warn'}`}
      role="alert"
      aria-label={t('workspace.strip.label', { count: items.length })}
      data-testid="workspace-strip"
    >
      {items.map(({ workspace, status, action, canUnwatch }) => (
        <div key={workspace.id} className="ws-strip__item" data-testid="workspace-strip-item" data-workspace-id={workspace.id}>
          <span className="ws-strip__name">{workspace.label}</span>
          <StateMark state={status.state} />
          <span className="ws-strip__why">
            {status.error?.message && status.state !== 'signing-in' ? (
              <span className="ws-strip__message">{errorMessage(status.error, t)}</span>
            ) : (
              <span>{t(`workspace.strip.why.${status.state}`)}</span>
            )}
            {status.error && status.state !== 'signing-in' ? (
              <code className="ws-strip__code" data-testid="workspace-strip-code">
                {status.error.code}
              </code>
            ) : null}
            {status.error?.hint && status.state !== 'signing-in' ? <span className="ws-strip__hint">{errorHint(status.error, t)}</span> : null}
          </span>
          <span className="ws-strip__actions">
            {action ? (
              <button
                type="button"
                className={`button button--small${action === 'sign-in' ? ' button--primary' : ''}`}
                disabled={pendingId === workspace.id}
                onClick={() => signIn.mutate(workspace.id)}
                data-testid={action === 'sign-in' ? 'workspace-sign-in' : 'workspace-retry'}
              >
                {pendingId === workspace.id ? <span className="spinner" aria-hidden="true" /> : null}
                {action === 'sign-in' ? t('workspace.strip.signIn') : t('common.retry')}
              </button>
            ) : null}
            {canUnwatch ? (
              <button type="button" className="button button--small button--quiet" onClick={() => unwatch(workspace.id)} title={t('workspace.strip.unwatchTitle')}>
                {t('workspace.strip.unwatch')}
              </button>
            ) : null}
          </span>
          {failed && signIn.variables === workspace.id ? (
            <span className="ws-strip__failed" role="status">
              {errorMessage(failed, t)} <code>{failed.code}</code>
              {failed.hint ? ` ${errorHint(failed, t)}` : ''}
            </span>
          ) : null}
        </div>
      ))}
      {(list?.watchedIds.length ?? 0) > items.length ? <span className="ws-strip__others muted">{t('workspace.strip.othersKept')}</span> : null}
    </section>
  );
}
