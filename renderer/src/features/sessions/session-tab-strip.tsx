import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionTab } from './session-tabs';
import { stateText, stateTone } from './session-state';

/** Key of the Fleet grid's tab, which is always first and never closes. */
export const FLEET_TAB = 'fleet';

interface SessionTabStripProps {
  tabs: readonly SessionTab[];
  activeKey: string;
  onSelect: (key: string) => void;
  onClose: (key: string) => void;
}

/** The Fleet tab and one tab per shell: node name, a coloured dot and the state in words. */
export function SessionTabStrip({ tabs, activeKey, onSelect, onClose }: SessionTabStripProps) {
  const { t } = useTranslation();
  const keys = [FLEET_TAB, ...tabs.map((tab) => tab.key)];

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const index = keys.indexOf(activeKey);
    let next: number;
    if (e.key === 'ArrowRight') next = (index + 1) % keys.length;
    else if (e.key === 'ArrowLeft') next = (index - 1 + keys.length) % keys.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = keys.length - 1;
    else if (e.key === 'Delete' && activeKey !== FLEET_TAB) {
      e.preventDefault();
      onClose(activeKey);
      return;
    } else return;
    e.preventDefault();
    const key = keys[next] as string;
    onSelect(key);
    e.currentTarget.querySelector<HTMLElement>(`[data-tab-key="${CSS.escape(key)}"]`)?.focus();
  };

  return (
    <div className="tab-strip" role="tablist" aria-label={t('sessions.tabs.label')} onKeyDown={onKeyDown} data-testid="tab-strip">
      <button
        type="button"
        role="tab"
        className={`tab-strip__tab${activeKey === FLEET_TAB ? ' is-active' : ''}`}
        aria-selected={activeKey === FLEET_TAB}
        tabIndex={activeKey === FLEET_TAB ? 0 : -1}
        data-tab-key={FLEET_TAB}
        onClick={() => onSelect(FLEET_TAB)}
      >
        <svg className="tab-strip__icon" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M2 2h5v5H2zM9 2h5v5H9zM2 9h5v5H2zM9 9h5v5H9z" />
        </svg>
        <span className="tab-strip__name">{t('nav.fleet')}</span>
      </button>
      {tabs.map((tab) => {
        const short = stateText(tab.state, 'short');
        const long = stateText(tab.state, 'long');
        const selected = tab.key === activeKey;
        return (
          <div key={tab.key} className={`tab-strip__item${selected ? ' is-active' : ''}`} data-testid="session-tab" data-state={tab.state.kind}>
            <button
              type="button"
              role="tab"
              className="tab-strip__tab"
              aria-selected={selected}
              tabIndex={selected ? 0 : -1}
              data-tab-key={tab.key}
              title={`${tab.nodeName} (${tab.instanceId}) — ${t(long.key, long.values)}`}
              onClick={() => onSelect(tab.key)}
              onAuxClick={(e) => {
                if (e.button === 1) onClose(tab.key);
              }}
            >
              <span className={`state-dot state-dot--${stateTone(tab.state)}`} aria-hidden="true" />
              <span className="tab-strip__name">{tab.nodeName}</span>
              <span className="tab-strip__state" data-testid="session-tab-state">
                {t(short.key, short.values)}
              </span>
            </button>
            <button
              type="button"
              className="tab-strip__close"
              aria-label={t('sessions.tabs.close', { node: tab.nodeName })}
              title={t('sessions.tabs.closeHint')}
              tabIndex={-1}
              onClick={() => onClose(tab.key)}
            >
              <svg viewBox="0 0 16 16" aria-hidden="true">
                <path d="m4.2 3.1 3.8 3.8 3.8-3.8 1.1 1.1L9.1 8l3.8 3.8-1.1 1.1L8 9.1l-3.8 3.8-1.1-1.1L6.9 8 3.1 4.2z" />
              </svg>
            </button>
          </div>
        );
      })}
    </div>
  );
}
