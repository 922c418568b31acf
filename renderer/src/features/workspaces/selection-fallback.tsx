import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SelectionFallback, WorkspaceList } from '../../../../preload/contract/workspaces';

/** Class names of the two places the notice appears: a banner over the grid, a problem in the picker. */
const LOOKS = {
  banner: { title: 'banner__title', hint: 'banner__hint', code: 'banner__code' },
  panel: { title: 'ws-problem__title', hint: 'ws-problem__hint', code: 'mono' },
} as const;

/** Which profile was asked for and is missing, where Capstan looked, what it opened instead, and what to do. */
function FallbackText({ list, fallback, look }: { list: WorkspaceList; fallback: SelectionFallback; look: keyof typeof LOOKS }) {
  const { t } = useTranslation();
  const css = LOOKS[look];
  const opened = list.workspaces.find((w) => w.id === fallback.openedId)?.label ?? fallback.openedId;
  const fromEnv = fallback.source === 'aws-profile';
  return (
    <>
      <span className={css.title}>
        {fromEnv
          ? t('workspace.fallback.titleEnv', { profile: fallback.profile })
          : t('workspace.fallback.titleSaved', { profile: fallback.profile, workspace: `${fallback.profile} · ${fallback.region ?? ''}` })}
      </span>
      {fallback.files.length > 0 ? (
        <span>
          {t('workspace.fallback.looked')}{' '}
          {fallback.files.map((file, i) => (
            <span key={file.path}>
              {i > 0 ? t('workspace.fallback.fileSeparator') : null}
              <code className={`${css.code} selectable`}>{file.path}</code>
              {file.variable ? t('workspace.fallback.fromVariable', { variable: file.variable }) : null}
            </span>
          ))}
        </span>
      ) : null}
      <span>{t('workspace.fallback.opened', { workspace: opened })}</span>
      <span className={css.hint}>{fromEnv ? t('workspace.fallback.hintEnv', { profile: fallback.profile }) : t('workspace.fallback.hintSaved', { profile: fallback.profile })}</span>
    </>
  );
}

/**
 * Over the grid, from the first paint: the workspace shown is a stand-in for a profile that is not in
 * the AWS config files (a mistyped AWS_PROFILE, a profile removed since it was chosen). Dismissable;
 * choosing a default in the picker ends it.
 */
export function SelectionFallbackBanner({ list }: { list: WorkspaceList | undefined }) {
  const { t } = useTranslation();
  const [dismissed, setDismissed] = useState<string | null>(null);
  const fallback = list?.selectionFallback;
  if (!list || !fallback) return null;
  const key = `${fallback.source}:${fallback.profile}:${fallback.openedId}`;
  if (dismissed === key) return null;
  return (
    <div className="banner banner--warn" role="status" data-testid="selection-fallback">
      <FallbackText list={list} fallback={fallback} look="banner" />
      <button type="button" className="button button--small banner__dismiss" onClick={() => setDismissed(key)}>
        {t('common.dismiss')}
      </button>
    </div>
  );
}

/** The same notice among the picker's profile problems, where it stays until a default is chosen. */
export function SelectionFallbackProblem({ list }: { list: WorkspaceList }) {
  const fallback = list.selectionFallback;
  if (!fallback) return null;
  return (
    <div className="ws-problem" data-testid="selection-fallback-problem">
      <FallbackText list={list} fallback={fallback} look="panel" />
    </div>
  );
}
