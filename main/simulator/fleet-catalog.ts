/**
 * The vocabulary of the training fleet: platforms, agent releases, environments, roles and
 * applications, with the weights the generator draws them by. Values are spelled the way the
 * SSM agent reports them (PlatformName "Amazon Linux", "Microsoft Windows Server 2022 Datacenter").
 */

/** An operating system as DescribeInstanceInformation reports it. */
export interface PlatformSpec {
  readonly PlatformType: 'Linux' | 'Windows';
  readonly PlatformName: string;
  /** One is drawn per node (point releases of the same major). */
  readonly versions: ReadonlyArray<string>;
  /** Short family name used for hostnames and roles. */
  readonly family: 'amzn' | 'ubuntu' | 'rhel' | 'sles' | 'debian' | 'windows';
}

/** Linux platforms and their weights within the Linux share. */
export const LINUX_PLATFORMS: ReadonlyArray<readonly [PlatformSpec, number]> = [
  [{ PlatformType: 'Linux', PlatformName: 'Amazon Linux', versions: ['2023'], family: 'amzn' }, 30],
  [{ PlatformType: 'Linux', PlatformName: 'Ubuntu', versions: ['22.04'], family: 'ubuntu' }, 15],
  [{ PlatformType: 'Linux', PlatformName: 'Ubuntu', versions: ['24.04'], family: 'ubuntu' }, 15],
  [{ PlatformType: 'Linux', PlatformName: 'Red Hat Enterprise Linux', versions: ['8.8', '8.10'], family: 'rhel' }, 10],
  [{ PlatformType: 'Linux', PlatformName: 'Red Hat Enterprise Linux', versions: ['9.2', '9.4'], family: 'rhel' }, 12],
  [{ PlatformType: 'Linux', PlatformName: 'SLES', versions: ['15.5', '15.6'], family: 'sles' }, 8],
  [{ PlatformType: 'Linux', PlatformName: 'Debian GNU/Linux', versions: ['12'], family: 'debian' }, 10],
];

/** Windows platforms and their weights within the Windows share. */
export const WINDOWS_PLATFORMS: ReadonlyArray<readonly [PlatformSpec, number]> = [
  [{ PlatformType: 'Windows', PlatformName: 'Microsoft Windows Server 2019 Datacenter', versions: ['10.0.17763'], family: 'windows' }, 40],
  [{ PlatformType: 'Windows', PlatformName: 'Microsoft Windows Server 2022 Datacenter', versions: ['10.0.20348'], family: 'windows' }, 60],
];

/** Share of Windows nodes in the fleet. */
export const WINDOWS_SHARE = 0.35;
/** Share of hybrid (`mi-`) nodes in the fleet. */
export const HYBRID_SHARE = 0.25;
/** Share of nodes whose agent stopped answering (running, failing the health check). */
export const CONNECTION_LOST_SHARE = 0.07;
/** Share of nodes that are Inactive (long gone silent). */
export const INACTIVE_SHARE = 0.02;
/** Share of nodes carrying only a Name tag or no tag at all. */
export const FEW_TAGS_SHARE = 0.03;
/** Share of tagged nodes that carry a CostCenter tag. */
export const COST_CENTER_SHARE = 0.6;

/** The newest SSM agent release in the training world; IsLatestVersion compares against it. */
export const LATEST_AGENT_VERSION = '3.3.1142.0';

/** Agent releases seen across the fleet, newest first, with how common each is. */
export const AGENT_VERSIONS: ReadonlyArray<readonly [string, number]> = [
  [LATEST_AGENT_VERSION, 52],
  ['3.3.987.0', 16],
  ['3.3.40.0', 8],
  ['3.2.2303.0', 10],
  ['3.2.1705.0', 7],
  ['3.1.1732.0', 5],
  ['3.0.1390.0', 2],
];

/** Environment tag values, weights, and the second octet of their VPC CIDRs. */
export const ENVIRONMENTS: ReadonlyArray<readonly [{ name: string; octet: number }, number]> = [
  [{ name: 'prod', octet: 10 }, 40],
  [{ name: 'staging', octet: 20 }, 20],
  [{ name: 'dev', octet: 30 }, 25],
  [{ name: 'test', octet: 40 }, 15],
];

/** Role tag values by platform: Windows hosts are not caches or batch boxes in this world. */
export const LINUX_ROLES: ReadonlyArray<readonly [string, number]> = [
  ['web', 25],
  ['app', 25],
  ['db', 12],
  ['cache', 8],
  ['batch', 15],
  ['jump', 5],
];
/** Role tag values of Windows nodes. */
export const WINDOWS_ROLES: ReadonlyArray<readonly [string, number]> = [
  ['web', 30],
  ['app', 35],
  ['db', 25],
  ['jump', 10],
];

/** An application, the team that owns it and its cost centre. */
export interface ApplicationSpec {
  readonly name: string;
  readonly team: string;
  readonly costCenter: string;
  readonly windows: boolean;
}

/** Applications the fleet runs; `windows` marks those that also run on Windows. */
export const APPLICATIONS: ReadonlyArray<ApplicationSpec> = [
  { name: 'checkout', team: 'payments', costCenter: 'CC-1040', windows: false },
  { name: 'ledger', team: 'payments', costCenter: 'CC-1040', windows: true },
  { name: 'catalog', team: 'storefront', costCenter: 'CC-1120', windows: false },
  { name: 'search', team: 'discovery', costCenter: 'CC-1130', windows: false },
  { name: 'identity', team: 'identity', costCenter: 'CC-1210', windows: true },
  { name: 'reporting', team: 'data', costCenter: 'CC-1310', windows: true },
  { name: 'etl', team: 'data', costCenter: 'CC-1310', windows: false },
  { name: 'crm', team: 'sales-systems', costCenter: 'CC-1420', windows: true },
  { name: 'intranet', team: 'it-ops', costCenter: 'CC-1500', windows: true },
  { name: 'monitoring', team: 'platform', costCenter: 'CC-1010', windows: false },
];

/** On-premises sites of hybrid nodes, with the private range each uses. */
export const HYBRID_SITES: ReadonlyArray<{ readonly name: string; readonly ipPrefix: string }> = [
  { name: 'dc1', ipPrefix: '192.168' },
  { name: 'dc2', ipPrefix: '172.20' },
  { name: 'lon1', ipPrefix: '172.24' },
];

/** IAM roles of the hybrid activations (role names, as the API reports them). */
export const ACTIVATION_ROLES: ReadonlyArray<string> = [
  'SSMServiceRole',
  'service-role/AmazonEC2RunCommandRoleForManagedInstances',
  'CapstanHybridNodesRole',
];

/** How many hybrid activations the fleet's `mi-` nodes were registered with. */
export const ACTIVATION_COUNT = 6;

/** Association outcomes; `none` means the node has no association at all. */
export const ASSOCIATION_OUTCOMES: ReadonlyArray<readonly ['Success' | 'Pending' | 'Failed' | 'none', number]> = [
  ['Success', 85],
  ['Pending', 4],
  ['Failed', 6],
  ['none', 5],
];

/** "eu-west-1" → "euw1", as teams abbreviate regions in host names. */
export function regionShortCode(region: string): string {
  const [area = 'xx', direction = '', number = ''] = region.split('-');
  const dir = direction
    .replace('north', 'n')
    .replace('south', 's')
    .replace('east', 'e')
    .replace('west', 'w')
    .replace('central', 'c');
  return `${area}${dir}${number}`;
}
