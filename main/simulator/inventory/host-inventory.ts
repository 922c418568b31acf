import type { InventoryRow } from '../inventory-types';
import { intBetween } from '../seeded-random';
import { nodeSoftware } from './application-inventory';
import { isoSeconds, profileStream } from './inventory-profile';
import type { InventoryProfile } from './inventory-profile';

/**
 * The other collected types of a node: AWS:Network, AWS:Service (Windows only, as the agent
 * collects services only there), AWS:WindowsUpdate (Win32_QuickFixEngineering, with PowerShell's
 * culture-formatted InstalledTime), AWS:File (the fleet's File association looks for java
 * binaries and log4j-core jars) and AWS:AWSComponent (AWS software, also listed in AWS:Application).
 */

const SALT_NETWORK = 0x6e657477;
const SALT_UPDATES = 0x6b627570;
const SALT_FILES = 0x66696c65;

function macAddress(profile: InventoryProfile): string {
  const r = profileStream(profile, SALT_NETWORK);
  // EC2 ENIs use locally administered addresses starting 02/06/0a/0e; on-premises NICs a vendor OUI.
  const first = profile.hybrid ? ['00:50:56', '00:15:5d'][intBetween(r, 0, 1)] ?? '00:50:56' : ['02', '06', '0a', '0e'][intBetween(r, 0, 3)] ?? '0a';
  const bytes = profile.hybrid ? 3 : 5;
  const rest = Array.from({ length: bytes }, () => intBetween(r, 0, 255).toString(16).padStart(2, '0'));
  const mac = [first, ...rest].join(':');
  return profile.windows ? mac.toUpperCase() : mac;
}

function ipv6LinkLocal(mac: string): string {
  const parts = mac.toLowerCase().split(':');
  const [a = '00', b = '00', c = '00', d = '00', e = '00', f = '00'] = parts;
  const flipped = (parseInt(a, 16) ^ 0x02).toString(16).padStart(2, '0');
  return `fe80::${flipped}${b}:${c}ff:fe${d}:${e}${f}`.replace(/:0+([0-9a-f])/g, ':$1');
}

/** AWS:Network rows: the primary interface (loopback is not reported). */
export function networkRows(profile: InventoryProfile): InventoryRow[] | undefined {
  if (!profile.hasInventory) return undefined;
  const ip = profile.node.info.IPAddress;
  const octets = ip.split('.');
  const mac = macAddress(profile);
  if (!profile.windows) {
    const name = profile.hybrid ? 'ens192' : profile.platform === 'al2023' || profile.platform === 'ubuntu2404' ? 'ens5' : 'eth0';
    return [{ Name: name, SubnetMask: '255.255.240.0', MacAddress: mac, IPV4: ip, IPV6: ipv6LinkLocal(mac) }];
  }
  const gateway = `${octets.slice(0, 3).join('.')}.1`;
  const dns = profile.hybrid ? `${octets.slice(0, 2).join('.')}.0.10` : `${octets.slice(0, 2).join('.')}.0.2`;
  return [
    {
      Name: profile.hybrid ? 'vmxnet3 Ethernet Adapter' : 'Amazon Elastic Network Adapter',
      SubnetMask: '255.255.240.0',
      Gateway: gateway,
      DHCPServer: gateway,
      DNSServer: dns,
      MacAddress: mac,
      IPV4: ip,
      IPV6: ipv6LinkLocal(mac),
    },
  ];
}

type Svc = readonly [name: string, display: string, type: string, status: string, start: string, dependedOn?: string, dependents?: string];

const WINDOWS_SERVICES: ReadonlyArray<Svc> = [
  ['AmazonSSMAgent', 'Amazon SSM Agent', 'Win32OwnProcess', 'Running', 'Automatic'],
  ['AWSLiteAgent', 'AWS Lite Guest Agent', 'Win32OwnProcess', 'Running', 'Automatic'],
  ['BFE', 'Base Filtering Engine', 'Win32ShareProcess', 'Running', 'Automatic', 'RpcSs', 'MpsSvc,IKEEXT'],
  ['CryptSvc', 'Cryptographic Services', 'Win32OwnProcess', 'Running', 'Automatic', 'RpcSs'],
  ['Dhcp', 'DHCP Client', 'Win32ShareProcess', 'Running', 'Automatic', 'NSI,Afd', 'WinHttpAutoProxySvc'],
  ['Dnscache', 'DNS Client', 'Win32ShareProcess', 'Running', 'Automatic', 'Tdx,nsi'],
  ['EventLog', 'Windows Event Log', 'Win32ShareProcess', 'Running', 'Automatic', '', 'Wecsvc'],
  ['gpsvc', 'Group Policy Client', 'Win32ShareProcess', 'Running', 'Automatic', 'RPCSS,Mup'],
  ['LanmanServer', 'Server', 'Win32ShareProcess', 'Running', 'Automatic', 'SamSS,Srv2'],
  ['LanmanWorkstation', 'Workstation', 'Win32ShareProcess', 'Running', 'Automatic', 'Bowser,MRxSmb20,NSI', 'SessionEnv,Netlogon'],
  ['MpsSvc', 'Windows Defender Firewall', 'Win32ShareProcess', 'Running', 'Automatic', 'mpsdrv,bfe'],
  ['Netlogon', 'Netlogon', 'Win32ShareProcess', 'Stopped', 'Manual', 'LanmanWorkstation'],
  ['RpcSs', 'Remote Procedure Call (RPC)', 'Win32ShareProcess', 'Running', 'Automatic', 'RpcEptMapper,DcomLaunch'],
  ['Schedule', 'Task Scheduler', 'Win32ShareProcess', 'Running', 'Automatic', 'RPCSS,SystemEventsBroker'],
  ['SessionEnv', 'Remote Desktop Configuration', 'Win32ShareProcess', 'Running', 'Manual', 'RPCSS,LanmanWorkstation'],
  ['Spooler', 'Print Spooler', 'Win32OwnProcess, InteractiveProcess', 'Stopped', 'Disabled', 'RPCSS,http'],
  ['TermService', 'Remote Desktop Services', 'Win32ShareProcess', 'Running', 'Manual', 'RPCSS', 'UmRdpService'],
  ['W32Time', 'Windows Time', 'Win32ShareProcess', 'Running', 'Automatic'],
  ['WinDefend', 'Microsoft Defender Antivirus Service', 'Win32OwnProcess', 'Running', 'Automatic', 'RpcSs'],
  ['WinRM', 'Windows Remote Management (WS-Management)', 'Win32ShareProcess', 'Running', 'Automatic', 'RPCSS,HTTP'],
  ['wuauserv', 'Windows Update', 'Win32ShareProcess', 'Stopped', 'Manual', 'rpcss'],
];

const ROLE_SERVICES: Readonly<Record<string, ReadonlyArray<Svc>>> = {
  web: [
    ['W3SVC', 'World Wide Web Publishing Service', 'Win32ShareProcess', 'Running', 'Automatic', 'WAS,HTTP'],
    ['WAS', 'Windows Process Activation Service', 'Win32ShareProcess', 'Running', 'Manual', 'RPCSS', 'W3SVC'],
  ],
  db: [
    ['MSSQLSERVER', 'SQL Server (MSSQLSERVER)', 'Win32OwnProcess', 'Running', 'Automatic', '', 'SQLSERVERAGENT'],
    ['SQLSERVERAGENT', 'SQL Server Agent (MSSQLSERVER)', 'Win32OwnProcess', 'Running', 'Automatic', 'MSSQLSERVER'],
    ['SQLBrowser', 'SQL Server Browser', 'Win32OwnProcess', 'Stopped', 'Disabled'],
  ],
};

function serviceRow([Name, DisplayName, ServiceType, Status, StartType, dependedOn = '', dependents = '']: Svc): InventoryRow {
  return { Name, DisplayName, ServiceType, Status, DependentServices: dependents, ServicesDependedOn: dependedOn, StartType };
}

/** AWS:Service rows (Windows nodes only). */
export function serviceRows(profile: InventoryProfile): InventoryRow[] | undefined {
  if (!profile.hasInventory || !profile.windows) return undefined;
  const rows = WINDOWS_SERVICES.map(serviceRow);
  for (const svc of ROLE_SERVICES[profile.role] ?? []) rows.push(serviceRow(svc));
  const names = new Set(nodeSoftware(profile).rows.map((r) => r.Name));
  if (names.has('AmazonCloudWatchAgent')) rows.push(serviceRow(['AmazonCloudWatchAgent', 'Amazon CloudWatch Agent', 'Win32OwnProcess', 'Running', 'Automatic']));
  if (names.has('Apache Tomcat 9.0 Tomcat9 (remove only)')) rows.push(serviceRow(['Tomcat9', 'Apache Tomcat 9.0 Tomcat9', 'Win32OwnProcess', 'Running', 'Automatic', 'Tcpip,Afd']));
  if (names.has('Jenkins 2.440.3')) rows.push(serviceRow(['Jenkins', 'Jenkins', 'Win32OwnProcess', 'Running', 'Automatic']));
  if (names.has('CrowdStrike Windows Sensor')) rows.push(serviceRow(['CSFalconService', 'CrowdStrike Falcon Sensor Service', 'Win32OwnProcess', 'Running', 'Automatic']));
  return rows;
}

type Kb = readonly [hotFixId: string, description: string, released: string];

const CUMULATIVE: Readonly<Record<string, ReadonlyArray<Kb>>> = {
  win2022: [
    ['KB5034129', 'Security Update', '2024-01-09'],
    ['KB5034770', 'Security Update', '2024-02-13'],
    ['KB5035857', 'Security Update', '2024-03-12'],
    ['KB5036909', 'Security Update', '2024-04-09'],
  ],
  win2019: [
    ['KB5034127', 'Security Update', '2024-01-09'],
    ['KB5034768', 'Security Update', '2024-02-13'],
    ['KB5035849', 'Security Update', '2024-03-12'],
  ],
};

const EXTRA_UPDATES: Readonly<Record<string, ReadonlyArray<Kb>>> = {
  win2022: [['KB5012170', 'Security Update', '2022-08-09']],
  win2019: [
    ['KB5005112', 'Update', '2021-08-10'],
    ['KB5012170', 'Security Update', '2022-08-09'],
  ],
};

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** PowerShell's en-US long date-time text at midnight, e.g. `Wednesday, January 10, 2024 12:00:00 AM`. */
export function quickFixDate(ms: number): string {
  const d = new Date(ms);
  return `${WEEKDAYS[d.getUTCDay()]}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} 12:00:00 AM`;
}

/** AWS:WindowsUpdate rows: the latest cumulative update the node took plus a few servicing entries. */
export function windowsUpdateRows(profile: InventoryProfile): InventoryRow[] | undefined {
  if (!profile.hasInventory || !profile.windows) return undefined;
  const r = profileStream(profile, SALT_UPDATES);
  const cumulative = CUMULATIVE[profile.platform] ?? [];
  // Patch lag: most nodes run one of the two newest updates, some are further behind.
  const lag = r() < 0.6 ? 0 : r() < 0.7 ? 1 : intBetween(r, 1, cumulative.length - 1);
  const chosen = cumulative[Math.max(0, cumulative.length - 1 - lag)];
  const rows: InventoryRow[] = [];
  for (const kb of [...(EXTRA_UPDATES[profile.platform] ?? []), ...(chosen ? [chosen] : [])]) {
    const installed = Date.parse(`${kb[2]}T00:00:00Z`) + intBetween(r, 0, 9) * 86_400_000;
    const unknownDate = r() < 0.05;
    rows.push({
      HotFixId: kb[0],
      Description: kb[1],
      InstalledTime: unknownDate || installed > profile.captureMs ? '' : quickFixDate(installed),
      InstalledBy: r() < 0.8 ? 'NT AUTHORITY\\SYSTEM' : '',
    });
  }
  return rows;
}

/** AWS:File rows: java binaries of each installed JDK/JRE and deployed log4j-core jars. */
export function fileRows(profile: InventoryProfile): InventoryRow[] | undefined {
  if (!profile.hasInventory) return undefined;
  const software = nodeSoftware(profile);
  const r = profileStream(profile, SALT_FILES);
  const rows: InventoryRow[] = [];
  const stamp = (): string => isoSeconds(profile.captureMs - intBetween(r, 3_600_000, 90 * 86_400_000));
  for (const java of software.java) {
    const modified = stamp();
    if (profile.windows) {
      rows.push({
        Name: 'java.exe',
        Size: String(intBetween(r, 38_000, 330_000)),
        Description: java.productName.includes('Java(TM)') ? 'Java(TM) Platform SE binary' : 'OpenJDK Platform binary',
        FileVersion: java.fileVersion,
        InstalledDate: modified,
        ModificationTime: modified,
        LastAccessTime: isoSeconds(profile.captureMs - intBetween(r, 60_000, 86_400_000)),
        ProductName: java.productName,
        InstalledDir: `${java.home}\\bin`,
        ProductLanguage: '0',
        CompanyName: java.companyName,
        ProductVersion: java.fileVersion,
      });
    } else {
      rows.push({
        Name: 'java',
        Size: String(intBetween(r, 12_000, 16_500)),
        InstalledDate: modified,
        ModificationTime: modified,
        LastAccessTime: isoSeconds(profile.captureMs - intBetween(r, 60_000, 86_400_000)),
        InstalledDir: `${java.home}/bin`,
      });
    }
  }
  for (const jar of software.log4jJars) {
    const modified = stamp();
    rows.push({
      Name: `log4j-core-${jar.version}.jar`,
      Size: String(1_700_000 + intBetween(r, 0, 200_000)),
      InstalledDate: modified,
      ModificationTime: modified,
      LastAccessTime: isoSeconds(profile.captureMs - intBetween(r, 60_000, 86_400_000)),
      InstalledDir: jar.dir,
    });
  }
  return rows;
}

const AWS_COMPONENTS = new Set([
  'amazon-ssm-agent',
  'amazon-cloudwatch-agent',
  'AmazonCloudWatchAgent',
  'awscli-2',
  'Amazon SSM Agent',
  'AWS Tools for Windows',
  'aws-cfn-bootstrap',
  'AWS PV Drivers',
  'AWS Command Line Interface v2',
]);

/** AWS:AWSComponent rows: the AWS software among the node's applications (§2.6). */
export function awsComponentRows(profile: InventoryProfile): InventoryRow[] | undefined {
  if (!profile.hasInventory) return undefined;
  const out: InventoryRow[] = [];
  for (const row of nodeSoftware(profile).rows) {
    if (!AWS_COMPONENTS.has(row.Name ?? '')) continue;
    const c: Record<string, string> = { Name: row.Name ?? '', Publisher: row.Publisher ?? '', Version: row.Version ?? '' };
    if (row.ApplicationType !== undefined) c.ApplicationType = row.ApplicationType;
    if (row.InstalledTime !== undefined) c.InstalledTime = row.InstalledTime;
    c.Architecture = row.Architecture ?? '';
    if (row.URL !== undefined) c.URL = row.URL;
    out.push(c);
  }
  return out;
}
