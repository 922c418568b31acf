import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { JobView } from '../commands/job-view';

interface RunbookJobProps {
  jobId: string;
  /** Shows the job on the Run Command screen, with its history. */
  onOpenJob: (jobId: string) => void;
  onClose: () => void;
}

/** The run just started, followed live inside the dialog; a rerun on failed nodes replaces it here. */
export function RunbookJob({ jobId, onOpenJob, onClose }: RunbookJobProps) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(jobId);
  const closeRef = useRef<HTMLButtonElement>(null);
  // The Run button that had focus is gone: focus moves to Close, still inside the dialog.
  useEffect(() => closeRef.current?.focus(), []);
  return (
    <div className="runbook-job" data-testid="runbook-job">
      <div className="runbook-job__view">
        <JobView jobId={shown} onOpenJob={setShown} />
      </div>
      <footer className="modal__actions runbook-job__foot">
        <span className="muted runbook-job__note">{t('runbooks.job.keepsRunning')}</span>
        <button type="button" className="button" onClick={() => onOpenJob(shown)} data-testid="runbook-job-open">
          {t('runbooks.job.openInCommands')}
        </button>
        <button ref={closeRef} type="button" className="button button--primary" onClick={onClose} data-testid="runbook-job-close">
          {t('runbooks.job.close')}
        </button>
      </footer>
    </div>
  );
}
