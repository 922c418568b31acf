import { useTranslation } from 'react-i18next';
import { MAX_FONT_SIZE, MIN_FONT_SIZE } from './font-size';
import type { SessionTab } from './session-tabs';
import { isLive, stateText, stateTone } from './session-state';

interface SessionToolbarProps {
  tab: SessionTab;
  fontSize: number;
  busy: boolean;
  onReconnect: () => void;
  onTerminate: () => void;
  onForceClose: () => void;
  onFind: () => void;
  onFont: (action: 'font-bigger' | 'font-smaller' | 'font-reset') => void;
}

/** State in words, the node, and the per-tab actions (reconnect, terminate, force close, find, font size). */
export function SessionToolbar({ tab, fontSize, busy, onReconnect, onTerminate, onForceClose, onFind, onFont }: SessionToolbarProps) {
  const { t } = useTranslation();
  const text = stateText(tab.state, 'long');
  const live = isLive(tab.state) && tab.sessionId !== null;
  return (
    <div className="session-toolbar" role="toolbar" aria-label={t('sessions.toolbar.label', { node: tab.nodeName })}>
      <span className={`state-dot state-dot--${stateTone(tab.state)}`} aria-hidden="true" />
      <span className="session-toolbar__state" data-testid="session-state" role="status">
        {t(text.key, text.values)}
      </span>
      <span className="session-toolbar__node mono muted selectable" title={tab.platformType}>
        {tab.instanceId}
        {tab.sessionId ? ` · ${tab.sessionId}` : ''}
      </span>
      <span className="session-toolbar__spacer" />
      <button type="button" className="button button--small" onClick={onReconnect} disabled={!live || busy} title={t('sessions.toolbar.reconnectHint')}>
        {t('sessions.toolbar.reconnect')}
      </button>
      <button type="button" className="button button--small" onClick={onTerminate} disabled={!live || busy} title={t('sessions.toolbar.terminateHint')}>
        {t('sessions.toolbar.terminate')}
      </button>
      {/* Never disabled by `busy`: it exists for the moment everything else hangs. */}
      <button
        type="button"
        className="button button--small button--danger"
        onClick={onForceClose}
        disabled={!live}
        title={t('sessions.toolbar.forceCloseHint')}
        data-testid="session-force-close"
      >
        {t('sessions.toolbar.forceClose')}
      </button>
      <span className="session-toolbar__sep" aria-hidden="true" />
      <button type="button" className="icon-button" onClick={onFind} aria-label={t('sessions.toolbar.find')} title={t('sessions.toolbar.findHint')}>
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <path d="M6.8 1.5a5.3 5.3 0 0 1 4.2 8.5l3.6 3.6-1.1 1.1-3.6-3.6A5.3 5.3 0 1 1 6.8 1.5Zm0 1.5a3.8 3.8 0 1 0 0 7.6 3.8 3.8 0 0 0 0-7.6Z" />
        </svg>
      </button>
      <div className="font-size" role="group" aria-label={t('sessions.toolbar.fontSize')}>
        <button
          type="button"
          className="icon-button"
          onClick={() => onFont('font-smaller')}
          disabled={fontSize <= MIN_FONT_SIZE}
          aria-label={t('sessions.toolbar.fontSmaller')}
          title={t('sessions.toolbar.fontSmallerHint')}
        >
          <span className="font-size__glyph font-size__glyph--small">A</span>
        </button>
        <button
          type="button"
          className="font-size__value num"
          onClick={() => onFont('font-reset')}
          title={t('sessions.toolbar.fontResetHint')}
          aria-label={t('sessions.toolbar.fontReset', { size: fontSize })}
          data-testid="session-font-size"
        >
          {fontSize}
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={() => onFont('font-bigger')}
          disabled={fontSize >= MAX_FONT_SIZE}
          aria-label={t('sessions.toolbar.fontBigger')}
          title={t('sessions.toolbar.fontBiggerHint')}
        >
          <span className="font-size__glyph">A</span>
        </button>
      </div>
    </div>
  );
}
