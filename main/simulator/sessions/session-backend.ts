import type { JsonObject } from '../request-validation';
import type { OperationContext } from '../ops/operation-types';
import type { SessionRegistry, SimulatedSession } from './session-registry';

/** What the Session Manager operations need beyond the fleet: the registry and the data channel. */
export interface SessionBackend {
  readonly registry: SessionRegistry;
  /** The ws:// StreamUrl of a session on this simulator. */
  streamUrl(sessionId: string): string;
  /** StartSession registered `session`; the agent side gets ready for its first connection. */
  started(session: SimulatedSession): void;
  /** TerminateSession: the agent side ends the shell and tells the client (channel_closed). */
  terminate(sessionId: string): void;
}

/** A Session Manager operation: like an OperationHandler, with the session backend. */
export type SessionOperationHandler = (input: JsonObject, context: OperationContext, backend: SessionBackend) => object;
