import type { InstanceInformation, Tag as SsmTag } from '@aws-sdk/client-ssm';
import type { PingStatus } from '../../preload/contract/fleet';

/** A tag as the store and the grid keep it. */
export interface NodeTag {
  key: string;
  value: string;
}

/** What one DescribeInstanceInformation item contributes to a stored node (tags come separately). */
export interface SyncedNode {
  instanceId: string;
  name: string;
  computerName: string;
  pingStatus: PingStatus;
  lastPingAt: number | null;
  platformType: string;
  platformName: string;
  platformVersion: string;
  agentVersion: string;
  isLatestVersion: boolean | null;
  ipAddress: string;
  resourceType: string;
  accountId: string;
  region: string;
}

const pingStatuses: readonly PingStatus[] = ['Online', 'ConnectionLost', 'Inactive'];

/** Maps an SSM InstanceInformation item; items without an id are skipped by returning null. */
export function toSyncedNode(info: InstanceInformation, location: { accountId: string; region: string }): SyncedNode | null {
  if (!info.InstanceId) return null;
  const ping = pingStatuses.includes(info.PingStatus as PingStatus) ? (info.PingStatus as PingStatus) : 'Inactive';
  return {
    instanceId: info.InstanceId,
    // Hybrid nodes carry their Name here; EC2 names come from the Name tag once tags are read.
    name: info.Name ?? '',
    computerName: info.ComputerName ?? '',
    pingStatus: ping,
    lastPingAt: info.LastPingDateTime ? info.LastPingDateTime.getTime() : null,
    platformType: info.PlatformType ?? '',
    platformName: info.PlatformName ?? '',
    platformVersion: info.PlatformVersion ?? '',
    agentVersion: info.AgentVersion ?? '',
    isLatestVersion: info.IsLatestVersion ?? null,
    ipAddress: info.IPAddress ?? '',
    resourceType: info.ResourceType ?? '',
    accountId: location.accountId,
    region: location.region,
  };
}

/** Maps SSM tags (ListTagsForResource) to ours, sorted so the grid shows them in a stable order. */
export function toNodeTags(tags: ReadonlyArray<SsmTag> | undefined): NodeTag[] {
  return (tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' })).filter((t) => t.key).sort(byKey);
}

/** Maps the `AWS:Tag` inventory content rows (`[{Key, Value}]`, all strings). */
export function inventoryContentToTags(content: ReadonlyArray<Record<string, string>> | undefined): NodeTag[] {
  return (content ?? []).map((row) => ({ key: row.Key ?? '', value: row.Value ?? '' })).filter((t) => t.key).sort(byKey);
}

function byKey(a: NodeTag, b: NodeTag): number {
  // Name first: it is what an operator scans for.
  if (a.key === 'Name') return -1;
  if (b.key === 'Name') return 1;
  return a.key.localeCompare(b.key);
}
