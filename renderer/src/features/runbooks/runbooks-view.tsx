import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TargetSelection } from '../../../../preload/contract/commands';
import type { Runbook, RunbookProblem } from '../../../../preload/contract/runbooks';
import type { Workspace } from '../../../../preload/contract/workspaces';
import { errorInfoOf } from '../../lib/api';
import { useNow } from '../../lib/use-now';
import { ErrorDetail } from '../fleet/fleet-states';
import { RunbookCard } from './runbook-card';
import { RunbookDialog } from './runbook-dialog';
import { RunbookProblems } from './runbook-problems';
import { useLastRunFollower, useRunbookList, useRunbookReload } from './runbook-queries';
import { describeSelection } from './runbook-targets';
import '../../styles/runbooks.css';

interface RunbooksViewProps {
  workspace: Workspace;
  /** False while another screen is in front. */
  active: boolean;
  /** The fleet grid's quick filter now, offered as targets for runbooks whose nodes are chosen at run time. */
  gridFilter: string;
  /** Nodes the operator came with ("Run runbook…" on a grid row); null when opened from the nav. */
  presetTargets: TargetSelection | null;
  onOpenJob: (jobId: string) => void;
}

const NO_PROBLEMS: RunbookProblem[] = [];

/** Cards of one category side by side, by name within it: the same place every night. */
function sortedRunbooks(runbooks: Runbook[]): Runbook[] {
  return [...runbooks].sort((a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name));
}

/** Runbooks: one card per runbook with its last run, and the broken files that could not become cards. */
export function RunbooksView({ workspace, active, gridFilter, presetTargets, onOpenJob }: RunbooksViewProps) {
  const { t } = useTranslation();
  const now = useNow();
  const list = useRunbookList(workspace.id);
  const reload = useRunbookReload(workspace.id);
  useLastRunFollower(workspace.id);
  const [running, setRunning] = useState<Runbook | null>(null);
  const data = list.data;
  const problemsByFile = useMemo(() => {
    const map = new Map<string, RunbookProblem[]>();
    for (const p of data?.problems ?? []) map.set(p.file, [...(map.get(p.file) ?? []), p]);
    return map;
  }, [data?.problems]);

  let body;
  if (list.error && !data) {
    body = (
      <div className="state">
        <div className="banner banner--error" role="alert" data-testid="runbooks-error">
          <span className="banner__title">{t('runbooks.loadFailed')}</span>
          <ErrorDetail error={errorInfoOf(list.error)} />
          <button type="button" className="button button--small" onClick={() => void list.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      </div>
    );
  } else if (!data) {
    body = <div className="state state--quiet">{t('runbooks.loading')}</div>;
  } else if (data.runbooks.length === 0) {
    body = (
      <div className="state" data-testid="runbooks-empty">
        <div className="state__title">{t('runbooks.empty.title')}</div>
        <p className="state__text">{t('runbooks.empty.text')}</p>
        <code className="banner__code selectable">{data.userFolder}</code>
      </div>
    );
  } else {
    body = (
      <ul className="runbooks__grid" aria-label={t('runbooks.title')} data-testid="runbook-cards">
        {sortedRunbooks(data.runbooks).map((runbook) => (
          <RunbookCard
            key={runbook.id}
            workspaceId={workspace.id}
            runbook={runbook}
            problems={problemsByFile.get(runbook.file) ?? NO_PROBLEMS}
            now={now}
            onRun={setRunning}
            onOpenJob={onOpenJob}
          />
        ))}
      </ul>
    );
  }

  return (
    <section className="runbooks" aria-label={t('runbooks.title')} data-testid="runbooks-screen">
      <div className="toolbar runbooks__toolbar">
        <span className="runbooks__title">{t('runbooks.title')}</span>
        <span className="muted">{t('runbooks.scope', { workspace: workspace.label })}</span>
        {data ? <span className="muted">{t('runbooks.count', { count: data.runbooks.length })}</span> : null}
        <span className="toolbar__spacer" />
        {data ? (
          <span className="runbooks__folder muted">
            {t('runbooks.userFolder')} <code className="selectable">{data.userFolder}</code>
          </span>
        ) : null}
        <button type="button" className="button button--small" onClick={() => reload.mutate()} disabled={reload.isPending} data-testid="runbooks-reload">
          {reload.isPending ? t('runbooks.reloading') : t('runbooks.reload')}
        </button>
      </div>
      {reload.error ? (
        <div className="banner" role="alert" data-testid="runbooks-reload-error">
          <span className="banner__title">{t('runbooks.reloadFailed')}</span>
          <ErrorDetail error={errorInfoOf(reload.error)} />
        </div>
      ) : null}
      {list.error && data ? (
        <div className="banner" role="alert">
          <span className="banner__title">{t('runbooks.refreshFailed')}</span>
          <ErrorDetail error={errorInfoOf(list.error)} />
        </div>
      ) : null}
      {presetTargets ? (
        <div className="banner banner--info runbooks__preset" role="status" data-testid="runbooks-preset">
          <span className="banner__title">{t('runbooks.preset.title', { targets: describeSelection(t, presetTargets) })}</span>
          <span className="banner__hint">{t('runbooks.preset.hint')}</span>
        </div>
      ) : null}
      {data ? <RunbookProblems problems={data.problems} userFolder={data.userFolder} reloading={reload.isPending} onReload={() => reload.mutate()} /> : null}
      <div className="runbooks__scroller">{body}</div>
      {running && active ? (
        <RunbookDialog
          key={running.id}
          workspaceId={workspace.id}
          runbook={running}
          presetTargets={presetTargets}
          gridFilter={gridFilter}
          onClose={() => setRunning(null)}
          onOpenJob={(jobId) => {
            setRunning(null);
            onOpenJob(jobId);
          }}
        />
      ) : null}
    </section>
  );
}
