import { useCallback, useEffect, useRef, useState } from 'react';
import type { MouseEvent as ReactMouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../../preload/contract/define';
import { bridge, errorInfoOf, unwrap } from '../../lib/api';
import type { ThemeName } from '../../lib/theme';
import { ErrorDetail } from '../fleet/fleet-states';
import { copyText, readClipboard } from './clipboard';
import { FindBar } from './find-bar';
import { stepFontSize } from './font-size';
import type { SessionHub } from './session-hub';
import { isLive, stateText } from './session-state';
import type { SessionTab } from './session-tabs';
import { SessionToolbar } from './session-toolbar';
import type { TerminalKeyAction } from './terminal-keys';
import { useTerminal } from './use-terminal';
import { sliceInput } from './input-slices';

interface SessionPanelProps {
  tab: SessionTab;
  hub: SessionHub;
  active: boolean;
  theme: ThemeName;
  fontSize: number;
  onFontSize: (size: number) => void;
  onStart: (tab: SessionTab, cols: number, rows: number) => void;
  onCloseTab: (key: string) => void;
  onReopen: (tab: SessionTab) => void;
}

type Notice = { kind: 'error'; error: ErrorInfo } | { kind: 'info'; text: string };

/** One shell tab: toolbar, find bar, the terminal, and what to do once the session has ended. */
export function SessionPanel({ tab, hub, active, theme, fontSize, onFontSize, onStart, onCloseTab, onReopen }: SessionPanelProps) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLDivElement>(null);
  const pendingInput = useRef<string[]>([]);
  const [findOpen, setFindOpen] = useState(false);
  const [menu, setMenu] = useState<{ x: number; y: number; hasSelection: boolean } | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const [size, setSize] = useState<{ cols: number; rows: number } | null>(null);
  const { sessionId } = tab;
  const live = isLive(tab.state);

  const send = useCallback((id: string, data: string) => {
    for (const slice of sliceInput(data)) {
      bridge()
        .sessions.sendInput({ sessionId: id, data: slice })
        .then((r) => {
          if (!r.ok) setNotice({ kind: 'error', error: r.error });
        }, (error: unknown) => setNotice({ kind: 'error', error: errorInfoOf(error) }));
    }
  }, []);

  const handle = useTerminal(
    containerRef,
    { theme, fontSize, visible: active },
    {
      onData: (data) => {
        if (!live) return;
        // Typed while StartSession is on its way: sent once the session exists, in order.
        if (sessionId) send(sessionId, data);
        else pendingInput.current.push(data);
      },
      onKeyAction: (action: TerminalKeyAction) => {
        if (action === 'copy') {
          copySelection();
          return true;
        }
        if (action === 'find') {
          setFindOpen(true);
          return true;
        }
        if (action === 'paste') return false;
        onFontSize(stepFontSize(fontSize, action));
        return true;
      },
      onMeasured: (cols, rows) => {
        setSize({ cols, rows });
        if (tab.state.kind === 'starting') onStart(tab, cols, rows);
        // A tab rebuilt after a reload may be a different size than the PTY it found.
        else if (sessionId && live) void bridge().sessions.resizeTerminal({ sessionId, cols, rows });
      },
      onResized: (cols, rows) => {
        setSize({ cols, rows });
        if (sessionId && live) void bridge().sessions.resizeTerminal({ sessionId, cols, rows });
      },
      onOpenLink: (uri) => {
        unwrap(bridge().app.openExternal({ url: uri })).catch((error: unknown) => setNotice({ kind: 'error', error: errorInfoOf(error) }));
      },
    },
  );

  const copySelection = (): void => {
    const text = handle?.terminal.getSelection() ?? '';
    if (text && copyText(text)) setNotice({ kind: 'info', text: t('sessions.clipboard.copied', { count: text.length }) });
  };

  useEffect(() => {
    if (!handle || !sessionId) return undefined;
    return hub.pump(sessionId).attach({ write: (data, done) => handle.terminal.write(data, done) });
  }, [handle, hub, sessionId]);

  useEffect(() => {
    if (!sessionId || pendingInput.current.length === 0) return;
    send(sessionId, pendingInput.current.splice(0).join(''));
  }, [sessionId, send]);

  useEffect(() => {
    handle?.configure({ disableStdin: !live });
  }, [handle, live]);

  useEffect(() => {
    if (active && handle && !findOpen) handle.terminal.focus();
  }, [active, handle, findOpen]);

  const act = (what: 'reconnectSession' | 'terminateSession' | 'forceClose'): void => {
    if (!sessionId) return;
    setBusy(what !== 'forceClose');
    setNotice(null);
    unwrap(bridge().sessions[what]({ sessionId }))
      .catch((error: unknown) => setNotice({ kind: 'error', error: errorInfoOf(error) }))
      .finally(() => setBusy(false));
  };

  const onContextMenu = (e: ReactMouseEvent<HTMLDivElement>): void => {
    e.preventDefault();
    const box = e.currentTarget.getBoundingClientRect();
    setMenu({ x: e.clientX - box.left, y: e.clientY - box.top, hasSelection: Boolean(handle?.terminal.hasSelection()) });
  };

  const pasteFromMenu = async (): Promise<void> => {
    setMenu(null);
    const text = await readClipboard();
    if (text === null) setNotice({ kind: 'info', text: t('sessions.clipboard.pasteBlocked') });
    else if (text && handle) handle.terminal.paste(text);
    handle?.terminal.focus();
  };

  const closed = tab.state.kind === 'closed' ? tab.state : null;
  const closedText = stateText(tab.state, 'long');

  return (
    <section
      className="session-panel"
      hidden={!active}
      aria-label={t('sessions.panel.label', { node: tab.nodeName })}
      data-testid="session-panel"
      data-session-id={sessionId ?? ''}
      data-state={tab.state.kind}
      data-cols={size?.cols}
      data-rows={size?.rows}
    >
      <SessionToolbar
        tab={tab}
        fontSize={fontSize}
        busy={busy}
        onReconnect={() => act('reconnectSession')}
        onTerminate={() => act('terminateSession')}
        onForceClose={() => act('forceClose')}
        onFind={() => setFindOpen(true)}
        onFont={(action) => onFontSize(stepFontSize(fontSize, action))}
      />
      {findOpen ? (
        <FindBar
          handle={handle}
          theme={theme}
          onClose={() => {
            setFindOpen(false);
            handle?.terminal.focus();
          }}
        />
      ) : null}
      {notice ? (
        <div className={`session-notice${notice.kind === 'error' ? ' session-notice--error' : ''}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.kind === 'error' ? <ErrorDetail error={notice.error} /> : <span>{notice.text}</span>}
          <button type="button" className="button button--small session-notice__dismiss" onClick={() => setNotice(null)}>
            {t('common.dismiss')}
          </button>
        </div>
      ) : null}
      <div className="session-panel__body" onContextMenu={onContextMenu} onClick={() => setMenu(null)}>
        <div ref={containerRef} className="session-terminal" data-testid="session-terminal" />
        {menu ? (
          <div className="popover context-menu" role="menu" style={{ left: menu.x, top: menu.y }} onClick={(e) => e.stopPropagation()}>
            <button type="button" role="menuitem" className="context-menu__item" disabled={!menu.hasSelection} onClick={() => { copySelection(); setMenu(null); }}>
              <span>{t('sessions.menu.copy')}</span>
              <kbd>Ctrl+Shift+C</kbd>
            </button>
            <button type="button" role="menuitem" className="context-menu__item" disabled={!live} onClick={() => void pasteFromMenu()}>
              <span>{t('sessions.menu.paste')}</span>
              <kbd>Ctrl+Shift+V</kbd>
            </button>
            <button type="button" role="menuitem" className="context-menu__item" onClick={() => { handle?.terminal.selectAll(); setMenu(null); }}>
              <span>{t('sessions.menu.selectAll')}</span>
            </button>
            <button type="button" role="menuitem" className="context-menu__item" onClick={() => { setMenu(null); setFindOpen(true); }}>
              <span>{t('sessions.menu.find')}</span>
              <kbd>Ctrl+Shift+F</kbd>
            </button>
          </div>
        ) : null}
        {tab.startError ? (
          <div className="session-overlay" data-testid="session-start-error">
            <div className="banner banner--error" role="alert">
              <span className="banner__title">{t('sessions.startFailed', { node: tab.nodeName })}</span>
              <ErrorDetail error={tab.startError} />
              <div className="state__actions">
                <button type="button" className="button button--small" onClick={() => onReopen(tab)}>
                  {t('common.retry')}
                </button>
                <button type="button" className="button button--small" onClick={() => onCloseTab(tab.key)}>
                  {t('sessions.closeTab')}
                </button>
              </div>
            </div>
          </div>
        ) : null}
      </div>
      {closed && !tab.startError ? (
        <div className={`session-ended${closed.exitCode === 0 && !closed.errorCode ? '' : ' session-ended--error'}`} data-testid="session-ended" role="status">
          <span className="session-ended__text">{t(closedText.key, closedText.values)}</span>
          <button type="button" className="button button--small button--primary" onClick={() => onReopen(tab)}>
            {t('sessions.reopen')}
          </button>
          <button type="button" className="button button--small" onClick={() => onCloseTab(tab.key)}>
            {t('sessions.closeTab')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
