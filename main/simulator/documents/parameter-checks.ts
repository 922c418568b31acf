import type { SimDocument, SimDocumentParameter } from './document-catalog';

/**
 * SendCommand's parameter checks (ssm-api.md §4.3 notes, §4.4 preamble): every declared parameter
 * without a default is required, undeclared names are refused, and each value is checked against
 * the parameter's type, allowedValues, allowedPattern (whole value, as the service matches it) and
 * min/max items/chars. Values that are a Parameter Store reference (`{{ssm:name}}`) are checked
 * after resolution, by the caller that can resolve them.
 */

type MakeError = (message: string) => Error;

const SSM_REFERENCE = /\{\{\s*ssm:[^{}]+\}\}/;
// re2 (the service's engine) has no look-around and no back-references; refuse them instead of
// letting JavaScript accept a pattern SSM would reject.
const RE2_UNSUPPORTED = /\(\?<?[=!]|\\[1-9]/;

/** True when a value refers to Parameter Store and must be resolved before it is checked. */
export function hasSsmReference(value: string): boolean {
  return SSM_REFERENCE.test(value);
}

/** Compiles an allowedPattern to match a whole value; throws when re2 would not accept it. */
export function compileAllowedPattern(pattern: string): RegExp {
  if (RE2_UNSUPPORTED.test(pattern)) {
    throw new Error(`allowedPattern ${pattern} uses look-around or a back-reference, which SSM's regular expressions do not support.`);
  }
  return new RegExp(`^(?:${pattern})$`);
}

/** Checks `values` against the document's parameters and returns them with defaults filled in. */
export function resolveDocumentParameters(
  doc: SimDocument,
  values: Readonly<Record<string, ReadonlyArray<string>>>,
  makeError: MakeError,
): Record<string, string[]> {
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(doc.parameters, name)) {
      throw makeError(`Parameter "${name}" is not defined in document ${doc.name}. Its parameters are: ${declaredNames(doc)}.`);
    }
  }
  const resolved: Record<string, string[]> = {};
  for (const [name, declaration] of Object.entries(doc.parameters)) {
    const given = values[name];
    if (given === undefined) {
      if (declaration.default === undefined) {
        throw makeError(`Parameter "${name}" is required by document ${doc.name} but was not provided.`);
      }
      resolved[name] = defaultValues(declaration.default);
      continue;
    }
    checkValues(doc.name, name, declaration, given, makeError);
    resolved[name] = [...given];
  }
  return resolved;
}

function declaredNames(doc: SimDocument): string {
  const names = Object.keys(doc.parameters);
  return names.length === 0 ? '(none)' : names.join(', ');
}

function defaultValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  return [JSON.stringify(value)];
}

function checkValues(
  documentName: string,
  name: string,
  declaration: SimDocumentParameter,
  given: ReadonlyArray<string>,
  makeError: MakeError,
): void {
  const label = `Parameter "${name}" of document ${documentName}`;
  if (declaration.type === 'StringList' || declaration.type === 'MapList') {
    if (declaration.minItems !== undefined && given.length < declaration.minItems) {
      throw makeError(`${label} needs at least ${declaration.minItems} item${declaration.minItems === 1 ? '' : 's'}; got ${given.length}.`);
    }
    if (declaration.maxItems !== undefined && given.length > declaration.maxItems) {
      throw makeError(`${label} takes at most ${declaration.maxItems} items; got ${given.length}.`);
    }
  } else if (given.length !== 1) {
    throw makeError(`${label} is of type ${declaration.type} and takes exactly one value; got ${given.length}.`);
  }
  for (const value of given) {
    // A Parameter Store reference is checked once resolved (step-rendering.ts).
    if (hasSsmReference(value)) continue;
    checkTypedValue(label, declaration, value, makeError);
    checkConstraints(label, declaration, value, makeError);
  }
}

function checkTypedValue(label: string, declaration: SimDocumentParameter, value: string, makeError: MakeError): void {
  if (declaration.type === 'Integer' && !/^-?[0-9]+$/.test(value)) {
    throw makeError(`${label} is of type Integer; ${JSON.stringify(value)} is not an integer.`);
  }
  if (declaration.type === 'Boolean' && value !== 'true' && value !== 'false') {
    throw makeError(`${label} is of type Boolean; ${JSON.stringify(value)} is neither true nor false.`);
  }
  if (declaration.type === 'StringMap' || declaration.type === 'MapList') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw makeError(`${label} is of type ${declaration.type}; ${JSON.stringify(value)} is not valid JSON.`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw makeError(`${label} is of type ${declaration.type}; each value must be a JSON object.`);
    }
  }
}

/** allowedValues, allowedPattern and min/max chars, on a value with no Parameter Store reference. */
export function checkConstraints(label: string, declaration: SimDocumentParameter, value: string, makeError: MakeError): void {
  if (declaration.minChars !== undefined && value.length < declaration.minChars) {
    throw makeError(`${label} must have at least ${declaration.minChars} characters; ${JSON.stringify(value)} has ${value.length}.`);
  }
  if (declaration.maxChars !== undefined && value.length > declaration.maxChars) {
    throw makeError(`${label} may have at most ${declaration.maxChars} characters; the value has ${value.length}.`);
  }
  if (declaration.allowedValues !== undefined && !declaration.allowedValues.includes(value)) {
    throw makeError(`${label} value ${JSON.stringify(value)} is not one of the allowed values: ${declaration.allowedValues.join(', ')}.`);
  }
  if (declaration.allowedPattern !== undefined && !compileAllowedPattern(declaration.allowedPattern).test(value)) {
    throw makeError(`${label} value ${JSON.stringify(value)} does not match the allowed pattern ${declaration.allowedPattern}.`);
  }
}
