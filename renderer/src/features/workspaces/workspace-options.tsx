import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkspaceList } from '../../../../preload/contract/workspaces';
import type { AccountGroup } from './workspace-model';
import { statusOf } from './workspace-model';
import { AddRegion } from './add-region';
import { CredentialBadges, StateMark } from './workspace-marks';

interface WorkspaceOptionsProps {
  groups: AccountGroup[];
  list: WorkspaceList;
  onToggleWatch: (workspaceId: string) => void;
  onSelect: (workspaceId: string) => void;
  /** ↑ from the first row goes back to the search box. */
  onLeaveTop: () => void;
}

/**
 * ↑/↓ move between rows in the same column (watch box or default button), so a long list of
 * profiles does not cost two Tab presses a row.
 */
function moveInColumn(e: KeyboardEvent<HTMLElement>, onLeaveTop: () => void): void {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const target = e.target as HTMLElement;
  const column = target.dataset.nav;
  if (!column) return;
  e.preventDefault();
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>(`[data-nav="${column}"]:not(:disabled)`)];
  const at = items.indexOf(target);
  const next = items[at + (e.key === 'ArrowDown' ? 1 : -1)];
  if (next) next.focus();
  else if (e.key === 'ArrowUp') onLeaveTop();
}

/** Every workspace grouped by account: a box to watch it, a mark to make it the default, its credentials and state. */
export function WorkspaceOptions({ groups, list, onToggleWatch, onSelect, onLeaveTop }: WorkspaceOptionsProps) {
  const { t } = useTranslation();
  if (groups.length === 0) return <p className="ws-options__none">{t('workspace.noMatch')}</p>;
  return (
    <div className="ws-options" onKeyDown={(e) => moveInColumn(e, onLeaveTop)} data-testid="workspace-options">
      {groups.map((group) => (
        <div key={group.key} className="ws-group" role="group" aria-label={t('workspace.groupLabel', { account: group.title })}>
          <div className="ws-group__head">
            <span className="ws-group__title">{group.title}</span>
            {group.accountId ? <span className="ws-group__account mono">{group.accountId}</span> : null}
          </div>
          {group.workspaces.map((w) => {
            const watched = list.watchedIds.includes(w.id);
            const isDefault = w.id === list.selectedId;
            const status = statusOf(list, w.id);
            return (
              <div key={w.id} className={`ws-option${watched ? ' is-watched' : ''}${isDefault ? ' is-default' : ''}`} data-testid="workspace-option" data-workspace-id={w.id}>
                <label className="ws-option__watch" title={isDefault ? t('workspace.defaultAlwaysWatched') : undefined}>
                  <input
                    type="checkbox"
                    checked={watched}
                    // The default workspace is always watched: unticking it would leave commands without a
                    // target. It stays focusable and looks ticked (a greyed box reads as "not watched").
                    aria-disabled={isDefault}
                    onChange={() => {
                      if (!isDefault) onToggleWatch(w.id);
                    }}
                    aria-label={t('workspace.watchLabel', { name: w.label })}
                    data-nav="watch"
                  />
                  <span className="ws-option__region mono">{w.region}</span>
                </label>
                <span className="ws-option__badges">
                  <CredentialBadges workspace={w} />
                </span>
                <StateMark state={status.state} compact />
                <button
                  type="button"
                  className={`ws-option__default${isDefault ? ' is-on' : ''}`}
                  aria-pressed={isDefault}
                  aria-label={t('workspace.makeDefaultLabel', { name: w.label })}
                  title={isDefault ? t('workspace.isDefaultTitle') : t('workspace.makeDefaultTitle')}
                  onClick={() => {
                    if (!isDefault) onSelect(w.id);
                  }}
                  data-nav="default"
                  data-testid="workspace-default"
                >
                  <span className="ws-option__radio" aria-hidden="true" />
                  {isDefault ? t('workspace.default') : t('workspace.makeDefault')}
                </button>
              </div>
            );
          })}
          {group.workspaces[0]?.kind === 'profile' && group.workspaces[0].profile ? (
            <AddRegion profile={group.workspaces[0].profile} regions={group.workspaces.map((w) => w.region)} onAdd={onToggleWatch} />
          ) : null}
        </div>
      ))}
    </div>
  );
}
