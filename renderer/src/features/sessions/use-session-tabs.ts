import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { ErrorInfo } from '../../../../preload/contract/define';
import type { FleetNode } from '../../../../preload/contract/fleet';
import { bridge, errorInfoOf, unwrap } from '../../lib/api';
import { SessionHub } from './session-hub';
import { isLive } from './session-state';
import type { SessionTab } from './session-tabs';
import { emptyTabs, tabsReducer } from './session-tabs';

// A deliberate close waits this long for TerminateSession before ending the session locally.
const TERMINATE_GRACE_MS = 5_000;

/** The shell tabs and what can be done to them; one instance lives in the app shell. */
export interface SessionTabsApi {
  readonly tabs: readonly SessionTab[];
  readonly hub: SessionHub;
  /** Set when `sessions:get-open-sessions` failed after a reload. */
  readonly restoreError: ErrorInfo | null;
  /** Adds a tab for a node; the session starts once the tab has measured its terminal. */
  open(node: Pick<FleetNode, 'workspaceId' | 'instanceId' | 'name' | 'computerName' | 'platformType'>): string;
  /** Starts the session of an opening tab with the terminal's real size. */
  start(tab: SessionTab, cols: number, rows: number): void;
  /** Closes a tab: terminates a live session first (the caller has asked the operator). */
  close(key: string): Promise<void>;
}

let nextKey = 1;

/** Tab state, restore after reload, state events, and open/start/close. */
export function useSessionTabs(onAckError?: (sessionId: string, error: unknown) => void): SessionTabsApi {
  const [model, dispatch] = useReducer(tabsReducer, emptyTabs);
  const [restoreError, setRestoreError] = useState<ErrorInfo | null>(null);
  const [hub] = useState(() => new SessionHub(bridge().sessions, onAckError));
  const tabsRef = useRef(model.tabs);
  const startedKeys = useRef(new Set<string>());

  useEffect(() => {
    tabsRef.current = model.tabs;
  }, [model.tabs]);

  useEffect(() => {
    const off = hub.onStateChanged((sessionId, state) => dispatch({ type: 'state-changed', sessionId, state }));
    let cancelled = false;
    unwrap(bridge().sessions.getOpenSessions({})).then(
      ({ sessions }) => {
        if (!cancelled) dispatch({ type: 'restored', sessions });
      },
      (error: unknown) => {
        if (!cancelled) setRestoreError(errorInfoOf(error));
      },
    );
    return () => {
      cancelled = true;
      off();
    };
  }, [hub]);

  useEffect(() => hub.connect(), [hub]);

  const open = useCallback<SessionTabsApi['open']>((node) => {
    const key = `tab-${nextKey++}`;
    dispatch({
      type: 'opening',
      key,
      workspaceId: node.workspaceId,
      instanceId: node.instanceId,
      nodeName: node.name || node.computerName || node.instanceId,
      platformType: node.platformType,
    });
    return key;
  }, []);

  // The tab comes from the panel, not tabsRef: the panel measures its terminal in an effect that
  // runs before this hook's own effects have seen the new tab.
  const start = useCallback<SessionTabsApi['start']>((tab, cols, rows) => {
    const { key } = tab;
    // StrictMode mounts effects twice; one tab must start exactly one session.
    if (startedKeys.current.has(key)) return;
    if (tab.sessionId !== null || tab.state.kind !== 'starting') return;
    startedKeys.current.add(key);
    unwrap(bridge().sessions.startSession({ workspaceId: tab.workspaceId, instanceId: tab.instanceId, cols, rows })).then(
      (info) => {
        // The operator closed the tab while StartSession was on its way: end the session it started.
        if (!tabsRef.current.some((t) => t.key === key)) {
          void bridge().sessions.terminateSession({ sessionId: info.sessionId });
          return;
        }
        dispatch({ type: 'started', key, info });
      },
      (error: unknown) => dispatch({ type: 'start-failed', key, error: errorInfoOf(error) }),
    );
  }, []);

  const close = useCallback<SessionTabsApi['close']>(
    async (key) => {
      const tab = tabsRef.current.find((t) => t.key === key);
      if (!tab) return;
      const id = tab.sessionId;
      if (id && isLive(tab.state)) {
        const api = bridge().sessions;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const grace = new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), TERMINATE_GRACE_MS);
        });
        const outcome = await Promise.race([api.terminateSession({ sessionId: id }).catch(() => null), grace]);
        clearTimeout(timer);
        // A silent agent or a refused TerminateSession must not keep a tab the operator closed.
        if (outcome === 'late' || outcome === null || !outcome.ok) await api.forceClose({ sessionId: id }).catch(() => null);
      }
      if (id) hub.forget(id);
      dispatch({ type: 'removed', key });
    },
    [hub],
  );

  return useMemo(() => ({ tabs: model.tabs, hub, restoreError, open, start, close }), [model.tabs, hub, restoreError, open, start, close]);
}
