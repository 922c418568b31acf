import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TargetSelection } from '../../../../preload/contract/commands';
import type { Workspace } from '../../../../preload/contract/workspaces';
import type { CommandDraft } from './command-draft';
import { NEW_DRAFT } from './command-draft';
import { CommandForm } from './command-form';
import { JobHistory } from './job-history';
import { JobView } from './job-view';
import '../../styles/commands.css';

/** Where the Run Command screen stands: the form, the history, or one job. */
export type CommandsRoute = { tab: 'form' } | { tab: 'history' } | { tab: 'job'; jobId: string };

/** Targets handed over by another screen ("Run command on N nodes…"); a new nonce applies them again. */
export interface CommandsPreset {
  targets: TargetSelection;
  nonce: number;
}

interface CommandsScreenProps {
  workspace: Workspace;
  route: CommandsRoute;
  onRoute: (route: CommandsRoute) => void;
  preset: CommandsPreset | null;
}

/** Run Command: the form (kept whole while other tabs show), the job being watched, and history. */
export function CommandsScreen({ workspace, route, onRoute, preset }: CommandsScreenProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<CommandDraft>(NEW_DRAFT);
  const [appliedNonce, setAppliedNonce] = useState<number | null>(null);
  // A preset arriving replaces the targets only: the document and typed values stay as they were.
  if (preset && preset.nonce !== appliedNonce) {
    setAppliedNonce(preset.nonce);
    setDraft((old) => ({ ...old, preset: preset.targets, mode: 'preset' }));
  }
  // The last job watched keeps its tab, so a look at the form or history is one click from it.
  const [lastJobId, setLastJobId] = useState<string | null>(null);
  if (route.tab === 'job' && route.jobId !== lastJobId) setLastJobId(route.jobId);
  const openJob = (jobId: string): void => onRoute({ tab: 'job', jobId });
  const tabs: Array<{ key: CommandsRoute['tab']; label: string }> = [
    { key: 'form', label: t('commands.tabs.form') },
    { key: 'history', label: t('commands.tabs.history') },
  ];
  if (lastJobId) tabs.push({ key: 'job', label: t('commands.tabs.job') });

  return (
    <section className="commands" aria-label={t('nav.commands')} data-testid="commands-screen" data-tab={route.tab}>
      <div className="toolbar commands__toolbar">
        <div className="cmd-screen-tabs" role="tablist" aria-label={t('commands.tabs.label')}>
          {tabs.map((tab) => (
            <button
              key={tab.key}
              type="button"
              role="tab"
              aria-selected={route.tab === tab.key}
              className={`cmd-screen-tabs__tab${route.tab === tab.key ? ' is-on' : ''}`}
              data-testid={`commands-tab-${tab.key}`}
              onClick={() => onRoute(tab.key === 'job' ? { tab: 'job', jobId: lastJobId ?? '' } : { tab: tab.key })}
            >
              {tab.label}
            </button>
          ))}
        </div>
      </div>
      <div className="commands__body" hidden={route.tab !== 'form'}>
        <CommandForm workspace={workspace} draft={draft} onDraft={setDraft} onSent={openJob} />
      </div>
      {route.tab === 'history' ? (
        <div className="commands__body">
          <JobHistory workspaceId={workspace.id} onOpenJob={openJob} onNewCommand={() => onRoute({ tab: 'form' })} />
        </div>
      ) : null}
      {route.tab === 'job' ? (
        <div className="commands__body">
          <JobView key={route.jobId} jobId={route.jobId} onBack={() => onRoute({ tab: 'history' })} onOpenJob={openJob} />
        </div>
      ) : null}
    </section>
  );
}
