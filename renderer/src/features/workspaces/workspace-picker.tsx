import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../../preload/contract/define';
import type { WorkspaceList } from '../../../../preload/contract/workspaces';
import { errorHint, errorMessage } from '../../lib/error-text';
import { filterGroups, groupByAccount, statusOf, summarizeWatched } from './workspace-model';
import { TrainingBadge } from './workspace-marks';
import { WorkspaceOptions } from './workspace-options';
import { ProfileProblems } from './profile-problems';
import '../../styles/workspaces.css';

interface WorkspacePickerProps {
  list: WorkspaceList | undefined;
  /** A select or watch is on its way to main. */
  busy: boolean;
  /** Why the last select or watch was refused. */
  error: ErrorInfo | null;
  onToggleWatch: (workspaceId: string) => void;
  onSelect: (workspaceId: string) => void;
}

/**
 * The watched workspaces at a glance ("4 workspaces · 2 accounts · 2 regions", warnings counted),
 * and a panel to choose them by account, with each one's credentials and state.
 */
export function WorkspacePicker({ list, busy, error, onToggleWatch, onSelect }: WorkspacePickerProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const wrapRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const panelId = useId();

  const summary = summarizeWatched(list);
  const groups = useMemo(() => filterGroups(groupByAccount(list?.workspaces ?? []), query), [list?.workspaces, query]);
  const selected = list?.workspaces.find((w) => w.id === list.selectedId);
  const callerArn = list && selected ? statusOf(list, selected.id).callerArn : null;
  const problemCount = (list?.profileProblems.length ?? 0) + (list?.configError ? 1 : 0) + (list?.selectionFallback ? 1 : 0);

  useEffect(() => {
    if (!open) return undefined;
    const onDown = (e: MouseEvent): void => {
      if (wrapRef.current && !wrapRef.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const close = (): void => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  let label: string;
  if (!list) label = t('workspace.loading');
  else if (summary.only) label = summary.only.label;
  else if (summary.workspaces === 0) label = t('workspace.none');
  else
    label = t('workspace.summary', {
      workspaces: t('workspace.countWorkspaces', { count: summary.workspaces }),
      accounts: t('workspace.countAccounts', { count: summary.accounts }),
      regions: t('workspace.countRegions', { count: summary.regions }),
    });
  // One badge counts both: watched workspaces needing the operator, and profiles that could not be used.
  const warningParts = [
    summary.warnings > 0 ? t('workspace.warnings', { count: summary.warnings }) : '',
    list?.profileProblems.length ? t('workspace.profileProblemsTitle', { count: list.profileProblems.length }) : '',
    list?.configError ? t('workspace.configErrorShort') : '',
    list?.selectionFallback ? t('workspace.fallback.short', { profile: list.selectionFallback.profile }) : '',
  ].filter(Boolean);
  const warningText = warningParts.join(', ');

  return (
    <div className="picker" ref={wrapRef}>
      <button
        ref={buttonRef}
        type="button"
        className="picker__button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={t('workspace.pickerLabel', { name: warningText ? `${label}, ${warningText}` : label })}
        title={t('workspace.pickerHint')}
        data-testid="workspace-picker"
        onClick={() => {
          setQuery('');
          setOpen((o) => !o);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setQuery('');
            setOpen(true);
          }
        }}
      >
        {summary.anyTraining ? <TrainingBadge /> : null}
        <span className="picker__label" data-testid="workspace-summary">
          {label}
        </span>
        {warningText ? (
          <span className="ws-warn-count" data-testid="workspace-warnings" title={warningText} aria-hidden="true">
            <span className="ws-warn-count__icon">!</span>
            {summary.warnings + problemCount}
          </span>
        ) : null}
        {busy ? <span className="spinner" aria-hidden="true" /> : <span className="picker__chevron" aria-hidden="true" />}
      </button>
      {open && list ? (
        <div
          id={panelId}
          className="popover ws-panel"
          role="dialog"
          aria-label={t('workspace.panelLabel')}
          data-testid="workspace-panel"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              close();
            }
          }}
        >
          <div className="ws-panel__head">
            <span className="ws-panel__title">{t('workspace.panelTitle')}</span>
            <span className="ws-panel__help muted">{t('workspace.panelHelp')}</span>
            {callerArn ? (
              <span className="ws-panel__identity" data-testid="panel-identity">
                {t('workspace.signedInAs')} <code className="selectable">{callerArn}</code>
              </span>
            ) : null}
          </div>
          <input
            ref={searchRef}
            className="picker__search"
            autoFocus
            value={query}
            placeholder={t('workspace.search')}
            aria-label={t('workspace.search')}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                wrapRef.current?.querySelector<HTMLElement>('[data-nav="watch"]:not(:disabled), [data-nav="default"]')?.focus();
              }
            }}
            data-testid="workspace-search"
          />
          <div className="ws-panel__list">
            <WorkspaceOptions groups={groups} list={list} onToggleWatch={onToggleWatch} onSelect={onSelect} onLeaveTop={() => searchRef.current?.focus()} />
          </div>
          <ProfileProblems list={list} />
          {error ? (
            <div className="ws-panel__error" role="alert">
              {errorMessage(error, t)} <code>{error.code}</code>
              {error.hint ? <span className="ws-problem__hint">{errorHint(error, t)}</span> : null}
            </div>
          ) : null}
        </div>
      ) : null}
      {error && !open ? (
        <div className="popover picker__error" role="alert">
          {errorMessage(error, t)} <code>{error.code}</code>
        </div>
      ) : null}
    </div>
  );
}
