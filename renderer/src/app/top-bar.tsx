import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../preload/contract/define';
import type { Workspace, WorkspaceList } from '../../../preload/contract/workspaces';
import { currentLanguage, setLanguage } from '../lib/i18n';
import { useTheme } from '../lib/theme';
import { CallerIdentity } from '../features/workspaces/workspace-marks';
import { statusOf } from '../features/workspaces/workspace-model';
import { WorkspacePicker } from '../features/workspaces/workspace-picker';

interface TopBarProps {
  list: WorkspaceList | undefined;
  /** The default workspace: its caller identity is shown beside the picker. */
  current: Workspace | undefined;
  busy: boolean;
  error: ErrorInfo | null;
  onSelect: (id: string) => void;
  onToggleWatch: (id: string) => void;
}

/** Product mark, workspace picker, who AWS says we are, theme and language toggles. */
export function TopBar({ list, current, busy, error, onSelect, onToggleWatch }: TopBarProps) {
  const { t } = useTranslation();
  const { theme, toggle } = useTheme();
  const lng = currentLanguage();
  const nextLng = lng === 'en' ? 'ja' : 'en';
  const callerArn = current ? statusOf(list, current.id).callerArn : null;

  return (
    <header className="topbar">
      <div className="topbar__brand">
        <svg className="topbar__logo" viewBox="0 0 20 20" aria-hidden="true">
          <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M10 2v16M2 10h16" stroke="currentColor" strokeWidth="1.6" />
          <circle cx="10" cy="10" r="3" fill="currentColor" />
        </svg>
        <span className="topbar__name">{t('app.name')}</span>
      </div>
      <WorkspacePicker list={list} busy={busy} error={error} onSelect={onSelect} onToggleWatch={onToggleWatch} />
      {callerArn ? <CallerIdentity arn={callerArn} /> : null}
      <span className="topbar__spacer" />
      <button
        type="button"
        className="icon-button topbar__toggle"
        onClick={toggle}
        aria-label={theme === 'dark' ? t('theme.toLight') : t('theme.toDark')}
        title={theme === 'dark' ? t('theme.toLight') : t('theme.toDark')}
        data-testid="theme-toggle"
      >
        {theme === 'dark' ? (
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <circle cx="8" cy="8" r="3.2" />
            <path d="M8 0.8v2M8 13.2v2M0.8 8h2M13.2 8h2M2.9 2.9l1.4 1.4M11.7 11.7l1.4 1.4M2.9 13.1l1.4-1.4M11.7 4.3l1.4-1.4" strokeWidth="1.4" stroke="currentColor" />
          </svg>
        ) : (
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M6.2 1.2a6.8 6.8 0 1 0 8.6 8.6A5.6 5.6 0 0 1 6.2 1.2Z" />
          </svg>
        )}
      </button>
      <button
        type="button"
        className="button button--small topbar__lang"
        onClick={() => setLanguage(nextLng)}
        aria-label={t('language.switchTo', { language: t(`language.name.${nextLng}`) })}
        title={t('language.switchTo', { language: t(`language.name.${nextLng}`) })}
        lang={nextLng}
        data-testid="language-toggle"
      >
        {t(`language.name.${nextLng}`)}
      </button>
    </header>
  );
}
