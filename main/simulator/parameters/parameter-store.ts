import { createHmac, randomBytes } from 'node:crypto';
import { SimParameterError } from '../documents/document-catalog';
import { awsError } from '../wire-errors';
import { checkParameterName, parseReference } from './parameter-names';
import { SEED_PARAMETERS } from './seed-parameters';

/**
 * The training account's Parameter Store (ssm-api.md §4.9): versioned String, StringList and
 * SecureString parameters with the service's create/overwrite rules, value checks and selectors.
 * SecureString values are held in memory only and never written to any log; without decryption
 * they come back as an opaque ciphertext, as from KMS.
 */

/** The three parameter types Parameter Store stores. */
export type ParameterType = 'String' | 'StringList' | 'SecureString';

/** One parameter as GetParameter reports it (LastModifiedDate in epoch seconds, as on the wire). */
export interface ParameterView {
  readonly Name: string;
  readonly Type: ParameterType;
  readonly Value: string;
  readonly Version: number;
  readonly LastModifiedDate: number;
  readonly ARN: string;
  readonly DataType: string;
  readonly Selector?: string;
}

/** PutParameter's members after the op layer's model checks. */
export interface PutParameterRequest {
  readonly name: string;
  readonly value: string;
  readonly type?: string;
  readonly description?: string;
  readonly overwrite?: boolean;
  readonly allowedPattern?: string;
  readonly keyId?: string;
  readonly tier?: string;
  readonly dataType?: string;
  readonly hasTags?: boolean;
}

interface StoredVersion {
  readonly version: number;
  readonly value: string;
  readonly modified: number;
}

interface StoredParameter {
  readonly name: string;
  type: ParameterType;
  description: string;
  allowedPattern: string | undefined;
  keyId: string | undefined;
  dataType: string;
  tier: 'Standard' | 'Advanced';
  readonly versions: StoredVersion[];
}

const MAX_VERSIONS = 100;
const STANDARD_VALUE_LIMIT = 4096;
const ADVANCED_VALUE_LIMIT = 8192;
const DATA_TYPES = ['text', 'aws:ec2:image', 'aws:ssm:integration'];
const TAGS_WITH_OVERWRITE =
  "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.";

/** The account's parameters, by name, with their versions. */
export class ParameterStore {
  readonly #arnPrefix: string;
  readonly #now: () => number;
  /** Creation order: the scan order of GetParametersByPath, stable while parameters are added. */
  readonly #ordered: StoredParameter[] = [];
  readonly #byName = new Map<string, StoredParameter>();
  /** Keys the stand-in ciphertexts, so they reveal nothing about the value. */
  readonly #cipherKey = randomBytes(32);

  constructor(options: { accountId: string; region: string; now: () => number; seed?: boolean }) {
    this.#arnPrefix = `arn:aws:ssm:${options.region}:${options.accountId}:parameter`;
    this.#now = options.now;
    if (options.seed !== false) {
      for (const seed of SEED_PARAMETERS) this.put({ name: seed.name, value: seed.value, type: seed.type, description: seed.description });
    }
  }

  /** The current (or selected) version of a parameter, decrypted; undefined when there is none. */
  get(name: string): ParameterView | undefined {
    try {
      return this.read(name, true);
    } catch {
      return undefined;
    }
  }

  /**
   * The value a `{{ssm:name}}` reference in a Command document or its parameters resolves to.
   * Documents cannot reference SecureString parameters (their plaintext would land in scripts
   * and command output), so such a reference is refused as an invalid parameter.
   */
  referenceValue(name: string): string | undefined {
    const found = this.get(name);
    if (found?.Type === 'SecureString') {
      throw new SimParameterError(`{{ssm:${name}}} refers to a SecureString parameter; SSM documents and their parameters can reference String and StringList parameters only.`);
    }
    return found?.Value;
  }

  /** GetParameter: ParameterNotFound (no message) or ParameterVersionNotFound when absent. */
  read(rawName: string, withDecryption: boolean): ParameterView {
    const reference = parseReference(rawName, this.#arnPrefix);
    const stored = this.#byName.get(reference.name);
    if (stored === undefined) throw awsError('ParameterNotFound');
    let version = stored.versions[stored.versions.length - 1];
    if (reference.selector !== undefined) {
      if (!('version' in reference.selector)) {
        throw awsError('ParameterVersionNotFound', `Systems Manager could not find label ${reference.selector.label} of ${reference.name}: the training fleet's parameters carry no labels.`);
      }
      const wanted = reference.selector.version;
      version = stored.versions.find((v) => v.version === wanted);
      if (version === undefined) {
        throw awsError('ParameterVersionNotFound', `Systems Manager could not find version ${wanted} of ${reference.name}. Verify the version and try again.`);
      }
    }
    return this.#view(stored, version as StoredVersion, withDecryption, reference.selectorText);
  }

  /** Parameters in creation order (GetParametersByPath scans this list). */
  get count(): number {
    return this.#ordered.length;
  }

  /** The latest version of the parameter at `position` in creation order. */
  at(position: number, withDecryption: boolean): { view: ParameterView; keyId: string | undefined } | undefined {
    const stored = this.#ordered[position];
    if (stored === undefined) return undefined;
    const latest = stored.versions[stored.versions.length - 1] as StoredVersion;
    return { view: this.#view(stored, latest, withDecryption, undefined), keyId: stored.keyId };
  }

  /** PutParameter: the new version and the tier it was stored in. */
  put(request: PutParameterRequest): { Version: number; Tier: 'Standard' | 'Advanced' } {
    checkParameterName(request.name, this.#arnPrefix);
    const existing = this.#byName.get(request.name);
    if (request.hasTags === true && request.overwrite === true) throw awsError('ValidationException', TAGS_WITH_OVERWRITE);
    if (existing !== undefined && request.overwrite !== true) {
      throw awsError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
    }
    const type = (request.type ?? existing?.type) as ParameterType | undefined;
    if (type === undefined) throw awsError('ValidationException', 'A parameter type is required when you create a parameter.');
    const dataType = request.dataType ?? existing?.dataType ?? 'text';
    if (type === 'SecureString' && dataType !== 'text') {
      throw awsError('ValidationException', `A SecureString parameter can only have data type text, not ${dataType}.`);
    }
    if (!DATA_TYPES.includes(dataType)) {
      throw awsError('ValidationException', `The following data type is not supported: ${dataType} (Data type names are all lowercase.)`);
    }
    checkValue(request.value);
    const tier = tierFor(request.tier, request.value, existing?.tier);
    const allowedPattern = request.allowedPattern ?? existing?.allowedPattern;
    if (allowedPattern !== undefined && allowedPattern !== '') checkAgainstPattern(request.value, allowedPattern);
    if (dataType === 'aws:ec2:image' && !/^ami-[0-9a-f]{8,17}$/.test(request.value)) {
      throw awsError('ValidationException', 'The parameter value is not a valid AMI ID: data type aws:ec2:image needs ami- followed by 8 or 17 hexadecimal characters.');
    }
    const modified = this.#now();
    if (existing === undefined) {
      const created: StoredParameter = {
        name: request.name,
        type,
        description: request.description ?? '',
        allowedPattern,
        keyId: type === 'SecureString' ? (request.keyId ?? 'alias/aws/ssm') : undefined,
        dataType,
        tier,
        versions: [{ version: 1, value: request.value, modified }],
      };
      this.#ordered.push(created);
      this.#byName.set(created.name, created);
      return { Version: 1, Tier: tier };
    }
    const next = (existing.versions[existing.versions.length - 1] as StoredVersion).version + 1;
    existing.versions.push({ version: next, value: request.value, modified });
    // Parameter Store keeps the 100 newest versions; the oldest unlabelled one is dropped.
    if (existing.versions.length > MAX_VERSIONS) existing.versions.shift();
    existing.type = type;
    existing.allowedPattern = allowedPattern;
    existing.dataType = dataType;
    existing.tier = tier;
    if (request.description !== undefined) existing.description = request.description;
    if (type === 'SecureString') existing.keyId = request.keyId ?? existing.keyId ?? 'alias/aws/ssm';
    return { Version: next, Tier: tier };
  }

  #view(stored: StoredParameter, version: StoredVersion, withDecryption: boolean, selector: string | undefined): ParameterView {
    const hierarchical = stored.name.startsWith('/');
    const value = stored.type === 'SecureString' && !withDecryption ? ciphertextOf(this.#cipherKey, stored, version) : version.value;
    return {
      Name: stored.name,
      Type: stored.type,
      Value: value,
      Version: version.version,
      ...(selector === undefined ? {} : { Selector: selector }),
      LastModifiedDate: version.modified / 1000,
      ARN: `${this.#arnPrefix}${hierarchical ? '' : '/'}${stored.name}`,
      DataType: stored.dataType,
    };
  }
}

function checkValue(value: string): void {
  if (/\{\{.*\}\}/s.test(value)) {
    throw awsError('ValidationException', 'Parameter value can\'t nest another parameter. Do not use "{{}}" in the value.');
  }
  if (value.length > ADVANCED_VALUE_LIMIT) {
    throw awsError('ValidationException', `1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length less than or equal to ${ADVANCED_VALUE_LIMIT}`);
  }
}

function tierFor(requested: string | undefined, value: string, current: 'Standard' | 'Advanced' | undefined): 'Standard' | 'Advanced' {
  const needsAdvanced = value.length > STANDARD_VALUE_LIMIT;
  if (requested === 'Advanced') return 'Advanced';
  if (requested === 'Standard') {
    if (needsAdvanced) {
      throw awsError('ValidationException', `Standard tier parameters support a maximum parameter value of ${STANDARD_VALUE_LIMIT} characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier.`);
    }
    if (current === 'Advanced') throw awsError('ValidationException', 'An Advanced parameter cannot be downgraded to the Standard tier.');
    return 'Standard';
  }
  // Intelligent-Tiering, or no tier: Standard unless the value needs Advanced (or it already is).
  return needsAdvanced || current === 'Advanced' ? 'Advanced' : 'Standard';
}

function checkAgainstPattern(value: string, pattern: string): void {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch {
    throw awsError('InvalidAllowedPatternException', `The allowed pattern ${pattern} is not a valid regular expression.`);
  }
  if (!regex.test(value)) throw awsError('ParameterPatternMismatchException', `Parameter value, cannot be validated against allowedPattern: ${pattern}`);
}

/** What a SecureString looks like without decryption: a KMS ciphertext blob, stable per version. */
function ciphertextOf(key: Buffer, stored: StoredParameter, version: StoredVersion): string {
  const body = createHmac('sha512', key).update(`${stored.name}\0${version.version}\0${version.value}`).digest();
  return Buffer.concat([Buffer.from([1, 2, 2, 0, 120]), body, body.subarray(0, Math.min(version.value.length, 64))]).toString('base64');
}
