import { ConstraintViolations, readString, readStructList } from '../request-validation';
import type { JsonObject } from '../request-validation';
import type { OperationContext } from './operation-types';
import { readBoolean } from './get-parameter-op';

/**
 * PutParameter (ssm-api.md §4.9): version 1 on create, the next version with Overwrite, and the
 * service's refusals (ParameterAlreadyExists, name rules, AllowedPattern, tags with overwrite).
 * The value is never echoed in an error or a log: it may be a SecureString.
 */

const TYPES = ['String', 'StringList', 'SecureString'] as const;
const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'] as const;

/** Handles AmazonSSM.PutParameter. */
export function putParameter(input: JsonObject, context: OperationContext): object {
  const name = readString(input, 'Name');
  const value = readString(input, 'Value');
  const type = readString(input, 'Type');
  const description = readString(input, 'Description');
  const keyId = readString(input, 'KeyId');
  const allowedPattern = readString(input, 'AllowedPattern');
  const tier = readString(input, 'Tier');
  const dataType = readString(input, 'DataType');
  const overwrite = readBoolean(input, 'Overwrite');
  const tags = readStructList(input, 'Tags');
  const policies = readString(input, 'Policies');

  const v = new ConstraintViolations();
  if (v.required('name', name)) v.length('name', name, 1, 2048);
  // The value itself is never quoted back: Coral would, but it may be a secret.
  if (value === undefined) v.add('value', null, 'not be null');
  v.oneOf('type', type, TYPES);
  v.length('description', description, 0, 1024);
  v.length('keyId', keyId, 1, 256);
  v.pattern('keyId', keyId, /^([a-zA-Z0-9:/_-]+)$/, '^([a-zA-Z0-9:/_-]+)$');
  v.length('allowedPattern', allowedPattern, 0, 1024);
  v.oneOf('tier', tier, TIERS);
  v.length('dataType', dataType, 0, 128);
  v.length('tags', tags, 0, 1000);
  v.length('policies', policies, 1, 4096);
  v.throwIfAny();

  return context.parameters.put({
    name: name ?? '',
    value: value ?? '',
    type,
    description,
    overwrite,
    allowedPattern,
    keyId,
    tier,
    dataType,
    hasTags: tags !== undefined && tags.length > 0,
  });
}
