import { ConstraintViolations, readString } from '../request-validation';
import type { JsonObject } from '../request-validation';
import { awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';

/**
 * ListTagsForResource (ssm-api.md §4.1). Only hybrid nodes are taggable through SSM: an EC2 id
 * with ResourceType ManagedInstance is refused with the service's ValidationException text, and
 * an unknown `mi-` id gets `{"__type":"InvalidResourceId"}` with no message, as captured from AWS.
 */

const RESOURCE_TYPES = [
  'Document',
  'ManagedInstance',
  'MaintenanceWindow',
  'Parameter',
  'PatchBaseline',
  'OpsItem',
  'OpsMetadata',
  'Automation',
  'Association',
] as const;

const MANAGED_INSTANCE_ID = /^mi-[0-9a-f]{17}$/;

/** Handles AmazonSSM.ListTagsForResource. */
export function listTagsForResource(input: JsonObject, context: OperationContext): object {
  const resourceType = readString(input, 'ResourceType');
  const resourceId = readString(input, 'ResourceId');

  const v = new ConstraintViolations();
  if (v.required('resourceType', resourceType)) v.oneOf('resourceType', resourceType, RESOURCE_TYPES);
  v.required('resourceId', resourceId);
  v.throwIfAny();

  // The training account holds no documents, windows, parameters, baselines, OpsItems or
  // automations yet, so only managed nodes can be asked about.
  if (resourceType !== 'ManagedInstance') throw awsError('InvalidResourceType');
  if (!MANAGED_INSTANCE_ID.test(resourceId ?? '')) {
    throw awsError('ValidationException', 'resourceId should be in format mi-[0-9a-f]{17} for resource type ManagedInstance');
  }
  const node = context.fleet.find(resourceId ?? '');
  if (!node) throw awsError('InvalidResourceId');
  return { TagList: node.tags.map((t) => ({ Key: t.Key, Value: t.Value })) };
}
