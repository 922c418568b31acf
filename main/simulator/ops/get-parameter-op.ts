import { ConstraintViolations, readString } from '../request-validation';
import type { JsonObject } from '../request-validation';
import { awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';

/**
 * GetParameter (ssm-api.md §4.9): `name`, `name:version`, `name:label` or a parameter ARN;
 * a missing parameter is ParameterNotFound with an empty message, exactly as AWS answers.
 */

/** Handles AmazonSSM.GetParameter. */
export function getParameter(input: JsonObject, context: OperationContext): object {
  const name = readString(input, 'Name');
  const withDecryption = readBoolean(input, 'WithDecryption') ?? false;
  const v = new ConstraintViolations();
  if (v.required('name', name)) v.length('name', name, 1, 2048);
  v.throwIfAny();
  return { Parameter: context.parameters.read(name ?? '', withDecryption) };
}

/** An optional boolean member (wrong JSON type → SerializationException, as the service decodes). */
export function readBoolean(input: JsonObject, member: string): boolean | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw awsError('SerializationException', `Cannot deserialize member '${member}': expected a boolean.`);
  return value;
}
