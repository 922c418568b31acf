import { ConstraintViolations, readString } from '../request-validation';
import type { JsonObject } from '../request-validation';
import type { SessionBackend } from '../sessions/session-backend';
import { awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';

/**
 * TerminateSession (ssm-api.md §4.5): permanent. Terminating a session that already ended
 * answers ValidationException "Session is not in a valid state", as AWS does after a normal exit
 * (session-protocol.md §11.4); an id the account never had succeeds, as the API doc recommends.
 */

/** Handles AmazonSSM.TerminateSession. */
export function terminateSession(input: JsonObject, _context: OperationContext, backend: SessionBackend): object {
  const sessionId = readString(input, 'SessionId');
  const v = new ConstraintViolations();
  if (v.required('sessionId', sessionId)) v.length('sessionId', sessionId, 1, 96);
  v.throwIfAny();
  const session = backend.registry.get(sessionId ?? '');
  if (session && (session.status === 'Terminated' || session.status === 'Failed')) {
    throw awsError('ValidationException', 'Session is not in a valid state');
  }
  if (session) backend.terminate(session.sessionId);
  return { SessionId: sessionId };
}
