import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SendCommandRequest, TargetSelection } from '../../../../preload/contract/commands';
import type { Workspace } from '../../../../preload/contract/workspaces';
import { checkParameterValues } from '../../../../main/commands/parameter-rules';
import { bridge, errorInfoOf, unwrap } from '../../lib/api';
import { ErrorDetail } from '../fleet/fleet-states';
import type { CommandDraft, ParameterValue } from './command-draft';
import { errorsByField, optionsOf, targetsOf, toParameters } from './command-draft';
import { CommandOptions } from './command-options';
import { useDocument, usePreview } from './command-queries';
import { DocumentBadges, DocumentPicker } from './document-picker';
import { ParameterForm } from './parameter-form';
import { SendBar } from './send-bar';
import { TargetPicker } from './target-picker';
import { TargetPreview } from './target-preview';
import { useSettled } from './use-settled';
import '../../styles/commands.css';
import '../../styles/commands-form.css';

// Long enough that a word typed at speed is one preview, short enough to read as "as I type".
const PREVIEW_SETTLE_MS = 250;
const FORM_FIELDS = new Set(['targets', 'maxConcurrency', 'maxErrors', 'timeoutSeconds', 'comment', 'documentName', 'typedConfirmation']);

interface CommandFormProps {
  workspace: Workspace;
  draft: CommandDraft;
  onDraft: (update: (old: CommandDraft) => CommandDraft) => void;
  onSent: (jobId: string) => void;
}

/** The Run Command form: document, parameters, targets with their preview, options, then Send. */
export function CommandForm({ workspace, draft, onDraft, onSent }: CommandFormProps) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const workspaceId = workspace.id;
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [typed, setTyped] = useState('');
  const documentQuery = useDocument(workspaceId, draft.documentName);
  const document = documentQuery.data;
  const values = draft.documentName ? draft.values[draft.documentName] : undefined;
  const parameters = useMemo(() => (document ? toParameters(document.parameters, values) : null), [document, values]);
  const localErrors = useMemo(() => (document && parameters ? checkParameterValues(document.parameters, parameters) : []), [document, parameters]);
  const targetResult = targetsOf(draft);
  const targets: TargetSelection | null = 'targets' in targetResult ? targetResult.targets : null;
  const { options, problems } = optionsOf(draft);

  const settled = useSettled({ targets, documentName: document ? draft.documentName : null, parameters }, PREVIEW_SETTLE_MS);
  const preview = usePreview(workspaceId, settled.targets, settled.documentName, settled.parameters);
  const previewCurrent = !preview.isPlaceholderData && !preview.isFetching && JSON.stringify(settled) === JSON.stringify({ targets, documentName: document ? draft.documentName : null, parameters });
  const serverErrors = previewCurrent ? (preview.data?.fieldErrors ?? []) : [];
  const errors = errorsByField(localErrors, serverErrors);
  const confirmation = previewCurrent ? (preview.data?.preview.typedConfirmation ?? null) : null;

  // A fleet sync changes what the targets resolve to: the preview on screen is read again.
  useEffect(() => bridge().fleet.onNodesChanged(() => void client.invalidateQueries({ queryKey: ['commands', 'preview'] })), [client]);

  const send = useMutation({
    mutationFn: (request: SendCommandRequest) => unwrap(bridge().commands.sendCommand(request)),
    onSuccess: ({ jobId }) => {
      setTyped('');
      void client.invalidateQueries({ queryKey: ['commands', 'jobs'] });
      onSent(jobId);
    },
  });

  const setValue = (name: string, value: ParameterValue): void => {
    const documentName = draft.documentName;
    if (!documentName) return;
    setTouched((old) => (old.has(name) ? old : new Set(old).add(name)));
    onDraft((old) => ({ ...old, values: { ...old.values, [documentName]: { ...old.values[documentName], [name]: value } } }));
  };
  const patch = (change: Partial<CommandDraft>): void => onDraft((old) => ({ ...old, ...change }));

  const previewData = preview.data?.preview;
  const runnable = previewData
    ? previewData.total <= previewData.nodes.length
      ? previewData.nodes.filter((n) => n.pingStatus === 'Online' && !n.platformMismatch).length
      : previewData.online
    : 0;
  const blockers: string[] = [];
  if (!draft.documentName) blockers.push(t('commands.blockers.document'));
  else if (documentQuery.isPending) blockers.push(t('commands.blockers.documentLoading'));
  else if (documentQuery.error) blockers.push(t('commands.blockers.documentFailed'));
  for (const [field, message] of errors) if (!FORM_FIELDS.has(field)) blockers.push(message);
  if ('problem' in targetResult) blockers.push(t(`commands.targets.problems.${targetResult.problem.key}`, targetResult.problem.values ?? {}));
  // While a parameter is already known to be wrong, the preview's own re-check adds nothing to say.
  else if (!previewCurrent) {
    if (preview.error) blockers.push(t('commands.blockers.previewFailed'));
    else if (localErrors.length === 0) blockers.push(t('commands.blockers.previewPending'));
  }
  else if (previewData && previewData.total === 0) blockers.push(t('commands.blockers.noNodes'));
  else if (previewData && runnable === 0) blockers.push(t('commands.blockers.noneOnline'));
  for (const [field, message] of errors) if (FORM_FIELDS.has(field) && field !== 'typedConfirmation') blockers.push(message);
  for (const key of Object.values(problems)) blockers.push(t(`commands.blockers.option.${key}`));

  const sendNow = (): void => {
    // Every field now counts as touched: whatever still blocks is shown next to its field too.
    if (document) setTouched(new Set(document.parameters.map((p) => p.name)));
    if (blockers.length > 0 || !options || !targets || !draft.documentName || (confirmation !== null && typed !== confirmation)) return;
    send.mutate({
      workspaceId,
      documentName: draft.documentName,
      parameters: parameters ?? {},
      targets,
      options,
      ...(confirmation !== null ? { typedConfirmation: typed } : {}),
    });
  };

  return (
    <form
      className="cmd-form"
      aria-label={t('commands.form.label')}
      data-testid="command-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        sendNow();
      }}
    >
      <div className="cmd-form__columns">
        <div className="cmd-form__column cmd-form__column--left">
          <section className="cmd-section" aria-labelledby="cmd-doc-title">
            <h2 className="cmd-section__title" id="cmd-doc-title">
              {t('commands.documents.title')}
            </h2>
            <DocumentPicker workspaceId={workspaceId} selected={draft.documentName} onSelect={(documentName) => patch({ documentName })} />
          </section>
          <section className="cmd-section" aria-labelledby="cmd-params-title">
            <h2 className="cmd-section__title" id="cmd-params-title">
              {document ? t('commands.parameters.titleOf', { name: document.name }) : t('commands.parameters.title')}
            </h2>
            {document ? (
              <>
                <div className="cmd-doc" data-testid="command-document-detail">
                  <DocumentBadges document={document} />
                  <span className="muted cmd-doc__desc">{document.description}</span>
                </div>
                <ParameterForm parameters={document.parameters} values={values} errors={errors} touched={touched} onChange={setValue} />
              </>
            ) : documentQuery.error ? (
              <div className="banner banner--error" role="alert">
                <span className="banner__title">{t('commands.documents.describeFailed', { name: draft.documentName })}</span>
                <ErrorDetail error={errorInfoOf(documentQuery.error)} />
                <button type="button" className="button button--small" onClick={() => void documentQuery.refetch()}>
                  {t('common.retry')}
                </button>
              </div>
            ) : (
              <p className="muted cmd-form__empty">{draft.documentName ? t('commands.documents.loadingOne') : t('commands.parameters.pickFirst')}</p>
            )}
          </section>
          <CommandOptions draft={draft} problems={problems} serverErrors={errors} onChange={patch} />
        </div>
        <div className="cmd-form__column cmd-form__column--right">
          <TargetPicker draft={draft} problem={'problem' in targetResult ? targetResult.problem : null} onChange={patch} />
          <TargetPreview
            preview={targets ? previewData : undefined}
            stale={targets !== null && !previewCurrent}
            error={preview.error ? errorInfoOf(preview.error) : null}
            onRetry={() => void preview.refetch()}
          />
        </div>
      </div>
      <SendBar
        blockers={blockers}
        confirmation={confirmation}
        typed={typed}
        onTyped={setTyped}
        runnable={runnable}
        sending={send.isPending}
        failure={send.error ? errorInfoOf(send.error) : null}
      />
    </form>
  );
}
