import { describe, expect, it } from 'vitest';
import { javaMajorFromVersion, normaliseArchitecture, normaliseJava, normaliseSoftware } from '../../../../main/inventory/software-normaliser';
import type { ApplicationRowInput } from '../../../../main/inventory/software-normaliser';
import { generateFleet } from '../../../../main/simulator/fleet-generator';
import { nodeSoftware } from '../../../../main/simulator/inventory/application-inventory';
import { inventoryProfile } from '../../../../main/simulator/inventory/inventory-profile';

type Expect = readonly [major: string, vendor: string, kind: 'JDK' | 'JRE'];
type Case = readonly [platform: 'Linux' | 'Windows', row: ApplicationRowInput, expected: Expect];

const AL = 'Amazon Linux';
const RH = 'Red Hat, Inc.';
const UBUNTU = 'Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>';
const linux = (Name: string, Publisher: string, Version: string, Architecture = 'x86_64'): ApplicationRowInput => ({ Name, Publisher, Version, Architecture });
// Generated rows are plain attribute maps; Name is always present on AWS:Application rows.
const asRow = (row: Readonly<Record<string, string>>): ApplicationRowInput => ({ ...row, Name: row.Name ?? '' });
const windows = (Name: string, Publisher: string, Version: string, Architecture = 'x86_64'): ApplicationRowInput => ({ Name, Publisher, Version, Architecture });

// Every Java row of software-catalog.md §3 (and the §4 examples), with the family it must land in.
const JAVA_CASES: ReadonlyArray<Case> = [
  // §3.1 Amazon Linux 2
  ['Linux', linux('java-1.8.0-openjdk-headless', AL, '1.8.0.402.b06'), ['8', 'Amazon Linux', 'JRE']],
  ['Linux', linux('java-1.8.0-openjdk', AL, '1.8.0.402.b06'), ['8', 'Amazon Linux', 'JRE']],
  ['Linux', linux('java-1.8.0-amazon-corretto', AL, '1.8.0_402.b08'), ['8', 'Amazon Corretto', 'JRE']],
  ['Linux', linux('java-11-amazon-corretto-headless', AL, '11.0.22+7'), ['11', 'Amazon Corretto', 'JRE']],
  ['Linux', linux('java-17-amazon-corretto-headless', AL, '17.0.10+7'), ['17', 'Amazon Corretto', 'JRE']],
  ['Linux', linux('jre1.8', 'Oracle Corporation', '1.8.0_401'), ['8', 'Oracle', 'JRE']],
  // §3.2 Amazon Linux 2023
  ['Linux', linux('java-17-amazon-corretto', AL, '17.0.10+7'), ['17', 'Amazon Corretto', 'JRE']],
  ['Linux', linux('java-17-amazon-corretto-devel', AL, '17.0.10+7'), ['17', 'Amazon Corretto', 'JDK']],
  ['Linux', linux('java-21-amazon-corretto-headless', AL, '21.0.2+13', 'aarch64'), ['21', 'Amazon Corretto', 'JRE']],
  // §3.3 RHEL 8 / 9
  ['Linux', linux('java-1.8.0-openjdk-headless', RH, '1.8.0.402.b06'), ['8', 'Red Hat', 'JRE']],
  ['Linux', linux('java-11-openjdk-headless', RH, '11.0.25.0.9'), ['11', 'Red Hat', 'JRE']],
  ['Linux', linux('java-17-openjdk-headless', RH, '17.0.10.0.7'), ['17', 'Red Hat', 'JRE']],
  ['Linux', linux('java-17-openjdk-devel', RH, '17.0.10.0.7'), ['17', 'Red Hat', 'JDK']],
  ['Linux', linux('java-21-openjdk-headless', RH, '21.0.2.0.13'), ['21', 'Red Hat', 'JRE']],
  ['Linux', linux('temurin-17-jdk', 'Eclipse Adoptium', '17.0.10.0.0.7'), ['17', 'Eclipse Temurin', 'JDK']],
  ['Linux', linux('msopenjdk-21', 'Microsoft', '21.0.2'), ['21', 'Microsoft', 'JDK']],
  ['Linux', linux('jdk-17', 'Oracle Corporation', '17.0.10'), ['17', 'Oracle', 'JDK']],
  ['Linux', linux('java-17-amazon-corretto-devel', 'Amazon', '17.0.10.7'), ['17', 'Amazon Corretto', 'JDK']],
  // SUSE spells 1.8.0 with underscores.
  ['Linux', linux('java-1_8_0-openjdk-headless', 'SUSE LLC <https://www.suse.com/>', '1.8.0.402'), ['8', 'SUSE', 'JRE']],
  // §3.4 Ubuntu / Debian
  ['Linux', linux('openjdk-8-jre-headless', UBUNTU, '8u402-ga-2ubuntu1~22.04'), ['8', 'Ubuntu', 'JRE']],
  ['Linux', linux('openjdk-11-jre-headless', UBUNTU, '11.0.22+7-0ubuntu2~20.04.1'), ['11', 'Ubuntu', 'JRE']],
  ['Linux', linux('openjdk-17-jre-headless', UBUNTU, '17.0.10+7-1~22.04.1'), ['17', 'Ubuntu', 'JRE']],
  ['Linux', linux('openjdk-17-jdk-headless', UBUNTU, '17.0.10+7-1~22.04.1'), ['17', 'Ubuntu', 'JDK']],
  ['Linux', linux('openjdk-21-jre-headless', UBUNTU, '21.0.6+7-1~24.04.1', 'arm64'), ['21', 'Ubuntu', 'JRE']],
  ['Linux', linux('openjdk-17-jre-headless', 'OpenJDK Team <openjdk-17@packages.debian.org>', '17.0.10+7-1~deb12u1'), ['17', 'Debian', 'JRE']],
  ['Linux', linux('temurin-17-jdk', 'Eclipse Adoptium Package Maintainers <temurin-dev@eclipse.org>', '17.0.10.0.0+7'), ['17', 'Eclipse Temurin', 'JDK']],
  ['Linux', linux('java-17-amazon-corretto-jdk', 'Amazon Corretto Team <corretto-team@amazon.com>', '1:17.0.10.7-1'), ['17', 'Amazon Corretto', 'JDK']],
  ['Linux', linux('java-1.8.0-amazon-corretto-jdk', 'Amazon Corretto Team <corretto-team@amazon.com>', '1:8.402.08-1'), ['8', 'Amazon Corretto', 'JDK']],
  ['Linux', linux('msopenjdk-17', 'Microsoft Package Maintainers <openjdk@microsoft.com>', '17.0.10-1'), ['17', 'Microsoft', 'JDK']],
  // §3.5 Windows Programs and Features
  ['Windows', windows('Java 8 Update 401 (64-bit)', 'Oracle Corporation', '8.0.4010.10'), ['8', 'Oracle', 'JRE']],
  ['Windows', windows('Java 8 Update 401', 'Oracle Corporation', '8.0.4010.10', 'i386'), ['8', 'Oracle', 'JRE']],
  ['Windows', windows('Java SE Development Kit 8 Update 401 (64-bit)', 'Oracle Corporation', '8.0.4010.10'), ['8', 'Oracle', 'JDK']],
  ['Windows', windows('Java(TM) SE Development Kit 17.0.10 (64-bit)', 'Oracle Corporation', '17.0.10.0'), ['17', 'Oracle', 'JDK']],
  ['Windows', windows('Java(TM) SE Development Kit 21.0.2 (64-bit)', 'Oracle Corporation', '21.0.2.0'), ['21', 'Oracle', 'JDK']],
  ['Windows', windows('Amazon Corretto (x64)', 'Amazon', '17.0.11.9'), ['17', 'Amazon Corretto', 'JDK']],
  ['Windows', windows('Amazon Corretto (x64)', 'Amazon', '21.0.2.13'), ['21', 'Amazon Corretto', 'JDK']],
  ['Windows', windows('Amazon Corretto (x64)', 'Amazon', '11.0.22.7'), ['11', 'Amazon Corretto', 'JDK']],
  ['Windows', windows('Amazon Corretto 8 (x64)', 'Amazon', '1.8.0.402'), ['8', 'Amazon Corretto', 'JDK']],
  ['Windows', windows('Eclipse Temurin JDK with Hotspot 17.0.9+9 (x64)', 'Eclipse Adoptium', '17.0.9.9'), ['17', 'Eclipse Temurin', 'JDK']],
  ['Windows', windows('Eclipse Temurin JRE with Hotspot 8u392-b08 (x64)', 'Eclipse Adoptium', '8.0.392.8'), ['8', 'Eclipse Temurin', 'JRE']],
  ['Windows', windows('Microsoft Build of OpenJDK with Hotspot 21.0.2+13 (x64)', 'Microsoft', '21.0.2.13'), ['21', 'Microsoft', 'JDK']],
  ['Windows', windows('Microsoft Build of OpenJDK with Hotspot 11.0.22+7 (x64)', 'Microsoft', '11.0.22.7'), ['11', 'Microsoft', 'JDK']],
  // The Zulu build (17.46.19) is not the Java version; the parenthesised one is.
  ['Windows', windows('Azul Zulu JDK 17.46.19 (17.0.9), 64-bit', 'Azul Systems, Inc.', '17.46.19'), ['17', 'Azul Zulu', 'JDK']],
  ['Windows', windows('Azul Zulu JDK 11.68.17 (11.0.21), 64-bit', 'Azul Systems, Inc.', '11.68.17'), ['11', 'Azul Zulu', 'JDK']],
];

// §6: names that look like Java but ship no JVM, plus Java applications that merely need one.
const LOOK_ALIKES: ReadonlyArray<readonly ['Linux' | 'Windows', ApplicationRowInput]> = [
  ['Linux', linux('java-common', UBUNTU, '0.72build2', 'all')],
  ['Linux', linux('javapackages-filesystem', AL, '6.0.0', 'noarch')],
  ['Linux', linux('javapackages-tools', RH, '6.0.0', 'noarch')],
  ['Linux', linux('ca-certificates-java', UBUNTU, '20190909ubuntu1.2', 'all')],
  ['Linux', linux('tzdata-java', AL, '2024a', 'noarch')],
  ['Linux', linux('copy-jdk-configs', RH, '4.0', 'noarch')],
  ['Windows', windows('Java Auto Updater', 'Oracle Corporation', '2.8.401.10', 'i386')],
  ['Linux', linux('log4j-cve-2021-44228-hotpatch', AL, '1.3', 'noarch')],
  ['Linux', linux('libhtsjdk-java', 'Debian Med Packaging Team <debian-med-packaging@lists.alioth.debian.org>', '3.0.5+dfsg-1', 'all')],
  ['Linux', linux('javascript-common', UBUNTU, '11+nmu1', 'all')],
  ['Linux', linux('liblog4j2-java', 'Debian Java Maintainers <pkg-java-maintainers@lists.alioth.debian.org>', '2.17.1-1~deb11u1', 'all')],
  ['Linux', linux('libtomcat9-java', UBUNTU, '9.0.58-1ubuntu0.1', 'all')],
  ['Linux', linux('tomcat9', UBUNTU, '9.0.58-1ubuntu0.1', 'all')],
  ['Linux', linux('tomcat', RH, '9.0.62', 'noarch')],
  ['Windows', windows('Jenkins 2.440.3', 'Jenkins project', '2.255.4403')],
  // Sources and docs of a JDK build carry no JVM either.
  ['Linux', linux('java-17-openjdk-src', RH, '17.0.10.0.7')],
  ['Linux', linux('java-17-openjdk-javadoc', RH, '17.0.10.0.7', 'noarch')],
  // A Windows name on Linux (or the reverse) is not a package that platform can have.
  ['Linux', linux('Java 8 Update 401 (64-bit)', 'Oracle Corporation', '8.0.4010.10')],
  ['Windows', windows('openjdk-17-jre-headless', UBUNTU, '17.0.10+7-1~22.04.1')],
  // Corretto 11+ on Windows needs its DisplayVersion; without one there is no major to report.
  ['Windows', windows('Amazon Corretto (x64)', 'Amazon', '')],
];

describe('normaliseJava', () => {
  it.each(JAVA_CASES)('%s %o → Java %o', (platform, row, [major, vendor, kind]) => {
    expect(normaliseJava(row, platform)).toEqual({
      family: 'Java',
      product: `Java ${major}`,
      majorVersion: major,
      vendor,
      runtimeKind: kind,
      architecture: normaliseArchitecture(row.Architecture),
    });
  });

  it.each(LOOK_ALIKES)('%s %o is not a Java runtime', (platform, row) => {
    expect(normaliseJava(row, platform)).toBeNull();
    expect(normaliseSoftware(row, platform)?.family).not.toBe('Java');
  });

  it('folds the collectors’ architecture spellings so 32-bit JREs can be told apart', () => {
    expect(normaliseJava(windows('Java 8 Update 401', 'Oracle Corporation', '8.0.4010.10', 'i386'), 'Windows')?.architecture).toBe('i386');
    expect(normaliseArchitecture('aarch64')).toBe(normaliseArchitecture('arm64'));
    expect(normaliseArchitecture('amd64')).toBe('x86_64');
    expect(normaliseArchitecture('')).toBe('unknown');
    expect(normaliseArchitecture('(none)')).toBe('unknown');
  });
});

describe('javaMajorFromVersion', () => {
  it.each([
    ['1.8.0_392', '8'],
    ['1.8.0.402.b06', '8'],
    ['8u392', '8'],
    ['8u402-ga-2ubuntu1~22.04', '8'],
    ['1:11.0.21+9-1', '11'],
    ['1:8.402.08-1', '8'],
    ['17.0.10+7', '17'],
    ['21.0.2.0.13', '21'],
    ['21', '21'],
  ])('%s → %s', (version, major) => {
    expect(javaMajorFromVersion(version)).toBe(major);
  });

  it.each(['', 'abc', '2.8.401.10', '1.3', '2024a'])('%o has no Java major', (version) => {
    expect(javaMajorFromVersion(version)).toBeNull();
  });
});

describe('normaliseSoftware family table', () => {
  it.each([
    ['Linux', linux('httpd', AL, '2.4.58'), 'Web server', 'Apache HTTP Server 2.4', 'Server'],
    ['Linux', linux('apache2', UBUNTU, '2.4.52-1ubuntu4.8'), 'Web server', 'Apache HTTP Server 2.4', 'Server'],
    ['Linux', linux('nginx', UBUNTU, '1.18.0-6ubuntu14.4'), 'Web server', 'nginx 1.18', 'Server'],
    ['Linux', linux('tomcat9', UBUNTU, '9.0.58-1ubuntu0.1', 'all'), 'Application server', 'Apache Tomcat 9', 'Server'],
    ['Linux', linux('mysql-server-8.0', UBUNTU, '8.0.36-0ubuntu0.22.04.1'), 'Database', 'MySQL 8.0', 'Server'],
    ['Linux', linux('postgresql-16', UBUNTU, '16.2-1ubuntu4'), 'Database', 'PostgreSQL 16', 'Server'],
    ['Linux', linux('postgresql', RH, '13.11'), 'Database', 'PostgreSQL 13', 'Client'],
    ['Linux', linux('mariadb105', AL, '10.5.25'), 'Database', 'MariaDB 10.5', 'Client'],
    ['Linux', linux('mariadb-server', UBUNTU, '1:10.11.6-0+deb12u1'), 'Database', 'MariaDB 10.11', 'Server'],
    ['Windows', windows('SQL Server 2019 Database Engine Services', 'Microsoft Corporation', '15.0.2000.5'), 'Database', 'Microsoft SQL Server 2019', 'Server'],
    ['Windows', windows('MySQL Server 8.0', 'Oracle Corporation', '8.0.36'), 'Database', 'MySQL 8.0', 'Server'],
  ] as const)('%s %o → %s %s', (platform, row, family, product, kind) => {
    expect(normaliseSoftware(row, platform)).toMatchObject({ family, product, runtimeKind: kind });
  });

  it('leaves libraries, agents and SQL Server’s versionless top-level entry out of the charts', () => {
    expect(normaliseSoftware(linux('libtomcat9-java', UBUNTU, '9.0.58-1ubuntu0.1', 'all'), 'Linux')).toBeNull();
    expect(normaliseSoftware(linux('amazon-ssm-agent', 'aws**', '3.3.380.0', ''), 'Linux')).toBeNull();
    expect(normaliseSoftware(windows('Microsoft SQL Server 2019 (64-bit)', '', ''), 'Windows')).toBeNull();
  });
});

describe('the simulator’s fleet through the normaliser', () => {
  const fleet = generateFleet({ nodes: 2000, seed: 1, now: Date.UTC(2026, 0, 15, 12) });

  it('shows all four Java majors on both Linux and Windows, and agrees with what was installed on every node', () => {
    const seen = { Linux: new Set<string>(), Windows: new Set<string>() };
    let javaNodes = 0;
    for (const node of fleet) {
      const profile = inventoryProfile(node);
      if (!profile.hasInventory) continue;
      const software = nodeSoftware(profile);
      const platform = node.info.PlatformType;
      const normalised = new Set<string>();
      for (const row of software.rows) {
        const java = normaliseJava(asRow(row), platform);
        if (java) normalised.add(java.majorVersion);
      }
      // dpkg `rc` leftovers are listed as installed (§2.1); they are Java too, so count them.
      const installed = new Set(software.java.map((j) => String(j.major)));
      for (const major of installed) expect(normalised).toContain(major);
      for (const major of normalised) seen[platform].add(major);
      if (installed.size > 0) javaNodes++;
    }
    for (const platform of ['Linux', 'Windows'] as const) {
      for (const major of ['8', '11', '17', '21']) expect(seen[platform]).toContain(major);
    }
    expect(javaNodes).toBeGreaterThan(fleet.length * 0.3);
  });

  it('never counts a look-alike the simulator plants as Java', () => {
    const lookAlikes = new Set([
      'java-common',
      'javapackages-filesystem',
      'ca-certificates-java',
      'tzdata-java',
      'copy-jdk-configs',
      'Java Auto Updater',
      'log4j-cve-2021-44228-hotpatch',
      'libhtsjdk-java',
      'javascript-common',
      'liblog4j2-java',
      'libtomcat9-java',
      'libtomcat10-java',
      'tomcat9',
      'tomcat10',
      'tomcat',
      'Apache Tomcat 9.0 Tomcat9 (remove only)',
      'Jenkins 2.440.3',
    ]);
    let planted = 0;
    for (const node of fleet) {
      const profile = inventoryProfile(node);
      if (!profile.hasInventory) continue;
      for (const row of nodeSoftware(profile).rows) {
        if (!lookAlikes.has(row.Name ?? '')) continue;
        planted++;
        expect(normaliseJava(asRow(row), node.info.PlatformType)).toBeNull();
      }
    }
    expect(planted).toBeGreaterThan(100);
  });
});
