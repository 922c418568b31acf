import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../preload/contract/define';
import type { Workspace, WorkspaceList } from '../../../preload/contract/workspaces';

interface WorkspacePickerProps {
  list: WorkspaceList | undefined;
  current: Workspace | undefined;
  selecting: boolean;
  selectError: ErrorInfo | null;
  onSelect: (id: string) => void;
}

/** The TRAINING label, everywhere the training fleet is named. */
export function TrainingBadge() {
  const { t } = useTranslation();
  return (
    <span className="badge badge--training" data-testid="training-badge">
      {t('workspace.trainingBadge')}
    </span>
  );
}

/** Workspace switcher: a button and a searchable list; shows the AWS config error if there is one. */
export function WorkspacePicker({ list, current, selecting, selectError, onSelect }: WorkspacePickerProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const wrapRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listId = useId();

  const needle = query.trim().toLowerCase();
  const options = (list?.workspaces ?? []).filter(
    (w) => !needle || w.label.toLowerCase().includes(needle) || w.region.toLowerCase().includes(needle) || (w.profile ?? '').toLowerCase().includes(needle),
  );

  useEffect(() => {
    if (!open) return undefined;
    const onDown = (e: MouseEvent): void => {
      if (wrapRef.current && !wrapRef.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const openMenu = (): void => {
    setQuery('');
    setActive(Math.max(0, (list?.workspaces ?? []).findIndex((w) => w.id === current?.id)));
    setOpen(true);
  };
  const close = (): void => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  const choose = (w: Workspace | undefined): void => {
    if (!w) return;
    close();
    if (w.id !== current?.id) onSelect(w.id);
  };

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>): void => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      openMenu();
    }
  };
  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    const last = options.length - 1;
    if (e.key === 'ArrowDown') setActive((a) => Math.min(last, a + 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
    else if (e.key === 'Home') setActive(0);
    else if (e.key === 'End') setActive(last);
    else if (e.key === 'Enter') choose(options[active]);
    else if (e.key === 'Escape') close();
    else return;
    e.preventDefault();
  };

  return (
    <div className="picker" ref={wrapRef}>
      <button
        ref={buttonRef}
        type="button"
        className="picker__button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={t('workspace.pickerLabel', { name: current?.label ?? t('workspace.none') })}
        title={t('workspace.pickerHint')}
        data-testid="workspace-picker"
        onClick={() => (open ? setOpen(false) : openMenu())}
        onKeyDown={onButtonKey}
      >
        {current?.kind === 'training' ? <TrainingBadge /> : null}
        <span className="picker__label">{current?.label ?? t('workspace.loading')}</span>
        {current?.kind === 'profile' && !current.label.includes(current.region) ? <span className="picker__region mono">{current.region}</span> : null}
        {list?.configError ? (
          <span className="picker__warn" title={list.configError} aria-label={t('workspace.configErrorShort')}>
            !
          </span>
        ) : null}
        {selecting ? <span className="spinner" aria-hidden="true" /> : <span className="picker__chevron" aria-hidden="true" />}
      </button>
      {open ? (
        <div className="popover picker__menu">
          <input
            className="picker__search"
            autoFocus
            value={query}
            placeholder={t('workspace.search')}
            aria-label={t('workspace.search')}
            role="combobox"
            aria-expanded="true"
            aria-controls={listId}
            aria-activedescendant={options[active] ? `${listId}-${active}` : undefined}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
            onKeyDown={onSearchKey}
          />
          <ul className="picker__list" role="listbox" id={listId} aria-label={t('workspace.listLabel')}>
            {options.map((w, i) => (
              <li
                key={w.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={w.id === current?.id}
                className={`picker__option${i === active ? ' is-active' : ''}${w.id === current?.id ? ' is-current' : ''}`}
                onMouseEnter={() => setActive(i)}
                onClick={() => choose(w)}
              >
                <span className="picker__check" aria-hidden="true">
                  {w.id === current?.id ? '✓' : ''}
                </span>
                <span className="picker__option-label">{w.label}</span>
                {w.kind === 'training' ? <TrainingBadge /> : null}
                {w.kind === 'profile' && !w.label.includes(w.region) ? <span className="picker__region mono">{w.region}</span> : null}
              </li>
            ))}
            {options.length === 0 ? <li className="picker__none">{t('workspace.noMatch')}</li> : null}
          </ul>
          {list?.configError ? (
            <div className="picker__config-error" role="note">
              <strong>{t('workspace.configErrorTitle')}</strong>
              <span>{list.configError}</span>
              <span className="muted">{t('workspace.configErrorHint')}</span>
            </div>
          ) : null}
        </div>
      ) : null}
      {selectError ? (
        <div className="popover picker__error" role="alert">
          {selectError.message} <code>{selectError.code}</code>
        </div>
      ) : null}
    </div>
  );
}
