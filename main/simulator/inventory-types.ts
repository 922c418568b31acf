import type { SimulatedNode } from './fleet-generator';
import { nodeSoftware } from './inventory/application-inventory';
import { awsComponentRows, fileRows, networkRows, serviceRows, windowsUpdateRows } from './inventory/host-inventory';
import { inventoryProfile } from './inventory/inventory-profile';
import type { InventoryProfile } from './inventory/inventory-profile';

/**
 * The inventory types the training fleet knows (ssm-api.md §6). A type with a `content` function
 * has data (generated per node on demand, see inventory/); the others are valid names with
 * nothing collected in the training fleet.
 */

/** One inventory row: attribute → string value (numbers are numeric strings on the wire). */
export type InventoryRow = Readonly<Record<string, string>>;

/** A type's data for one node, as GetInventory puts it under `Data[TypeName]`. */
export interface InventoryResultItem {
  readonly TypeName: string;
  readonly SchemaVersion: string;
  readonly CaptureTime: string;
  readonly Content: ReadonlyArray<InventoryRow>;
}

/** What the simulator knows about one inventory type. */
export interface InventoryTypeSpec {
  readonly typeName: string;
  readonly schemaVersion: string;
  readonly attributes: ReadonlyArray<string>;
  /** Attributes GetInventorySchema reports as NUMBER (all others are STRING). */
  readonly numberAttributes?: ReadonlyArray<string>;
  /** GetInventorySchema with `Aggregator=true`: the display name and the attributes that aggregate. */
  readonly aggregator?: { readonly displayName: string; readonly attributes: ReadonlyArray<string> };
  /** The node's rows, or undefined when the node has no data of this type. */
  readonly content?: (node: SimulatedNode) => ReadonlyArray<InventoryRow> | undefined;
}

function collected(rows: (profile: InventoryProfile) => ReadonlyArray<InventoryRow> | undefined): (node: SimulatedNode) => ReadonlyArray<InventoryRow> | undefined {
  return (node) => rows(inventoryProfile(node));
}

function applicationRows(profile: InventoryProfile): ReadonlyArray<InventoryRow> | undefined {
  return profile.hasInventory ? nodeSoftware(profile).rows : undefined;
}

function instanceInformationRows(node: SimulatedNode): InventoryRow[] {
  const info = node.info;
  // Attribute names and alphabetical order as in AWS's get-inventory samples.
  const row: Record<string, string> = {
    AgentType: 'amazon-ssm-agent',
    AgentVersion: info.AgentVersion,
    ComputerName: info.ComputerName,
  };
  if (info.IamRole !== undefined) row.IamRole = info.IamRole;
  row.InstanceId = info.InstanceId;
  row.InstanceStatus = 'Active';
  row.IpAddress = info.IPAddress;
  row.PlatformName = info.PlatformName;
  row.PlatformType = info.PlatformType;
  row.PlatformVersion = info.PlatformVersion;
  row.ResourceType = info.ResourceType;
  return [row];
}

function tagRows(node: SimulatedNode): InventoryRow[] | undefined {
  return node.tags.length === 0 ? undefined : node.tags.map((t) => ({ Key: t.Key, Value: t.Value }));
}

const SPECS: ReadonlyArray<InventoryTypeSpec> = [
  {
    typeName: 'AWS:InstanceInformation',
    schemaVersion: '1.0',
    attributes: [
      'AgentType',
      'AgentVersion',
      'ComputerName',
      'IamRole',
      'InstanceId',
      'IpAddress',
      'PlatformName',
      'PlatformType',
      'PlatformVersion',
      'ResourceType',
      'AgentStatus',
      'InstanceStatus',
    ],
    aggregator: { displayName: 'Platform', attributes: ['PlatformName', 'PlatformType', 'PlatformVersion'] },
    content: instanceInformationRows,
  },
  { typeName: 'AWS:Tag', schemaVersion: '1.0', attributes: ['Key', 'Value'], content: tagRows },
  {
    typeName: 'AWS:Application',
    schemaVersion: '1.1',
    attributes: ['Name', 'ApplicationType', 'Publisher', 'Version', 'Release', 'Epoch', 'InstalledTime', 'Architecture', 'URL', 'Summary', 'PackageId'],
    aggregator: { displayName: 'Application', attributes: ['Name', 'Version'] },
    content: collected(applicationRows),
  },
  {
    typeName: 'AWS:File',
    schemaVersion: '1.0',
    attributes: ['Name', 'Size', 'Description', 'FileVersion', 'InstalledDate', 'ModificationTime', 'LastAccessTime', 'ProductName', 'InstalledDir', 'ProductLanguage', 'CompanyName', 'ProductVersion'],
    content: collected(fileRows),
  },
  {
    typeName: 'AWS:AWSComponent',
    schemaVersion: '1.0',
    attributes: ['Name', 'ApplicationType', 'Publisher', 'Version', 'InstalledTime', 'Architecture', 'URL'],
    content: collected(awsComponentRows),
  },
  {
    typeName: 'AWS:WindowsUpdate',
    schemaVersion: '1.0',
    attributes: ['HotFixId', 'Description', 'InstalledTime', 'InstalledBy'],
    aggregator: { displayName: 'Update', attributes: ['HotFixId'] },
    content: collected(windowsUpdateRows),
  },
  {
    typeName: 'AWS:Network',
    schemaVersion: '1.0',
    attributes: ['Name', 'SubnetMask', 'Gateway', 'DHCPServer', 'DNSServer', 'MacAddress', 'IPV4', 'IPV6'],
    content: collected(networkRows),
  },
  {
    typeName: 'AWS:Service',
    schemaVersion: '1.0',
    attributes: ['Name', 'DisplayName', 'ServiceType', 'Status', 'DependentServices', 'ServicesDependedOn', 'StartType'],
    content: collected(serviceRows),
  },
  { typeName: 'AWS:ResourceGroup', schemaVersion: '1.0', attributes: ['Name', 'Arn'] },
  { typeName: 'AWS:BillingInfo', schemaVersion: '1.0', attributes: ['BillingProductId'] },
  {
    typeName: 'AWS:InstanceDetailedInformation',
    schemaVersion: '1.0',
    attributes: ['CPUModel', 'CPUCores', 'CPUs', 'CPUSpeedMHz', 'CPUSockets', 'CPUHyperThreadEnabled', 'OSServicePack'],
    numberAttributes: ['CPUCores', 'CPUs', 'CPUSpeedMHz', 'CPUSockets'],
  },
  { typeName: 'AWS:WindowsRegistry', schemaVersion: '1.0', attributes: ['KeyPath', 'ValueName', 'ValueType', 'Value'] },
  {
    typeName: 'AWS:WindowsRole',
    schemaVersion: '1.0',
    attributes: ['Name', 'DisplayName', 'Path', 'FeatureType', 'DependsOn', 'Description', 'Installed', 'InstalledState', 'SubFeatures', 'ServerComponentDescriptor', 'Parent'],
  },
  {
    typeName: 'AWS:Certificate',
    schemaVersion: '1.0',
    attributes: ['Name', 'SignatureAlgorithm', 'KeyAlgorithm', 'SerialNumber', 'Issuer', 'ValidityFrom', 'ValidityTo', 'Subject'],
  },
  {
    typeName: 'AWS:Process',
    schemaVersion: '1.0',
    attributes: ['StartTime', 'CommandLine', 'User', 'FileName', 'FileVersion', 'FileDescription', 'FileSize', 'CompanyName', 'ProductName', 'ProductVersion', 'InstalledDate', 'InstalledDir', 'UsageId'],
  },
  {
    typeName: 'AWS:PatchSummary',
    schemaVersion: '1.0',
    attributes: ['PatchGroup', 'BaselineId', 'SnapshotId', 'OwnerInformation', 'InstalledCount', 'InstalledPendingRebootCount', 'InstalledOtherCount', 'InstalledRejectedCount', 'NotApplicableCount', 'UnreportedNotApplicableCount', 'MissingCount', 'FailedCount', 'OperationType', 'OperationStartTime', 'OperationEndTime', 'InstallOverrideList', 'RebootOption', 'LastNoRebootInstallOperationTime', 'ExecutionId', 'NonCompliantSeverity', 'SecurityNonCompliantCount', 'CriticalNonCompliantCount', 'OtherNonCompliantCount'],
    numberAttributes: ['InstalledCount', 'InstalledPendingRebootCount', 'InstalledOtherCount', 'InstalledRejectedCount', 'NotApplicableCount', 'UnreportedNotApplicableCount', 'MissingCount', 'FailedCount', 'SecurityNonCompliantCount', 'CriticalNonCompliantCount', 'OtherNonCompliantCount'],
  },
  { typeName: 'AWS:PatchCompliance', schemaVersion: '1.0', attributes: ['Title', 'KBId', 'Classification', 'Severity', 'State', 'InstalledTime'] },
  {
    typeName: 'AWS:ComplianceItem',
    schemaVersion: '1.0',
    attributes: ['ComplianceType', 'ExecutionId', 'ExecutionType', 'ExecutionTime', 'Id', 'Title', 'Status', 'Severity', 'DocumentName', 'DocumentVersion', 'Classification', 'PatchBaselineId', 'PatchSeverity', 'PatchState', 'PatchGroup', 'InstalledTime', 'InstallOverrideList', 'DetailedText', 'DetailedLink', 'CVEIds'],
  },
  {
    typeName: 'AWS:ComplianceSummary',
    schemaVersion: '1.0',
    attributes: ['ComplianceType', 'PatchGroup', 'PatchBaselineId', 'Status', 'OverallSeverity', 'ExecutionId', 'ExecutionType', 'ExecutionTime'],
  },
];

/** Every inventory type the simulator answers for, by TypeName. */
export const INVENTORY_TYPES: ReadonlyMap<string, InventoryTypeSpec> = new Map(SPECS.map((s) => [s.typeName, s]));

/** GetInventory's default result type when no ResultAttributes are given. */
export const DEFAULT_INVENTORY_TYPE = 'AWS:InstanceInformation';

/** The node's item of this type, or undefined when it has none. */
export function inventoryItem(spec: InventoryTypeSpec, node: SimulatedNode): InventoryResultItem | undefined {
  const content = spec.content?.(node);
  if (content === undefined) return undefined;
  return { TypeName: spec.typeName, SchemaVersion: spec.schemaVersion, CaptureTime: node.inventoryCaptureTime, Content: content };
}
