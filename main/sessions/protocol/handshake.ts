import { createSessionCipher, DATA_KEY_LENGTH, type SessionCipher } from './kms-crypto';
import {
  ActionStatus,
  ActionType,
  parseEncryptionChallenge,
  type HandshakeRequest,
  type KmsEncryptionParameters,
  type ProcessedClientAction,
  type SessionTypeParameters,
} from './payloads';

/** Calls KMS GenerateDataKey (NumberOfBytes 64) for a KMS-encrypted session (§8). */
export type GenerateDataKey = (input: {
  keyId: string;
  encryptionContext: Record<string, string>;
}) => Promise<{ plaintext: Uint8Array; ciphertextBlob: Uint8Array }>;

/** What the client learnt from a HandshakeRequest and what it answers. */
export interface HandshakeOutcome {
  readonly actions: ProcessedClientAction[];
  readonly errors: string[];
  readonly sessionType: string | null;
  /** Present when KMS encryption was agreed; turn it on right after sending the response (§8 step 4). */
  readonly cipher: SessionCipher | null;
}

/** Inputs the handshake needs beyond the request itself. */
export interface HandshakeContext {
  readonly sessionId: string;
  /** Target of StartSession; part of the KMS encryption context (§8 step 2). */
  readonly targetId: string | undefined;
  readonly generateDataKey: GenerateDataKey | undefined;
}

const SHELL_SESSION_TYPES = new Set(['Standard_Stream', 'InteractiveCommands', 'NonInteractiveCommands']);

/** Processes every requested action in order; never throws, failures become ActionStatus Failed/Unsupported. */
export async function processHandshakeRequest(request: HandshakeRequest, context: HandshakeContext): Promise<HandshakeOutcome> {
  const actions: ProcessedClientAction[] = [];
  const errors: string[] = [];
  let sessionType: string | null = null;
  let cipher: SessionCipher | null = null;
  const fail = (type: string, status: number, error: string): void => {
    actions.push({ ActionType: type, ActionStatus: status, ActionResult: null, Error: error });
    errors.push(error);
  };

  for (const action of request.RequestedClientActions) {
    if (action.ActionType === ActionType.SessionType) {
      const params = action.ActionParameters as Partial<SessionTypeParameters> | null;
      const type = typeof params?.SessionType === 'string' ? params.SessionType : '';
      if (SHELL_SESSION_TYPES.has(type)) {
        sessionType = type;
        actions.push({ ActionType: action.ActionType, ActionStatus: ActionStatus.Success, ActionResult: null, Error: '' });
      } else {
        fail(action.ActionType, ActionStatus.Failed, `SessionType ${type || '(none)'} is not supported by the terminal client.`);
      }
    } else if (action.ActionType === ActionType.KMSEncryption) {
      const result = await processKms(action.ActionParameters as Partial<KmsEncryptionParameters> | null, context);
      if ('error' in result) {
        fail(action.ActionType, ActionStatus.Failed, result.error);
      } else {
        cipher = result.cipher;
        actions.push({ ActionType: action.ActionType, ActionStatus: ActionStatus.Success, ActionResult: result.actionResult, Error: '' });
      }
    } else {
      // The plugin leaves ActionStatus 0 here (§6.3 bug); we say Unsupported plainly.
      fail(action.ActionType, ActionStatus.Unsupported, `Unsupported action ${action.ActionType}.`);
    }
  }
  return { actions, errors, sessionType, cipher };
}

async function processKms(
  params: Partial<KmsEncryptionParameters> | null,
  context: HandshakeContext,
): Promise<{ cipher: SessionCipher; actionResult: Record<string, unknown> } | { error: string }> {
  const keyId = params?.KMSKeyId;
  if (typeof keyId !== 'string' || keyId === '') return { error: 'KMSEncryption requested without a KMSKeyId.' };
  if (!context.generateDataKey) return { error: 'This session needs KMS encryption, but no KMS access is configured.' };
  const encryptionContext: Record<string, string> = { 'aws:ssm:SessionId': context.sessionId };
  if (context.targetId) encryptionContext['aws:ssm:TargetId'] = context.targetId;
  // Agents ≥ 3.3.808.0 send a Challenge; acknowledging it binds the data key to this handshake (§8 step 6).
  const challenge = typeof params?.Challenge === 'string' && params.Challenge !== '' ? params.Challenge : null;
  if (challenge) encryptionContext['aws:ssm:RandomChallenge'] = challenge;
  try {
    const key = await context.generateDataKey({ keyId, encryptionContext });
    if (key.plaintext.length !== DATA_KEY_LENGTH) {
      return { error: `KMS returned a ${key.plaintext.length}-byte data key; ${DATA_KEY_LENGTH} bytes are needed.` };
    }
    return {
      cipher: createSessionCipher(key.plaintext, 'client'),
      actionResult: {
        KMSCipherTextKey: Buffer.from(key.ciphertextBlob).toString('base64'),
        KMSCipherTextHash: null,
        ...(challenge ? { ChallengeAcknowledgement: true } : {}),
      },
    };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { error: `KMS GenerateDataKey failed: ${message}` };
  }
}

/** Answers an EncChallengeRequest: open with the agent's key, seal with ours (§8 step 5). Throws on a bad challenge. */
export function answerEncryptionChallenge(payload: Uint8Array, cipher: SessionCipher): string {
  const { Challenge } = parseEncryptionChallenge(payload);
  const plain = cipher.decrypt(Buffer.from(Challenge, 'base64'));
  return Buffer.from(cipher.encrypt(plain)).toString('base64');
}
