import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkParameterValues } from '../../../../main/commands/parameter-rules';
import type { TargetSelection } from '../../../../preload/contract/commands';
import type { Runbook } from '../../../../preload/contract/runbooks';
import { errorInfoOf } from '../../lib/api';
import { ErrorDetail } from '../fleet/fleet-states';
import { runnableCount } from './guardrail-words';
import { isDirty, toCommandParameters, useRunbookDraft } from './runbook-drafts';
import { ParameterFields, FixedParameters } from './runbook-params';
import { TypedConfirmation } from './runbook-confirm';
import { RunbookPreview } from './runbook-preview';
import { chosenTargets, TargetChooser } from './runbook-targets';
import { useDocumentKey, useFocusTrap } from './use-focus-trap';
import { useRunbookPrepare, useRunbookRun, type RunbookRequest } from './use-runbook-prepare';
import { RunbookJob } from './runbook-job';
import '../../styles/runbook-dialog.css';

interface RunbookDialogProps {
  workspaceId: string;
  runbook: Runbook;
  presetTargets: TargetSelection | null;
  gridFilter: string;
  onClose: () => void;
  onOpenJob: (jobId: string) => void;
}

/** Fill in, see exactly which nodes and which guardrails, confirm, run — then watch the results. */
export function RunbookDialog({ workspaceId, runbook, presetTargets, gridFilter, onClose, onOpenJob }: RunbookDialogProps) {
  const { t } = useTranslation();
  const dialogRef = useRef<HTMLDivElement>(null);
  useFocusTrap(dialogRef);
  const idPrefix = `runbook-${runbook.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const { draft, update, clear } = useRunbookDraft(workspaceId, runbook.id, runbook.parameters);
  const [askingClose, setAskingClose] = useState(false);
  const [typed, setTyped] = useState({ expected: '', value: '' });
  const [jobId, setJobId] = useState<string | null>(null);
  const run = useRunbookRun();

  const parameters = useMemo(() => toCommandParameters(runbook.parameters, draft.values), [runbook.parameters, draft.values]);
  const localErrors = useMemo(() => checkParameterValues(runbook.parameters, parameters), [runbook.parameters, parameters]);
  const targetResult = runbook.targets.kind === 'chosen' ? chosenTargets(draft, presetTargets, gridFilter) : null;
  const request: RunbookRequest | null =
    targetResult && !targetResult.ok ? null : { runbookId: runbook.id, workspaceId, parameters, ...(targetResult?.ok ? { targets: targetResult.targets } : {}) };
  const prepare = useRunbookPrepare(request);
  const answer = prepare.query.data ?? null;

  const names = new Set(runbook.parameters.map((p) => p.name));
  const errors = new Map(localErrors.map((e) => [e.field, e.message]));
  const otherErrors: string[] = [];
  for (const e of prepare.current ? (answer?.fieldErrors ?? []) : []) {
    if (names.has(e.field)) {
      if (!errors.has(e.field)) errors.set(e.field, e.message);
    } else otherErrors.push(e.message);
  }
  const shown = new Set([...draft.touched, ...runbook.parameters.filter((p) => (draft.values[p.name] ?? '') !== '').map((p) => p.name)]);
  const targetError = targetResult && !targetResult.ok ? t(`runbooks.targets.errors.${targetResult.error.key}`, targetResult.error.values ?? {}) : null;
  // An empty field is not a mistake yet: the Run button says what is missing, the field stays calm.
  const targetEmpty = targetResult !== null && !targetResult.ok && (targetResult.error.key === 'tagsEmpty' || targetResult.error.key === 'idsEmpty');
  const confirmation = prepare.current ? answer?.check.confirmation : undefined;
  const blocked = answer?.check.blocked ?? [];
  const typedValue = confirmation?.kind === 'typed-name' && typed.expected === confirmation.expected ? typed.value : '';

  let waitReason: string | null = null;
  if (errors.size > 0) waitReason = t('runbooks.dialog.fixParameters', { count: errors.size, names: [...errors.keys()].join(', ') });
  else if (targetError) waitReason = targetEmpty ? t('runbooks.dialog.fixTargets') : targetError;
  else if (prepare.query.isError && !prepare.settling) waitReason = t('runbooks.dialog.prepareFailed');
  else if (!prepare.current) waitReason = t('runbooks.dialog.checking');
  else if (otherErrors.length > 0 || blocked.length > 0) waitReason = t('runbooks.dialog.blocked');
  else if (confirmation?.kind === 'typed-name' && typedValue !== confirmation.expected) waitReason = t('runbooks.dialog.typeToRun', { expected: confirmation.expected });
  const canRun = waitReason === null && !run.isPending && request !== null;

  const start = (): void => {
    if (!canRun || !request) return;
    const typedConfirmation = confirmation?.kind === 'typed-name' ? typedValue : undefined;
    run.mutate({ ...request, ...(typedConfirmation !== undefined ? { typedConfirmation } : {}) }, { onSuccess: (result) => setJobId(result.jobId) });
  };

  const requestClose = (): void => {
    if (jobId || !isDirty(draft, runbook.parameters)) onClose();
    else setAskingClose(true);
  };

  const touch = (name: string): void => update((old) => (old.touched.includes(name) ? old : { ...old, touched: [...old.touched, name] }));

  const keepEditing = (): void => {
    setAskingClose(false);
    dialogRef.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  };
  // Esc is heard wherever focus is (even on the page behind, after a button it was on went away).
  useDocumentKey('Escape', (event) => {
    // A question inside (the job's "Cancel this run?") answers Esc itself.
    if (!askingClose && event.target instanceof Element && event.target.closest('[role="alertdialog"]')) return;
    event.preventDefault();
    if (askingClose) keepEditing();
    else requestClose();
  });

  return (
    <div className="modal-backdrop">
      <div
        ref={dialogRef}
        className={`modal runbook-dialog${jobId ? ' runbook-dialog--job' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${idPrefix}-title`}
        aria-describedby={`${idPrefix}-description`}
        data-testid="runbook-dialog"
      >
        <header className="runbook-dialog__head">
          <div className="runbook-dialog__titles">
            <h2 id={`${idPrefix}-title`} className="modal__title">
              {runbook.name}
            </h2>
            <p id={`${idPrefix}-description`} className="runbook-dialog__description">
              {runbook.description} <span className="mono muted">{runbook.documentName}</span>
            </p>
          </div>
          <button type="button" className="icon-button" aria-label={t('runbooks.dialog.close')} title={t('runbooks.dialog.close')} onClick={requestClose}>
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path d="M3.7 2.3 8 6.6l4.3-4.3 1.4 1.4L9.4 8l4.3 4.3-1.4 1.4L8 9.4l-4.3 4.3-1.4-1.4L6.6 8 2.3 3.7z" />
            </svg>
          </button>
        </header>
        {jobId ? (
          <RunbookJob jobId={jobId} onOpenJob={onOpenJob} onClose={onClose} />
        ) : (
          <>
            <div className="runbook-dialog__body">
              <form
                className="runbook-form"
                aria-label={t('runbooks.dialog.formLabel')}
                // Enter in a parameter field never runs anything: Run is a deliberate click (or Enter on it).
                onSubmit={(e) => e.preventDefault()}
              >
                <ParameterFields
                  idPrefix={idPrefix}
                  parameters={runbook.parameters}
                  values={draft.values}
                  errors={errors}
                  shown={shown}
                  onChange={(name, value) => update((old) => ({ ...old, values: { ...old.values, [name]: value } }))}
                  onLeave={touch}
                />
                <FixedParameters fixed={runbook.fixedParameters} />
                <TargetChooser
                  idPrefix={idPrefix}
                  targets={runbook.targets}
                  draft={draft}
                  presetTargets={presetTargets}
                  gridFilter={gridFilter}
                  error={targetEmpty ? null : targetError}
                  onChange={(change) => update((old) => ({ ...old, ...change }))}
                />
              </form>
              <section className="runbook-dialog__preview" aria-label={t('runbooks.preview.label')} aria-busy={!prepare.current}>
                {prepare.query.isError && !prepare.settling ? (
                  <div className="banner" role="alert" data-testid="runbook-prepare-error">
                    <span className="banner__title">{t('runbooks.dialog.prepareFailed')}</span>
                    <ErrorDetail error={errorInfoOf(prepare.query.error)} />
                    <button type="button" className="button button--small" onClick={() => void prepare.query.refetch()}>
                      {t('common.retry')}
                    </button>
                  </div>
                ) : null}
                {answer ? (
                  <div className={prepare.current ? undefined : 'runbook-dialog__stale'}>
                    <RunbookPreview preview={answer.preview} guardrails={runbook.guardrails} blocked={blocked} />
                  </div>
                ) : request ? (
                  <p className="muted runbook-dialog__checking">{t('runbooks.dialog.checking')}</p>
                ) : (
                  <p className="muted runbook-dialog__checking">{t('runbooks.dialog.targetsFirst')}</p>
                )}
                {otherErrors.length > 0 ? (
                  <ul className="runbook-dialog__other-errors" role="alert">
                    {otherErrors.map((message) => (
                      <li key={message}>{message}</li>
                    ))}
                  </ul>
                ) : null}
              </section>
            </div>
            <footer className="runbook-dialog__foot">
              {confirmation?.kind === 'typed-name' ? (
                <TypedConfirmation
                  idPrefix={idPrefix}
                  confirmation={confirmation}
                  production={answer?.preview.production ?? 0}
                  typed={typedValue}
                  onTyped={(value) => setTyped({ expected: confirmation.expected, value })}
                  onSubmit={start}
                />
              ) : null}
              {run.error ? (
                <div className="banner" role="alert" data-testid="runbook-run-error">
                  <span className="banner__title">{t('runbooks.dialog.runFailed')}</span>
                  <ErrorDetail error={errorInfoOf(run.error)} />
                </div>
              ) : null}
              {askingClose ? (
                <div className="runbook-dialog__ask" role="alertdialog" aria-labelledby={`${idPrefix}-ask`} data-testid="runbook-close-ask">
                  <span id={`${idPrefix}-ask`}>{t('runbooks.dialog.askClose')}</span>
                  <button type="button" className="button" onClick={keepEditing} autoFocus>
                    {t('runbooks.dialog.keepEditing')}
                  </button>
                  <button type="button" className="button" onClick={onClose}>
                    {t('runbooks.dialog.closeKeep')}
                  </button>
                  <button
                    type="button"
                    className="button"
                    onClick={() => {
                      clear();
                      onClose();
                    }}
                  >
                    {t('runbooks.dialog.closeClear')}
                  </button>
                </div>
              ) : (
                <div className="modal__actions runbook-dialog__actions">
                  {waitReason ? (
                    <span className="runbook-dialog__wait" id={`${idPrefix}-wait`} data-testid="runbook-wait-reason">
                      {waitReason}
                    </span>
                  ) : null}
                  <button type="button" className="button" onClick={onClose}>
                    {t('runbooks.dialog.cancel')}
                  </button>
                  <button
                    type="button"
                    className="button button--primary"
                    disabled={!canRun}
                    aria-describedby={waitReason ? `${idPrefix}-wait` : undefined}
                    onClick={start}
                    data-testid="runbook-confirm-run"
                  >
                    {run.isPending ? t('runbooks.dialog.starting') : prepare.current && answer ? t('runbooks.dialog.run', { count: runnableCount(answer.preview) }) : t('runbooks.dialog.runPlain')}
                  </button>
                </div>
              )}
            </footer>
          </>
        )}
      </div>
    </div>
  );
}
