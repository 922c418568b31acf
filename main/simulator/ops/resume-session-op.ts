import { ConstraintViolations, readString } from '../request-validation';
import type { JsonObject } from '../request-validation';
import type { SessionBackend } from '../sessions/session-backend';
import type { OperationContext } from './operation-types';

/**
 * ResumeSession (ssm-api.md §4.5, session-protocol.md §11.3): a fresh token for the next
 * data-channel connection; the old one stops working. Terminated or unknown sessions answer
 * DoesNotExistException.
 */

/** Handles AmazonSSM.ResumeSession. */
export function resumeSession(input: JsonObject, _context: OperationContext, backend: SessionBackend): object {
  const sessionId = readString(input, 'SessionId');
  const v = new ConstraintViolations();
  if (v.required('sessionId', sessionId)) v.length('sessionId', sessionId, 1, 96);
  v.throwIfAny();
  const session = backend.registry.resume(sessionId ?? '');
  return { SessionId: session.sessionId, TokenValue: session.token ?? '', StreamUrl: backend.streamUrl(session.sessionId) };
}
