import type { InventoryRow } from '../inventory-types';
import { intBetween, pickWeighted } from '../seeded-random';
import type { RandomSource } from '../seeded-random';
import { JAVA_OPTIONS, staleDebianJdk } from './java-packages';
import type { JavaInstall, JavaOption } from './java-packages';
import { guidFor, profileStream } from './inventory-profile';
import type { InventoryProfile, PlatformKey } from './inventory-profile';
import { LINUX_DISTROS, imageBuildMs, linuxBaseRows, linuxRow } from './linux-packages';
import type { LinuxDistro, LinuxPackage } from './linux-packages';
import {
  WINDOWS_ANY_ROLE,
  WINDOWS_ODDITIES,
  WINDOWS_ROLE_PRODUCTS,
  windowsBaseRows,
  windowsImageCount,
  windowsImageMs,
  windowsRow,
} from './windows-packages';

/**
 * A node's installed software (`AWS:Application`): the base system of the image it was launched
 * from, shared between nodes, plus what was installed on it since — SSM and CloudWatch agents,
 * an EDR sensor, its role's servers, zero to three Java installations and the look-alikes that
 * travel with them. Built on demand in well under a millisecond; nothing is stored per node.
 */

/** Everything the per-type generators derive from a node's software. */
export interface NodeSoftware {
  readonly rows: ReadonlyArray<InventoryRow>;
  readonly java: ReadonlyArray<JavaInstall>;
  /** Versions of log4j-core jars deployed with the node's Java applications. */
  readonly log4jJars: ReadonlyArray<{ readonly dir: string; readonly version: string }>;
}

const SALT_SOFTWARE = 0x736f6674;
const DAY = 86_400_000;

/** Chance that a node of a role has Java at all. */
const JAVA_SHARE: Readonly<Record<string, number>> = { app: 0.9, batch: 0.85, web: 0.45, db: 0.3, jump: 0.2, cache: 0.15 };

// A few hundred recent nodes cover a sync page and its retries; older entries are rebuilt.
const CACHE_LIMIT = 512;
const cache = new Map<string, NodeSoftware>();

/** The node's software, memoised for the last few hundred nodes asked about. */
export function nodeSoftware(profile: InventoryProfile): NodeSoftware {
  const key = `${profile.node.InstanceId}/${profile.node.inventoryCaptureTime}/${profile.role}/${profile.node.info.AgentVersion}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const software = profile.windows ? windowsSoftware(profile) : linuxSoftware(profile);
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, software);
  return software;
}

/** Epoch ms between `from` and the capture time (never after it). */
function installTime(random: RandomSource, from: number, captureMs: number): number {
  const end = Math.max(from, captureMs - 60_000);
  return from + Math.floor(random() * (end - from));
}

function pickJava(random: RandomSource, profile: InventoryProfile, from: number): JavaInstall[] {
  if (random() >= (JAVA_SHARE[profile.role] ?? 0.3)) return [];
  const count = 1 + (random() < 0.3 ? 1 : 0) + (random() < 0.08 ? 1 : 0);
  const options = [...JAVA_OPTIONS[profile.platform]];
  const out: JavaInstall[] = [];
  for (let i = 0; i < count && options.length > 0; i++) {
    const option: JavaOption = pickWeighted(random, options.map((o) => [o, o[1]] as const));
    options.splice(options.indexOf(option), 1);
    const level = pickWeighted(random, [
      [0, 2],
      [1, 3],
      [2, 5],
    ]);
    out.push(option[0]({ arch: profile.arch, installedMs: installTime(random, from, profile.captureMs), level }));
  }
  return out;
}

function log4jFor(random: RandomSource, java: ReadonlyArray<JavaInstall>, role: string, windows: boolean): Array<{ dir: string; version: string }> {
  if (java.length === 0 || (role !== 'app' && role !== 'batch')) return [];
  const version = pickWeighted(random, [
    ['2.17.1', 40],
    ['2.20.0', 30],
    ['2.23.1', 20],
    ['2.14.1', 7],
    ['2.12.4', 3],
  ] as const);
  return [{ dir: windows ? 'C:\\apps\\service\\lib' : '/opt/app/lib', version }];
}

function agentPackage(distro: LinuxDistro, profile: InventoryProfile): LinuxPackage | InventoryRow {
  const version = profile.node.info.AgentVersion;
  switch (distro.key) {
    case 'al2023':
      return { name: 'amazon-ssm-agent', version, release: '1.amzn2023', publisher: 'Amazon Linux' };
    case 'ubuntu2204':
    case 'ubuntu2404':
      // Ubuntu ships the agent as a snap; verified publishers carry `**` in non-terminal output.
      return { Name: 'amazon-ssm-agent', Publisher: 'aws**', Version: version, ApplicationType: 'admin', Architecture: '' };
    case 'debian12':
      return { name: 'amazon-ssm-agent', version: `${version}-1`, publisher: 'Amazon.com, Inc. <ec2-ssm-feedback@amazon.com>', group: 'admin' };
    default:
      // S3-built RPM, what AWS-UpdateSSMAgent installs where no repository build exists.
      return { name: 'amazon-ssm-agent', version, release: '1', publisher: 'Amazon.com', group: 'Amazon/Tools' };
  }
}

function cloudWatchPackage(distro: LinuxDistro): LinuxPackage {
  if (distro.key === 'al2023') return { name: 'amazon-cloudwatch-agent', version: '1.300033.0', release: '1.amzn2023', publisher: 'Amazon Linux' };
  if (distro.format === 'deb') return { name: 'amazon-cloudwatch-agent', version: '1.300032.3b392-1', publisher: 'Amazon.com, Inc.', group: 'admin' };
  // The S3 RPM has no Vendor or URL tag: rpm prints `(none)` and the agent passes it through.
  return { name: 'amazon-cloudwatch-agent', version: '1.300032.3b392', release: '1', publisher: '(none)', group: 'Applications/CloudWatch-Agent', url: '(none)' };
}

function falconPackage(distro: LinuxDistro): LinuxPackage {
  const publisher = 'CrowdStrike, Inc.';
  switch (distro.key) {
    case 'al2023':
      return { name: 'falcon-sensor', version: '7.18.0', release: '17106.amzn2023', publisher, group: 'Unspecified' };
    case 'rhel8':
      return { name: 'falcon-sensor', version: '7.10.0', release: '16303.el8', publisher, group: 'Unspecified' };
    case 'rhel9':
      return { name: 'falcon-sensor', version: '7.10.0', release: '16303.el9', publisher, group: 'Unspecified' };
    case 'sles15':
      return { name: 'falcon-sensor', version: '7.10.0', release: '16303.suse15', publisher, group: 'Unspecified' };
    default:
      return { name: 'falcon-sensor', version: '7.14.0-16703', publisher, group: 'misc' };
  }
}

type Choice = ReadonlyArray<LinuxPackage>;

/** Servers by distribution and role, each choice a set of packages installed together. */
function roleChoices(key: PlatformKey, role: string): ReadonlyArray<Choice> {
  const ubuntu = key === 'ubuntu2204' || key === 'ubuntu2404';
  const deb = ubuntu || key === 'debian12';
  const u = UBUNTU_SUFFIX[key] ?? '';
  switch (role) {
    case 'web':
      if (key === 'al2023') return [[{ name: 'nginx', version: '1.24.0', release: '1.amzn2023.0.2', epoch: '1' }], [{ name: 'httpd', version: '2.4.58', release: '1.amzn2023' }]];
      if (key === 'rhel8') return [[{ name: 'httpd', version: '2.4.37', release: '62.module+el8.9.0+19699+7a7a2044', group: 'System Environment/Daemons' }]];
      if (key === 'rhel9') return [[{ name: 'httpd', version: '2.4.57', release: '5.el9' }], [{ name: 'nginx', version: '1.20.1', release: '14.el9_2.1', epoch: '1' }]];
      if (key === 'sles15') return [[{ name: 'apache2', version: '2.4.51', release: '150400.6.14.1', group: 'Productivity/Networking/Web/Servers' }], [{ name: 'nginx', version: '1.21.5', release: '150400.3.3.1', group: 'Productivity/Networking/Web/Proxy' }]];
      if (key === 'ubuntu2204') return [[{ name: 'nginx', version: '1.18.0-6ubuntu14.4', group: 'httpd' }], [{ name: 'apache2', version: '2.4.52-1ubuntu4.8', group: 'httpd' }, { name: 'javascript-common', version: '11+nmu1', arch: 'all', group: 'web' }]];
      if (key === 'ubuntu2404') return [[{ name: 'nginx', version: '1.24.0-2ubuntu7', group: 'httpd' }], [{ name: 'apache2', version: '2.4.58-1ubuntu8.1', group: 'httpd' }]];
      return [[{ name: 'nginx', version: '1.22.1-9', group: 'httpd', publisher: 'Debian Nginx Maintainers <pkg-nginx-maintainers@alioth-lists.debian.net>' }], [{ name: 'apache2', version: '2.4.59-1~deb12u1', group: 'httpd', publisher: 'Debian Apache Maintainers <debian-apache@lists.debian.org>' }]];
    case 'app':
    case 'batch':
      if (key === 'rhel9' || key === 'rhel8') return [[{ name: 'tomcat', version: '9.0.62', release: '37.el9_3.1', epoch: '1', arch: 'noarch' }], [{ name: 'nodejs', version: '18.19.0', release: '1.module+el8.9.0', epoch: '1' }], []];
      if (key === 'al2023') return [[{ name: 'tomcat9', version: '9.0.82', release: '1.amzn2023.0.1', epoch: '1', arch: 'noarch' }], [{ name: 'nodejs', version: '18.12.1', release: '1.amzn2023.0.2', epoch: '1' }], []];
      if (key === 'ubuntu2204')
        return [
          [{ name: 'tomcat9', version: '9.0.58-1ubuntu0.1', arch: 'all', group: 'java' }, { name: 'libtomcat9-java', version: '9.0.58-1ubuntu0.1', arch: 'all', group: 'java' }, { name: 'liblog4j2-java', version: '2.17.1-1', arch: 'all', group: 'java' }],
          [{ name: 'nodejs', version: '12.22.9~dfsg-1ubuntu3.4', group: 'javascript' }],
          [],
        ];
      if (deb)
        return [
          [{ name: 'tomcat10', version: `10.1.16-1${u}`, arch: 'all', group: 'java' }, { name: 'libtomcat10-java', version: `10.1.16-1${u}`, arch: 'all', group: 'java' }, { name: 'liblog4j2-java', version: '2.19.0-1', arch: 'all', group: 'java' }],
          [{ name: 'libhtsjdk-java', version: '3.0.5+dfsg-1', arch: 'all', group: 'java' }],
          [],
        ];
      return [[]];
    case 'db':
      if (key === 'al2023') return [[{ name: 'mariadb105-server', version: '10.5.25', release: '1.amzn2023.0.1', epoch: '3' }, { name: 'mariadb105', version: '10.5.25', release: '1.amzn2023.0.1', epoch: '3' }], [{ name: 'postgresql15-server', version: '15.6', release: '1.amzn2023.0.1' }, { name: 'postgresql15', version: '15.6', release: '1.amzn2023.0.1' }]];
      if (key === 'rhel9') return [[{ name: 'postgresql-server', version: '13.11', release: '1.el9_2' }, { name: 'postgresql', version: '13.11', release: '1.el9_2' }], [{ name: 'mariadb-server', version: '10.5.22', release: '1.el9_2', epoch: '3' }]];
      if (key === 'rhel8') return [[{ name: 'postgresql-server', version: '10.23', release: '2.module+el8.8.0', group: 'Applications/Databases' }, { name: 'postgresql', version: '10.23', release: '2.module+el8.8.0', group: 'Applications/Databases' }]];
      if (key === 'sles15') return [[{ name: 'postgresql15-server', version: '15.6', release: '150200.5.23.1', group: 'Productivity/Databases/Servers' }]];
      if (key === 'ubuntu2204') return [[{ name: 'mysql-server-8.0', version: '8.0.36-0ubuntu0.22.04.1', group: 'database' }], [{ name: 'postgresql-16', version: '16.2-1.pgdg22.04+1', group: 'database', publisher: 'Debian PostgreSQL Maintainers <team+postgresql@tracker.debian.org>' }]];
      if (key === 'ubuntu2404') return [[{ name: 'postgresql-16', version: '16.2-1ubuntu4', group: 'database' }], [{ name: 'mysql-server-8.0', version: '8.0.36-2ubuntu3', group: 'database' }]];
      return [[{ name: 'mariadb-server', version: '1:10.11.6-0+deb12u1', group: 'database', publisher: 'Debian MySQL Maintainers <pkg-mysql-maint@lists.alioth.debian.org>' }], [{ name: 'postgresql-15', version: '15.6-0+deb12u1', group: 'database', publisher: 'Debian PostgreSQL Maintainers <team+postgresql@tracker.debian.org>' }]];
    case 'cache':
      if (deb) return [[{ name: 'redis-server', version: key === 'ubuntu2204' ? '5:6.0.16-1ubuntu1' : '5:7.0.15-1~deb12u1', group: 'database' }], [{ name: 'memcached', version: '1.6.14-1ubuntu0.1', group: 'web' }]];
      if (key === 'al2023') return [[{ name: 'redis6', version: '6.2.14', release: '1.amzn2023.0.1' }], [{ name: 'memcached', version: '1.6.21', release: '1.amzn2023.0.1' }]];
      return [[{ name: 'redis', version: '6.2.7', release: '1.el9', epoch: '1' }]];
    default:
      return [[]];
  }
}

const UBUNTU_SUFFIX: Partial<Record<PlatformKey, string>> = { ubuntu2404: 'build1', debian12: '' };

/** rpm look-alikes that travel with Java (§6): no JVM in any of them. */
function rpmLookAlikes(key: PlatformKey, random: RandomSource, distroJdk: boolean): LinuxPackage[] {
  const out: LinuxPackage[] = [];
  if (key === 'al2023' || key === 'rhel9') out.push({ name: 'javapackages-filesystem', version: '6.0.0', release: key === 'al2023' ? '7.amzn2023.0.5' : '7.el9', arch: 'noarch' });
  if (key !== 'sles15' && random() < 0.7) out.push({ name: 'tzdata-java', version: '2024a', release: key === 'al2023' ? '1.amzn2023.0.1' : key === 'rhel8' ? '1.el8' : '1.el9', arch: 'noarch' });
  if (distroJdk && (key === 'rhel8' || key === 'rhel9')) out.push({ name: 'copy-jdk-configs', version: '4.0', release: key === 'rhel8' ? '2.el8' : '3.el9', arch: 'noarch' });
  if (key === 'al2023' && random() < 0.3) out.push({ name: 'log4j-cve-2021-44228-hotpatch', version: '1.3', release: '12.amzn2023', arch: 'noarch' });
  return out;
}

function linuxSoftware(profile: InventoryProfile): NodeSoftware {
  const distro = LINUX_DISTROS[profile.platform];
  if (!distro) throw new RangeError(`no Linux distribution ${profile.platform}`);
  const random = profileStream(profile, SALT_SOFTWARE);
  const image = intBetween(random, 0, distro.images.length - 1);
  const imageMs = imageBuildMs(distro, image);
  const from = Math.min(imageMs + DAY, profile.captureMs - 3_600_000);
  const extras: InventoryRow[] = [];
  const add = (pkg: LinuxPackage): void => {
    extras.push(linuxRow(distro, pkg, profile.arch, installTime(random, from, profile.captureMs)));
  };

  const agent = agentPackage(distro, profile);
  if ('Name' in agent) extras.push(agent as InventoryRow);
  else add(agent as LinuxPackage);
  if (distro.key === 'ubuntu2204' || distro.key === 'ubuntu2404') {
    extras.push({ Name: distro.key === 'ubuntu2204' ? 'core22' : 'core24', Publisher: 'canonical**', Version: distro.key === 'ubuntu2204' ? '20240111' : '20240423', ApplicationType: 'admin', Architecture: '' });
    add({ name: 'snapd', version: distro.key === 'ubuntu2204' ? '2.61.3+22.04' : '2.62+24.04', group: 'devel' });
  }
  if (random() < 0.55) {
    add(cloudWatchPackage(distro));
    // Installed through AWS-ConfigureAWSPackage: the Distributor row comes on top (§2.11).
    if (random() < 0.5) extras.push({ Name: 'AmazonCloudWatchAgent', Publisher: '', Version: '1.300032.3b392', InstalledTime: extrasTime(random, from, profile), Architecture: 'x86_64' });
  }
  if (random() < 0.45) add(falconPackage(distro));
  const choices = roleChoices(profile.platform, profile.role);
  const choice = choices[Math.floor(random() * choices.length)] ?? [];
  for (const pkg of choice) add(pkg);

  const java = pickJava(random, profile, from);
  for (const install of java) extras.push(...install.rows);
  if (java.length > 0) {
    if (distro.format === 'rpm') {
      const distroJdk = java.some((j) => j.vendor === distro.publisher);
      for (const pkg of rpmLookAlikes(profile.platform, random, distroJdk)) add(pkg);
    } else {
      add({ name: 'java-common', version: profile.platform === 'debian12' ? '0.74' : '0.72build2', arch: 'all', group: 'java' });
      add({ name: 'ca-certificates-java', version: profile.platform === 'debian12' ? '20230710~deb12u1' : '20190909ubuntu1.2', arch: 'all', group: 'java' });
    }
  }
  // A JDK removed with `apt remove` but never purged stays listed (dpkg `rc` state, §2.1).
  if (distro.format === 'deb' && java.length > 0 && random() < 0.15) {
    extras.push(...staleDebianJdk(profile.platform, { arch: profile.arch, installedMs: from, level: 0 }).rows);
  }
  const log4jJars = log4jFor(random, java, profile.role, false);
  return { rows: [...linuxBaseRows(distro, profile.arch, image), ...extras], java, log4jJars };
}

function extrasTime(random: RandomSource, from: number, profile: InventoryProfile): string {
  return new Date(Math.floor(installTime(random, from, profile.captureMs) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function windowsSoftware(profile: InventoryProfile): NodeSoftware {
  const random = profileStream(profile, SALT_SOFTWARE);
  const image = intBetween(random, 0, windowsImageCount(profile.platform) - 1);
  const imageMs = windowsImageMs(profile.platform, image);
  const from = Math.min(imageMs + DAY, profile.captureMs - 3_600_000);
  const extras: InventoryRow[] = [];
  const at = (): number => installTime(random, from, profile.captureMs);
  // The agent is a WiX bundle: 32-bit registry view, lower-case bundle GUID that changes per version.
  extras.push(
    windowsRow(
      { name: 'Amazon SSM Agent', publisher: 'Amazon Web Services', version: profile.node.info.AgentVersion, arch: 'i386', packageId: guidFor(`ssm-agent-${profile.node.info.AgentVersion}`, true) },
      imageMs,
    ),
  );
  if (random() < 0.6) extras.push(windowsRow({ name: 'AmazonCloudWatchAgent', publisher: '', version: '1.300032.3b392', arch: 'x86_64' }, at()));
  for (const [product, share] of WINDOWS_ANY_ROLE) if (random() < share) extras.push(windowsRow(product, at()));
  for (const [products, share] of WINDOWS_ROLE_PRODUCTS[profile.role] ?? []) {
    if (random() >= share) continue;
    const when = at();
    for (const product of products) extras.push(windowsRow(product, when));
  }
  const java = pickJava(random, profile, from);
  for (const install of java) extras.push(...install.rows);
  // Orphaned updater: the JRE was removed, Oracle's scheduler stayed (§6).
  if (java.length === 0 && random() < 0.04) {
    extras.push(windowsRow({ name: 'Java Auto Updater', publisher: 'Oracle Corporation', version: '2.8.381.9', arch: 'i386', packageId: '{4A03706F-666A-4037-7777-5F2748764D10}' }, from));
  }
  const odd = random();
  if (odd < 0.03) {
    const product = WINDOWS_ODDITIES[Math.floor((odd / 0.03) * WINDOWS_ODDITIES.length)];
    if (product) extras.push(windowsRow(product, random() < 0.5 ? at() : undefined));
  }
  const log4jJars = log4jFor(random, java, profile.role, true);
  return { rows: [...windowsBaseRows(profile.platform, image, profile.hybrid), ...extras], java, log4jJars };
}
