import type { InvokeHandlers } from '../ipc/router';
import type { SessionService } from './session-service';

type SessionHandlers = Pick<
  InvokeHandlers,
  | 'sessions:start-session'
  | 'sessions:send-input'
  | 'sessions:resize-terminal'
  | 'sessions:ack-output'
  | 'sessions:reconnect-session'
  | 'sessions:terminate-session'
  | 'sessions:force-close'
  | 'sessions:list-sessions'
  | 'sessions:get-open-sessions'
>;

/** The session channels: the only code that sees session IPC. */
export function createSessionHandlers(sessions: SessionService): SessionHandlers {
  return {
    'sessions:start-session': (request) => sessions.start(request),
    'sessions:send-input': ({ sessionId, data }) => {
      sessions.sendInput(sessionId, data);
      return null;
    },
    'sessions:resize-terminal': ({ sessionId, cols, rows }) => {
      sessions.resize(sessionId, cols, rows);
      return null;
    },
    'sessions:ack-output': ({ sessionId, bytes }) => {
      sessions.ackOutput(sessionId, bytes);
      return null;
    },
    'sessions:reconnect-session': ({ sessionId }) => {
      sessions.reconnect(sessionId);
      return null;
    },
    'sessions:terminate-session': async ({ sessionId }) => {
      await sessions.terminate(sessionId);
      return null;
    },
    'sessions:force-close': ({ sessionId }) => {
      sessions.forceClose(sessionId);
      return null;
    },
    'sessions:list-sessions': async ({ workspaceId, state }) => ({ sessions: await sessions.list(workspaceId, state) }),
    'sessions:get-open-sessions': () => ({ sessions: sessions.openSessions() }),
  };
}
