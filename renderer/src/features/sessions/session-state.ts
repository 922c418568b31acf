// Pure helpers that turn a session's channel state into what a tab shows; no DOM, no i18n instance.
import type { SessionState } from '../../../../preload/contract/sessions';

/** A tab's state: the channel's, or `starting` while StartSession is still on its way. */
export type TabState = SessionState | { readonly kind: 'starting' };

/** Colour family of the state dot; the text next to it always says the same in words. */
export type StateTone = 'pending' | 'ok' | 'warn' | 'done' | 'error';

/** True while the session can still carry keystrokes or come back (not closed, not a failed start). */
export function isLive(state: TabState): boolean {
  return state.kind !== 'closed';
}

/** Dot colour: a clean exit (code 0 or an operator's terminate) is not an error. */
export function stateTone(state: TabState): StateTone {
  switch (state.kind) {
    case 'starting':
    case 'connecting':
      return 'pending';
    case 'connected':
      return 'ok';
    case 'reconnecting':
      return 'warn';
    case 'closed':
      return state.errorCode || (state.exitCode !== null && state.exitCode !== 0) ? 'error' : 'done';
  }
}

/** An i18n key and its values, so the renderer and tests agree on what the tab says. */
export interface StateText {
  readonly key: string;
  readonly values: Readonly<Record<string, string | number>>;
}

/**
 * The words for a state. `short` fits a tab ("Reconnecting (3)", "Closed · exit 0"); `long` is the
 * status line ("Reconnecting, attempt 3: socket closed", "Closed, exit code 0: shell exited").
 */
export function stateText(state: TabState, form: 'short' | 'long' = 'long'): StateText {
  const k = (name: string): string => `sessions.state.${form}.${name}`;
  switch (state.kind) {
    case 'starting':
      return { key: k('starting'), values: {} };
    case 'connecting':
      return { key: k('connecting'), values: {} };
    case 'connected':
      return { key: k(state.encrypted ? 'connectedEncrypted' : 'connected'), values: {} };
    case 'reconnecting':
      return { key: k('reconnecting'), values: { attempt: state.attempt, reason: state.reason } };
    case 'closed': {
      // Many AWS errors arrive without a message: the code is always shown.
      const reason = state.errorCode ? `${state.reason || state.errorCode} (${state.errorCode})` : state.reason;
      if (state.exitCode === null) return { key: k('closedNoExit'), values: { reason } };
      return { key: k('closed'), values: { reason, exitCode: state.exitCode } };
    }
  }
}
