import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { ConstraintViolations, isJsonObject, readInteger, readString } from '../request-validation';
import type { JsonObject } from '../request-validation';
import type { SimulatedAwsError} from '../wire-errors';
import { awsError } from '../wire-errors';

/**
 * The training fleet's KMS (`X-Amz-Target: TrentService.*`, AWS JSON 1.1, SigV4 service `kms`):
 * symmetric keys that never leave the simulator, GenerateDataKey and Decrypt with encryption
 * context binding, so KMS-encrypted sessions (session-protocol.md §8) work end to end. A
 * CiphertextBlob is `01 ‖ key uuid (16) ‖ nonce (12) ‖ AES-256-GCM(data key) ‖ tag (16)` with the
 * canonical encryption context as AAD: a blob decrypts only under its key and its context.
 */

/** Alias of the key the training fleet uses for KMS-encrypted sessions. */
export const SESSION_KEY_ALIAS = 'alias/capstan-training-sessions';

/** A symmetric KMS key of the training account. */
export interface SimulatedKmsKey {
  readonly keyId: string;
  readonly arn: string;
  readonly aliases: ReadonlyArray<string>;
}

interface StoredKey extends SimulatedKmsKey {
  readonly material: Buffer;
}

const BLOB_VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_SPECS = ['AES_256', 'AES_128'] as const;

/** The KMS of one simulator. */
export class SimulatedKms {
  readonly #keys = new Map<string, StoredKey>();
  readonly #aliases = new Map<string, StoredKey>();
  readonly #accountId: string;
  readonly #region: string;
  /** The key behind SESSION_KEY_ALIAS. */
  readonly sessionKey: SimulatedKmsKey;

  constructor(options: { accountId: string; region: string }) {
    this.#accountId = options.accountId;
    this.#region = options.region;
    this.sessionKey = this.createKey([SESSION_KEY_ALIAS]);
  }

  /** Creates a key (fresh random material) with optional `alias/...` names. */
  createKey(aliases: ReadonlyArray<string> = []): SimulatedKmsKey {
    const keyId = randomUUID();
    const key: StoredKey = { keyId, arn: `${this.#arnPrefix()}key/${keyId}`, aliases: [...aliases], material: randomBytes(32) };
    this.#keys.set(keyId, key);
    for (const alias of aliases) this.#aliases.set(alias, key);
    return { keyId: key.keyId, arn: key.arn, aliases: key.aliases };
  }

  /** Handles TrentService.GenerateDataKey. */
  generateDataKey(input: JsonObject): object {
    const keyId = readString(input, 'KeyId');
    const numberOfBytes = readInteger(input, 'NumberOfBytes');
    const keySpec = readString(input, 'KeySpec');
    const context = readContext(input);
    const v = new ConstraintViolations();
    if (v.required('keyId', keyId)) v.length('keyId', keyId, 1, 2048);
    v.range('numberOfBytes', numberOfBytes, 1, 1024);
    v.oneOf('keySpec', keySpec, KEY_SPECS);
    v.throwIfAny();
    if ((numberOfBytes === undefined) === (keySpec === undefined)) {
      throw awsError('ValidationException', 'Please specify either number of bytes or key spec.');
    }
    const key = this.#resolve(keyId ?? '');
    const plaintext = randomBytes(numberOfBytes ?? (keySpec === 'AES_128' ? 16 : 32));
    return {
      CiphertextBlob: this.#seal(key, plaintext, context).toString('base64'),
      Plaintext: plaintext.toString('base64'),
      KeyId: key.arn,
    };
  }

  /** Handles TrentService.Decrypt. */
  decryptOperation(input: JsonObject): object {
    const blob = readString(input, 'CiphertextBlob');
    const keyId = readString(input, 'KeyId');
    const v = new ConstraintViolations();
    if (v.required('ciphertextBlob', blob)) v.length('ciphertextBlob', blob, 1, 8192);
    v.throwIfAny();
    const opened = this.decrypt(Buffer.from(blob ?? '', 'base64'), readContext(input));
    if (keyId !== undefined && this.#resolve(keyId).arn !== opened.keyArn) {
      throw awsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
    }
    return { KeyId: opened.keyArn, Plaintext: opened.plaintext.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  }

  /** Opens a CiphertextBlob under `context`; InvalidCiphertextException when blob or context is wrong. */
  decrypt(blob: Uint8Array, context: Readonly<Record<string, string>>): { plaintext: Buffer; keyArn: string } {
    const raw = Buffer.from(blob);
    const invalid = (): SimulatedAwsError => awsError('InvalidCiphertextException');
    if (raw.length < 1 + 16 + NONCE_BYTES + TAG_BYTES || raw[0] !== BLOB_VERSION) throw invalid();
    const keyId = uuidFromBytes(raw.subarray(1, 17));
    const key = this.#keys.get(keyId);
    if (!key) throw invalid();
    const nonce = raw.subarray(17, 17 + NONCE_BYTES);
    const sealed = raw.subarray(17 + NONCE_BYTES, raw.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key.material, nonce);
    decipher.setAAD(canonicalContext(context));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    try {
      return { plaintext: Buffer.concat([decipher.update(sealed), decipher.final()]), keyArn: key.arn };
    } catch {
      throw invalid();
    }
  }

  #seal(key: StoredKey, plaintext: Buffer, context: Readonly<Record<string, string>>): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key.material, nonce);
    cipher.setAAD(canonicalContext(context));
    const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([BLOB_VERSION]), Buffer.from(key.keyId.replace(/-/g, ''), 'hex'), nonce, sealed, cipher.getAuthTag()]);
  }

  // KMS accepts a key id, a key ARN, an alias name or an alias ARN, and words "not found" per form.
  #resolve(keyId: string): StoredKey {
    const prefix = this.#arnPrefix();
    const aliasName = keyId.startsWith(`${prefix}alias/`) ? keyId.slice(prefix.length) : keyId.startsWith('alias/') ? keyId : undefined;
    if (aliasName !== undefined) {
      const key = this.#aliases.get(aliasName);
      if (!key) throw awsError('NotFoundException', `Alias ${prefix}${aliasName} is not found.`);
      return key;
    }
    const bare = keyId.startsWith(`${prefix}key/`) ? keyId.slice(prefix.length + 4) : keyId;
    const key = this.#keys.get(bare);
    if (!key) {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(bare) && !keyId.startsWith('arn:')) {
        throw awsError('NotFoundException', `Invalid keyId '${keyId}'`);
      }
      throw awsError('NotFoundException', `Key '${keyId.startsWith('arn:') ? keyId : `${prefix}key/${bare}`}' does not exist`);
    }
    return key;
  }

  #arnPrefix(): string {
    return `arn:aws:kms:${this.#region}:${this.#accountId}:`;
  }
}

function readContext(input: JsonObject): Record<string, string> {
  const raw = input.EncryptionContext;
  if (raw === undefined || raw === null) return {};
  if (!isJsonObject(raw) || Object.values(raw).some((v) => typeof v !== 'string')) {
    throw awsError('SerializationException', "Cannot deserialize member 'EncryptionContext': expected a map of strings.");
  }
  return raw as Record<string, string>;
}

// Order-independent, so {a,b} and {b,a} are the same context, as in KMS.
function canonicalContext(context: Readonly<Record<string, string>>): Buffer {
  const entries = Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(entries), 'utf8');
}

function uuidFromBytes(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
