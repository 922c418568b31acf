import { awsError } from './wire-errors';

/**
 * Reading an operation's JSON input the way the service does: wrong JSON types are a
 * SerializationException (the request could not be decoded), while model constraints
 * (required, ranges, lengths, enums, patterns) are Coral `ValidationException`s whose text the
 * clients print verbatim (ssm-api.md §1.3). JSON `null` counts as an absent member.
 */

/** A decoded JSON object (the operation input or a nested structure). */
export type JsonObject = Record<string, unknown>;

/** Formats a value the way Coral quotes it in validation messages. */
export function coralValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `'[${value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')}]'`;
  if (typeof value === 'object') return `'${JSON.stringify(value)}'`;
  return `'${String(value)}'`;
}

/** Collects Coral constraint violations and throws them as one ValidationException. */
export class ConstraintViolations {
  readonly #items: string[] = [];

  /** Records "Value <v> at '<path>' failed to satisfy constraint: Member must <rule>". */
  add(path: string, value: unknown, rule: string): void {
    this.#items.push(`Value ${coralValue(value)} at '${path}' failed to satisfy constraint: Member must ${rule}`);
  }

  /** Required member. */
  required(path: string, value: unknown): boolean {
    if (value === undefined) {
      this.add(path, null, 'not be null');
      return false;
    }
    return true;
  }

  /** Integer range, either bound optional. */
  range(path: string, value: number | undefined, min?: number, max?: number): void {
    if (value === undefined) return;
    if (min !== undefined && value < min) this.add(path, value, `have value greater than or equal to ${min}`);
    if (max !== undefined && value > max) this.add(path, value, `have value less than or equal to ${max}`);
  }

  /** String or list length, either bound optional. */
  length(path: string, value: string | ReadonlyArray<unknown> | undefined, min?: number, max?: number): void {
    if (value === undefined) return;
    if (min !== undefined && value.length < min) this.add(path, value, `have length greater than or equal to ${min}`);
    if (max !== undefined && value.length > max) this.add(path, value, `have length less than or equal to ${max}`);
  }

  /** Enum membership. */
  oneOf(path: string, value: string | undefined, allowed: ReadonlyArray<string>): void {
    if (value === undefined || allowed.includes(value)) return;
    this.add(path, value, `satisfy enum value set: [${allowed.join(', ')}]`);
  }

  /** Regular-expression pattern (shown as the model writes it). */
  pattern(path: string, value: string | undefined, regex: RegExp, shown: string): void {
    if (value === undefined || regex.test(value)) return;
    this.add(path, value, `satisfy regular expression pattern: ${shown}`);
  }

  /** Throws the collected violations, if any, as a Coral ValidationException. */
  throwIfAny(): void {
    const n = this.#items.length;
    if (n === 0) return;
    throw awsError('ValidationException', `${n} validation error${n === 1 ? '' : 's'} detected: ${this.#items.join('; ')}`);
  }
}

function typeError(member: string, expected: string): Error {
  return awsError('SerializationException', `Cannot deserialize member '${member}': expected ${expected}.`);
}

/** An optional string member. */
export function readString(input: JsonObject, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw typeError(member, 'a string');
  return value;
}

/** An optional integer member (JSON number without fraction). */
export function readInteger(input: JsonObject, member: string): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(member, 'an integer');
  return value;
}

/** An optional list of strings. */
export function readStringList(input: JsonObject, member: string): string[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw typeError(member, 'a list');
  return value.map((item) => {
    if (typeof item !== 'string') throw typeError(member, 'a list of strings');
    return item;
  });
}

/** An optional list of structures. */
export function readStructList(input: JsonObject, member: string): JsonObject[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw typeError(member, 'a list');
  return value.map((item) => {
    if (!isJsonObject(item)) throw typeError(member, 'a list of structures');
    return item;
  });
}

/** True for a plain JSON object (not null, not a list). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
