import { ConstraintViolations, isJsonObject, readString } from '../request-validation';
import type { JsonObject } from '../request-validation';
import type { SessionBackend } from '../sessions/session-backend';
import { awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';

/**
 * StartSession (ssm-api.md §4.5). The training fleet serves shells only: no DocumentName, or
 * SSM-SessionManagerRunShell. A node that is not Online, or that the account does not have,
 * answers TargetNotConnected "<target> is not connected." as AWS does for both cases.
 */

/** The document AWS uses when StartSession names none (Session Manager preferences). */
export const DEFAULT_SESSION_DOCUMENT = 'SSM-SessionManagerRunShell';

const DOCUMENT_NAME = /^[a-zA-Z0-9_\-.:/]{3,128}$/;
const REASON = /^.{1,256}$/;

/** Handles AmazonSSM.StartSession. */
export function startSession(input: JsonObject, context: OperationContext, backend: SessionBackend): object {
  const target = readString(input, 'Target');
  const documentName = readString(input, 'DocumentName');
  const reason = readString(input, 'Reason');
  const parameters = readParameters(input);

  const v = new ConstraintViolations();
  if (v.required('target', target)) v.length('target', target, 1, 400);
  v.pattern('documentName', documentName, DOCUMENT_NAME, '^[a-zA-Z0-9_\\-.:/]{3,128}$');
  v.length('reason', reason, 1, 256);
  if (reason !== undefined && reason.length <= 256) v.pattern('reason', reason, REASON, '^.{1,256}$');
  for (const [key, values] of Object.entries(parameters ?? {})) {
    if (key.length < 1 || key.length > 255) v.add('parameters', key, 'have length between 1 and 255');
    for (const value of values) if (value.length < 1 || value.length > 65535) v.add(`parameters.${key}`, value, 'have length between 1 and 65535');
  }
  v.throwIfAny();

  const document = documentName ?? DEFAULT_SESSION_DOCUMENT;
  // Port forwarding and command documents need the handshake's Port/NonInteractive paths, which
  // the training fleet does not play; say so instead of opening a shell the caller did not ask for.
  if (document !== DEFAULT_SESSION_DOCUMENT) {
    throw awsError('InvalidDocument', `Document ${document} is not supported by the training fleet; only ${DEFAULT_SESSION_DOCUMENT} shells are.`);
  }
  const node = context.fleet.find(target ?? '');
  if (!node || node.info.PingStatus !== 'Online') throw awsError('TargetNotConnected', `${target ?? ''} is not connected.`);

  const session = backend.registry.create({ target: node.InstanceId, documentName: document, reason, parameters, owner: context.caller });
  backend.started(session);
  return { SessionId: session.sessionId, TokenValue: session.token ?? '', StreamUrl: backend.streamUrl(session.sessionId) };
}

function readParameters(input: JsonObject): Record<string, string[]> | undefined {
  const raw = input.Parameters;
  if (raw === undefined || raw === null) return undefined;
  if (!isJsonObject(raw)) throw awsError('SerializationException', "Cannot deserialize member 'Parameters': expected a map.");
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      throw awsError('SerializationException', "Cannot deserialize member 'Parameters': expected a map of string lists.");
    }
    out[key] = value as string[];
  }
  return out;
}
