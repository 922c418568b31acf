import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionTab } from './session-tabs';

/** Asks before closing the tab of a live session: closing it terminates the remote shell. */
export function CloseSessionDialog({ tab, onConfirm, onCancel }: { tab: SessionTab; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const cancelRef = useRef<HTMLButtonElement>(null);

  // Focus lands on the safe choice: an Enter pressed out of habit keeps the shell.
  useEffect(() => cancelRef.current?.focus(), []);

  return (
    <div
      className="modal-backdrop"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="close-session-title" aria-describedby="close-session-text" data-testid="close-session-dialog">
        <h2 id="close-session-title" className="modal__title">
          {t('sessions.closeDialog.title', { node: tab.nodeName })}
        </h2>
        <p id="close-session-text" className="modal__text">
          {t('sessions.closeDialog.text', { node: tab.nodeName, instanceId: tab.instanceId })}
        </p>
        <div className="modal__actions">
          <button ref={cancelRef} type="button" className="button" onClick={onCancel}>
            {t('sessions.closeDialog.keep')}
          </button>
          <button type="button" className="button button--danger-solid" onClick={onConfirm}>
            {t('sessions.closeDialog.terminate')}
          </button>
        </div>
      </div>
    </div>
  );
}
