import { useTranslation } from 'react-i18next';
import type { WorkspaceList } from '../../../../preload/contract/workspaces';
import { SelectionFallbackProblem } from './selection-fallback';

/**
 * Why some profiles are not in the list (why the config files could not be read, which profile asked
 * for is missing), each with what to fix.
 */
export function ProfileProblems({ list }: { list: WorkspaceList }) {
  const { t } = useTranslation();
  const problems = list.profileProblems;
  if (!list.configError && problems.length === 0 && !list.selectionFallback) return null;
  return (
    <div className="ws-problems" role="note" aria-label={t('workspace.problemsLabel')} data-testid="profile-problems">
      <SelectionFallbackProblem list={list} />
      {list.configError ? (
        <div className="ws-problem">
          <strong className="ws-problem__title">{t('workspace.configErrorTitle')}</strong>
          <span>{list.configError}</span>
          <span className="ws-problem__hint">{t('workspace.configErrorHint')}</span>
        </div>
      ) : null}
      {problems.length > 0 ? (
        <>
          <strong className="ws-problems__title">{t('workspace.profileProblemsTitle', { count: problems.length })}</strong>
          <ul className="ws-problems__list">
            {problems.map((p) => (
              <li key={p.profile} className="ws-problem" data-testid="profile-problem">
                <span className="ws-problem__profile mono">{p.profile}</span>
                <span>{p.message}</span>
                {p.hint ? <span className="ws-problem__hint">{p.hint}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
