import { randomBytes } from 'node:crypto';
import type { SimulatedKms } from '../kms/kms-service';
import { SimulatedAwsError } from '../wire-errors';
import { DATA_KEY_LENGTH, createSessionCipher } from '../../sessions/protocol/kms-crypto';
import type { SessionCipher } from '../../sessions/protocol/kms-crypto';
import {
  ActionStatus,
  ActionType,
  buildEncryptionChallenge,
  buildHandshakeRequest,
  parseEncryptionChallenge,
  parseHandshakeResponse,
} from '../../sessions/protocol/payloads';

/**
 * The agent's half of the handshake (session-protocol.md §6.3) and of KMSEncryption (§8): the
 * HandshakeRequest it sends, what it makes of the client's HandshakeResponse (SessionType result,
 * the data key decrypted with the simulated KMS under the session's encryption context), and the
 * check of the encrypted challenge's answer.
 */

/** Agent version the training fleet reports in HandshakeRequest. */
export const TRAINING_AGENT_VERSION = '3.3.1142.0';

/** A HandshakeRequest and the Challenge string of its KMSEncryption action, if any (§8 step 6). */
export interface AgentHandshakeRequest {
  readonly payload: Uint8Array;
  readonly requestChallenge: string | undefined;
}

/** What the agent does after the client's HandshakeResponse. */
export type HandshakeVerdict =
  /** End the session with this channel_closed output. */
  | { readonly kind: 'fail'; readonly output: string; readonly detail?: string }
  /** No encryption: send HandshakeComplete. */
  | { readonly kind: 'complete'; readonly detail: string }
  /** Encryption agreed: send `challengePayload` (EncChallengeRequest, plaintext) and wait for its answer. */
  | { readonly kind: 'challenge'; readonly detail: string; readonly cipher: SessionCipher; readonly challenge: Buffer; readonly challengePayload: Uint8Array };

/** Builds the HandshakeRequest: SessionType Standard_Stream, plus KMSEncryption when `kmsKeyId` is set. */
export function buildAgentHandshakeRequest(kmsKeyId: string | undefined): AgentHandshakeRequest {
  const actions: Array<{ ActionType: string; ActionParameters: unknown }> = [
    { ActionType: ActionType.SessionType, ActionParameters: { SessionType: 'Standard_Stream', Properties: null } },
  ];
  let requestChallenge: string | undefined;
  if (kmsKeyId !== undefined) {
    requestChallenge = randomBytes(16).toString('base64');
    actions.push({ ActionType: ActionType.KMSEncryption, ActionParameters: { KMSKeyId: kmsKeyId, Challenge: requestChallenge } });
  }
  return { payload: buildHandshakeRequest({ AgentVersion: TRAINING_AGENT_VERSION, RequestedClientActions: actions }), requestChallenge };
}

/** Judges a HandshakeResponse; with KMS, decrypts the data key and prepares the challenge (§8 steps 2–6). */
export function judgeHandshakeResponse(
  payload: Uint8Array,
  context: { sessionId: string; target: string; kms: SimulatedKms; kmsKeyId: string | undefined; requestChallenge: string | undefined },
): HandshakeVerdict {
  let response;
  try {
    response = parseHandshakeResponse(payload);
  } catch (error) {
    return { kind: 'fail', output: `\n----------ERROR-------\nInvalid HandshakeResponse: ${errorText(error)}` };
  }
  const detail = JSON.stringify({ ClientVersion: response.ClientVersion, Actions: response.ProcessedClientActions.map((a) => [a.ActionType, a.ActionStatus]) });
  const sessionType = response.ProcessedClientActions.find((a) => a.ActionType === ActionType.SessionType);
  if (sessionType?.ActionStatus !== ActionStatus.Success) {
    return { kind: 'fail', detail, output: `\n----------ERROR-------\nSessionType action failed: ${sessionType?.Error || 'no result'}` };
  }
  if (context.kmsKeyId === undefined) return { kind: 'complete', detail };
  const kms = response.ProcessedClientActions.find((a) => a.ActionType === ActionType.KMSEncryption);
  const result = (kms?.ActionResult ?? {}) as { KMSCipherTextKey?: unknown; ChallengeAcknowledgement?: unknown };
  if (kms?.ActionStatus !== ActionStatus.Success || typeof result.KMSCipherTextKey !== 'string') {
    return { kind: 'fail', detail, output: `\n----------ERROR-------\nKMSEncryption failed on the client: ${kms?.Error || 'no result'}` };
  }
  // §8 step 2/6: the agent decrypts with the context the client used for GenerateDataKey.
  const encryptionContext: Record<string, string> = { 'aws:ssm:SessionId': context.sessionId, 'aws:ssm:TargetId': context.target };
  if (result.ChallengeAcknowledgement === true && context.requestChallenge !== undefined) {
    encryptionContext['aws:ssm:RandomChallenge'] = context.requestChallenge;
  }
  let dataKey: Buffer;
  try {
    dataKey = context.kms.decrypt(Buffer.from(result.KMSCipherTextKey, 'base64'), encryptionContext).plaintext;
    if (dataKey.length !== DATA_KEY_LENGTH) throw new Error(`data key is ${dataKey.length} bytes, expected ${DATA_KEY_LENGTH}`);
  } catch (error) {
    const why = error instanceof SimulatedAwsError ? error.code : errorText(error);
    return { kind: 'fail', detail, output: `\n----------ERROR-------\nFailed to decrypt the session key with KMS: ${why}` };
  }
  const cipher = createSessionCipher(dataKey, 'agent');
  const challenge = randomBytes(64);
  const challengePayload = buildEncryptionChallenge({ Challenge: Buffer.from(cipher.encrypt(challenge)).toString('base64') });
  return { kind: 'challenge', detail, cipher, challenge, challengePayload };
}

/** Checks the client's EncChallengeResponse; returns the channel_closed output on failure, undefined on success. */
export function checkChallengeResponse(payload: Uint8Array, cipher: SessionCipher | undefined, challenge: Buffer | undefined): string | undefined {
  try {
    const sealed = Buffer.from(parseEncryptionChallenge(payload).Challenge, 'base64');
    const plain = Buffer.from(cipher?.decrypt(sealed) ?? []);
    if (!challenge || !plain.equals(challenge)) throw new Error('challenge mismatch');
    return undefined;
  } catch (error) {
    return `\n----------ERROR-------\nEncryption challenge failed: ${errorText(error)}`;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
