// Pure state of the shell tabs: opening, started, state changes (which may beat the start reply), closed.
import type { ErrorInfo } from '../../../../preload/contract/define';
import type { SessionInfo, SessionState } from '../../../../preload/contract/sessions';
import type { TabState } from './session-state';

/** One shell tab. `sessionId` is null until StartSession answers. */
export interface SessionTab {
  readonly key: string;
  readonly sessionId: string | null;
  readonly workspaceId: string;
  readonly instanceId: string;
  readonly nodeName: string;
  readonly platformType: string;
  readonly startedAt: number | null;
  readonly state: TabState;
  /** Why the start failed (TargetNotConnected, AccessDenied…); the tab then shows it instead of a terminal. */
  readonly startError: ErrorInfo | null;
}

/** All tabs, in the order they opened, plus states that arrived for sessions not yet known. */
export interface TabsModel {
  readonly tabs: readonly SessionTab[];
  readonly early: Readonly<Record<string, SessionState>>;
}

/** What can happen to the tabs. */
export type TabsAction =
  | { type: 'opening'; key: string; workspaceId: string; instanceId: string; nodeName: string; platformType: string }
  | { type: 'started'; key: string; info: SessionInfo }
  | { type: 'start-failed'; key: string; error: ErrorInfo }
  | { type: 'restored'; sessions: readonly SessionInfo[] }
  | { type: 'state-changed'; sessionId: string; state: SessionState }
  | { type: 'removed'; key: string };

/** No tabs yet. */
export const emptyTabs: TabsModel = { tabs: [], early: {} };

/** Tab key of a session that main already had open (after a reload). */
export function restoredKey(sessionId: string): string {
  return `session:${sessionId}`;
}

function fromInfo(key: string, info: SessionInfo, early: SessionState | undefined): SessionTab {
  return {
    key,
    sessionId: info.sessionId,
    workspaceId: info.workspaceId,
    instanceId: info.instanceId,
    nodeName: info.nodeName,
    platformType: info.platformType,
    startedAt: info.startedAt,
    state: early ?? info.state,
    startError: null,
  };
}

function withoutEarly(early: TabsModel['early'], sessionId: string): TabsModel['early'] {
  if (!(sessionId in early)) return early;
  const rest = { ...early };
  delete rest[sessionId];
  return rest;
}

// A closed state is final: a late "connected" from a reordered event must not revive a tab.
function nextState(current: TabState, incoming: SessionState): TabState {
  return current.kind === 'closed' ? current : incoming;
}

/** Applies one action; returns the same object when nothing changed. */
export function tabsReducer(model: TabsModel, action: TabsAction): TabsModel {
  switch (action.type) {
    case 'opening': {
      if (model.tabs.some((t) => t.key === action.key)) return model;
      const tab: SessionTab = {
        key: action.key,
        sessionId: null,
        workspaceId: action.workspaceId,
        instanceId: action.instanceId,
        nodeName: action.nodeName,
        platformType: action.platformType,
        startedAt: null,
        state: { kind: 'starting' },
        startError: null,
      };
      return { ...model, tabs: [...model.tabs, tab] };
    }
    case 'started': {
      const early = model.early[action.info.sessionId];
      if (!model.tabs.some((t) => t.key === action.key)) return model;
      // A restore that raced this start may already show the session under its own key.
      const tabs = model.tabs.filter((t) => t.key === action.key || t.sessionId !== action.info.sessionId);
      return {
        tabs: tabs.map((t) => (t.key === action.key ? fromInfo(t.key, action.info, early) : t)),
        early: withoutEarly(model.early, action.info.sessionId),
      };
    }
    case 'start-failed':
      return {
        ...model,
        tabs: model.tabs.map((t) =>
          t.key === action.key
            ? { ...t, startError: action.error, state: { kind: 'closed', reason: action.error.message, exitCode: null, errorCode: action.error.code } }
            : t,
        ),
      };
    case 'restored': {
      const known = new Set(model.tabs.map((t) => t.sessionId));
      // Closed sessions are not brought back: the operator may have closed their tabs already, and
      // the sessions view keeps their exit code and reason.
      const fresh = action.sessions.filter((s) => !known.has(s.sessionId) && s.state.kind !== 'closed');
      if (fresh.length === 0) return model;
      let early = model.early;
      for (const s of fresh) early = withoutEarly(early, s.sessionId);
      return { tabs: [...model.tabs, ...fresh.map((s) => fromInfo(restoredKey(s.sessionId), s, model.early[s.sessionId]))], early };
    }
    case 'state-changed': {
      const index = model.tabs.findIndex((t) => t.sessionId === action.sessionId);
      if (index < 0) {
        const previous = model.early[action.sessionId];
        if (previous?.kind === 'closed') return model;
        return { ...model, early: { ...model.early, [action.sessionId]: action.state } };
      }
      const tab = model.tabs[index] as SessionTab;
      const state = nextState(tab.state, action.state);
      if (state === tab.state) return model;
      const tabs = [...model.tabs];
      tabs[index] = { ...tab, state };
      return { ...model, tabs };
    }
    case 'removed': {
      if (!model.tabs.some((t) => t.key === action.key)) return model;
      return { ...model, tabs: model.tabs.filter((t) => t.key !== action.key) };
    }
  }
}
