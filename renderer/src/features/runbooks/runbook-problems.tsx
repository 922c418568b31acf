import { useTranslation } from 'react-i18next';
import type { RunbookProblem } from '../../../../preload/contract/runbooks';

/** The file's own name: the folder is shown once, above the list. */
export function fileName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut < 0 ? path : path.slice(cut + 1);
}

/** "restart.yaml:7:5", or just the name when the problem has no place in the file. */
export function problemPlace(problem: RunbookProblem): string {
  const name = fileName(problem.file);
  if (problem.line === null) return name;
  return problem.column === null ? `${name}:${problem.line}` : `${name}:${problem.line}:${problem.column}`;
}

interface RunbookProblemsProps {
  problems: RunbookProblem[];
  userFolder: string;
  reloading: boolean;
  onReload: () => void;
}

/** Runbook files that could not be loaded, or fields in them that are wrong, each with its place. */
export function RunbookProblems({ problems, userFolder, reloading, onReload }: RunbookProblemsProps) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  const files = new Set(problems.map((p) => p.file)).size;
  return (
    <section className="banner banner--warn runbook-problems" role="region" aria-labelledby="runbook-problems-title" data-testid="runbook-problems">
      <span className="banner__title" id="runbook-problems-title">
        {t('runbooks.problems.title', { count: problems.length, files })}
      </span>
      <ul className="runbook-problems__list">
        {problems.map((p, index) => (
          <li key={`${p.file}:${p.line ?? ''}:${p.column ?? ''}:${p.field ?? ''}:${index}`} className="runbook-problems__item" data-testid="runbook-problem">
            <code className="selectable runbook-problems__place" title={p.file}>
              {problemPlace(p)}
            </code>
            {p.field ? <code className="selectable runbook-problems__field">{p.field}</code> : null}
            <span className="runbook-problems__message selectable">{p.message}</span>
          </li>
        ))}
      </ul>
      <span className="banner__hint">{t('runbooks.problems.hint')}</span>
      <div className="runbook-problems__folder">
        <code className="banner__code selectable" data-testid="runbook-user-folder">
          {userFolder}
        </code>
        <button type="button" className="button button--small" onClick={onReload} disabled={reloading} data-testid="runbook-reload-problems">
          {reloading ? t('runbooks.reloading') : t('runbooks.reload')}
        </button>
      </div>
    </section>
  );
}
