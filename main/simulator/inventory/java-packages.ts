import type { InventoryRow } from '../inventory-types';
import { guidFor, isoMidnight } from './inventory-profile';
import type { PlatformKey } from './inventory-profile';
import { LINUX_DISTROS, linuxRow } from './linux-packages';
import type { LinuxDistro, LinuxPackage } from './linux-packages';

/**
 * Every JDK/JRE flavour of software-catalog.md §3–§5, with each packager's own way of writing the
 * version (Red Hat `17.0.10.0.7`, Temurin rpm `17.0.10.0.0.7`, Corretto deb `1:17.0.10.7-1`,
 * Oracle `1.8.0_401`, Windows `8.0.4010.10`…). Patch levels are mixed across the fleet on
 * purpose: real fleets lag.
 */

/** One Java installation on a node: its inventory rows plus what AWS:File sees of it. */
export interface JavaInstall {
  readonly rows: InventoryRow[];
  readonly major: number;
  readonly vendor: string;
  /** Java home directory (where `bin/java` lives). */
  readonly home: string;
  /** `17.0.10` / `1.8.0_402`: the java binary's own version. */
  readonly runtimeVersion: string;
  /** Windows file metadata of java.exe. */
  readonly productName: string;
  readonly companyName: string;
  readonly fileVersion: string;
}

/** What a Java builder needs to know about the install. */
export interface JavaContext {
  readonly arch: 'x86_64' | 'aarch64';
  readonly installedMs: number;
  /** 0 (oldest) … 2 (newest) patch level. */
  readonly level: number;
}

type Build = { readonly v: string; readonly b: number };
const OPENJDK8: ReadonlyArray<{ u: number; b: number }> = [
  { u: 382, b: 5 },
  { u: 392, b: 8 },
  { u: 402, b: 6 },
];
const ORACLE8: ReadonlyArray<{ u: number; b: number }> = [
  { u: 381, b: 9 },
  { u: 391, b: 13 },
  { u: 401, b: 10 },
];
const MODERN: Readonly<Record<number, ReadonlyArray<Build>>> = {
  11: [
    { v: '11.0.20', b: 8 },
    { v: '11.0.21', b: 9 },
    { v: '11.0.22', b: 7 },
  ],
  17: [
    { v: '17.0.8', b: 7 },
    { v: '17.0.9', b: 9 },
    { v: '17.0.10', b: 7 },
  ],
  21: [
    { v: '21.0.1', b: 12 },
    { v: '21.0.2', b: 13 },
    { v: '21.0.3', b: 9 },
  ],
};

function at<T>(list: ReadonlyArray<T>, level: number): T {
  const item = list[Math.min(level, list.length - 1)];
  if (item === undefined) throw new RangeError('empty version table');
  return item;
}

function modern(major: number, level: number): Build {
  return at(MODERN[major] ?? [], level);
}

function distro(key: PlatformKey): LinuxDistro {
  const d = LINUX_DISTROS[key];
  if (!d) throw new RangeError(`no Linux distribution ${key}`);
  return d;
}

function linuxInstall(
  d: LinuxDistro,
  ctx: JavaContext,
  packages: ReadonlyArray<LinuxPackage>,
  meta: { major: number; vendor: string; home: string; runtimeVersion: string },
): JavaInstall {
  return {
    rows: packages.map((p, i) => linuxRow(d, p, ctx.arch, ctx.installedMs + i * 1000)),
    ...meta,
    productName: `OpenJDK Platform ${meta.major}`,
    companyName: meta.vendor,
    fileVersion: meta.runtimeVersion,
  };
}

const jvmArch = (ctx: JavaContext): string => (ctx.arch === 'aarch64' ? 'aarch64' : 'x86_64');
const debArch = (ctx: JavaContext): string => (ctx.arch === 'aarch64' ? 'arm64' : 'amd64');

/** Red Hat / SUSE / Amazon Linux distribution OpenJDK: base, -headless and -devel from one SRPM. */
function distroOpenJdk(key: PlatformKey, major: number, withDevel: boolean) {
  return (ctx: JavaContext): JavaInstall => {
    const d = distro(key);
    const suse = key === 'sles15';
    const token = major === 8 ? (suse ? '1_8_0' : '1.8.0') : String(major);
    const el = key === 'rhel8' ? 'el8' : 'el9';
    let version: string;
    let release: string;
    let runtime: string;
    if (major === 8) {
      const j = at(OPENJDK8, ctx.level);
      version = suse ? `1.8.0.${j.u}` : `1.8.0.${j.u}.b0${j.b}`;
      runtime = `1.8.0_${j.u}`;
    } else {
      const j = modern(major, ctx.level);
      version = suse ? `${j.v}.0` : `${j.v}.0.${j.b}`;
      runtime = j.v;
    }
    if (suse) release = `150000.3.${90 + ctx.level * 7}.1`;
    else release = `${1 + ctx.level}.${el}`;
    const name = `java-${token}-openjdk`;
    const common = {
      version,
      release,
      epoch: suse ? undefined : '1',
      group: suse ? 'Development/Languages/Java' : key === 'rhel8' ? 'Development/Languages' : 'Unspecified',
      source: name,
      url: 'http://openjdk.java.net/',
    } as const;
    const packages: LinuxPackage[] = [{ ...common, name: `${name}-headless`, summary: `OpenJDK ${major} Headless Runtime Environment` }];
    if (!suse) packages.push({ ...common, name, summary: `OpenJDK ${major} Runtime Environment` });
    if (withDevel) packages.push({ ...common, name: `${name}-devel`, summary: `OpenJDK ${major} Development Environment` });
    const home = suse ? `/usr/lib64/jvm/java-${major === 8 ? '1.8.0' : major}-openjdk` : `/usr/lib/jvm/java-${major === 8 ? '1.8.0' : major}-openjdk`;
    return linuxInstall(d, ctx, packages, { major, vendor: d.publisher, home, runtimeVersion: runtime });
  };
}

/** Amazon Corretto from the Amazon Linux 2023 repository (`17.0.10+7`, release `1.amzn2023.1`). */
function correttoAl2023(major: number, parts: 'headless' | 'full' | 'devel') {
  return (ctx: JavaContext): JavaInstall => {
    const d = distro('al2023');
    const common = { publisher: 'Amazon Linux', epoch: '1', group: 'Unspecified', url: 'https://github.com/corretto' } as const;
    let packages: LinuxPackage[];
    let runtime: string;
    if (major === 8) {
      const j = at(OPENJDK8, ctx.level);
      runtime = `1.8.0_${j.u}`;
      const base = { ...common, version: `1.8.0_${j.u}.b0${j.b}`, release: '1.amzn2023', source: 'java-1.8.0-amazon-corretto' };
      packages = [{ ...base, name: 'java-1.8.0-amazon-corretto', summary: 'Amazon Corretto runtime environment' }];
      if (parts !== 'headless') packages.push({ ...base, name: 'java-1.8.0-amazon-corretto-devel', summary: 'Amazon Corretto development environment' });
    } else {
      const j = modern(major, ctx.level);
      runtime = j.v;
      const base = { ...common, version: `${j.v}+${j.b}`, release: '1.amzn2023.1', source: `java-${major}-amazon-corretto` };
      packages = [{ ...base, name: `java-${major}-amazon-corretto-headless`, summary: `Amazon Corretto headless development environment` }];
      if (parts !== 'headless') packages.push({ ...base, name: `java-${major}-amazon-corretto`, summary: 'Amazon Corretto runtime environment' });
      if (parts === 'devel') packages.push({ ...base, name: `java-${major}-amazon-corretto-devel`, summary: 'Amazon Corretto development environment' });
    }
    const home = `/usr/lib/jvm/java-${major === 8 ? '1.8.0' : major}-amazon-corretto.${jvmArch(ctx)}`;
    return linuxInstall(d, ctx, packages, { major, vendor: 'Amazon', home, runtimeVersion: runtime });
  };
}

/** Eclipse Temurin from the Adoptium rpm or deb repository. */
function temurinLinux(key: PlatformKey, major: number) {
  return (ctx: JavaContext): JavaInstall => {
    const d = distro(key);
    const j = modern(major, ctx.level);
    const pkg: LinuxPackage =
      d.format === 'rpm'
        ? { name: `temurin-${major}-jdk`, version: `${j.v}.0.0.${j.b}`, release: '1', publisher: 'Eclipse Adoptium', group: 'java', url: 'https://adoptium.net/' }
        : {
            name: `temurin-${major}-jdk`,
            version: `${j.v}.0.0+${j.b}`,
            publisher: 'Eclipse Adoptium Package Maintainers <temurin-dev@eclipse.org>',
            group: 'java',
            url: 'https://adoptium.net/',
            summary: `Eclipse Temurin ${major} JDK`,
          };
    const home = d.format === 'rpm' ? `/usr/lib/jvm/temurin-${major}-jdk` : `/usr/lib/jvm/temurin-${major}-jdk-${debArch(ctx)}`;
    return linuxInstall(d, ctx, [pkg], { major, vendor: 'Eclipse Adoptium', home, runtimeVersion: j.v });
  };
}

/** Microsoft Build of OpenJDK (rpm `21.0.2`-`1`, deb `17.0.10-1`). */
function microsoftLinux(key: PlatformKey, major: number) {
  return (ctx: JavaContext): JavaInstall => {
    const d = distro(key);
    const j = modern(major, ctx.level);
    const pkg: LinuxPackage =
      d.format === 'rpm'
        ? { name: `msopenjdk-${major}`, version: j.v, release: '1', publisher: 'Microsoft', group: 'java' }
        : { name: `msopenjdk-${major}`, version: `${j.v}-1`, publisher: 'Microsoft Package Maintainers <openjdk@microsoft.com>', group: 'java' };
    return linuxInstall(d, ctx, [pkg], { major, vendor: 'Microsoft', home: `/usr/lib/jvm/msopenjdk-${major}-${debArch(ctx)}`, runtimeVersion: j.v });
  };
}

/** Oracle's own RPMs: `jre1.8` (Version `1.8.0_401`, Release `fcs`) and `jdk-17`/`jdk-21`, Epoch 2000. */
function oracleRpm(key: PlatformKey, major: number) {
  return (ctx: JavaContext): JavaInstall => {
    const d = distro(key);
    if (major === 8) {
      const j = at(ORACLE8, ctx.level);
      const pkg: LinuxPackage = { name: 'jre1.8', version: `1.8.0_${j.u}`, release: 'fcs', epoch: '2000', publisher: 'Oracle Corporation', group: 'Development/Tools', url: 'https://www.oracle.com/java/', summary: 'Java Platform Standard Edition Runtime Environment' };
      return linuxInstall(d, ctx, [pkg], { major, vendor: 'Oracle Corporation', home: '/usr/java/jre1.8.0-x64', runtimeVersion: `1.8.0_${j.u}` });
    }
    const j = modern(major, ctx.level);
    const pkg: LinuxPackage = { name: `jdk-${major}`, version: j.v, release: String(j.b), epoch: '2000', publisher: 'Oracle Corporation', group: 'Development/Tools', url: 'https://www.oracle.com/java/', summary: `Java Platform Standard Edition Development Kit` };
    return linuxInstall(d, ctx, [pkg], { major, vendor: 'Oracle Corporation', home: `/usr/lib/jvm/jdk-${major}-oracle-x64`, runtimeVersion: j.v });
  };
}

/** Ubuntu's and Debian's own OpenJDK debs (`8u402-ga-2ubuntu1~22.04`, `17.0.10+7-1~22.04.1`). */
function debianOpenJdk(key: PlatformKey, major: number, jdk: boolean) {
  return (ctx: JavaContext): JavaInstall => {
    const d = distro(key);
    const debian = key === 'debian12';
    const publisher = debian ? `OpenJDK Team <openjdk-${major}@packages.debian.org>` : d.publisher;
    let version: string;
    let runtime: string;
    if (major === 8) {
      const j = at(OPENJDK8, ctx.level);
      version = `8u${j.u}-ga-${1 + ctx.level}ubuntu1${key === 'ubuntu2404' ? '~24.04' : '~22.04'}`;
      runtime = `1.8.0_${j.u}`;
    } else {
      const j = modern(major, ctx.level);
      const revision = major === 11 ? '0ubuntu2' : '1';
      version = `${j.v}+${j.b}-${revision}${d.backport}`;
      runtime = j.v;
    }
    const common = { version, publisher, group: 'java', url: 'https://openjdk.java.net/' } as const;
    const packages: LinuxPackage[] = [{ ...common, name: `openjdk-${major}-jre-headless`, summary: 'OpenJDK Java runtime, using Hotspot JIT (headless)' }];
    if (jdk) packages.push({ ...common, name: `openjdk-${major}-jdk-headless`, summary: 'OpenJDK Development Kit (JDK) (headless)' });
    return linuxInstall(d, ctx, packages, { major, vendor: publisher, home: `/usr/lib/jvm/java-${major === 8 ? 8 : major}-openjdk-${debArch(ctx)}`, runtimeVersion: runtime });
  };
}

/** Amazon Corretto's apt repository: one `-jdk` deb with the epoch inside Version. */
function correttoDeb(key: PlatformKey, major: number) {
  return (ctx: JavaContext): JavaInstall => {
    const d = distro(key);
    let version: string;
    let runtime: string;
    if (major === 8) {
      const j = at(OPENJDK8, ctx.level);
      version = `1:8.${j.u}.0${j.b}-1`;
      runtime = `1.8.0_${j.u}`;
    } else {
      const j = modern(major, ctx.level);
      version = `1:${j.v}.${j.b}-1`;
      runtime = j.v;
    }
    const name = major === 8 ? 'java-1.8.0-amazon-corretto-jdk' : `java-${major}-amazon-corretto-jdk`;
    const pkg: LinuxPackage = { name, version, publisher: 'Amazon Corretto Team <corretto-team@amazon.com>', group: 'java', url: 'https://github.com/corretto', summary: 'Amazon Corretto JDK' };
    return linuxInstall(d, ctx, [pkg], { major, vendor: 'Amazon', home: `/usr/lib/jvm/${name.replace(/-jdk$/, '')}`, runtimeVersion: runtime });
  };
}

function winRow(name: string, publisher: string, version: string, arch: 'x86_64' | 'i386', packageId: string | undefined, installedMs: number): InventoryRow {
  const row: Record<string, string> = { Name: name, Publisher: publisher, Version: version, InstalledTime: isoMidnight(installedMs), Architecture: arch };
  if (packageId !== undefined) row.PackageId = packageId;
  return row;
}

function windowsInstall(rows: InventoryRow[], meta: Omit<JavaInstall, 'rows'>): JavaInstall {
  return { rows, ...meta };
}

/** Oracle JRE 8 (64-bit, optionally also 32-bit) with its Auto Updater (software-catalog.md §5.1). */
function oracleJre8(bitness: '64' | 'both') {
  return (ctx: JavaContext): JavaInstall => {
    const j = at(ORACLE8, ctx.level);
    const version = `8.0.${j.u}0.${j.b}`;
    const rows = [winRow(`Java 8 Update ${j.u} (64-bit)`, 'Oracle Corporation', version, 'x86_64', `{26A24AE4-039D-4CA4-87B4-2F64180${j.u}F0}`, ctx.installedMs)];
    if (bitness === 'both') rows.push(winRow(`Java 8 Update ${j.u}`, 'Oracle Corporation', version, 'i386', `{26A24AE4-039D-4CA4-87B4-2F32180${j.u}F0}`, ctx.installedMs));
    rows.push(winRow('Java Auto Updater', 'Oracle Corporation', `2.8.${j.u}.${j.b}`, 'i386', '{4A03706F-666A-4037-7777-5F2748764D10}', ctx.installedMs));
    return windowsInstall(rows, {
      major: 8,
      vendor: 'Oracle Corporation',
      home: 'C:\\Program Files\\Java\\jre-1.8',
      runtimeVersion: `1.8.0_${j.u}`,
      productName: 'Java(TM) Platform SE 8',
      companyName: 'Oracle Corporation',
      fileVersion: version,
    });
  };
}

/** Oracle JDK: 8 as "Java SE Development Kit 8 Update N (64-bit)", 11+ as "Java(TM) SE Development Kit 17.0.10 (64-bit)". */
function oracleJdkWindows(major: number) {
  return (ctx: JavaContext): JavaInstall => {
    if (major === 8) {
      const j = at(ORACLE8, ctx.level);
      const version = `8.0.${j.u}0.${j.b}`;
      const rows = [winRow(`Java SE Development Kit 8 Update ${j.u} (64-bit)`, 'Oracle Corporation', version, 'x86_64', `{64A3A4F4-B792-11D6-A78A-00B0D0180${j.u}}`, ctx.installedMs)];
      return windowsInstall(rows, { major, vendor: 'Oracle Corporation', home: `C:\\Program Files\\Java\\jdk-1.8`, runtimeVersion: `1.8.0_${j.u}`, productName: 'Java(TM) Platform SE 8', companyName: 'Oracle Corporation', fileVersion: version });
    }
    const j = modern(major, ctx.level);
    const rows = [winRow(`Java(TM) SE Development Kit ${j.v} (64-bit)`, 'Oracle Corporation', `${j.v}.0`, 'x86_64', guidFor(`oracle-jdk-${j.v}`), ctx.installedMs)];
    return windowsInstall(rows, { major, vendor: 'Oracle Corporation', home: `C:\\Program Files\\Java\\jdk-${major}`, runtimeVersion: j.v, productName: `Java(TM) Platform SE ${major}`, companyName: 'Oracle Corporation', fileVersion: `${j.v}.0` });
  };
}

/** Corretto on Windows: 11+ all register as "Amazon Corretto (x64)"; only DisplayVersion tells them apart. */
function correttoWindows(major: number) {
  return (ctx: JavaContext): JavaInstall => {
    if (major === 8) {
      const j = at(OPENJDK8, ctx.level);
      const rows = [winRow('Amazon Corretto 8 (x64)', 'Amazon', `1.8.0.${j.u}`, 'x86_64', guidFor(`corretto-8-${j.u}`), ctx.installedMs)];
      return windowsInstall(rows, { major, vendor: 'Amazon', home: `C:\\Program Files\\Amazon Corretto\\jdk1.8.0_${j.u}`, runtimeVersion: `1.8.0_${j.u}`, productName: 'OpenJDK Platform binary', companyName: 'Amazon.com Inc.', fileVersion: `8.0.${j.u}.${j.b}` });
    }
    const j = modern(major, ctx.level);
    const rows = [winRow('Amazon Corretto (x64)', 'Amazon', `${j.v}.${j.b}`, 'x86_64', guidFor(`corretto-${j.v}`), ctx.installedMs)];
    return windowsInstall(rows, { major, vendor: 'Amazon', home: `C:\\Program Files\\Amazon Corretto\\jdk${j.v}_${j.b}`, runtimeVersion: j.v, productName: 'OpenJDK Platform binary', companyName: 'Amazon.com Inc.', fileVersion: `${j.v}.${j.b}` });
  };
}

/** Temurin: JRE 8 as `8u392-b08` in the name, JDK 11+ as `17.0.9+9`. */
function temurinWindows(major: number) {
  return (ctx: JavaContext): JavaInstall => {
    if (major === 8) {
      const j = at(OPENJDK8, ctx.level);
      const rows = [winRow(`Eclipse Temurin JRE with Hotspot 8u${j.u}-b0${j.b} (x64)`, 'Eclipse Adoptium', `8.0.${j.u}.${j.b}`, 'x86_64', guidFor(`temurin-jre-8-${j.u}`), ctx.installedMs)];
      return windowsInstall(rows, { major, vendor: 'Eclipse Adoptium', home: `C:\\Program Files\\Eclipse Adoptium\\jre-8.0.${j.u}.${j.b}-hotspot`, runtimeVersion: `1.8.0_${j.u}`, productName: 'OpenJDK Platform binary', companyName: 'Eclipse Adoptium', fileVersion: `8.0.${j.u}.${j.b}` });
    }
    const j = modern(major, ctx.level);
    const rows = [winRow(`Eclipse Temurin JDK with Hotspot ${j.v}+${j.b} (x64)`, 'Eclipse Adoptium', `${j.v}.${j.b}`, 'x86_64', guidFor(`temurin-${j.v}`), ctx.installedMs)];
    return windowsInstall(rows, { major, vendor: 'Eclipse Adoptium', home: `C:\\Program Files\\Eclipse Adoptium\\jdk-${j.v}.${j.b}-hotspot`, runtimeVersion: j.v, productName: 'OpenJDK Platform binary', companyName: 'Eclipse Adoptium', fileVersion: `${j.v}.${j.b}` });
  };
}

/** Microsoft Build of OpenJDK MSI. */
function microsoftWindows(major: number) {
  return (ctx: JavaContext): JavaInstall => {
    const j = modern(major, ctx.level);
    const rows = [winRow(`Microsoft Build of OpenJDK with Hotspot ${j.v}+${j.b} (x64)`, 'Microsoft', `${j.v}.${j.b}`, 'x86_64', guidFor(`msopenjdk-${j.v}`), ctx.installedMs)];
    return windowsInstall(rows, { major, vendor: 'Microsoft', home: `C:\\Program Files\\Microsoft\\jdk-${j.v}.${j.b}-hotspot`, runtimeVersion: j.v, productName: 'OpenJDK Platform binary', companyName: 'Microsoft', fileVersion: `${j.v}.${j.b}` });
  };
}

const ZULU: Readonly<Record<number, ReadonlyArray<readonly [string, string]>>> = {
  11: [
    ['11.66.15', '11.0.20'],
    ['11.68.17', '11.0.21'],
    ['11.70.15', '11.0.22'],
  ],
  17: [
    ['17.44.15', '17.0.8'],
    ['17.46.19', '17.0.9'],
    ['17.48.15', '17.0.10'],
  ],
  21: [
    ['21.28.85', '21.0.0'],
    ['21.30.15', '21.0.1'],
    ['21.32.17', '21.0.2'],
  ],
};

/** Azul Zulu: the name carries both numbers, DisplayVersion only the Zulu build (§5.6). */
function zuluWindows(major: number) {
  return (ctx: JavaContext): JavaInstall => {
    const [build, java] = at(ZULU[major] ?? [], ctx.level);
    const rows = [winRow(`Azul Zulu JDK ${build} (${java}), 64-bit`, 'Azul Systems, Inc.', build, 'x86_64', guidFor(`zulu-${build}`), ctx.installedMs)];
    return windowsInstall(rows, { major, vendor: 'Azul Systems, Inc.', home: `C:\\Program Files\\Zulu\\zulu-${major}`, runtimeVersion: java, productName: 'Zulu Platform x64 Architecture', companyName: 'Azul Systems Inc.', fileVersion: java });
  };
}

/** A weighted Java installation option of one platform. */
export type JavaOption = readonly [(ctx: JavaContext) => JavaInstall, number];

const UBUNTU_COMMON = (key: PlatformKey): JavaOption[] => [
  [debianOpenJdk(key, 8, false), 10],
  [debianOpenJdk(key, 11, false), 12],
  [debianOpenJdk(key, 17, false), 14],
  [debianOpenJdk(key, 17, true), 6],
  [debianOpenJdk(key, 21, false), 10],
  [temurinLinux(key, 17), 6],
  [temurinLinux(key, 21), 3],
  [correttoDeb(key, 17), 6],
  [correttoDeb(key, 8), 5],
  [correttoDeb(key, 11), 3],
  [microsoftLinux(key, 17), 3],
];

const WINDOWS_OPTIONS: JavaOption[] = [
  [oracleJre8('64'), 14],
  [oracleJre8('both'), 6],
  [oracleJdkWindows(8), 4],
  [oracleJdkWindows(17), 6],
  [oracleJdkWindows(21), 4],
  [correttoWindows(8), 6],
  [correttoWindows(11), 5],
  [correttoWindows(17), 8],
  [correttoWindows(21), 5],
  [temurinWindows(8), 5],
  [temurinWindows(11), 3],
  [temurinWindows(17), 6],
  [temurinWindows(21), 3],
  [microsoftWindows(11), 4],
  [microsoftWindows(17), 3],
  [microsoftWindows(21), 4],
  [zuluWindows(11), 2],
  [zuluWindows(17), 3],
  [zuluWindows(21), 2],
];

/** Java options per platform (software-catalog.md §7), weighted by how common each is there. */
export const JAVA_OPTIONS: Readonly<Record<PlatformKey, ReadonlyArray<JavaOption>>> = {
  al2023: [
    [correttoAl2023(8, 'devel'), 6],
    [correttoAl2023(11, 'headless'), 10],
    [correttoAl2023(17, 'devel'), 10],
    [correttoAl2023(17, 'headless'), 10],
    [correttoAl2023(21, 'headless'), 10],
    [correttoAl2023(21, 'full'), 4],
    [oracleRpm('al2023', 8), 3],
  ],
  rhel8: [
    [distroOpenJdk('rhel8', 8, false), 10],
    [distroOpenJdk('rhel8', 11, false), 12],
    [distroOpenJdk('rhel8', 17, true), 10],
    [distroOpenJdk('rhel8', 17, false), 6],
    [distroOpenJdk('rhel8', 21, false), 5],
    [oracleRpm('rhel8', 8), 4],
    [temurinLinux('rhel8', 11), 3],
  ],
  rhel9: [
    [distroOpenJdk('rhel9', 8, false), 8],
    [distroOpenJdk('rhel9', 11, false), 6],
    [distroOpenJdk('rhel9', 17, true), 8],
    [distroOpenJdk('rhel9', 21, false), 8],
    [temurinLinux('rhel9', 17), 6],
    [temurinLinux('rhel9', 21), 3],
    [microsoftLinux('rhel9', 21), 4],
    [oracleRpm('rhel9', 17), 5],
    [oracleRpm('rhel9', 21), 3],
    [oracleRpm('rhel9', 8), 3],
  ],
  sles15: [
    [distroOpenJdk('sles15', 8, false), 8],
    [distroOpenJdk('sles15', 11, false), 10],
    [distroOpenJdk('sles15', 17, true), 10],
    [distroOpenJdk('sles15', 21, false), 5],
  ],
  ubuntu2204: UBUNTU_COMMON('ubuntu2204'),
  ubuntu2404: UBUNTU_COMMON('ubuntu2404'),
  debian12: [
    [debianOpenJdk('debian12', 17, false), 20],
    [debianOpenJdk('debian12', 17, true), 6],
    [temurinLinux('debian12', 11), 5],
    [temurinLinux('debian12', 21), 5],
    [correttoDeb('debian12', 8), 5],
    [correttoDeb('debian12', 21), 4],
    [microsoftLinux('debian12', 11), 3],
  ],
  win2019: WINDOWS_OPTIONS,
  win2022: WINDOWS_OPTIONS,
};

/** An apt-removed but not purged JDK (dpkg `rc` state) that the agent still lists (§2.1). */
export function staleDebianJdk(key: PlatformKey, ctx: JavaContext): JavaInstall {
  return debianOpenJdk(key, key === 'debian12' ? 17 : 11, false)({ ...ctx, level: 0 });
}
