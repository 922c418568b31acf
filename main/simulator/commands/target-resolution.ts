import type { SimulatedNode } from '../fleet-generator';
import type { FleetState } from '../fleet-state';
import { awsError } from '../wire-errors';

/**
 * Which nodes a SendCommand reaches (ssm-api.md §4.3 notes, §5.1). `InstanceIds` must all be
 * live, reachable nodes of the account or the whole call fails; `Targets` are resolved against
 * the fleet at send time — AND across entries, OR across values — and reach offline nodes too,
 * whose invocations then wait for a delivery that never comes.
 */

/** A Target as the request carries it. */
export interface TargetSpec {
  readonly Key: string;
  readonly Values: ReadonlyArray<string>;
}

/** A resolved target: the node, or only its id when a Targets InstanceIds value names no node. */
export interface ResolvedTarget {
  readonly instanceId: string;
  readonly node: SimulatedNode | undefined;
}

export const INSTANCE_ID_PATTERN = /(^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)/;

/** The ValidationException text AWS gives for targets it cannot read. */
export const MALFORMED_TARGETS =
  'Targets must be specified in one of the following formats: 1) 1 target with "Key=InstanceIds" and "Values=" a list of up to 50 instance IDs, ' +
  'or 2) Up to 5 targets, each of which can be either "Key=tag:<key>,Values=<tag_values>" or "Key=tag-key,Values=<tag_keys>", and each with up to 5 unique tag keys/values.';

const MAX_TAG_VALUES = 5;
const MAX_TARGET_IDS = 50;

/** Listed InstanceIds: duplicates, unknown or unreachable nodes fail the whole call. */
export function resolveInstanceIds(ids: ReadonlyArray<string>, fleet: FleetState, accountId: string): ResolvedTarget[] {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw awsError('DuplicateInstanceId');
    seen.add(id);
  }
  const bad = ids.filter((id) => fleet.find(id)?.info.PingStatus !== 'Online');
  if (bad.length > 0) {
    // The real message lists the ids in double brackets; an agent that is not online counts as invalid (§4.3).
    throw awsError('InvalidInstanceId', `Instances [[${bad.join(', ')}]] not in a valid state for account ${accountId}`);
  }
  return ids.map((id) => ({ instanceId: id, node: fleet.find(id) }));
}

/** Targets: checks their shape, then resolves them against the fleet in listing order. */
export function resolveTargets(targets: ReadonlyArray<TargetSpec>, fleet: FleetState): ResolvedTarget[] {
  const idTargets = targets.filter((t) => t.Key.toLowerCase() === 'instanceids');
  if (idTargets.length > 0) {
    const ids = idTargets[0]?.Values ?? [];
    if (targets.length !== 1 || ids.length === 0 || ids.length > MAX_TARGET_IDS || !ids.every((id) => INSTANCE_ID_PATTERN.test(id))) {
      throw awsError('ValidationException', MALFORMED_TARGETS);
    }
    // Unknown ids still get an invocation, which ends Undeliverable: the service resolves them lazily.
    return [...new Set(ids)].map((id) => ({ instanceId: id, node: fleet.find(id) }));
  }
  const tests = targets.map(targetTest);
  return fleet.nodes.filter((node) => tests.every((test) => test(node))).map((node) => ({ instanceId: node.InstanceId, node }));
}

function targetTest(target: TargetSpec): (node: SimulatedNode) => boolean {
  const values = new Set(target.Values);
  if (values.size === 0 || values.size > MAX_TAG_VALUES) throw awsError('ValidationException', MALFORMED_TARGETS);
  if (target.Key === 'tag-key') return (node) => node.tags.some((t) => values.has(t.Key));
  if (target.Key.startsWith('tag:') && target.Key.length > 4) {
    const key = target.Key.slice(4);
    return (node) => node.tags.some((t) => t.Key === key && values.has(t.Value));
  }
  if (target.Key.startsWith('resource-groups:')) {
    throw awsError('ValidationException', `The training fleet has no resource groups; target nodes by tag or InstanceIds instead of ${target.Key}.`);
  }
  throw awsError('ValidationException', MALFORMED_TARGETS);
}
