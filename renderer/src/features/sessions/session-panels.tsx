import { useState } from 'react';
import { CloseSessionDialog } from './close-session-dialog';
import { isLive } from './session-state';
import type { SessionTab } from './session-tabs';
import { SessionPanel } from './session-panel';
import { useDocumentTheme } from './use-document-theme';
import { useFontSize } from './use-font-size';
import type { SessionTabsApi } from './use-session-tabs';

interface SessionPanelsProps {
  sessions: SessionTabsApi;
  /** Key of the tab on screen, or null while another view (Fleet, Sessions) is shown. */
  activeKey: string | null;
  /** A tab asked to close; the app shell routes it through {@link useCloseRequest}. */
  onRequestClose: (key: string) => void;
  onReopen: (tab: SessionTab) => void;
}

/** Every shell tab's panel, mounted for the tab's whole life so scrollback survives switching. */
export function SessionPanels({ sessions, activeKey, onRequestClose, onReopen }: SessionPanelsProps) {
  const theme = useDocumentTheme();
  const [fontSize, setFontSize] = useFontSize();
  return (
    <>
      {sessions.tabs.map((tab) => (
        <SessionPanel
          key={tab.key}
          tab={tab}
          hub={sessions.hub}
          active={tab.key === activeKey}
          theme={theme}
          fontSize={fontSize}
          onFontSize={setFontSize}
          onStart={sessions.start}
          onCloseTab={onRequestClose}
          onReopen={onReopen}
        />
      ))}
    </>
  );
}

/** Close requests: a live session asks first (closing terminates it), a closed one just goes. */
export function useCloseRequest(sessions: SessionTabsApi, onClosed: (key: string) => void) {
  const [asking, setAsking] = useState<SessionTab | null>(null);
  const closeNow = (key: string): void => {
    onClosed(key);
    void sessions.close(key);
  };
  const request = (key: string): void => {
    const tab = sessions.tabs.find((t) => t.key === key);
    if (!tab) return;
    if (tab.sessionId && isLive(tab.state)) setAsking(tab);
    else closeNow(key);
  };
  const dialog = asking ? (
    <CloseSessionDialog
      tab={asking}
      onCancel={() => setAsking(null)}
      onConfirm={() => {
        setAsking(null);
        closeNow(asking.key);
      }}
    />
  ) : null;
  return { request, dialog };
}
